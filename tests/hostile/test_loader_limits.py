"""The loaders' limits (docs/limits.md), just under and just over each one.

A document may be 4 MiB, 64 levels deep, and its aliases may expand to 100,000 nodes; the
numbers here are the documented ones, written out rather than imported, so that a change of a
limit has to change its documentation and this test together.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from spec_pipeline.errors import PipelineError
from spec_pipeline.yamlio import load_document, load_json, load_yaml

MIB = 1024 * 1024


def nested_yaml(levels: int) -> str:
    return "x: " + "[" * (levels - 1) + "]" * (levels - 1) + "\n"


def nested_json(levels: int) -> str:
    return '{"x": ' + "[" * (levels - 1) + "]" * (levels - 1) + "}"


def aliases_yaml(count: int) -> str:
    """An anchored list of 1,000 scalars (1,001 nodes) and `count` aliases to it."""
    items = ", ".join(["x"] * 1000)
    return f"a: &a [{items}]\nb: [{', '.join(['*a'] * count)}]\n"


def levels(document: dict) -> int:
    """Containers from the root mapping down to x's innermost list."""
    count, node = 1, document["x"]
    while isinstance(node, list):
        count += 1
        node = node[0] if node else None
    return count


def test_sixty_four_levels_load_and_sixty_five_are_refused_in_yaml():
    assert levels(load_yaml(nested_yaml(64))) == 64
    with pytest.raises(PipelineError) as raised:
        load_yaml(nested_yaml(65), source="deep.yaml")
    assert str(raised.value) == (
        "deep.yaml: invalid YAML: line 1, column 67: nesting deeper than 64 levels"
    )


def test_sixty_four_levels_load_and_sixty_five_are_refused_in_json():
    assert levels(load_json(nested_json(64))) == 64
    with pytest.raises(PipelineError, match=r"^deep.json: .*nesting deeper than 64 levels at \$"):
        load_json(nested_json(65), source="deep.json")


@pytest.mark.parametrize("levels", [1_000, 100_000])
def test_nesting_past_the_interpreter_stack_is_a_clear_error(levels):
    """Before the limits a few hundred levels were a RecursionError traceback."""
    with pytest.raises(PipelineError, match="nesting deeper than 64 levels"):
        load_yaml(nested_yaml(levels), source="deep.yaml")
    with pytest.raises(PipelineError, match="nesting deeper than 64 levels"):
        load_json(nested_json(levels), source="deep.json")


def test_json_nesting_past_the_stack_is_named_by_line_and_column():
    """Past the parser's own guard there is no tree to name a path in: the place is counted in
    the text, where brackets and escaped quotes inside strings do not count."""
    text = '{"a\\"[": "[{",\n "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    with pytest.raises(PipelineError) as raised:
        load_json(text, source="deep.json")
    assert str(raised.value) == (
        "deep.json: invalid JSON: nesting deeper than 64 levels at line 2, column 70"
    )


def test_aliases_expand_to_a_hundred_thousand_nodes_and_no_more():
    assert len(load_yaml(aliases_yaml(99))["b"]) == 99  # 99,099 nodes from aliases
    with pytest.raises(PipelineError) as raised:
        load_yaml(aliases_yaml(100), source="aliases.yaml")  # 100,100
    assert "aliases.yaml: invalid YAML: line 2, column" in str(raised.value)
    assert "aliases expand to more than 100,000 nodes" in str(raised.value)


def test_a_billion_laughs_is_refused_at_once():
    levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for name, previous in zip("bcdefghi", "abcdefgh", strict=True):
        levels.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 10)}]")
    text = "\n".join(levels) + "\n"
    assert len(text.encode()) < 1000  # 10⁹ leaves when expanded
    # Expanded, it would exhaust memory or meet the suite's timeout long before an answer.
    with pytest.raises(PipelineError, match="aliases expand to more than 100,000 nodes"):
        load_yaml(text, source="bomb.yaml")


def test_a_recursive_alias_is_an_error_with_its_line():
    with pytest.raises(PipelineError, match=r"line 2, column 8: recursive alias \*a"):
        load_yaml("a: &a\n  - b: *a\n", source="loop.yaml")


def test_four_mib_load_and_one_byte_more_is_refused(tmp_path: Path):
    # JSON: the size is checked on the file's bytes before either parser runs, and the pure
    # Python YAML parser takes seconds over 4 MiB.
    exactly = tmp_path / "exactly.json"
    exactly.write_text(json.dumps({"a": "x" * (4 * MIB - 9)}))
    assert exactly.stat().st_size == 4 * MIB
    assert len(load_document(exactly)["a"]) == 4 * MIB - 9
    over = tmp_path / "over.json"
    over.write_text(json.dumps({"a": "x" * (4 * MIB - 9)}) + "\n")
    assert over.stat().st_size == 4 * MIB + 1
    with pytest.raises(PipelineError) as raised:
        load_document(over)
    assert (
        str(raised.value) == f"{over}: larger than 4 MiB (4,194,305 bytes); refused as a document"
    )


def test_the_size_limit_holds_for_text_too():
    with pytest.raises(PipelineError, match="^base: larger than 4 MiB"):
        load_yaml("a: " + "é" * (2 * MIB), source="base")  # 2 bytes a character in UTF-8


def test_a_named_pipe_is_refused_instead_of_waiting_for_a_writer(tmp_path: Path):
    fifo = tmp_path / "spec.yaml"
    os.mkfifo(fifo)
    with pytest.raises(PipelineError, match="spec.yaml: cannot read: not a regular file"):
        load_document(fifo)


def test_a_file_that_is_not_utf8_names_the_byte(tmp_path: Path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("info: {title: Café}\n".encode("latin-1"))
    with pytest.raises(PipelineError) as raised:
        load_document(path)
    assert str(raised.value) == f"{path}: cannot read: not UTF-8 (byte 18 is not valid)"


def test_an_integer_too_long_to_convert_is_named_without_all_its_digits():
    with pytest.raises(PipelineError) as raised:
        load_yaml("count: " + "9" * 5000 + "\n", source="big.yaml")
    message = str(raised.value)
    assert message.startswith("big.yaml: invalid YAML: line 1, column 8: invalid integer '999")
    assert len(message) < 200
