"""The compatibility runner (compat/run.py): the answers it feeds every tool, and a failing
tool showing in the table and the exit status. `make compat` runs the tools themselves."""

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from spec_pipeline.derive import derive_spec
from spec_pipeline.yamlio import dump_json
from tests.spec.conftest import REPO

COMPAT = REPO / "compat"


@pytest.fixture(scope="module")
def compat() -> Iterator[ModuleType]:
    sys.path.insert(0, str(COMPAT))  # the runner and its checks import their siblings
    try:
        yield importlib.import_module("run")
    finally:
        sys.path.remove(str(COMPAT))


@pytest.fixture(scope="module")
def published_json(tmp_path_factory) -> Path:
    spec = derive_spec(REPO / "openapi.yaml", [REPO / "overlays" / "public.yaml"])
    path = tmp_path_factory.mktemp("dist") / "openapi.json"
    path.write_text(dump_json(spec), encoding="utf-8")
    return path


def test_every_kind_of_answer_reaches_the_tools(compat, published_json):
    answers = compat.answers(published_json)
    labels = [a.label for a in answers]
    assert len(labels) == len(set(labels))
    assert {a.operation_id for a in answers} == {
        "getInvoices", "getInvoicesXml", "deleteInvoices", "deleteInvoicesXml",
    }  # fmt: skip
    assert {(a.status, a.media_type) for a in answers} >= {
        (200, "application/json"), (400, "application/json"), (401, "text/plain"),
        (200, "text/xml"), (403, "text/xml"),
    }  # fmt: skip
    # The status a newer portal adds, which the open enums must decode.
    ids = [
        i["status"]["id"]
        for a in answers
        if isinstance(a.value, dict)
        for i in a.value.get("response", [])
    ]
    assert 6 in ids


def test_a_failing_tool_is_named_in_the_table_and_the_exit_status(
    compat, tmp_path, monkeypatch, capsys
):
    def refuses(dist):
        raise compat.CheckFailed("openapi-generator validate exited 1:\nattribute is not a string")

    tool = compat.Tool("a generator", lambda: "1.2.3", "validates", refuses)
    monkeypatch.setattr(compat, "TOOLS", [tool])
    (tmp_path / "openapi.yaml").write_text("openapi: 3.1.0\n")
    (tmp_path / "openapi.json").write_text("{}")
    out = tmp_path / "COMPATIBILITY.md"
    assert compat.main(["--dist", str(tmp_path), "--out", str(out)]) == 1
    assert (
        "| a generator | 1.2.3 | validates | **fails**: openapi-generator validate exited 1 |"
        in out.read_text()
    )
    assert capsys.readouterr().err.splitlines()[-1] == "compat: failed: a generator"


def test_a_missing_dist_is_one_line_not_a_traceback(compat, tmp_path, capsys):
    assert compat.main(["--dist", str(tmp_path / "nowhere")]) == 2
    assert capsys.readouterr().err.strip().endswith("is missing: run `make publish`")


# How each generator writes the type of an `.xml` operation's body, as its output has it: the
# name it borrows without a named schema (FilterDate, a `string`) and the named schema.
GENERATED_XML_BODIES = {
    "swagger-typescript-api": (
        "    getInvoicesXml: (query: {{}}, params: RequestParams = {{}}) =>\n"
        '      this.request<{name}, ErrorXml | "Unauthorized">({{\n'
        "        path: `/api/2.0/crm/invoice/filter.xml`,\n"
        "    deleteInvoicesXml: (query: {{}}, params: RequestParams = {{}}) =>\n"
        '      this.request<{name}, ErrorXml | "Unauthorized">({{\n'
        "        path: `/api/2.0/crm/invoice.xml`,\n"
    ),
    "hey-api": (
        "export type GetInvoicesXmlResponses = {{\n    /**\n     * The document.\n     */\n"
        "    200: {name};\n}};\n"
        "export type DeleteInvoicesXmlResponses = {{\n    200: {name};\n}};\n"
    ),
    "orval": (
        "export type getInvoicesXmlResponse200 = {{\n  data: {name}\n  status: 200\n}}\n"
        "export type deleteInvoicesXmlResponse200 = {{\n  data: {name}\n  status: 200\n}}\n"
    ),
}


@pytest.mark.parametrize("generator", sorted(GENERATED_XML_BODIES))
def test_an_xml_body_named_after_another_schema_fails_the_row(compat, tmp_path, generator):
    client = tmp_path / generator
    client.mkdir()
    api = client / "api.ts"
    api.write_text(GENERATED_XML_BODIES[generator].format(name="InvoiceListXml"))
    compat.xml_body_names(client, generator)
    for borrowed in ("FilterDate", "string"):
        api.write_text(GENERATED_XML_BODIES[generator].format(name=borrowed))
        with pytest.raises(compat.CheckFailed, match=f"names the .xml bodies .*{borrowed}"):
            compat.xml_body_names(client, generator)


def test_a_ts_nocheck_line_is_dropped_and_one_left_stops_the_compile(compat, tmp_path):
    client = tmp_path / "client"
    client.mkdir()
    api = client / "api.ts"
    api.write_text("/* eslint-disable */\n// @ts-nocheck\nexport const answer: number = 42;\n")
    (tmp_path / "usage.ts").write_text("// compiled without the `// @ts-nocheck` it writes\n")
    compat.drop_ts_nocheck(client)
    assert api.read_text() == "/* eslint-disable */\nexport const answer: number = 42;\n"
    (client / "other.ts").write_text("  //@ts-nocheck\nexport {};\n")
    with pytest.raises(compat.CheckFailed, match=r"@ts-nocheck left in client/other\.ts$"):
        compat.compile_and_run(tmp_path, "a generator")


@pytest.mark.slow
def test_the_usage_files_portal_is_reset_for_each_and_stopped(compat, tmp_path):
    import json
    import urllib.request

    portal = compat.MockPortal(log=tmp_path / "mock-portal.log")
    try:
        with portal.lock:
            env = portal.env()

        def call(method: str, query: str) -> dict:
            request = urllib.request.Request(
                f"{env['COMPAT_PORTAL_URL']}/api/2.0/crm/invoice{query}",
                method=method,
                headers={"Authorization": env["COMPAT_PORTAL_TOKEN"]},
            )
            with urllib.request.urlopen(request, timeout=30) as answer:
                return json.loads(answer.read())

        total = call("GET", "/filter")["total"]
        assert total == compat.MOCK_INVOICES
        assert len(call("DELETE", "?invoiceids=1&invoiceids=2")["response"]) == 2
        assert call("GET", "/filter")["total"] == total - 2
        with portal.lock:
            assert portal.env() == env  # the same portal, its data set back
        assert call("GET", "/filter")["total"] == total
        process = portal.process
    finally:
        portal.stop()
    assert process is not None and process.poll() is not None
    assert env["COMPAT_PORTAL_TOKEN"] not in (tmp_path / "mock-portal.log").read_text()
