"""Document loading and writing used by the overlay command."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from spec_pipeline.errors import PipelineError
from spec_pipeline.files import write_atomic
from spec_pipeline.yamlio import (
    dump_json,
    dump_yaml,
    format_for_path,
    load_document,
    load_json,
    load_yaml,
)

TRICKY_STRINGS = [
    "on",
    "off",
    "yes",
    "no",
    "y",
    "n",
    "True",
    "NULL",
    "~",
    "",
    "2020-12-14",
    "2001-12-14T21:59:43Z",
    "1:30",
    "010",
    "0o17",
    "0x1F",
    "1e3",
    "1_000",
    ".inf",
    "-.Inf",
    ".NaN",
    "=",
    "<<",
    "3.0",
    "#hash",
    "key: value",
    "- item",
]


def test_yaml_1_1_booleans_stay_strings() -> None:
    data = load_yaml("on: yes\noff: no\nenum: [on, off, y, n, Yes]\nflag: true\n")
    assert data == {"on": "yes", "off": "no", "enum": ["on", "off", "y", "n", "Yes"], "flag": True}


def test_dates_and_timestamps_stay_strings() -> None:
    data = load_yaml("example: 2020-12-14\nstamp: 2001-12-14 21:59:43.10 -5\nduration: 1:30\n")
    assert data == {
        "example": "2020-12-14",
        "stamp": "2001-12-14 21:59:43.10 -5",
        "duration": "1:30",
    }


def test_numbers_follow_the_yaml_1_2_core_schema() -> None:
    data = load_yaml("a: 010\nb: 0o17\nc: 0x1F\nd: 1e3\ne: -.inf\nf: 1_000\ng: 3.0\nh: ~\ni:\n")
    assert data["a"] == 10 and data["b"] == 15 and data["c"] == 31
    assert data["d"] == 1000.0 and data["e"] == float("-inf") and data["g"] == 3.0
    assert data["f"] == "1_000"
    assert data["h"] is None and data["i"] is None


def test_mapping_keys_are_the_source_text() -> None:
    data = load_yaml("responses:\n  200: {description: OK}\n  default: {}\n1.0: x\ntrue: y\n")
    assert list(data["responses"]) == ["200", "default"]
    assert data["1.0"] == "x" and data["true"] == "y"


def test_key_order_is_kept() -> None:
    text = "z: 1\na: 2\nm: {y: 1, b: 2}\n"
    data = load_yaml(text)
    assert list(data) == ["z", "a", "m"] and list(data["m"]) == ["y", "b"]
    assert dump_yaml(data).splitlines()[:2] == ["z: 1", "a: 2"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a: 1\nb: 2\na: 3\n",
            "line 3, column 1: while constructing a mapping, found duplicate key 'a'",
        ),
        ("? [1, 2]\n: x\n", "keys must be strings"),
        ("--- 1\n--- 2\n", "expected a single document"),
        ("a: [1,\n", "line 2"),
        ("a: !!python/name:os.system x\n", "could not determine a constructor"),
    ],
)
def test_bad_yaml_is_an_error_with_a_location(text: str, expected: str) -> None:
    with pytest.raises(PipelineError) as caught:
        load_yaml(text, source="spec.yaml")
    assert str(caught.value).startswith("spec.yaml: invalid YAML: ")
    assert expected in str(caught.value)


def test_aliases_become_independent_copies() -> None:
    data = load_yaml("a: &p {name: id, in: path}\nb: *p\n")
    assert data["a"] == data["b"]
    data["a"]["name"] = "changed"
    assert data["b"]["name"] == "id"


def test_merge_keys_are_not_yaml_1_2() -> None:
    assert load_yaml("base: &b {x: 1}\nderived:\n  <<: *b\n") == {
        "base": {"x": 1},
        "derived": {"<<": {"x": 1}},
    }


def test_recursive_alias_is_an_error() -> None:
    with pytest.raises(PipelineError, match="recursive alias"):
        load_yaml("a: &a [*a]\n")


def test_strict_json() -> None:
    assert load_json('{"b": 1, "a": [true, null]}') == {"b": 1, "a": [True, None]}
    with pytest.raises(PipelineError, match="duplicate key 'a'"):
        load_json('{"a": 1, "a": 2}')
    with pytest.raises(PipelineError, match="NaN is not valid JSON"):
        load_json('{"a": NaN}')


def test_tricky_strings_round_trip_under_yaml_1_1_and_1_2() -> None:
    data = {"values": TRICKY_STRINGS, **{s: s for s in TRICKY_STRINGS}}
    text = dump_yaml(data)
    assert load_yaml(text) == data  # this module's YAML 1.2 reading
    assert yaml.safe_load(text) == data  # a YAML 1.1 reader


def test_dump_has_no_anchors_wraps_nothing_and_keeps_unicode() -> None:
    shared = {"name": "invoiceid", "in": "path"}
    long_text = "Сумма счёта " + "x" * 300
    text = dump_yaml({"a": shared, "b": shared, "description": long_text, "multi": "one\ntwo\n"})
    assert "&" not in text and "*" not in text
    assert f"description: {long_text}\n" in text
    assert "multi: |\n  one\n  two\n" in text
    assert load_yaml(text)["b"] == shared


def test_dump_indents_block_sequences() -> None:
    assert dump_yaml({"tags": ["a", "b"]}) == "tags:\n  - a\n  - b\n"


def test_dump_json() -> None:
    text = dump_json({"b": "Счёт", "a": [1]})
    assert text.endswith("}\n") and "Счёт" in text
    assert list(json.loads(text)) == ["b", "a"]
    with pytest.raises(PipelineError):
        dump_json({"a": float("nan")})


@pytest.mark.parametrize(
    ("name", "expected"), [("out.json", "json"), ("out.yaml", "yaml"), ("out.YML", "yaml")]
)
def test_output_format_by_extension(name: str, expected: str) -> None:
    assert format_for_path(name) == expected


def test_unknown_extensions_are_rejected() -> None:
    with pytest.raises(PipelineError, match="unknown file type '.txt'"):
        format_for_path("out.txt")


def test_load_document_by_extension(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text('{"on": "2020-12-14"}')
    (tmp_path / "a.yaml").write_text("on: 2020-12-14\n")
    assert (
        load_document(tmp_path / "a.json")
        == load_document(tmp_path / "a.yaml")
        == {"on": "2020-12-14"}
    )
    with pytest.raises(PipelineError, match="cannot read"):
        load_document(tmp_path / "missing.yaml")


def test_write_atomic_replaces_and_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.yaml"
    target.write_text("old\n")
    target.chmod(0o640)
    write_atomic(target, "new\n")
    assert target.read_text() == "new\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert os.listdir(tmp_path) == ["out.yaml"]


def test_write_atomic_leaves_nothing_behind_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "out.yaml"
    target.write_text("old\n")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "bad \udc80 surrogate")
    assert target.read_text() == "old\n"
    assert os.listdir(tmp_path) == ["out.yaml"]
