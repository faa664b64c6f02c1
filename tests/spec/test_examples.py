"""Every example in the spec is valid against its schema: JSON, XML and parameter examples."""

import pytest

from spec_pipeline.spec_document import SpecDocument
from spec_pipeline.xml_result import XmlResultError, result_to_json
from tests.spec.conftest import REPO
from tests.spec.examples import collect, instance

SPEC = SpecDocument.from_path(REPO / "openapi.yaml")
EXAMPLES = list(collect(SPEC))


def test_every_operation_has_request_and_response_examples(spec):
    by_op: dict[str, set[str]] = {}
    for example in EXAMPLES:
        op = " ".join(example.where.split()[:2])
        by_op.setdefault(op, set()).add(example.where)
    for path, method, operation in spec.operations():
        found = by_op.get(f"{method.upper()} {path}", set())
        assert any(" 200 " in w for w in found), f"{operation['operationId']}: no 200 example"
        assert any(" 400 " in w for w in found), f"{operation['operationId']}: no 400 example"
        sends = any("request" in w or "parameter" in w for w in found)
        assert sends, f"{operation['operationId']}: no request example"


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.where for e in EXAMPLES])
def test_example_is_valid(spec, example):
    assert spec.errors(instance(spec, example), example.schema) == []


def test_xml_examples_cover_nulls_and_empty_lists(spec):
    xml = [e for e in EXAMPLES if e.media_type == "text/xml" and " 200 " in e.where]
    values = [instance(spec, e) for e in xml]
    invoices = [inv for v in values for inv in v["response"]]
    assert any(v["response"] == [] for v in values), "no XML example of an empty list"
    assert any(inv["contact"] is None for inv in invoices), "no XML example of a null contact"
    assert any("accessList" in (inv["contact"] or {}) for inv in invoices)


# The checks above only mean something if a wrong example fails them.
def test_a_wrong_json_example_is_reported(spec):
    example = next(e for e in EXAMPLES if e.where.endswith("(firstPage)"))
    broken = instance(spec, example)
    del broken["statusCode"]
    broken["response"][0]["issueDate"] = "2020-12-14T22:13:41.537823+03:00"  # six digits
    broken["response"][0]["IssueDate"] = "2020-12-14T22:13:41.5378233Z"
    errors = spec.errors(broken, example.schema)
    assert any("statusCode" in e for e in errors)
    assert any("issueDate" in e and "does not match" in e for e in errors)


def test_a_wrong_xml_example_is_reported(spec):
    example = next(e for e in EXAMPLES if e.where.endswith("(onePrivateContact)"))
    broken = example.value.replace("<isCompany>false</isCompany>", "<isCompany>False</isCompany>")
    errors = spec.errors(result_to_json(broken, example.schema, spec), example.schema)
    assert any("isCompany" in e for e in errors)
    with pytest.raises(XmlResultError):
        result_to_json("<envelope />", example.schema, spec)
