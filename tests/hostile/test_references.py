"""`$ref` resolution stays inside the document: the check runs on every loaded spec and on
every overlaid result, before openapi-spec-validator, Spectral or a generator can follow one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from spec_pipeline.derive import derive_spec, validate_spec
from spec_pipeline.document import check_references, load_spec
from spec_pipeline.errors import PipelineError
from spec_pipeline.yamlio import dump_yaml, load_document
from tests.support.paths import SPEC

from .conftest import RecordingServer
from .material import SECRET


def small_spec(schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1.0.0"},
        "paths": {},
        "components": {"schemas": {"Invoice": {"type": "object"}, "Probe": schema}},
    }


@pytest.mark.parametrize(
    ("ref", "problem"),
    [
        ("file:///etc/passwd", "is not a local reference"),
        ("/etc/passwd", "is not a local reference"),
        ("../secret.yaml#/x", "is not a local reference"),
        ("http://127.0.0.1:9/evil.yaml", "is not a local reference"),
        ("#/components/schemas/Missing", "points at nothing in this document"),
        ("#components", "is not a local reference"),
    ],
)
def test_a_reference_outside_the_document_names_the_ref_and_its_place(ref, problem):
    with pytest.raises(PipelineError) as raised:
        check_references(small_spec({"$ref": ref}), "spec.yaml")
    assert str(raised.value).startswith(
        f"spec.yaml: $ref at /components/schemas/Probe: {ref!r} {problem}"
    )


def test_a_local_reference_that_resolves_passes():
    check_references(small_spec({"$ref": "#/components/schemas/Invoice"}), "spec.yaml")
    check_references(load_document(SPEC), str(SPEC))


def test_dynamic_references_and_new_base_uris_are_refused():
    with pytest.raises(PipelineError, match=r"\$dynamicRef at /components/schemas/Probe: "):
        check_references(small_spec({"$dynamicRef": "https://example.com/s"}), "spec.yaml")
    with pytest.raises(PipelineError, match=r"\$id at /components/schemas/Probe: .*base URI"):
        check_references(small_spec({"$id": "https://example.com/s"}), "spec.yaml")


def test_a_long_reference_is_shortened():
    ref = "file:///" + "a" * 5000
    with pytest.raises(PipelineError) as raised:
        check_references(small_spec({"$ref": ref}), "spec.yaml")
    assert len(str(raised.value)) < 300


def test_the_check_reads_nothing_it_points_at(tmp_path: Path, secret: Path, evil_server):
    for ref in (secret.as_uri(), f"http://127.0.0.1:{evil_server.server_address[1]}/x.yaml"):
        path = tmp_path / "spec.yaml"
        path.write_text(dump_yaml(small_spec({"$ref": ref})))
        with pytest.raises(PipelineError) as raised:
            load_spec(path)
        assert SECRET not in str(raised.value)
    assert evil_server.requests == []


def test_an_overlay_cannot_smuggle_a_reference_past_the_check(
    tmp_path: Path, secret: Path, evil_server: RecordingServer
):
    """The source passes, the overlay adds the file reference: the result is refused before
    openapi-spec-validator would read the file and quote its first line."""
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text(
        dump_yaml({
            "overlay": "1.0.0",
            "info": {"title": "smuggler", "version": "1"},
            "actions": [{
                "target": "$.components.schemas",
                "update": {"Smuggled": {"$ref": secret.as_uri()}},
            }],
        })
    )  # fmt: skip
    with pytest.raises(PipelineError) as raised:
        derive_spec(SPEC, [overlay])
    message = str(raised.value)
    assert message.startswith(f"{SPEC} with {overlay}: $ref at /components/schemas/Smuggled: ")
    assert SECRET not in message


def test_validation_messages_are_short_even_when_the_validator_quotes_the_document():
    spec = load_document(SPEC)
    spec["info"]["version"] = {"a": "x" * 10_000}
    with pytest.raises(PipelineError) as raised:
        validate_spec(spec, "spec.yaml")
    assert str(raised.value).startswith("spec.yaml: invalid OpenAPI at info/version: ")
    assert len(str(raised.value)) < 400
