"""openapi-core validates every example answer of the published spec, XML included.

    python checks/openapi_core_answers.py SPEC_YAML SPEC_JSON

Each example is sent through openapi-core's response validation as the body of a response to
a request for its operation, with its status and media type. openapi-core has no deserializer
for `text/xml` (only `application/xml`, into an Element), so it is given its own text reader,
the option a team needs too. Prints one line per problem.
"""

from __future__ import annotations

import sys
from pathlib import Path

from openapi_core import Config, OpenAPI
from openapi_core.deserializing.media_types.util import plain_loads
from openapi_core.testing import MockRequest, MockResponse

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from examples import answers  # noqa: E402

SERVER = "https://yourportal.onlyoffice.com"
# Required parameters of the request an answer replies to.
QUERY = {"deleteInvoicesXml": {"invoiceids": ["1234"]}}


def main(spec_yaml: Path, spec_json: Path) -> int:
    config = Config(extra_media_type_deserializers={"text/xml": plain_loads})
    api = OpenAPI.from_file_path(str(spec_yaml), config=config)
    failed = 0
    for answer in answers(spec_json):
        request = MockRequest(
            SERVER, answer.method, answer.path, args=QUERY.get(answer.operation_id, {})
        )
        response = MockResponse(
            answer.body, status_code=answer.status, content_type=answer.media_type
        )
        try:
            api.validate_response(request, response)
        except Exception as exc:  # openapi-core reports each kind of mismatch as its own class
            failed += 1
            causes = getattr(exc, "schema_errors", None) or [exc.__cause__ or exc]
            print(f"{answer.label}: {'; '.join(str(c)[:200] for c in causes)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
