"""The OpenSLO structural schemas, compiled once into plain closures.

Why not run them through ``process_gates.schema.Validator``: it interprets the schema on every call
(generators, keyword lookups at each node) and spent ~110 µs on a typical SLO, more than half of a
hook's budget per file. Compiled, the same check costs ~15 µs. The subset compiled is the one
openslo_schema uses (type, properties, required, additionalProperties: false, items, enum, minLength,
local $ref); anything else raises at import, so a schema cannot silently mean less. The errors are the
Validator's (same kinds, same sentences), and a test checks that both agree on real files.
"""

from __future__ import annotations

from typing import Any, Callable

from ..safe_yaml import PathKey
from ..schema import _ARTICLE, SchemaError, _closest, _describe_types, _show, type_name

Check = Callable[[Any, PathKey, list[SchemaError]], None]

_SUPPORTED = frozenset(
    ("type", "properties", "required", "additionalProperties", "items", "enum", "minLength", "$ref", "description")
)


def _type_test(wanted: list[str]) -> Callable[[Any], bool]:
    plain = tuple(
        {"string": str, "object": dict, "array": list, "null": type(None)}[t]
        for t in wanted
        if t in ("string", "object", "array", "null")
    )
    number, integer, boolean = "number" in wanted, "integer" in wanted, "boolean" in wanted

    def test(value: Any) -> bool:
        if isinstance(value, bool):
            return boolean
        if isinstance(value, plain):
            return True
        if isinstance(value, (int, float)):
            return number or (integer and (isinstance(value, int) or value.is_integer()))
        return False

    return test


class Compiler:
    """Compiles schemas against one set of ``$defs``; each definition is compiled once and shared."""

    def __init__(self, defs: dict[str, Any]):
        self.defs = defs
        self.compiled: dict[str, Check] = {}

    def compile(self, schema: Any) -> Check:
        if not isinstance(schema, dict):
            raise ValueError(f"not a schema: {schema!r}")
        unknown = set(schema) - _SUPPORTED
        if unknown:
            raise ValueError(f"keywords {sorted(unknown)} are not supported by the compiled checker")
        if "$ref" in schema:
            return self._ref(schema["$ref"])
        checks: list[Check] = []
        if "type" in schema:
            wanted = [schema["type"]] if isinstance(schema["type"], str) else list(schema["type"])
            is_type = _type_test(wanted)
            # "or null" would only confuse: null is how YAML spells a field left empty.
            described = _describe_types([t for t in wanted if t != "null"] or wanted)
        else:
            is_type, described = None, ""
        if "enum" in schema:
            options = schema["enum"]
            if not all(isinstance(o, str) for o in options):
                raise ValueError("only text enums are supported by the compiled checker")
            allowed = frozenset(options)
            listed = ", ".join(_show(o) for o in options)

            def enum(value: Any, path: PathKey, out: list[SchemaError]) -> None:
                if value is not None and value not in allowed:
                    out.append(SchemaError(path, "enum", f"must be one of {listed}, not {_show(value)}{_closest(value, options)}"))

            checks.append(enum)
        if "minLength" in schema:
            minimum = schema["minLength"]

            def length(value: Any, path: PathKey, out: list[SchemaError]) -> None:
                if isinstance(value, str) and len(value) < minimum:
                    out.append(SchemaError(path, "length", "must not be empty" if minimum == 1 else f"must be at least {minimum} characters long"))

            checks.append(length)
        if "properties" in schema or "required" in schema or "additionalProperties" in schema:
            checks.append(self._object(schema))
        if "items" in schema:
            checks.append(self._items(self.compile(schema["items"])))

        def check(value: Any, path: PathKey, out: list[SchemaError]) -> None:
            if is_type is not None and not is_type(value):
                kind = type_name(value)
                shown = "" if isinstance(value, (dict, list)) else f" ({_show(value)})"
                out.append(SchemaError(path, "type", f"must be {described}, not {_ARTICLE.get(kind, kind)}{shown}"))
                return
            for step in checks:
                step(value, path, out)

        return check

    def _ref(self, ref: str) -> Check:
        name = ref.rsplit("/", 1)[-1]
        if not ref.startswith("#/$defs/") or name not in self.defs:
            raise ValueError(f"unknown $ref {ref!r}")
        found = self.compiled.get(name)
        if found is None:
            # Through a cell, so that a definition that (indirectly) refers to itself still compiles.
            cell: list[Check] = []
            self.compiled[name] = lambda value, path, out: cell[0](value, path, out)
            cell.append(self.compile(self.defs[name]))
            self.compiled[name] = found = cell[0]
        return found

    def _object(self, schema: dict[str, Any]) -> Check:
        properties = {name: self.compile(sub) for name, sub in schema.get("properties", {}).items()}
        names = list(properties)
        required = tuple(schema.get("required", ()))
        additional = schema.get("additionalProperties", True)
        if additional not in (True, False):
            raise ValueError("additionalProperties must be true or false for the compiled checker")
        closed = additional is False

        def check_object(value: Any, path: PathKey, out: list[SchemaError]) -> None:
            if not isinstance(value, dict):
                return
            for name in required:
                if name not in value:
                    out.append(SchemaError(path, "required", f"missing required field {name!r}"))
            for key, item in value.items():
                sub = properties.get(key)
                if sub is not None:
                    sub(item, path + (key,), out)
                elif closed:
                    out.append(SchemaError(path + (key,), "unknown-field", f"unknown field {key!r}{_closest(key, names)}", at_key=True))

        return check_object

    @staticmethod
    def _items(item: Check) -> Check:
        def check_items(value: Any, path: PathKey, out: list[SchemaError]) -> None:
            if isinstance(value, list):
                for i, element in enumerate(value):
                    item(element, path + (i,), out)

        return check_items
