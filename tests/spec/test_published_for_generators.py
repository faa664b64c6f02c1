"""What the public overlay changes so that other teams' tools take the published spec, and what
the source keeps for our own contract runs. `make compat` runs the tools themselves."""

from typing import Any

import pytest

from spec_pipeline.derive import derive_spec
from tests.spec.conftest import REPO

SOURCE = REPO / "openapi.yaml"
PUBLIC_OVERLAY = REPO / "overlays" / "public.yaml"


@pytest.fixture(scope="module")
def published() -> dict[str, Any]:
    return derive_spec(SOURCE, [PUBLIC_OVERLAY])


def media(document: dict[str, Any], media_type: str) -> list[tuple[str, dict[str, Any]]]:
    """(where, media object) of every response content of that media type."""
    found = []
    responses = [
        (f"{method} {path} {status}", response)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        for status, response in operation["responses"].items()
    ]
    responses += [
        (f"responses {name}", r) for name, r in document["components"]["responses"].items()
    ]
    for where, response in responses:
        if media_type in response.get("content", {}):
            found.append((where, response["content"][media_type]))
    return found


def links(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        name: link
        for item in document["paths"].values()
        for operation in item.values()
        for response in operation["responses"].values()
        for name, link in response.get("links", {}).items()
    }


def test_published_xml_bodies_are_named_text(published):
    # An object schema with string examples fails linters and makes generators parse JSON; an
    # inline string gets the name of the first equal schema in swagger-typescript-api (FilterDate).
    refs = {where: m["schema"].get("$ref", "") for where, m in media(published, "text/xml")}
    assert len(refs) == 5
    names = {where: ref.removeprefix("#/components/schemas/") for where, ref in refs.items()}
    assert {where: name for where, name in names.items() if name == "InvoiceListXml"}.keys() == {
        "get /api/2.0/crm/invoice/filter.xml 200", "delete /api/2.0/crm/invoice.xml 200",
    }, refs  # fmt: skip
    assert set(names.values()) == {"InvoiceListXml", "ErrorXml"}, refs
    schemas = published["components"]["schemas"]
    assert all(schemas[name]["type"] == "string" for name in ("InvoiceListXml", "ErrorXml"))


def test_source_xml_bodies_keep_the_envelopes(spec):
    # Our contract runs read each XML answer back and validate it against these.
    refs = {m["schema"].get("$ref", "") for _, m in media(spec.document, "text/xml")}
    assert refs == {
        "#/components/schemas/InvoiceListEnvelope",
        "#/components/schemas/ErrorEnvelope",
    }


def test_published_links_give_expressions_openapi_generator_accepts(published, spec):
    # openapi-generator refuses a link whose requestBody is not a single runtime expression.
    assert "DeleteFirstListed" in links(spec.document)  # schemathesis follows it
    bodies = {
        name: link["requestBody"]
        for name, link in links(published).items()
        if "requestBody" in link
    }
    assert all(isinstance(body, str) for body in bodies.values()), bodies


def test_published_401_is_the_literal_text(published):
    # A plain `string` error includes the falsy "", which breaks `if (error)` in typed clients.
    texts = [m for _, m in media(published, "text/plain")]
    assert texts and all(m["schema"].get("const") == "Unauthorized" for m in texts)
