"""GitHub Actions expressions (``${{ ... }}``), evaluated the way the runner does.

Why our own evaluator: the actions under test may only use expressions where the runner evaluates them
(``env:``, ``with:``, ``if:``, ``working-directory``, ``shell``, ``outputs.*.value``), and the tests must
see the same values a runner would produce, including GitHub's loose typing: case-insensitive string
equality, coercion to numbers across types, ``&&``/``||`` returning operands, ``null`` for missing
properties. Reference: docs.github.com "Evaluate expressions in workflows and actions".
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence


class ExpressionError(ValueError):
    """An expression that the runner would refuse: syntax, unknown context or function, bad arguments."""


# --------------------------------------------------------------------------------------------- lexing

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<number>-?(?:0x[0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?))
  | (?P<string>'(?:[^']|'')*')
  | (?P<ident>[A-Za-z_][A-Za-z0-9_-]*)
  | (?P<op>==|!=|<=|>=|&&|\|\||[()\[\].,!<>*])
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    pos: int


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise ExpressionError(f"unexpected symbol {text[pos]!r} at position {pos + 1} in {text!r}")
        kind = m.lastgroup or ""
        value = m.group()
        if kind == "number" and value.startswith("-") and tokens and tokens[-1].kind in {"number", "string", "ident", ")", "]"}:
            raise ExpressionError(f"unexpected '-' at position {pos + 1} in {text!r}: there is no minus operator")
        if kind == "op":
            kind = value
        if kind != "ws":
            tokens.append(Token(kind, value, pos))
        pos = m.end()
    return tokens


# -------------------------------------------------------------------------------------------- parsing
# The AST is made of tuples: ("lit", value) ("ctx", name) ("prop", obj, name) ("index", obj, expr)
# ("star", obj) ("not", x) ("and", a, b) ("or", a, b) ("cmp", op, a, b) ("call", name, [args])


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.tokens = tokenize(text)
        self.i = 0

    def peek(self) -> Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self, kind: str | None = None) -> Token:
        tok = self.peek()
        if tok is None:
            raise ExpressionError(f"unexpected end of expression {self.text!r}")
        if kind is not None and tok.kind != kind:
            raise ExpressionError(f"expected {kind!r} at position {tok.pos + 1} in {self.text!r}, found {tok.text!r}")
        self.i += 1
        return tok

    def parse(self) -> tuple:
        if not self.tokens:
            raise ExpressionError("empty expression")
        node = self.or_()
        tok = self.peek()
        if tok is not None:
            raise ExpressionError(f"unexpected {tok.text!r} at position {tok.pos + 1} in {self.text!r}")
        return node

    def or_(self) -> tuple:
        node = self.and_()
        while (tok := self.peek()) and tok.kind == "||":
            self.take()
            node = ("or", node, self.and_())
        return node

    def and_(self) -> tuple:
        node = self.equality()
        while (tok := self.peek()) and tok.kind == "&&":
            self.take()
            node = ("and", node, self.equality())
        return node

    def equality(self) -> tuple:
        node = self.comparison()
        while (tok := self.peek()) and tok.kind in ("==", "!="):
            self.take()
            node = ("cmp", tok.kind, node, self.comparison())
        return node

    def comparison(self) -> tuple:
        node = self.unary()
        while (tok := self.peek()) and tok.kind in ("<", "<=", ">", ">="):
            self.take()
            node = ("cmp", tok.kind, node, self.unary())
        return node

    def unary(self) -> tuple:
        tok = self.peek()
        if tok is not None and tok.kind == "!":
            self.take()
            return ("not", self.unary())
        return self.postfix(self.primary())

    def postfix(self, node: tuple) -> tuple:
        while (tok := self.peek()) is not None:
            if tok.kind == ".":
                self.take()
                nxt = self.take()
                if nxt.kind == "*":
                    node = ("star", node)
                elif nxt.kind == "ident":
                    node = ("prop", node, nxt.text)
                else:
                    raise ExpressionError(f"expected a property name after '.' at position {nxt.pos + 1} in {self.text!r}")
            elif tok.kind == "[":
                self.take()
                if (star := self.peek()) is not None and star.kind == "*":
                    self.take()
                    self.take("]")
                    node = ("star", node)
                else:
                    index = self.or_()
                    self.take("]")
                    node = ("index", node, index)
            else:
                break
        return node

    def primary(self) -> tuple:
        tok = self.take()
        if tok.kind == "(":
            node = self.or_()
            self.take(")")
            return node
        if tok.kind == "number":
            return ("lit", _parse_number(tok.text))
        if tok.kind == "string":
            return ("lit", tok.text[1:-1].replace("''", "'"))
        if tok.kind == "ident":
            word = tok.text
            lowered = word.lower()
            nxt = self.peek()
            if nxt is not None and nxt.kind == "(":
                self.take()
                args: list[tuple] = []
                if (close := self.peek()) is not None and close.kind == ")":
                    self.take()
                else:
                    while True:
                        args.append(self.or_())
                        sep = self.take()
                        if sep.kind == ")":
                            break
                        if sep.kind != ",":
                            raise ExpressionError(f"expected ',' or ')' at position {sep.pos + 1} in {self.text!r}")
                return ("call", lowered, args)
            if word == "true":
                return ("lit", True)
            if word == "false":
                return ("lit", False)
            if word == "null":
                return ("lit", None)
            if word in ("NaN", "Infinity"):
                return ("lit", float(word.lower().replace("infinity", "inf")))
            return ("ctx", lowered)
        raise ExpressionError(f"unexpected {tok.text!r} at position {tok.pos + 1} in {self.text!r}")


def _parse_number(text: str) -> float:
    sign = -1.0 if text.startswith("-") else 1.0
    body = text.lstrip("-")
    if body.lower().startswith("0x"):
        return sign * float(int(body, 16))
    return sign * float(body)


def parse(expression: str) -> tuple:
    return _Parser(expression).parse()


STATUS_FUNCTIONS = frozenset({"success", "failure", "always", "cancelled"})


def uses_status_function(node: tuple) -> bool:
    if node[0] == "call" and node[1] in STATUS_FUNCTIONS:
        return True
    return any(isinstance(part, tuple) and uses_status_function(part) for part in node[1:]) or any(
        isinstance(part, list) and any(uses_status_function(a) for a in part) for part in node[1:]
    )


# ------------------------------------------------------------------------------------------- coercion


class Filtered(list):
    """The result of an object filter (``a.*.b``): dereferencing maps over the items."""


def truthy(value: Any) -> bool:
    if value is None or value is False:
        return False
    if value is True:
        return True
    if isinstance(value, (int, float)):
        return not (value == 0 or math.isnan(value))
    if isinstance(value, str):
        return value != ""
    return True


def to_number(value: Any) -> float:
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        text = value.strip()
        if text == "":
            return 0.0
        try:
            if re.fullmatch(r"-?0x[0-9a-fA-F]+", text):
                return _parse_number(text)
            if re.fullmatch(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", text):
                return float(text)
        except ValueError:
            pass
        return math.nan
    return math.nan


def to_string(value: Any) -> str:
    """How a value looks when interpolated into a string (``env:``, ``with:``, outputs)."""
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        if float(value).is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(float(value))
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "Array"
    return "Object"


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "object"


def _fold(text: str) -> str:
    return text.upper()


def loose_equal(a: Any, b: Any) -> bool:
    ka, kb = _kind(a), _kind(b)
    if ka == kb:
        if ka == "string":
            return _fold(a) == _fold(b)
        if ka == "number":
            return float(a) == float(b)
        if ka == "object":
            return a is b
        return a == b
    if ka == "object" or kb == "object":
        return False
    return to_number(a) == to_number(b)


def _compare(op: str, a: Any, b: Any) -> bool:
    if op == "==":
        return loose_equal(a, b)
    if op == "!=":
        return not loose_equal(a, b)
    if _kind(a) == "string" and _kind(b) == "string":
        x: Any = _fold(a)
        y: Any = _fold(b)
    else:
        x, y = to_number(a), to_number(b)
        if math.isnan(x) or math.isnan(y):
            return False
    return {"<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y}[op]


def get_property(obj: Any, name: str) -> Any:
    """Property access: case-insensitive on objects, null on anything else (never an error)."""
    if isinstance(obj, Filtered):
        out = Filtered()
        for item in obj:
            value = get_property(item, name)
            if value is not None:
                out.append(value)
        return out
    if isinstance(obj, Mapping):
        if name in obj:
            return obj[name]
        lowered = name.lower()
        for key, value in obj.items():
            if isinstance(key, str) and key.lower() == lowered:
                return value
    return None


def _index(obj: Any, key: Any) -> Any:
    if isinstance(obj, list) and not isinstance(obj, Filtered):
        number = to_number(key)
        if math.isnan(number) or number < 0 or not float(number).is_integer():
            return None
        i = int(number)
        return obj[i] if i < len(obj) else None
    if isinstance(obj, Filtered):
        return Filtered(v for v in (_index(item, key) for item in obj) if v is not None)
    if isinstance(obj, Mapping):
        return get_property(obj, to_string(key))
    return None


def _star(obj: Any) -> Any:
    if isinstance(obj, Filtered):
        out = Filtered()
        for item in obj:
            out.extend(_star(item))
        return out
    if isinstance(obj, list):
        return Filtered(obj)
    if isinstance(obj, Mapping):
        return Filtered(obj.values())
    return Filtered()


# ------------------------------------------------------------------------------------------ functions


def _fn_contains(search: Any, item: Any) -> bool:
    if isinstance(search, list):
        return any(loose_equal(element, item) for element in search)
    return _fold(to_string(item)) in _fold(to_string(search))


def _fn_starts_with(text: Any, prefix: Any) -> bool:
    return _fold(to_string(text)).startswith(_fold(to_string(prefix)))


def _fn_ends_with(text: Any, suffix: Any) -> bool:
    return _fold(to_string(text)).endswith(_fold(to_string(suffix)))


def _fn_format(template: Any, *args: Any) -> str:
    text = to_string(template)
    out: list[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "{":
            if text.startswith("{{", i):
                out.append("{")
                i += 2
                continue
            end = text.find("}", i)
            index = text[i + 1 : end] if end != -1 else ""
            if not index.isdigit():
                raise ExpressionError(f"format(): invalid placeholder in {text!r}")
            n = int(index)
            if n >= len(args):
                raise ExpressionError(f"format(): placeholder {{{n}}} has no argument in {text!r}")
            out.append(to_string(args[n]))
            i = end + 1
        elif c == "}":
            if text.startswith("}}", i):
                out.append("}")
                i += 2
                continue
            raise ExpressionError(f"format(): unbalanced '}}' in {text!r}")
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _fn_join(items: Any, separator: Any = ",") -> str:
    if isinstance(items, list):
        return to_string(separator).join(to_string(x) for x in items)
    return to_string(items)


def _json_ready(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    if isinstance(value, Mapping):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_ready(v) for v in value]
    return value


def _fn_to_json(value: Any) -> str:
    return json.dumps(_json_ready(value), indent=2, ensure_ascii=False)


def _fn_from_json(text: Any) -> Any:
    raw = to_string(text)
    if raw.strip() == "":
        raise ExpressionError("fromJSON(): empty input")
    try:
        return json.loads(raw, parse_int=float)
    except json.JSONDecodeError as exc:
        raise ExpressionError(f"fromJSON(): invalid JSON ({exc.msg})") from exc


def hash_files(workspace: str, patterns: Sequence[str]) -> str:
    """SHA-256 over the SHA-256 of each matched file (sorted), as the runner's hashFiles() does; '' if none."""
    root = Path(workspace)
    include = [p for p in patterns if not p.startswith("!")]
    exclude = [p[1:] for p in patterns if p.startswith("!")]
    matched: set[Path] = set()
    for pattern in include:
        matched.update(p for p in root.glob(pattern) if p.is_file())
    for pattern in exclude:
        for excluded in root.glob(pattern):
            # pathlib's '**' yields folders: excluding one excludes everything below it.
            matched = {m for m in matched if m != excluded and excluded not in m.parents}
    if not matched:
        return ""
    outer = hashlib.sha256()
    for path in sorted(matched):
        outer.update(hashlib.sha256(path.read_bytes()).digest())
    return outer.hexdigest()


# ----------------------------------------------------------------------------------------- evaluation


@dataclass
class Status:
    """The job (or composite action) status that success()/failure()/always()/cancelled() read."""

    value: str = "success"  # success | failure | cancelled


class Evaluator:
    def __init__(self, contexts: Mapping[str, Any], status: Status | None = None, allowed_contexts: Sequence[str] | None = None):
        self.contexts = {k.lower(): v for k, v in contexts.items()}
        self.status = status or Status()
        self.allowed = None if allowed_contexts is None else {c.lower() for c in allowed_contexts}

    def evaluate(self, node: tuple) -> Any:
        kind = node[0]
        if kind == "lit":
            return node[1]
        if kind == "ctx":
            name = node[1]
            if name not in self.contexts or (self.allowed is not None and name not in self.allowed):
                raise ExpressionError(f"Unrecognized named-value: '{name}'")
            return self.contexts[name]
        if kind == "prop":
            return get_property(self.evaluate(node[1]), node[2])
        if kind == "index":
            return _index(self.evaluate(node[1]), self.evaluate(node[2]))
        if kind == "star":
            return _star(self.evaluate(node[1]))
        if kind == "not":
            return not truthy(self.evaluate(node[1]))
        if kind == "and":
            left = self.evaluate(node[1])
            return self.evaluate(node[2]) if truthy(left) else left
        if kind == "or":
            left = self.evaluate(node[1])
            return left if truthy(left) else self.evaluate(node[2])
        if kind == "cmp":
            return _compare(node[1], self.evaluate(node[2]), self.evaluate(node[3]))
        if kind == "call":
            return self.call(node[1], node[2])
        raise AssertionError(node)

    def call(self, name: str, arg_nodes: list[tuple]) -> Any:
        if name in STATUS_FUNCTIONS:
            if arg_nodes:
                raise ExpressionError(f"{name}() takes no arguments")
            status = self.status.value
            return {
                "success": status == "success",
                "failure": status == "failure",
                "always": True,
                "cancelled": status == "cancelled",
            }[name]
        spec = _FUNCTIONS.get(name)
        if spec is None:
            raise ExpressionError(f"Unrecognized function: '{name}'")
        low, high, impl = spec
        if not (low <= len(arg_nodes) <= high):
            raise ExpressionError(f"{name}() takes {low}..{high if high < 99 else 'n'} arguments, got {len(arg_nodes)}")
        args = [self.evaluate(a) for a in arg_nodes]
        if impl is None:  # hashFiles
            workspace = to_string(get_property(self.contexts.get("github"), "workspace")) or os.getcwd()
            return hash_files(workspace, [to_string(a) for a in args])
        return impl(*args)


_FUNCTIONS: dict[str, tuple[int, int, Callable[..., Any] | None]] = {
    "contains": (2, 2, _fn_contains),
    "startswith": (2, 2, _fn_starts_with),
    "endswith": (2, 2, _fn_ends_with),
    "format": (1, 99, _fn_format),
    "join": (1, 2, _fn_join),
    "tojson": (1, 1, _fn_to_json),
    "fromjson": (1, 1, _fn_from_json),
    "hashfiles": (1, 99, None),  # needs the workspace: evaluated by Evaluator.call
}


def evaluate(expression: str, contexts: Mapping[str, Any], status: Status | None = None, allowed_contexts: Sequence[str] | None = None) -> Any:
    return Evaluator(contexts, status, allowed_contexts).evaluate(parse(expression))


# ------------------------------------------------------------------------------------------ templates


def split_template(text: str) -> list[tuple[str, str]]:
    """``[("text", ...), ("expr", ...)]`` parts of a string that may hold ``${{ }}`` expressions.

    The closing ``}}`` is searched outside single-quoted strings, so ``'}}'`` inside an expression is fine.
    """
    parts: list[tuple[str, str]] = []
    pos = 0
    while True:
        start = text.find("${{", pos)
        if start == -1:
            if pos < len(text):
                parts.append(("text", text[pos:]))
            return parts
        if start > pos:
            parts.append(("text", text[pos:start]))
        i = start + 3
        in_string = False
        while i < len(text):
            c = text[i]
            if in_string:
                if c == "'":
                    if text.startswith("''", i):
                        i += 2
                        continue
                    in_string = False
            elif c == "'":
                in_string = True
            elif text.startswith("}}", i):
                break
            i += 1
        else:
            raise ExpressionError(f"unclosed '${{{{' in {text!r}")
        parts.append(("expr", text[start + 3 : i].strip()))
        pos = i + 2


def has_expression(text: Any) -> bool:
    return isinstance(text, str) and "${{" in text


def interpolate(text: Any, contexts: Mapping[str, Any], status: Status | None = None, allowed_contexts: Sequence[str] | None = None) -> Any:
    """Evaluate a value from action.yml: a lone ``${{ x }}`` keeps x's type, anything else becomes a string."""
    if not isinstance(text, str) or "${{" not in text:
        return text
    parts = split_template(text)
    evaluator = Evaluator(contexts, status, allowed_contexts)
    if len(parts) == 1 and parts[0][0] == "expr":
        return evaluator.evaluate(parse(parts[0][1]))
    return "".join(value if kind == "text" else to_string(evaluator.evaluate(parse(value))) for kind, value in parts)


def condition_expression(condition: Any) -> str:
    """The expression an ``if:`` runs, with the implicit ``success() &&`` the runner adds."""
    if condition is None or condition == "":
        return "success()"
    if isinstance(condition, bool):
        return "success() && " + ("true" if condition else "false")
    if isinstance(condition, (int, float)):
        return f"success() && ({to_string(condition)})"
    text = str(condition).strip()
    parts = split_template(text) if "${{" in text else [("expr", text)]
    if len(parts) == 1 and parts[0][0] == "expr":
        inner = parts[0][1]
    else:
        # Mixed text and expressions: the result is a non-empty string, hence always true (a classic trap).
        inner = "'" + "".join(v if k == "text" else "x" for k, v in parts).replace("'", "''") + "'"
    if uses_status_function(parse(inner)):
        return inner
    return f"success() && ({inner})"


def evaluate_condition(condition: Any, contexts: Mapping[str, Any], status: Status) -> bool:
    return truthy(evaluate(condition_expression(condition), contexts, status))
