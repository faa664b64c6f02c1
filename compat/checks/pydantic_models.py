"""The pydantic v2 models datamodel-code-generator writes validate every example answer.

    python checks/pydantic_models.py SPEC_JSON MODELS_PY

The models are generated with extra fields forbidden, so a property an example has and the
schema does not name fails as well. Prints one line per problem.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from pydantic import ValidationError

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from examples import answers  # noqa: E402


def main(spec_json: Path, models_py: Path) -> int:
    spec = importlib.util.spec_from_file_location("compat_models", models_py)
    assert spec is not None and spec.loader is not None
    models = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = models  # pydantic resolves generic models through it
    spec.loader.exec_module(models)
    failed = checked = 0
    for answer in answers(spec_json):
        if not answer.schema:  # an inline schema (the plain-text 401) has no model
            continue
        model = getattr(models, answer.schema, None)
        if model is None:
            failed += 1
            print(f"{answer.label}: no model named {answer.schema}")
            continue
        try:
            model.model_validate(answer.value)
            checked += 1
        except ValidationError as exc:
            failed += 1
            print(f"{answer.label}: {exc.error_count()} errors, first: {exc.errors()[0]}")
    if not checked:
        print("no example was validated")
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
