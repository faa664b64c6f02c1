"""Overlays at scale: the schema check is linear in the number of actions, and an overlay cannot
multiply a small update into a document past the limits (docs/limits.md: 250,000 nodes, 64
levels)."""

from __future__ import annotations

from typing import Any

import pytest

from spec_pipeline.overlay import OverlayError, apply_overlay, validate_overlay


def overlay(actions: list[dict[str, Any]]) -> dict[str, Any]:
    return {"overlay": "1.0.0", "info": {"title": "scale", "version": "1"}, "actions": actions}


def many(count: int) -> dict[str, Any]:
    return overlay([{"target": "$.info", "update": {f"x-n{i}": i}} for i in range(count)])


@pytest.mark.slow
def test_ten_thousand_actions_apply():
    """jsonschema's uniqueItems compared every pair: 4,000 actions took 21 s, so ten thousand
    would take minutes (the schema check's speed is for benchmarks; this shows the path works)."""
    result = apply_overlay(spec_with_items(0), many(10_000))
    assert [result["info"][f"x-n{i}"] for i in (0, 9_999)] == [0, 9_999]


def test_a_repeated_action_is_named_with_both_positions_in_a_long_overlay():
    document = many(2_000)
    document["actions"].append(dict(document["actions"][5]))
    with pytest.raises(OverlayError) as raised:
        validate_overlay(document, source="o.yaml")
    assert str(raised.value) == (
        "o.yaml: at $.actions: items [5] and [2000] are identical; entries must be unique"
    )


def test_uniqueness_follows_json_equality():
    """1 and 1.0 are the same JSON number; true and 1 are not the same value."""
    same = [{"target": "$.info", "update": {"x": 1}}, {"target": "$.info", "update": {"x": 1.0}}]
    with pytest.raises(OverlayError, match=r"items \[0\] and \[1\] are identical"):
        validate_overlay(overlay(same))
    validate_overlay(overlay([
        {"target": "$.info", "update": {"x": True}}, {"target": "$.info", "update": {"x": 1}},
        {"target": "$.info", "update": {"a": 1, "b": 2}},
        {"target": "$.info", "update": {"b": 2, "a": 1, "c": 3}},
    ]))  # fmt: skip


def spec_with_items(count: int) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1.0.0"},
        "x-items": [{"n": i} for i in range(count)],
    }


def test_an_update_multiplied_by_its_matches_past_the_node_limit_is_refused():
    update = {"x-pad": list(range(999))}  # 1,001 nodes
    every = overlay([{"target": "$['x-items'][*]", "update": update}])
    grown = apply_overlay(spec_with_items(200), every)  # about 200,000 nodes
    assert len(grown["x-items"][199]["x-pad"]) == 999
    with pytest.raises(OverlayError) as raised:
        apply_overlay(spec_with_items(300), every)  # about 300,000
    assert str(raised.value) == (
        "actions[0] target \"$['x-items'][*]\": the update (1,001 nodes) on 300 node(s) would "
        "grow the document past 250,000 nodes"
    )


def test_the_node_limit_counts_what_earlier_actions_added():
    """Each action alone adds 100,100 nodes, far below the limit; the third takes the sum past
    it (the error names actions[2], so the first two were applied)."""
    update = {"x-pad": list(range(999))}  # 1,001 nodes on each of 100 items
    actions = [{"target": "$['x-items'][*]", "update": {f"x-{i}": update}} for i in range(3)]
    with pytest.raises(OverlayError) as raised:
        apply_overlay(spec_with_items(100), overlay(actions))
    assert str(raised.value) == (
        "actions[2] target \"$['x-items'][*]\": the update (1,002 nodes) on 100 node(s) would "
        "grow the document past 250,000 nodes"
    )


@pytest.mark.slow  # twenty descendant queries over a document of up to 250,000 nodes
def test_actions_that_compound_are_stopped_at_the_node_limit():
    """Each action adds to every node with a description, its own new ones included."""
    actions = [
        {"target": "$..[?@.description]", "update": {f"x-{i}": {"description": "d", "a": [1] * 8}}}
        for i in range(20)
    ]  # one node with a description doubles with each action: 2²⁰ of them at the end
    spec = spec_with_items(0) | {"x-seed": {"description": "d"}}
    with pytest.raises(OverlayError, match="would grow the document past 250,000 nodes"):
        apply_overlay(spec, overlay(actions))


def test_an_update_that_would_nest_past_sixty_four_levels_is_refused():
    def nested(levels: int) -> Any:
        return [] if levels == 1 else [nested(levels - 1)]

    spec = spec_with_items(1)  # x-items[0] is level 3
    ok = apply_overlay(spec, overlay([{"target": "$['x-items'][0]", "update": {"x": nested(61)}}]))
    assert ok["x-items"][0]["x"]  # 3 + 61 = 64 levels
    with pytest.raises(OverlayError, match=r"would nest \$\['x-items'\]\[0\] deeper than 64"):
        apply_overlay(spec, overlay([{"target": "$['x-items'][0]", "update": {"x": nested(62)}}]))
