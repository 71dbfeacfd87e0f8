"""The safe loader's decisions, in process: what plain data a document becomes, and what it refuses."""

from __future__ import annotations

import math

import pytest

from process_gates.safe_yaml import InputError, Limits, load_bytes


def data(text: str | bytes, limits: Limits = Limits()) -> object:
    (doc,) = load_bytes(text, "t.yaml", limits)
    return doc.data


def refused(text: str | bytes, limits: Limits = Limits()) -> InputError:
    with pytest.raises(InputError) as caught:
        load_bytes(text, "t.yaml", limits)
    return caught.value


# --- scalars: YAML 1.2 core schema, numbers that fit a 64-bit float -------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a: yes", "yes"), ("a: on", "on"), ("a: no", "no"), ("a: true", True), ("a: False", False),
        ("a: ~", None), ("a:", None), ("a: null", None), ("a: 2022-01-01", "2022-01-01"),
        ("a: 0o17", 15), ("a: 0x1F", 31), ("a: 1_000", 1000), ("a: 99.95", 99.95), ("a: 1e3", 1000.0),
        ("a: .inf", math.inf), ("a: -.Inf", -math.inf), ("a: 1.7976931348623157e308", 1.7976931348623157e308),
        ("a: !!float 1", 1.0), ("a: !!str 1", "1"), ("a: '1'", "1"), ("a: !!int 0x10", 16), ("a: ! 12", "12"),
        ("a: " + "9" * 300, int("9" * 300)),
    ],
)
def test_scalar_resolution(text: str, value: object) -> None:
    assert data(text) == {"a": value}


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("a: 1e309", "out of range for a 64-bit float"),
        ("a: -1e999", "write .inf if you mean infinity"),
        ("a: " + "9" * 400, "(400 characters) is out of range"),
        ("a: 0x" + "f" * 300, "out of range"),
        ("a: 0o" + "7" * 5000, "out of range"),
        ("a: !!bool maybe", "'maybe' is not a valid !!bool"),
        ("a: !!null x", "not a valid !!null"),
    ],
)
def test_numbers_and_core_tags_that_cannot_be_plain_data(text: str, says: str) -> None:
    error = refused(text)
    assert error.rule_id == "input.yaml-syntax"
    assert (error.line, error.column) == (1, 4)
    assert says in error.message


# --- merge keys ----------------------------------------------------------------------------------------


def test_merge_keys_explicit_keys_win_and_earlier_sources_win() -> None:
    text = (
        "one: &one {a: 1, b: 1}\n"
        "two: &two {b: 2, c: 2}\n"
        "m:\n"
        "  <<: [*one, *two]\n"
        "  c: 3\n"
    )
    assert data(text)["m"] == {"a": 1, "b": 1, "c": 3}  # type: ignore[index]


def test_explicit_key_before_the_merge_also_wins() -> None:
    assert data("base: &b {x: 1, y: 1}\nm: {x: 2, <<: *b}\n")["m"] == {"x": 2, "y": 1}  # type: ignore[index]


def test_quoted_merge_key_is_an_ordinary_key() -> None:
    assert data('base: &b {x: 1}\nm: {"<<": *b}\n')["m"] == {"<<": {"x": 1}}  # type: ignore[index]


def test_two_merge_keys_are_duplicate_keys() -> None:
    error = refused("b: &b {x: 1}\nm:\n  <<: *b\n  <<: *b\n")
    assert (error.rule_id, error.line, error.column) == ("input.yaml-duplicate-key", 4, 3)
    assert error.message == "duplicate key '<<' (first at line 3)"


def test_merging_a_list_of_scalars_is_refused() -> None:
    error = refused("m:\n  <<: [1, 2]\n")
    assert (error.rule_id, error.line) == ("input.yaml-key", 2)


# --- anchors, aliases and what they cost -----------------------------------------------------------------


def test_redefined_anchor_refers_to_the_latest_definition() -> None:
    """YAML 1.2 (3.2.2.2): an alias denotes the most recent node with that anchor; Go's yaml.v3 agrees."""
    assert data("a: &x 1\nb: &x 2\nc: *x\n") == {"a": 1, "b": 2, "c": 2}


def test_alias_of_a_scalar_can_be_a_key() -> None:
    assert data("k: &k name\nm: {*k : 1}\n")["m"] == {"name": 1}  # type: ignore[index]


def test_node_limit_counts_alias_expansion() -> None:
    text = "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]\nb: [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    assert len(data(text)["b"]) == 12  # type: ignore[index]
    error = refused(text, Limits(max_nodes=100))
    assert error.rule_id == "input.yaml-too-many-nodes" and error.line == 2


def test_text_limit_counts_aliased_text() -> None:
    limits = Limits(max_bytes=1024)
    assert limits.max_text == 8 * 1024
    text = 'q: &q "' + "x" * 1000 + '"\nl: [' + ", ".join(["*q"] * 7) + "]\n"
    assert len(data(text, limits)["l"]) == 7  # type: ignore[index]
    error = refused(text.replace("]\n", ", *q, *q]\n"), limits)
    assert error.rule_id == "input.yaml-too-many-nodes"
    assert error.message == "document expands through aliases to more than 8192 characters of text"


def test_plain_large_text_never_hits_the_text_limit() -> None:
    limits = Limits(max_bytes=20_000)
    text = "".join(f"k{i}: {'v' * 90}\n" for i in range(200))
    assert len(data(text, limits)) == 200  # type: ignore[arg-type]


def test_depth_limit_is_configurable() -> None:
    assert data("a: {b: {c: 1}}", Limits(max_depth=3)) == {"a": {"b": {"c": 1}}}
    error = refused("a: {b: {c: {d: 1}}}", Limits(max_depth=3))
    assert (error.rule_id, error.line, error.column) == ("input.yaml-too-deep", 1, 12)


# --- positions ------------------------------------------------------------------------------------------


def test_value_and_key_locations() -> None:
    (doc,) = load_bytes("slos:\n  - name: a\n    objective: 99.9\n", "f.yaml")
    value = doc.location(("slos", 0, "objective"))
    key = doc.location(("slos", 0, "objective"), key=True)
    assert (value.line, value.column, key.line, key.column) == (3, 16, 3, 5)
    assert str(doc.location(("slos", 0, "missing"))) == "f.yaml:2:5"  # nearest ancestor


def test_control_character_position_after_a_bom_and_multibyte_text() -> None:
    error = refused("\ufeffé: 1\nb: é\x07\n".encode())
    assert (error.rule_id, error.line, error.column) == ("input.yaml-syntax", 2, 5)
    assert "U+0007" in error.message


def test_documents_keep_their_index_and_string_input_is_accepted() -> None:
    docs = load_bytes("a: 1\n---\nb: 2\n", "m.yaml")
    assert [(d.index, d.data) for d in docs] == [(0, {"a": 1}), (1, {"b": 2})]
