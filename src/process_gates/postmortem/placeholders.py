"""What counts as written and what is still a template's hint.

A template pasted and never filled has every heading, so "the section exists" proves nothing; what
matters is whether someone wrote in it. Hints come in recognisable shapes, and only these count as
empty: HTML comments (already hidden by the reader), ``TBD``/``TODO``/``N/A``/``XXX``/``...``, a
bracketed instruction (``<describe the impact>``, ``[Insert summary]``, ``{{summary}}``), an italic
instruction (``_Describe what happened_``), a date format mask (``20xx-MM-DD HH:mm``), a label with a
placeholder value (``Category: XXX``), a note that only names the time zone (``All times in UTC.``),
an empty list or task item, and a table with no filled body row (or, for a label/value form whose
header has empty cells, no filled value).
"""

from __future__ import annotations

import re

from .markdown import Block, CodeBlock, ListBlock, ListItem, Paragraph, Table, TableRow

_MARKUP = re.compile(r"[*_~`]+")
_ONLY_PUNCTUATION = re.compile(r"[\W_]*\Z")
_WORDS = frozenset(
    (
        "tbd", "tbc", "tba", "todo", "to do", "n/a", "na", "xxx", "xx", "yyy", "zzz", "placeholder",
        "lorem ipsum", "fill in", "fill me in", "coming soon", "wip",
    )
)
_BRACKETED = re.compile(r"<[^<>]*>|\[[^\[\]]*\]|\{\{?[^{}]*\}?\}|\$\{[^{}]*\}")
_INSTRUCTION = re.compile(
    r"(?:describe|insert|add|enter|fill|write|summari[sz]e|explain|provide|include|replace|list|outline|"
    r"document|note|put|give|state|link)\b",
    re.IGNORECASE,
)
_AUTOLINK = re.compile(r"<(?:https?|mailto):", re.IGNORECASE)
_HERE = re.compile(r"\b(?:goes here|here)\W*\Z", re.IGNORECASE)
_MASK = re.compile(r"[0-9xXyYmMdDhHsS:/.\-T ]+\Z")
_MASK_RUN = re.compile(r"(?:yyyy|YYYY|yy|YY|MM|DD|dd|HH|hh|mm|ss|xx|XX)")
_LABEL = re.compile(r"([^:]{1,60}):(.*)\Z")
_TIME_ZONE_NOTE = re.compile(
    r"\(?\s*(?i:(?:all\s+)?(?:times?|timestamps?|dates?(?:\s+and\s+times?)?)\s+(?:are\s+)?"
    r"(?:(?:shown|given|listed|displayed|written)\s+)?(?:in\s+)?)"
    r"(?:UTC|GMT|[A-Z]{2,5})(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?\s*\)?\s*\.?\Z"
)


def is_format_mask(text: str) -> bool:
    """``20xx-MM-DD HH:mm``, ``YYYY-MM-DD``: a date or time format still waiting for its value."""
    stripped = text.strip()
    return bool(stripped) and bool(_MASK.match(stripped)) and bool(_MASK_RUN.search(stripped))


def is_placeholder(text: str) -> bool:
    """True when the text is empty or only a template's hint (see the module docstring)."""
    raw = text.strip()
    if not raw:
        return True
    plain = _MARKUP.sub("", raw).strip()
    if _ONLY_PUNCTUATION.match(plain):
        return True
    lowered = plain.lower().rstrip(".!:")
    if lowered in _WORDS or is_format_mask(plain):
        return True
    if _is_bracketed_hint(plain):
        return True
    if (_is_italic(raw) and _INSTRUCTION.match(plain)) or (_INSTRUCTION.match(plain) and _HERE.search(plain)):
        return True
    label = _LABEL.match(plain)
    if label and len(label.group(1).split()) <= 6 and label.group(2).strip() != plain:
        value = label.group(2).strip()
        return is_placeholder(value) if value else True
    return False


def _is_bracketed_hint(plain: str) -> bool:
    """``<describe the impact>``, ``{{summary}}`` and ``[Insert summary here]`` are hints; an autolink
    (``<https://...>``), a link (``[PM-12](url)``) or a bare ``[ticket]`` reference is not."""
    if plain.startswith("["):
        return plain.endswith("]") and "](" not in plain and bool(_INSTRUCTION.match(plain[1:]))
    if _AUTOLINK.match(plain):
        return False
    return _BRACKETED.sub("", plain).strip(" \t.,;:") == ""


def _is_italic(raw: str) -> bool:
    return len(raw) > 2 and raw[0] in "*_" and raw[-1] == raw[0]


def is_time_zone_note(text: str) -> bool:
    """``All times in UTC.``: a convention for the reader, not content."""
    return bool(_TIME_ZONE_NOTE.match(text.strip()))


def row_is_template(row: TableRow) -> bool:
    """A row with nothing but hints, or one that still holds a date format mask, was never filled."""
    cells = [c.text for c in row.cells]
    return all(is_placeholder(c) for c in cells) or any(is_format_mask(c) for c in cells)


def is_form(table: Table) -> bool:
    """A label/value form (``| Start Time |   | Detected By |   |``): its header has empty cells."""
    return len(table.header.cells) > 1 and any(not c.text.strip() for c in table.header.cells)


def table_has_content(table: Table) -> bool:
    if is_form(table):
        rows = [table.header, *table.rows]
        return any(not is_placeholder(c.text) for row in rows for c in row.cells[1::2])
    return any(not row_is_template(row) for row in table.rows)


def item_has_content(item: ListItem) -> bool:
    text = " ".join(t.text for t in item.lines)
    return not is_placeholder(text) or any(item_has_content(child) for child in item.children)


def paragraph_has_content(paragraph: Paragraph) -> bool:
    whole = " ".join(t.text for t in paragraph.lines)
    if is_placeholder(whole) or is_time_zone_note(whole):
        return False
    return any(not is_placeholder(t.text) and not is_time_zone_note(t.text) for t in paragraph.lines)


def block_has_content(block: Block) -> bool:
    """Whether a block holds something a person wrote (headings of sub-sections do not count)."""
    if isinstance(block, Paragraph):
        return paragraph_has_content(block)
    if isinstance(block, ListBlock):
        return any(item_has_content(item) for item in block.items)
    if isinstance(block, Table):
        return table_has_content(block)
    if isinstance(block, CodeBlock):
        return block.has_text
    return False

