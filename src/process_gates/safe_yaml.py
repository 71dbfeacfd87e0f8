"""Hostile-input-proof YAML loading that keeps a source position for every node.

Why not ``YAML(typ="rt")``: the round-trip loader is six times slower and constructs library objects.
Why not ``YAML(typ="safe").load``: it loses positions and happily expands alias bombs. Instead we read
libyaml's event stream (ruamel.yaml.clib) and build plain Python data ourselves with an explicit stack,
so that depth, alias expansion and size are bounded *while* parsing, every value has a ``line:col``, and
nothing but ``dict``/``list``/``str``/``int``/``float``/``bool``/``None`` is ever constructed.

Scalars resolve by the YAML 1.2 core schema (``yes``/``on`` stay strings, ``2022-01-01`` stays a string),
which is what ruamel.yaml and Go's yaml.v3 (the SLO tools' parser) agree on.
"""

from __future__ import annotations

import io
import math
import os
import re
import stat
import sys
from dataclasses import dataclass, field
from typing import Any, Iterator, Union

from .findings import Location, rule

PathKey = tuple[Union[str, int], ...]

#: Line, column, end line, end column; all 1-based.
Span = tuple[int, int, int, int]

DEFAULT_MAX_BYTES = 1024 * 1024
DEFAULT_MAX_DEPTH = 64
DEFAULT_MAX_NODES = 200_000
EXPANDED_TEXT_FACTOR = 8

UNREADABLE = rule(
    "input.unreadable",
    "error",
    "A path given to the gate cannot be read as a regular file.",
    "Pass an existing regular file (not a directory, pipe or device) that the job can read.",
    fatal=True,
)
TOO_LARGE = rule(
    "input.too-large",
    "error",
    "A file is larger than the configured limit.",
    "Split the file, or raise `limits.max_file_bytes` in .github/process-gates.yml.",
    fatal=True,
)
BINARY = rule(
    "input.binary",
    "error",
    "A file that should be text contains NUL bytes.",
    "Check that the path points at a text file; exclude binaries from the hook's `files` pattern.",
    fatal=True,
)
ENCODING = rule(
    "input.encoding",
    "error",
    "A file is not valid UTF-8.",
    "Save the file as UTF-8 (without a byte-order mark is best).",
    fatal=True,
)
SYNTAX = rule(
    "input.yaml-syntax",
    "error",
    "A file is not well-formed YAML.",
    "Fix the YAML at the reported position; `yamllint` gives more context.",
    fatal=True,
)
DUPLICATE_KEY = rule(
    "input.yaml-duplicate-key",
    "error",
    "A mapping repeats a key; YAML requires unique keys and tools disagree on which value wins.",
    "Remove or rename one of the two keys.",
    fatal=True,
)
TAG = rule(
    "input.yaml-tag",
    "error",
    "A node carries a tag other than the plain-data tags of the YAML core schema.",
    "Remove the tag: configuration files hold plain data only.",
    fatal=True,
)
TOO_DEEP = rule(
    "input.yaml-too-deep",
    "error",
    "Collections are nested deeper than the configured limit.",
    "Flatten the structure, or raise `limits.max_depth`.",
    fatal=True,
)
ALIAS_BOMB = rule(
    "input.yaml-too-many-nodes",
    "error",
    "The document expands (through aliases) to more nodes than the configured limit.",
    "Remove the aliases that multiply the document, or raise `limits.max_nodes`.",
    fatal=True,
)
BAD_KEY = rule(
    "input.yaml-key",
    "error",
    "A mapping key is a collection, or an alias is undefined, or a merge key merges a non-mapping.",
    "Use plain scalar keys and define each anchor before its aliases.",
    fatal=True,
)


@dataclass(frozen=True)
class Limits:
    """Bounds that keep a hostile file from costing more than a bounded amount of time and memory."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_depth: int = DEFAULT_MAX_DEPTH
    max_nodes: int = DEFAULT_MAX_NODES

    @property
    def max_text(self) -> int:
        """Characters of scalar text a document may expand to through aliases.

        Few nodes can carry much text: a 1 MB file can alias one 900 kB query from a thousand SLOs, and
        every rule that reads each query would then scan 900 MB. Without aliases a document never holds
        more text than its file has bytes, so only alias expansion can reach this bound.
        """
        return EXPANDED_TEXT_FACTOR * self.max_bytes


class InputError(Exception):
    """A file could not be turned into data; carries the rule and the place for a one-line report."""

    def __init__(self, rule_id: str, path: str, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.rule_id = rule_id
        self.path = path
        self.message = message
        self.line = line
        self.column = column

    @property
    def location(self) -> Location:
        return Location(self.path, self.line, self.column)

    def finding(self):  # -> Finding (avoid the import cycle in annotations)
        from .findings import lookup_rule

        declared = lookup_rule(self.rule_id)
        assert declared is not None, self.rule_id
        return declared.finding(self.message, self.location)


@dataclass
class YamlDocument:
    """One YAML document of a file: plain data plus where each piece of it was written."""

    path: str
    index: int
    data: Any
    spans: dict[PathKey, Span] = field(default_factory=dict, repr=False)
    key_spans: dict[PathKey, Span] = field(default_factory=dict, repr=False)
    #: The whole file's bytes (shared by its documents), for rules that read what YAML drops: comments.
    source: bytes = field(default=b"", repr=False, compare=False)

    def line_text(self, line: int) -> str:
        """The source text of a 1-based line, including any comment on it ("" when unknown)."""
        if not self.source or line < 1:
            return ""
        lines = self.source.split(b"\n", line)
        return lines[line - 1].decode("utf-8", "replace").rstrip("\r") if len(lines) >= line else ""

    def comment_on(self, line: int) -> str:
        """The ``# comment`` at the end of a line, if any (a ``#`` inside quotes is not a comment)."""
        text = self.line_text(line)
        quote = ""
        for i, ch in enumerate(text):
            if quote:
                if ch == quote:
                    quote = ""
            elif ch in "'\"":
                quote = ch
            elif ch == "#" and (i == 0 or text[i - 1] in " \t"):
                return text[i + 1 :].strip()
        return ""

    def span(self, path: PathKey = ()) -> Span | None:
        """The span of the value at ``path``, or of its nearest ancestor that has one (aliases)."""
        p = tuple(path)
        while True:
            found = self.spans.get(p)
            if found is not None:
                return found
            if not p:
                return None
            p = p[:-1]

    def location(self, path: PathKey = (), *, key: bool = False) -> Location:
        """Location of a value (or, with ``key``, of the key that names it) for a finding."""
        p = tuple(path)
        found = self.key_spans.get(p) if key else None
        if found is None:
            found = self.span(p)
        if found is None:
            return Location(self.path)
        line, col, end_line, end_col = found
        return Location(self.path, line, col, end_line, end_col)


# --- scalar resolution (YAML 1.2 core schema) ----------------------------------------------------------

_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUE = frozenset(("true", "True", "TRUE"))
_FALSE = frozenset(("false", "False", "FALSE"))
_INT = re.compile(r"[-+]?[0-9][0-9_]*\Z")
_INT_OCT = re.compile(r"0o[0-7]+\Z")
_INT_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"[-+]?\.(?:inf|Inf|INF)\Z")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)\Z")
_MAX_INT_DIGITS = 1000
#: Every number must fit a 64-bit float: that is what the Go tools (yaml.v3) and our rules compute with,
#: and ``float(n)`` of a larger int raises instead of comparing.
_FLOAT_MAX = sys.float_info.max

_CORE = "tag:yaml.org,2002:"
_ALLOWED_SCALAR_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null")}
_MAP_TAG = _CORE + "map"
_SEQ_TAG = _CORE + "seq"


class _Unresolvable(ValueError):
    pass


def resolve_plain(value: str) -> Any:
    """The core-schema value of a plain (unquoted, untagged) scalar."""
    if value in _NULLS:
        return None
    first = value[0]
    if first in "tTfF":
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        return value
    if first in "0123456789+-.":
        if _INT.match(value):
            digits = value.replace("_", "")
            return _in_range(int(digits) if len(digits) <= _MAX_INT_DIGITS else None, digits)
        if _FLOAT.match(value) and any(c.isdigit() for c in value):
            number = float(value.replace("_", ""))
            if math.isinf(number):
                raise _Unresolvable(
                    f"number {_abbreviate(value)} is out of range for a 64-bit float "
                    "(Go's YAML parser reads it as a string); write .inf if you mean infinity"
                )
            return number
        if _INT_OCT.match(value):
            return _in_range(int(value[2:], 8) if len(value) <= _MAX_INT_DIGITS else None, value)
        if _INT_HEX.match(value):
            return _in_range(int(value[2:], 16) if len(value) <= _MAX_INT_DIGITS else None, value)
        if _INF.match(value):
            return -math.inf if value[0] == "-" else math.inf
        if _NAN.match(value):
            return math.nan
    return value


def _in_range(number: int | None, text: str) -> int:
    if number is None or abs(number) > _FLOAT_MAX:
        raise _Unresolvable(
            f"number {_abbreviate(text)} ({len(text)} characters) is out of range: numbers must fit a 64-bit float"
        )
    return number


def _abbreviate(text: str) -> str:
    return text if len(text) <= 24 else f"{text[:10]}...{text[-10:]}"


def _resolve_tagged(tag: str, value: str) -> Any:
    kind = tag[len(_CORE):]
    if kind == "str":
        return value
    resolved = resolve_plain(value)
    if kind == "null" and resolved is None:
        return None
    if kind == "bool" and isinstance(resolved, bool):
        return resolved
    if kind == "int" and isinstance(resolved, int) and not isinstance(resolved, bool):
        return resolved
    if kind == "float" and isinstance(resolved, (int, float)) and not isinstance(resolved, bool):
        return float(resolved)
    raise _Unresolvable(f"{value!r} is not a valid !!{kind}")


# --- reading ----------------------------------------------------------------------------------------------


def read_text_file(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a regular file with bounded size, refusing pipes, devices and directories up front.

    Returns the raw bytes, verified as UTF-8 text (a BOM is allowed), so that the YAML parser never
    sees a byte it might misreport.
    """
    display = path
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError(UNREADABLE.id, display, "no such file")
    except NotADirectoryError:
        raise InputError(UNREADABLE.id, display, "no such file (a parent is not a directory)")
    except PermissionError:
        raise InputError(UNREADABLE.id, display, "permission denied")
    except OSError as exc:
        raise InputError(UNREADABLE.id, display, f"cannot stat: {exc.strerror or exc}")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(UNREADABLE.id, display, f"not a regular file (it is {_kind_of(st.st_mode)})")
    if st.st_size > max_bytes:
        raise InputError(
            TOO_LARGE.id, display, f"file is {st.st_size} bytes, over the limit of {max_bytes} bytes"
        )
    try:
        # O_NONBLOCK: if the path was swapped for a FIFO after stat, open must not block forever.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except PermissionError:
        raise InputError(UNREADABLE.id, display, "permission denied")
    except OSError as exc:
        raise InputError(UNREADABLE.id, display, f"cannot open: {exc.strerror or exc}")
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InputError(UNREADABLE.id, display, "not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(UNREADABLE.id, display, f"cannot read: {exc.strerror or exc}")
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise InputError(TOO_LARGE.id, display, f"file is over the limit of {max_bytes} bytes")
    check_text(data, display)
    return data


def _kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def check_text(data: bytes, path: str) -> None:
    """Refuse binary and non-UTF-8 content with the position of the first bad byte."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(ENCODING.id, path, "file is UTF-16 encoded; save it as UTF-8", 1, 1)
    nul = data.find(b"\x00")
    if nul != -1:
        line, col = _line_col_of_offset(data, nul)
        raise InputError(BINARY.id, path, "binary content (NUL byte); expected a text file", line, col)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col_of_offset(data, exc.start)
        raise InputError(
            ENCODING.id, path, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8", line, col
        )


def _line_col_of_offset(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset, counted as libyaml counts its marks:
    a leading byte-order mark takes no column, and a lone CR breaks a line as CRLF and LF do."""
    text = data[:offset].decode("utf-8", "replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return len(lines), len(lines[-1]) + 1


# --- parsing ----------------------------------------------------------------------------------------------


def load_file(path: str, limits: Limits = Limits()) -> list[YamlDocument]:
    """Every document of a YAML file, or an InputError that names the file and the place."""
    data = read_text_file(path, limits.max_bytes)
    return load_bytes(data, path, limits)


def load_bytes(data: bytes | str, path: str = "<string>", limits: Limits = Limits()) -> list[YamlDocument]:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return list(_Builder(path, limits).documents(data))


class _Frame:
    __slots__ = (
        "container", "path", "is_map", "pending_key", "pending_merge", "key_span", "anchor", "size", "weight",
        "span_start", "merges", "explicit",
    )

    def __init__(self, container: Any, path: PathKey, is_map: bool, anchor: str | None, span_start: Any):
        self.container = container
        self.path = path
        self.is_map = is_map
        self.pending_key: str | None = None
        self.key_span: Span | None = None
        self.anchor = anchor
        self.size = 1
        self.weight = 0
        self.pending_merge = False
        self.span_start = span_start
        self.merges: list[dict] = []
        self.explicit: set[str] = set()


class _Builder:
    """Turns libyaml events into plain data with spans, enforcing the limits as it goes."""

    def __init__(self, path: str, limits: Limits):
        self.path = path
        self.limits = limits
        self.source = b""

    def _err(self, rule_id: str, message: str, mark: Any = None) -> InputError:
        if mark is None:
            return InputError(rule_id, self.path, message)
        return InputError(rule_id, self.path, message, mark.line + 1, mark.column + 1)

    def documents(self, data: bytes) -> Iterator[YamlDocument]:
        from _ruamel_yaml import CParser  # ruamel.yaml.clib: libyaml's C parser

        from ruamel.yaml.error import MarkedYAMLError, YAMLError
        from ruamel.yaml.reader import ReaderError

        self.source = data
        parser = CParser(io.BytesIO(data))
        index = 0
        try:
            while True:
                event = parser.get_event()
                name = type(event).__name__
                if name == "StreamEndEvent":
                    return
                if name == "DocumentStartEvent":
                    yield self._document(parser, index)
                    index += 1
        except MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            problem = exc.problem or exc.context or "invalid YAML"
            if exc.context and exc.problem and exc.context_mark is not None:
                problem = f"{problem} ({exc.context} started at line {exc.context_mark.line + 1})"
            raise self._err(SYNTAX.id, problem, mark) from None
        except ReaderError as exc:
            # libyaml's reader refuses characters YAML does not allow (C0/C1 controls, U+FFFE...) with a
            # byte offset instead of a mark.
            line, col = _line_col_of_offset(data, exc.position) if isinstance(exc.position, int) else (None, None)
            char = exc.character
            what = f"character U+{char:04X}" if isinstance(char, int) else "a character"
            raise InputError(
                SYNTAX.id, self.path,
                f"{what} is not allowed in YAML ({exc.reason}); remove it, or write it as an escape "
                "such as \\x07 inside a double-quoted string",
                line, col,
            ) from None
        except YAMLError as exc:
            raise self._err(SYNTAX.id, str(exc).splitlines()[0] if str(exc) else "invalid YAML") from None

    def _document(self, parser: Any, index: int) -> YamlDocument:
        """Build one document from events. This loop is the hot path of every hook: it dispatches on
        event classes by identity and handles the common case (a plain scalar value) inline."""
        from ruamel.yaml.events import (
            AliasEvent,
            DocumentEndEvent,
            MappingEndEvent,
            MappingStartEvent,
            ScalarEvent,
            SequenceEndEvent,
            SequenceStartEvent,
        )

        limits = self.limits
        max_nodes = limits.max_nodes
        max_depth = limits.max_depth
        spans: dict[PathKey, Span] = {}
        key_spans: dict[PathKey, Span] = {}
        #: anchor -> (value, nodes, characters of text): what one alias of it adds to the document.
        anchors: dict[str, tuple[Any, int, int]] = {}
        stack: list[_Frame] = []
        root: Any = None
        total = 0
        text = 0
        max_text = limits.max_text
        get_event = parser.get_event
        scalar = self._scalar

        def place(
            value: Any, size: int, weight: int, start: Any, end: Any, anchor: str | None, closed: bool = False
        ) -> None:
            """Attach a finished value to its parent (or make it the root).

            ``size`` and ``weight`` are what the value expands to (nodes, characters of text), kept for
            its parent and its anchor. The document totals count every node once: a closed collection
            adds only itself, its children were counted as they were placed; an alias adds all it expands to.
            """
            nonlocal root, total, text
            if closed:
                total += 1
            else:
                total += size
                text += weight
            if total > max_nodes or text > max_text:
                raise self._over_budget(total, text, start)
            if anchor is not None:
                anchors[anchor] = (value, size, weight)
            span = (start.line + 1, start.column + 1, end.line + 1, end.column + 1)
            if not stack:
                spans[()] = span
                root = value
                return
            parent = stack[-1]
            parent.size += size
            parent.weight += weight
            if parent.is_map:
                if parent.pending_key is None:
                    if value.__class__ is not _Key:
                        raise self._err(BAD_KEY.id, "mapping keys must be scalars, not collections", start)
                    key = value.text
                    if key in parent.explicit:
                        first = key_spans.get(parent.path + (key,))
                        where = f" (first at line {first[0]})" if first else ""
                        raise self._err(DUPLICATE_KEY.id, f"duplicate key {key!r}{where}", start)
                    parent.pending_key = key
                    parent.pending_merge = value.merge
                    parent.key_span = span
                    return
                key = parent.pending_key
                parent.pending_key = None
                child_path = parent.path + (key,)
                if parent.pending_merge:
                    # Marked as explicit so that a second << is a duplicate key: ruamel.yaml refuses two,
                    # Go's yaml.v3 silently keeps the last, and we would merge both.
                    parent.pending_merge = False
                    self._merge(parent, value, start)
                    parent.explicit.add(key)
                    key_spans[child_path] = parent.key_span  # type: ignore[assignment]
                    return
                parent.container[key] = value
                parent.explicit.add(key)
                key_spans[child_path] = parent.key_span  # type: ignore[assignment]
                spans[child_path] = span
            else:
                child_path = parent.path + (len(parent.container),)
                parent.container.append(value)
                spans[child_path] = span

        while True:
            event = get_event()
            cls = event.__class__
            if cls is ScalarEvent:
                ctag = event.ctag
                value_text = event.value
                parent = stack[-1] if stack else None
                if parent is not None and parent.is_map and parent.pending_key is None:
                    # A key, handled inline (half of all scalars). Keys stay text: the formats we read have
                    # string keys (Go's map[string]...).
                    tag = None if ctag is None else str(ctag)
                    if tag is not None and tag not in _ALLOWED_SCALAR_TAGS and tag != "!":
                        raise self._err(TAG.id, f"tag {_short_tag(tag)} is not allowed (plain data only)", event.start_mark)
                    start = event.start_mark
                    weight = len(value_text)
                    total += 1
                    text += weight
                    if total > max_nodes or text > max_text:
                        raise self._over_budget(total, text, start)
                    if value_text in parent.explicit:
                        first = key_spans.get(parent.path + (value_text,))
                        where = f" (first at line {first[0]})" if first else ""
                        raise self._err(DUPLICATE_KEY.id, f"duplicate key {value_text!r}{where}", start)
                    parent.size += 1
                    parent.weight += weight
                    parent.pending_key = value_text
                    # Only a plain << is a merge key; a quoted "<<" is an ordinary key (YAML merge spec).
                    parent.pending_merge = value_text == "<<" and tag is None and not event.style
                    end = event.end_mark
                    parent.key_span = (start.line + 1, start.column + 1, end.line + 1, end.column + 1)
                    if event.anchor is not None:
                        anchors[event.anchor] = (value_text, 1, weight)
                    continue
                if ctag is None and not event.style and event.implicit[0]:
                    try:
                        value = resolve_plain(value_text)
                    except _Unresolvable as exc:
                        raise self._err(SYNTAX.id, str(exc), event.start_mark) from None
                else:
                    value = scalar(event)
                place(value, 1, len(value_text), event.start_mark, event.end_mark, event.anchor)
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                is_map = cls is MappingStartEvent
                tag = event.tag
                if tag is not None and tag != "!" and tag != (_MAP_TAG if is_map else _SEQ_TAG):
                    raise self._err(TAG.id, f"tag {_short_tag(tag)} is not allowed (plain data only)", event.start_mark)
                if stack and stack[-1].is_map and stack[-1].pending_key is None:
                    raise self._err(BAD_KEY.id, "mapping keys must be scalars, not collections", event.start_mark)
                if len(stack) >= max_depth:
                    raise self._err(TOO_DEEP.id, f"nesting deeper than {max_depth} levels", event.start_mark)
                if stack:
                    parent = stack[-1]
                    path = parent.path + ((parent.pending_key,) if parent.is_map else (len(parent.container),))
                else:
                    path = ()
                stack.append(_Frame({} if is_map else [], path, is_map, event.anchor, event.start_mark))
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                frame = stack.pop()
                if frame.merges:
                    for merged in frame.merges:
                        for k, v in merged.items():
                            if k not in frame.explicit:
                                frame.container.setdefault(k, v)
                place(frame.container, frame.size, frame.weight, frame.span_start, event.end_mark, frame.anchor, True)
            elif cls is AliasEvent:
                target = anchors.get(event.anchor)
                if target is None:
                    raise self._err(BAD_KEY.id, f"alias *{event.anchor} refers to no anchor defined before it", event.start_mark)
                value, size, weight = target
                if stack and stack[-1].is_map and stack[-1].pending_key is None:
                    if isinstance(value, (dict, list)):
                        raise self._err(BAD_KEY.id, "mapping keys must be scalars, not collections", event.start_mark)
                    place(_Key(str(value)), 1, weight, event.start_mark, event.end_mark, None)
                    continue
                place(value, size, weight, event.start_mark, event.end_mark, None)
            elif cls is DocumentEndEvent:
                return YamlDocument(self.path, index, root, spans, key_spans, self.source)
            else:  # pragma: no cover - libyaml emits nothing else inside a document
                raise self._err(SYNTAX.id, f"unexpected {cls.__name__}", event.start_mark)

    def _over_budget(self, nodes: int, text: int, mark: Any) -> InputError:
        """The error for a document that grew past its node or text budget (alias bombs, mostly)."""
        limits = self.limits
        if nodes > limits.max_nodes:
            return self._err(
                ALIAS_BOMB.id,
                f"document expands to more than {limits.max_nodes} nodes (alias bomb or oversized data)",
                mark,
            )
        return self._err(
            ALIAS_BOMB.id,
            f"document expands through aliases to more than {limits.max_text} characters of text",
            mark,
        )

    def _merge(self, frame: _Frame, value: Any, mark: Any) -> None:
        sources = value if isinstance(value, list) else [value]
        for source in sources:
            if not isinstance(source, dict):
                raise self._err(BAD_KEY.id, "a merge key (<<) must merge a mapping or a list of mappings", mark)
            frame.merges.append(source)

    def _scalar(self, event: Any) -> Any:
        tag = event.tag
        value = event.value
        try:
            if tag is None:
                plain = event.implicit[0] and not event.style
                return resolve_plain(value) if plain else value
            if tag == "!":
                return value
            if tag in _ALLOWED_SCALAR_TAGS:
                return _resolve_tagged(tag, value)
        except _Unresolvable as exc:
            raise self._err(SYNTAX.id, str(exc), event.start_mark) from None
        raise self._err(TAG.id, f"tag {_short_tag(tag)} is not allowed (plain data only)", event.start_mark)


class _Key:
    """A scalar in key position, kept as its source text; ``merge`` for a plain ``<<``."""

    __slots__ = ("text", "merge")

    def __init__(self, text: str, merge: bool = False):
        self.text = text
        self.merge = merge


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag
