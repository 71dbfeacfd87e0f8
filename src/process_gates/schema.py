"""A small JSON Schema (draft 2020-12 subset) validator that speaks in paths and plain sentences.

Why our own: the ``jsonschema`` package costs ~0.1 s to import on a hook's start-up path and reports
errors as schema paths; we need positions in the YAML source and messages a person acts on ("unknown
field 'pageAlert' (did you mean 'page_alert'?)"). The schemas we ship stay standard JSON Schema, so
editors and check-jsonschema read them too; a test checks that both validators agree on them.

Supported keywords: type, enum, const, pattern, minLength, maxLength, minimum, maximum,
exclusiveMinimum, exclusiveMaximum, multipleOf, properties, required, additionalProperties,
patternProperties, propertyNames, minProperties, maxProperties, items, prefixItems, minItems,
maxItems, uniqueItems, allOf, anyOf, oneOf, not, if/then/else, $ref (local ``#/...`` only), $defs.
Annotations (title, description, default, examples, markdownDescription, $schema, $id, $comment) are
accepted and ignored. Anything else raises at load time so a schema can't silently mean less.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterator

from .safe_yaml import PathKey

_ANNOTATIONS = frozenset(
    (
        "title", "description", "default", "examples", "markdownDescription", "$schema", "$id",
        "$comment", "$defs", "definitions", "deprecated", "readOnly", "writeOnly", "format",
    )
)
_KNOWN = _ANNOTATIONS | frozenset(
    (
        "type", "enum", "const", "pattern", "minLength", "maxLength", "minimum", "maximum",
        "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "properties", "required",
        "additionalProperties", "patternProperties", "propertyNames", "minProperties", "maxProperties",
        "items", "prefixItems", "minItems", "maxItems", "uniqueItems", "allOf", "anyOf", "oneOf", "not",
        "if", "then", "else", "$ref",
    )
)


@dataclass(frozen=True)
class SchemaError:
    """One violation: where (a data path), what kind (a stable word) and a sentence for people."""

    path: PathKey
    kind: str
    message: str
    #: True when the error is about a key itself (unknown field): point at the key, not the value.
    at_key: bool = False


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _is_type(value: Any, wanted: str) -> bool:
    if wanted == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if wanted == "integer":
        if isinstance(value, bool):
            return False
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    return type_name(value) == wanted


_ARTICLE = {"integer": "an integer", "object": "a mapping", "array": "a list", "null": "null",
            "number": "a number", "string": "a string", "boolean": "true or false"}


def _describe_types(types: list[str]) -> str:
    words = [_ARTICLE.get(t, t) for t in types]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


#: What a value *is*, for "must be X, not Y": a boolean is not "true or false".
_ACTUAL = {**_ARTICLE, "boolean": "a boolean"}


def _show(value: Any) -> str:
    """A value as the user wrote it in YAML or JSON (``true``, ``null``, ``'text'``), cut to one line."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def type_mismatch(value: Any) -> str:
    """The second half of "must be X, not Y": ``not a boolean (true)``, ``not null``, ``not a list``.

    Public because compiled checkers (slo/openslo_shape.py) must say exactly what this validator says.
    """
    kind = type_name(value)
    if value is None:
        return "not null"
    if isinstance(value, (dict, list)):
        return f"not {_ACTUAL[kind]}"
    return f"not {_ACTUAL.get(kind, kind)} ({_show(value)})"


@lru_cache(maxsize=512)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


class Validator:
    """Validates plain data against one root schema; reusable across many documents."""

    def __init__(self, schema: dict[str, Any]):
        self.root = schema
        self._check_keywords(schema, "#")

    def _check_keywords(self, schema: Any, where: str) -> None:
        if isinstance(schema, bool):
            return
        if not isinstance(schema, dict):
            raise ValueError(f"{where}: a schema must be an object or a boolean")
        unknown = set(schema) - _KNOWN
        if unknown:
            raise ValueError(f"{where}: unsupported schema keywords {sorted(unknown)}")
        for key in ("properties", "patternProperties", "$defs", "definitions"):
            for name, sub in (schema.get(key) or {}).items():
                self._check_keywords(sub, f"{where}/{key}/{name}")
        for key in ("additionalProperties", "items", "not", "if", "then", "else", "propertyNames"):
            if key in schema:
                self._check_keywords(schema[key], f"{where}/{key}")
        for key in ("allOf", "anyOf", "oneOf", "prefixItems"):
            for i, sub in enumerate(schema.get(key) or []):
                self._check_keywords(sub, f"{where}/{key}/{i}")

    def resolve(self, ref: str) -> Any:
        if not ref.startswith("#"):
            raise ValueError(f"only local $ref is supported, not {ref!r}")
        node: Any = self.root
        for part in ref[1:].split("/"):
            if part:
                node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def errors(self, data: Any, schema: Any = None, path: PathKey = ()) -> list[SchemaError]:
        return list(self._validate(data, self.root if schema is None else schema, path))

    def is_valid(self, data: Any, schema: Any) -> bool:
        return next(iter(self._validate(data, schema, ())), None) is None

    def _validate(self, value: Any, schema: Any, path: PathKey) -> Iterator[SchemaError]:
        if schema is True:
            return
        if schema is False:
            yield SchemaError(path, "forbidden", "is not allowed here")
            return
        if "$ref" in schema:
            yield from self._validate(value, self.resolve(schema["$ref"]), path)
        types = schema.get("type")
        if types is not None:
            wanted = [types] if isinstance(types, str) else list(types)
            if not any(_is_type(value, t) for t in wanted):
                yield SchemaError(path, "type", f"must be {_describe_types(wanted)}, {type_mismatch(value)}")
                return
        if "const" in schema and not _equal(value, schema["const"]):
            yield SchemaError(path, "enum", f"must be {_show(schema['const'])}, not {_show(value)}")
        if "enum" in schema and not any(_equal(value, e) for e in schema["enum"]):
            options = ", ".join(_show(e) for e in schema["enum"])
            close = _closest(value, [e for e in schema["enum"] if isinstance(e, str)])
            yield SchemaError(path, "enum", f"must be one of {options}, not {_show(value)}{close}")
        if isinstance(value, str):
            yield from self._string(value, schema, path)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            yield from self._number(value, schema, path)
        elif isinstance(value, dict):
            yield from self._object(value, schema, path)
        elif isinstance(value, list):
            yield from self._array(value, schema, path)
        for sub in schema.get("allOf", ()):
            yield from self._validate(value, sub, path)
        if "anyOf" in schema:
            branches = [self.errors(value, sub, path) for sub in schema["anyOf"]]
            if all(branches):
                yield from _best_branch(branches, path, "anyOf")
        if "oneOf" in schema:
            branches = [self.errors(value, sub, path) for sub in schema["oneOf"]]
            passing = sum(1 for b in branches if not b)
            if passing == 0:
                yield from _best_branch(branches, path, "oneOf")
            elif passing > 1:
                yield SchemaError(path, "one-of", "matches more than one of the allowed forms; use exactly one")
        if "not" in schema and self.is_valid(value, schema["not"]):
            yield SchemaError(path, "forbidden", "is not allowed in this form")
        if "if" in schema:
            if self.is_valid(value, schema["if"]):
                if "then" in schema:
                    yield from self._validate(value, schema["then"], path)
            elif "else" in schema:
                yield from self._validate(value, schema["else"], path)

    def _string(self, value: str, schema: dict[str, Any], path: PathKey) -> Iterator[SchemaError]:
        if "minLength" in schema and len(value) < schema["minLength"]:
            if schema["minLength"] == 1:
                yield SchemaError(path, "length", "must not be empty")
            else:
                yield SchemaError(path, "length", f"must be at least {schema['minLength']} characters long")
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            yield SchemaError(path, "length", f"is {len(value)} characters long, over the maximum of {schema['maxLength']}")
        if "pattern" in schema and not _regex(schema["pattern"]).search(value):
            why = schema.get("description") or f"the pattern {schema['pattern']}"
            yield SchemaError(path, "pattern", f"{_show(value)} does not match {why}")

    def _number(self, value: float, schema: dict[str, Any], path: PathKey) -> Iterator[SchemaError]:
        if "minimum" in schema and value < schema["minimum"]:
            yield SchemaError(path, "range", f"must be at least {schema['minimum']}, not {value}")
        if "maximum" in schema and value > schema["maximum"]:
            yield SchemaError(path, "range", f"must be at most {schema['maximum']}, not {value}")
        if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
            yield SchemaError(path, "range", f"must be greater than {schema['exclusiveMinimum']}, not {value}")
        if "exclusiveMaximum" in schema and value >= schema["exclusiveMaximum"]:
            yield SchemaError(path, "range", f"must be less than {schema['exclusiveMaximum']}, not {value}")
        if "multipleOf" in schema:
            quotient = value / schema["multipleOf"]
            if abs(quotient - round(quotient)) > 1e-9:
                yield SchemaError(path, "range", f"must be a multiple of {schema['multipleOf']}")

    def _object(self, value: dict[str, Any], schema: dict[str, Any], path: PathKey) -> Iterator[SchemaError]:
        props: dict[str, Any] = schema.get("properties", {})
        for name in schema.get("required", ()):
            if name not in value:
                yield SchemaError(path, "required", f"missing required field {name!r}")
        if "minProperties" in schema and len(value) < schema["minProperties"]:
            yield SchemaError(path, "length", f"must have at least {schema['minProperties']} entries")
        if "maxProperties" in schema and len(value) > schema["maxProperties"]:
            yield SchemaError(path, "length", f"must have at most {schema['maxProperties']} entries")
        patterns: dict[str, Any] = schema.get("patternProperties", {})
        additional = schema.get("additionalProperties", True)
        names = schema.get("propertyNames")
        for key, item in value.items():
            child = path + (key,)
            if names is not None:
                for err in self._validate(key, names, child):
                    yield SchemaError(child, err.kind, f"key {err.message}", at_key=True)
            matched = False
            if key in props:
                matched = True
                yield from self._validate(item, props[key], child)
            for pattern, sub in patterns.items():
                if _regex(pattern).search(key):
                    matched = True
                    yield from self._validate(item, sub, child)
            if matched:
                continue
            if additional is False:
                close = _closest(key, list(props))
                yield SchemaError(child, "unknown-field", f"unknown field {key!r}{close}", at_key=True)
            elif isinstance(additional, dict):
                yield from self._validate(item, additional, child)

    def _array(self, value: list[Any], schema: dict[str, Any], path: PathKey) -> Iterator[SchemaError]:
        if "minItems" in schema and len(value) < schema["minItems"]:
            if schema["minItems"] == 1:
                yield SchemaError(path, "length", "must not be empty")
            else:
                yield SchemaError(path, "length", f"must have at least {schema['minItems']} items, has {len(value)}")
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            yield SchemaError(path, "length", f"must have at most {schema['maxItems']} item{'s' if schema['maxItems'] != 1 else ''}, has {len(value)}")
        prefix = schema.get("prefixItems", [])
        for i, sub in enumerate(prefix[: len(value)]):
            yield from self._validate(value[i], sub, path + (i,))
        items = schema.get("items")
        if items is not None:
            for i in range(len(prefix), len(value)):
                yield from self._validate(value[i], items, path + (i,))
        if schema.get("uniqueItems"):
            seen: list[Any] = []
            for i, item in enumerate(value):
                if any(_equal(item, s) for s in seen):
                    yield SchemaError(path + (i,), "unique", f"repeats {_show(item)}")
                else:
                    seen.append(item)


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return bool(a == b)


def _closest(word: Any, options: list[str]) -> str:
    if not isinstance(word, str) or not options:
        return ""
    normal = {o.replace("_", "").lower(): o for o in options}
    squashed = word.replace("_", "").replace("-", "").lower()
    if squashed in normal:
        return f" (did you mean {normal[squashed]!r}?)"
    import difflib  # only when a key is unknown

    match = difflib.get_close_matches(word, options, n=1, cutoff=0.75)
    return f" (did you mean {match[0]!r}?)" if match else ""


def _best_branch(branches: list[list[SchemaError]], path: PathKey, word: str) -> Iterator[SchemaError]:
    """Report the branch the value was most likely meant for.

    A branch whose type does not even fit the value is the least likely; then one that finds keys it
    does not know (the value was written for another branch); then the one that got deepest before
    failing, with the fewest errors. Its errors are reported as they are, unless even that branch
    rejects the value's type: then one sentence says the value fits none of the forms.
    """
    depth = len(path)

    def score(errors: list[SchemaError]) -> tuple[int, int, int, int]:
        wrong_type = sum(1 for e in errors if len(e.path) == depth and e.kind in ("type", "enum", "one-of", "forbidden"))
        foreign_keys = sum(1 for e in errors if e.kind == "unknown-field" and len(e.path) == depth + 1)
        return (wrong_type, foreign_keys, -max(len(e.path) for e in errors), len(errors))

    best = min(branches, key=score)
    if score(best)[0] == 0:
        yield from best
    else:
        yield SchemaError(path, "one-of", "does not match any of the allowed forms: " + "; ".join(e.message for e in best[:3]))
