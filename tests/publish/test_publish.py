"""The publish step: what it writes, that it is strict, and that it writes nothing on failure."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from spec_pipeline import publish as publish_module
from spec_pipeline.derive import derive_spec
from spec_pipeline.errors import PipelineError
from spec_pipeline.publish import OUTPUT_FILES, main, publish
from spec_pipeline.reference_page import external_sources
from spec_pipeline.spectral import lint
from spec_pipeline.spectral import main as spectral_main
from spec_pipeline.yamlio import dump_yaml, load_document
from tests.publish.conftest import PUBLIC_OVERLAY, lint_copy, repo_inputs
from tests.support.paths import NODE_BIN, RULESET, SPEC

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def published(test: Any) -> Any:
    """A test of the published folder, which Spectral and Redocly build (once per session)."""
    return pytest.mark.tool(pytest.mark.slow(test))


def _operation_ids(spec: dict[str, Any]) -> set[str]:
    return {
        op["operationId"]
        for item in spec["paths"].values()
        for method, op in item.items()
        if method in METHODS
    }


def _extension_keys(node: Any, path: str = "$") -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key.startswith("x-"):
                yield key
            yield from _extension_keys(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _extension_keys(value, f"{path}[{index}]")


@published
def test_outputs_are_written(dist: Path) -> None:
    assert sorted(p.name for p in dist.iterdir()) == sorted(OUTPUT_FILES)


@published
def test_published_spec_is_valid_openapi(dist: Path) -> None:
    from openapi_spec_validator import validate

    for name in ("openapi.yaml", "openapi.json"):
        validate(load_document(dist / name))  # raises on an invalid document


@published
def test_json_and_yaml_are_the_same_data(dist: Path) -> None:
    assert load_document(dist / "openapi.json") == load_document(dist / "openapi.yaml")


@published
def test_operations_schemas_and_version_are_kept(
    published_spec: dict[str, Any], source_spec: dict[str, Any]
) -> None:
    assert _operation_ids(published_spec) == _operation_ids(source_spec)
    assert _operation_ids(published_spec) == {
        "getInvoices",
        "getInvoicesXml",
        "deleteInvoices",
        "deleteInvoicesXml",
    }
    # Only the named text schemas of the `.xml` bodies are added (overlays/public.yaml).
    schemas = dict(published_spec["components"]["schemas"])
    assert {schemas.pop("InvoiceListXml")["type"], schemas.pop("ErrorXml")["type"]} == {"string"}
    assert schemas == source_spec["components"]["schemas"]
    assert published_spec["info"]["version"] == source_spec["info"]["version"]


@published
def test_public_overlay_was_applied(
    published_spec: dict[str, Any], source_spec: dict[str, Any]
) -> None:
    info = published_spec["info"]
    assert info["contact"]["name"] == source_spec["info"]["contact"]["name"]
    assert info["contact"]["url"].startswith("https://")
    assert "url" not in source_spec["info"]["contact"]
    assert published_spec["externalDocs"]["url"] == "https://api.onlyoffice.com/"
    assert "corrects" in published_spec["externalDocs"]["description"]
    # OpenAPI 3.1: a license has an SPDX identifier or a url, never both.
    assert info["license"] == source_spec["info"]["license"]
    assert "identifier" in info["license"] and "url" not in info["license"]
    variable = published_spec["servers"][0]["variables"]["portal"]
    assert (
        variable["description"] != source_spec["servers"][0]["variables"]["portal"]["description"]
    )
    # Only the generators' extension is published, as often as in the source.
    published_x = list(_extension_keys(published_spec))
    assert set(published_x) == {"x-enum-varnames"}
    assert len(published_x) == len(list(_extension_keys(source_spec)))


@published
def test_reference_page_is_self_contained(dist: Path) -> None:
    html = (dist / "index.html").read_text(encoding="utf-8")
    assert external_sources(html) == []
    assert "<title>ONLYOFFICE CRM invoices API</title>" in html
    # Redoc's attribution logo, linked from its CDN by the bundle, is inlined.
    assert "https://cdn.redoc.ly/redoc/logo-mini" not in html
    assert "data:image/svg+xml;base64," in html


@published
@pytest.mark.parametrize("name", ["openapi.yaml", "openapi.json"])
def test_published_files_pass_the_house_lint_with_zero_results(dist: Path, name: str) -> None:
    results = lint([dist / name], dist.parent / "lint" / "spectral.yaml", NODE_BIN)
    assert results == [], [f"{r['code']}: {r['message']} at {r['path']}" for r in results]


# --- strictness and failures -------------------------------------------------------------------


def _bad_overlay(tmp_path: Path) -> Path:
    """The public overlay with one more action, whose target the spec does not have."""
    document = load_document(PUBLIC_OVERLAY)
    document["actions"].append(
        {
            "target": "$.components.schemas.NoSuchSchema",
            "description": "A node the spec does not have.",
            "remove": True,
        }
    )
    overlay = tmp_path / "bad-overlay.yaml"
    overlay.write_text(dump_yaml(document), encoding="utf-8")
    return overlay


def test_a_target_that_matches_nothing_fails_and_writes_no_dist(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "dist"
    code = main(["--out", str(out), "--spec", str(SPEC), "--overlay", str(_bad_overlay(tmp_path))])
    assert code == 1
    assert not out.exists()
    err = capsys.readouterr().err
    assert "NoSuchSchema" in err and "nothing written" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad-overlay.yaml"]


def test_a_failure_leaves_an_existing_dist_untouched(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    out.mkdir()
    (out / "openapi.yaml").write_text("previous\n", encoding="utf-8")
    with pytest.raises(PipelineError, match="NoSuchSchema"):
        publish(repo_inputs(overlay=_bad_overlay(tmp_path)), out)
    assert [p.name for p in out.iterdir()] == ["openapi.yaml"]
    assert (out / "openapi.yaml").read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad-overlay.yaml", "dist"]


def test_an_invalid_published_spec_is_refused(tmp_path: Path) -> None:
    overlay = tmp_path / "breaks.yaml"
    overlay.write_text(
        "overlay: 1.0.0\ninfo: {title: t, version: 1.0.0}\n"
        "actions:\n  - target: $.info\n    update: {version: 3}\n",
        encoding="utf-8",
    )
    with pytest.raises(PipelineError, match="invalid OpenAPI at info/version"):
        derive_spec(SPEC, [overlay])


def test_a_page_that_loads_from_a_cdn_fails_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def cdn_page(spec_file: Path, page: Path, node_bin: Path) -> None:
        page.write_text(
            '<html><head><script type="module">import { hydrate } from '
            '"https://cdn.example.com/redoc.standalone.js";</script></head></html>',
            encoding="utf-8",
        )

    monkeypatch.setattr(publish_module, "build_docs", cdn_page)
    out = tmp_path / "dist"
    with pytest.raises(PipelineError, match="not self-contained") as failure:
        publish(repo_inputs(ruleset=None), out)
    assert "https://cdn.example.com/redoc.standalone.js" in str(failure.value)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_missing_tool_is_named(tmp_path: Path) -> None:
    with pytest.raises(PipelineError, match=r"redocly is missing: run `make setup`"):
        publish(repo_inputs(ruleset=None, node_bin=tmp_path / "none"), tmp_path / "dist")
    assert not (tmp_path / "dist").exists()


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            '<link rel="icon" href="https://x.example/favicon.ico">',
            ["https://x.example/favicon.ico"],
        ),
        (
            "<style>@font-face{src:url(https://f.example/a.woff2)}</style>",
            ["https://f.example/a.woff2"],
        ),
        ('<div style="background: url(//i.example/b.png)"></div>', ["//i.example/b.png"]),
        (
            "<script>const logo = `https://cdn.example/logo.svg`;</script>",
            ["https://cdn.example/logo.svg"],
        ),
        ('<script>import("https://cdn.example/chunk")</script>', ["https://cdn.example/chunk"]),
        ('<a href="https://redocly.com/redoc/">docs</a>', []),
        ('<link rel="canonical" href="https://api.example/">', []),
        ('<script>const doc = "https://example.com/docs/page";</script>', []),
        ('<img src="data:image/png;base64,AAAA"><script src="app.js"></script>', []),
    ],
)
def test_external_sources(html: str, expected: list[str]) -> None:
    assert [item.split(": ", 1)[1] for item in external_sources(html)] == expected


@pytest.mark.tool
@pytest.mark.slow
def test_publish_cli_writes_dist(tmp_path: Path) -> None:
    """The command line end to end; a failure-free run leaves no staging folder."""
    ruleset = lint_copy(tmp_path)
    out = tmp_path / "dist"
    code = main(
        ["--out", str(out), "--spec", str(SPEC), "--overlay", str(PUBLIC_OVERLAY),
         "--ruleset", str(ruleset), "--node-bin", str(NODE_BIN)]
    )  # fmt: skip
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUT_FILES)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist", "lint"]


def _undescribed_currency(tmp_path: Path) -> Path:
    overlay = tmp_path / "undescribed.yaml"
    overlay.write_text(
        "overlay: 1.0.0\ninfo: {title: t, version: 1.0.0}\n"
        "actions:\n  - target: $.components.schemas.Currency.description\n    remove: true\n",
        encoding="utf-8",
    )
    return overlay


@pytest.mark.tool
@pytest.mark.slow
def test_a_lint_result_fails_the_build_with_the_rule_named(tmp_path: Path) -> None:
    inputs = repo_inputs(overlay=_undescribed_currency(tmp_path), ruleset=lint_copy(tmp_path))
    with pytest.raises(PipelineError, match="fails the house lint") as failure:
        publish(inputs, tmp_path / "dist")
    assert "component-schema-description" in str(failure.value)
    assert not (tmp_path / "dist").exists()


@pytest.mark.tool
@pytest.mark.slow
def test_the_spectral_command_lists_each_result_and_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "openapi.yaml"
    spec.write_text(dump_yaml(derive_spec(SPEC, [_undescribed_currency(tmp_path)])))
    ruleset = lint_copy(tmp_path)  # its overrides then apply to the spec in tmp_path
    assert spectral_main([str(spec), "--node-bin", str(NODE_BIN), "--ruleset", str(ruleset)]) == 1
    captured = capsys.readouterr()
    assert "component-schema-description" in captured.out
    assert "spectral: error: 1 Spectral result(s)" in captured.err
    assert spectral_main([str(SPEC), "--node-bin", str(NODE_BIN), "--ruleset", str(RULESET)]) == 0
