"""The mini JSON Schema validator, keyword by keyword: what it reports, where, and in which words."""

from __future__ import annotations

from typing import Any

import pytest

from process_gates.schema import SchemaError, Validator


def errors(schema: Any, data: Any) -> list[tuple[tuple, str, str]]:
    return [(e.path, e.kind, e.message) for e in Validator(schema).errors(data)]


def one(schema: Any, data: Any) -> SchemaError:
    found = Validator(schema).errors(data)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("schema", "data", "message"),
    [
        ({"type": "integer"}, True, "must be an integer, not a boolean (true)"),
        ({"type": "number"}, "1", "must be a number, not a string ('1')"),
        ({"type": "string"}, None, "must be a string, not null"),
        ({"type": "boolean"}, "yes", "must be true or false, not a string ('yes')"),
        ({"type": "object"}, [1], "must be a mapping, not a list"),
        ({"type": "array"}, {}, "must be a list, not a mapping"),
        ({"type": ["string", "null"]}, 1, "must be a string or null, not an integer (1)"),
        ({"type": ["string", "integer", "null"]}, 1.5, "must be a string, an integer or null, not a number (1.5)"),
        ({"const": 1}, 2, "must be 1, not 2"),
        ({"const": None}, False, "must be null, not false"),
        ({"enum": ["enforce", "warn"]}, "wran", "must be one of 'enforce', 'warn', not 'wran' (did you mean 'warn'?)"),
        ({"enum": ["enforce", "warn"]}, "WARN", "must be one of 'enforce', 'warn', not 'WARN' (did you mean 'warn'?)"),
        ({"enum": ["enforce", "warn"]}, "strict", "must be one of 'enforce', 'warn', not 'strict'"),
        ({"minLength": 1}, "", "must not be empty"),
        ({"minLength": 3}, "ab", "must be at least 3 characters long"),
        ({"maxLength": 4}, "abcdef", "is 6 characters long, over the maximum of 4"),
        ({"pattern": "^[a-z]+$"}, "ABC", "'ABC' does not match the pattern ^[a-z]+$"),
        ({"pattern": "^[a-z]+$", "description": "lowercase letters"}, "ABC", "'ABC' does not match lowercase letters"),
        ({"minimum": 1}, 0, "must be at least 1, not 0"),
        ({"maximum": 100}, 100.5, "must be at most 100, not 100.5"),
        ({"exclusiveMinimum": 0}, 0, "must be greater than 0, not 0"),
        ({"exclusiveMaximum": 100}, 100, "must be less than 100, not 100"),
        ({"multipleOf": 0.01}, 99.999, "must be a multiple of 0.01"),
        ({"required": ["name"]}, {}, "missing required field 'name'"),
        ({"minProperties": 2}, {"a": 1}, "must have at least 2 entries"),
        ({"maxProperties": 1}, {"a": 1, "b": 2}, "must have at most 1 entries"),
        ({"minItems": 1}, [], "must not be empty"),
        ({"minItems": 2}, [1], "must have at least 2 items, has 1"),
        ({"maxItems": 1}, [1, 2], "must have at most 1 item, has 2"),
        ({"not": {"type": "string"}}, "x", "is not allowed in this form"),
        (False, 1, "is not allowed here"),
    ],
)
def test_keyword_messages(schema: Any, data: Any, message: str) -> None:
    assert one(schema, data).message == message


@pytest.mark.parametrize(
    ("schema", "data"),
    [
        ({"type": "integer"}, 3.0),  # JSON Schema: a number with a zero fraction is an integer
        ({"type": "number"}, 3),
        ({"multipleOf": 0.01}, 99.99),
        ({"enum": [1, True]}, True),
        ({"const": 1}, 1.0),
        ({"uniqueItems": True}, [1, True, "1"]),  # true is not 1 in JSON
        (True, {"anything": [1]}),
        ({}, None),
    ],
)
def test_valid_values(schema: Any, data: Any) -> None:
    assert errors(schema, data) == []


def test_properties_additional_and_unknown_field_with_did_you_mean() -> None:
    schema = {
        "type": "object",
        "properties": {"page_alert": {"type": "object"}, "ticket_alert": {"type": "object"}, "name": {"type": "string"}},
        "additionalProperties": False,
    }
    found = Validator(schema).errors({"pageAlert": {}, "tciket_alert": {}, "colour": 1, "name": 1})
    assert [(e.path, e.kind, e.message, e.at_key) for e in found] == [
        (("pageAlert",), "unknown-field", "unknown field 'pageAlert' (did you mean 'page_alert'?)", True),
        (("tciket_alert",), "unknown-field", "unknown field 'tciket_alert' (did you mean 'ticket_alert'?)", True),
        (("colour",), "unknown-field", "unknown field 'colour'", True),
        (("name",), "type", "must be a string, not an integer (1)", False),
    ]


def test_additional_properties_schema_and_pattern_properties() -> None:
    schema = {
        "patternProperties": {"^x-": {"type": "string"}},
        "additionalProperties": {"type": "integer"},
    }
    assert errors(schema, {"x-a": 1, "y": "s", "z": 2, "x-b": "ok"}) == [
        (("x-a",), "type", "must be a string, not an integer (1)"),
        (("y",), "type", "must be an integer, not a string ('s')"),
    ]


def test_property_names_point_at_the_key() -> None:
    error = one({"propertyNames": {"pattern": "^[a-z.]+$", "description": "a rule id"}}, {"Bad": 1})
    assert (error.path, error.kind, error.message, error.at_key) == (("Bad",), "pattern", "key 'Bad' does not match a rule id", True)


def test_items_and_prefix_items_report_item_paths() -> None:
    schema = {"prefixItems": [{"type": "string"}], "items": {"type": "integer"}}
    assert errors(schema, ["a", 1, "b", 2.5]) == [
        ((2,), "type", "must be an integer, not a string ('b')"),
        ((3,), "type", "must be an integer, not a number (2.5)"),
    ]


def test_unique_items_points_at_the_repeat() -> None:
    assert errors({"uniqueItems": True}, [{"a": 1}, {"a": 2}, {"a": 1}]) == [((2,), "unique", "repeats {'a': 1}")]


def test_all_of_reports_every_branch() -> None:
    schema = {"allOf": [{"required": ["a"]}, {"required": ["b"]}]}
    assert errors(schema, {}) == [((), "required", "missing required field 'a'"), ((), "required", "missing required field 'b'")]


def test_any_of_reports_the_branch_that_came_closest() -> None:
    schema = {
        "anyOf": [
            {"type": "string"},
            {"type": "object", "properties": {"ratio": {"type": "number"}}, "required": ["ratio"]},
        ]
    }
    # The object branch got as far as the field: its deeper error is the useful one.
    assert errors(schema, {"ratio": "high"}) == [(("ratio",), "type", "must be a number, not a string ('high')")]
    # The integer branch fits the value's type: its own error is the useful one.
    assert errors({"anyOf": [{"type": "integer", "minimum": 5}, {"type": "string"}]}, 1) == [
        ((), "range", "must be at least 5, not 1")
    ]
    # No branch fits the type: one sentence, naming what the closest branch wanted.
    assert errors({"anyOf": [{"type": "integer"}, {"type": "string"}]}, 1.5) == [
        ((), "one-of", "does not match any of the allowed forms: must be an integer, not a number (1.5)")
    ]


def test_one_of_reports_closest_branch_or_ambiguity() -> None:
    ratio = {"type": "object", "properties": {"good": {"type": "string"}, "total": {"type": "string"}}, "required": ["good", "total"], "additionalProperties": False}
    threshold = {"type": "object", "properties": {"threshold": {"type": "number"}}, "required": ["threshold"], "additionalProperties": False}
    schema = {"oneOf": [ratio, threshold]}
    assert errors(schema, {"good": "q"}) == [((), "required", "missing required field 'total'")]
    assert errors(schema, {"threshold": "x"}) == [(("threshold",), "type", "must be a number, not a string ('x')")]
    assert errors({"oneOf": [{"type": "integer"}, {"type": "number"}]}, 1) == [
        ((), "one-of", "matches more than one of the allowed forms; use exactly one")
    ]
    assert errors(schema, {"good": "a", "total": "b"}) == []


def test_if_then_else() -> None:
    schema = {"if": {"properties": {"kind": {"const": "a"}}}, "then": {"required": ["x"]}, "else": {"required": ["y"]}}
    assert errors(schema, {"kind": "a"}) == [((), "required", "missing required field 'x'")]
    assert errors(schema, {"kind": "b"}) == [((), "required", "missing required field 'y'")]
    assert errors(schema, {"kind": "a", "x": 1}) == []


def test_ref_to_defs_and_definitions_with_pointer_escapes() -> None:
    schema = {
        "type": "object",
        "properties": {"a": {"$ref": "#/$defs/name"}, "b": {"$ref": "#/definitions/a~1b"}, "c": {"$ref": "#"}},
        "$defs": {"name": {"type": "string", "minLength": 1}},
        "definitions": {"a/b": {"type": "integer"}},
    }
    assert errors(schema, {"a": "", "b": "x", "c": {"a": 1}}) == [
        (("a",), "length", "must not be empty"),
        (("b",), "type", "must be an integer, not a string ('x')"),
        (("c", "a"), "type", "must be a string, not an integer (1)"),
    ]


def test_ref_with_sibling_keywords_applies_both() -> None:
    schema = {"$ref": "#/$defs/s", "maxLength": 2, "$defs": {"s": {"type": "string"}}}
    assert errors(schema, 1) == [((), "type", "must be a string, not an integer (1)")]
    assert errors(schema, "abc") == [((), "length", "is 3 characters long, over the maximum of 2")]


def test_unsupported_keywords_refuse_to_load() -> None:
    with pytest.raises(ValueError, match=r"#/properties/a: unsupported schema keywords \['unevaluatedProperties'\]"):
        Validator({"properties": {"a": {"unevaluatedProperties": False}}})
    with pytest.raises(ValueError, match="a schema must be an object or a boolean"):
        Validator({"items": [1]})


def test_remote_ref_is_refused() -> None:
    with pytest.raises(ValueError, match="only local \\$ref is supported"):
        Validator({"$ref": "https://example.com/schema.json"}).errors(1)


def test_annotations_are_accepted_and_ignored() -> None:
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "x", "title": "t", "description": "d",
        "default": 1, "examples": [1], "markdownDescription": "m", "$comment": "c", "deprecated": True, "format": "uri",
    }
    assert errors(schema, "not a uri") == []


def test_long_values_are_cut_in_messages() -> None:
    message = one({"type": "integer"}, "x" * 500).message
    assert message.endswith("...)") and len(message) < 120


def test_validator_is_reusable_and_is_valid_agrees() -> None:
    validator = Validator({"type": "object", "required": ["a"]})
    assert validator.is_valid({"a": 1}, validator.root)
    assert not validator.is_valid({}, validator.root)
    assert validator.errors({}) == validator.errors({})
