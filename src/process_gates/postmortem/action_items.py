"""Action items: each one owned, dated and — where the team asks for it — typed.

An action item without an owner is nobody's; one without a date is "someday". Items are read from the
Action Items section (under any of its names) in the two shapes teams write them:

- a table: the owner and due columns are found by their header (Owner/Who/Assignee/DRI/Responsible,
  Due/Due Date/Deadline/ETA/Target Date/By When, Type/Kind/Category); every filled row is an item;
- a list or task list: every top-level item, or the children of a label item ending with ``:``
  ("Short term:"). The owner is an ``@handle``, ``owner: name`` (also assignee/who/DRI/assigned to)
  or a trailing ``[Name]`` (Morty's convention); the due date follows due/by/before/until/deadline/ETA
  or sits in the item's parentheses or brackets: ``- [ ] Fix X (@alice, due 2024-05-01)``.

Done task items (``- [x]``) need nothing more. Details in an item's sub-bullets count for the item.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from ..findings import Finding, Location, rule
from .dates import find_due_date
from .headings import heading_key
from .markdown import ListBlock, ListItem, Table, TableRow, prose
from .model import ActionItem, PostmortemDocument, shorten
from .placeholders import is_form, is_placeholder, row_is_template

OWNER = rule(
    "postmortem.action-item.owner",
    "error",
    "An action item names no owner, so nobody is accountable for doing it.",
    "Name one owner per item: `@handle` or `owner: name` in a list item, or fill an Owner/Who/Assignee column.",
)
DUE = rule(
    "postmortem.action-item.due",
    "error",
    "An action item has no due date (or one that is not a date), so it cannot be followed up.",
    "Add a date: `due 2024-05-01` or `(@alice, 2024-05-01)` in a list item, or fill a Due/Deadline/ETA column; "
    "a quarter (2024-Q3), ISO week (2024-W18) or sprint number also counts.",
)
TYPE = rule(
    "postmortem.action-item.type",
    "error",
    "An action item does not say which of the configured types it is (postmortem.lint.action_items.types).",
    "Add the type in a Type column, as `type: Prevent`, or as `[Prevent]`/`(Prevent)` in the item.",
)

_OWNER_HEADERS = ("owner", "who", "assignee", "assigned to", "dri", "responsible", "responsible person", "owned by", "person")
_DUE_HEADERS = ("due", "due date", "deadline", "eta", "target date", "target", "by when", "when", "date", "due by")
_TYPE_HEADERS = ("type", "kind", "category")
_TITLE_HEADERS = ("action item", "action", "item", "task", "description", "what", "title", "summary", "follow up", "followup")

HANDLE = re.compile(r"(?<![\w@./+-])@([A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:/[A-Za-z0-9_.-]+)?)")
_OWNER_LABEL = re.compile(
    r"\b(?:owners?|assignees?|who|dri|responsible)\s*[:=]\s*(?P<value>[^,;()\[\]\n]+)"
    r"|\b(?:assigned\s+to|owned\s+by)\s+(?P<value2>[^,;()\[\]\n]+)",
    re.IGNORECASE,
)
#: Morty's "[Rick]" or "[Rick, Morty]" at the end of an item (a parenthesised note may follow it).
_NAME = r"[A-Z][^\W\d_]+(?:[ .'-][^\W\d_]+)*"
_TRAILING_NAMES = re.compile(
    r"(?<!\])\[(?P<names>" + _NAME + r"(?:\s*[,&]\s*" + _NAME + r")*)\](?![(\[:])\s*(?:\([^()]*\)\s*)?\Z"
)
_DUE_LABEL = re.compile(
    r"\b(?:due(?:\s+(?:date|by|on))?|deadline|eta|target(?:\s+date)?)(?P<sep>\s*[:=])?\s*(?P<value>[^,;()\[\]\n]*)",
    re.IGNORECASE,
)
_BY_DATE = re.compile(r"\b(?:by|before|until|till|no\s+later\s+than)\s+(?P<value>[^,;()\[\]\n]+)", re.IGNORECASE)
_GROUPS = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
_BOLD_TITLE = re.compile(r"\s*(\*\*|__)(?P<title>.+?)\1")
_TYPE_LABEL = re.compile(r"\btype\s*[:=]\s*(?P<value>[\w-]+)", re.IGNORECASE)


def _header_index(header: TableRow, names: tuple[str, ...]) -> int | None:
    """The first column whose header (before any parenthesis) is one of ``names``."""
    wanted = {heading_key(n) for n in names}
    for i, cell in enumerate(header.cells):
        label = heading_key(cell.text.split("(")[0])
        if label in wanted:
            return i
    return None


# --- tables ---------------------------------------------------------------------------------------------


def _table_items(table: Table, types: tuple[str, ...]) -> Iterator[ActionItem]:
    owner_at = _header_index(table.header, _OWNER_HEADERS)
    due_at = _header_index(table.header, _DUE_HEADERS)
    type_at = _header_index(table.header, _TYPE_HEADERS)
    title_at = _header_index(table.header, _TITLE_HEADERS)
    if title_at is None:
        title_at = next((i for i in range(len(table.header.cells)) if i not in (owner_at, due_at, type_at)), 0)
    for row in table.rows:
        if row_is_template(row):
            continue
        cells = row.cells
        first = next((c for c in cells if c.text), cells[0])
        title = cells[title_at].text or first.text
        owner = owner_problem = None
        if owner_at is None:
            owner_problem = "the table has no Owner column (Owner, Who, Assignee, DRI)"
        elif not is_placeholder(cells[owner_at].text):
            owner = cells[owner_at].text
        due, due_problem = None, ""
        if due_at is None:
            due_problem = "the table has no Due column (Due, Due Date, Deadline, ETA)"
        else:
            value = cells[due_at].text
            due = find_due_date(value)
            if due is None and not is_placeholder(value):
                due_problem = f'"{shorten(value, 30)}" is not a date'
        kind, kind_problem = None, ""
        if types:
            if type_at is None:
                kind = _type_in(" ".join(c.text for c in cells), types, loose=True)
                kind_problem = "" if kind else "the table has no Type column"
            else:
                kind = _type_in(cells[type_at].text, types, loose=True)
        yield ActionItem(
            shorten(title), row.line, first.column, owner, due, kind,
            owner_problem=owner_problem or "", due_problem=due_problem, kind_problem=kind_problem,
        )


# --- lists ----------------------------------------------------------------------------------------------


def _is_label_item(item: ListItem) -> bool:
    """``- Short term:`` or ``- **Process**`` with sub-items: a group of items, not an item itself."""
    if not item.children:
        return False
    text = " ".join(t.text for t in item.lines).strip()
    bold = _BOLD_TITLE.match(text)
    return text.endswith(":") or (bold is not None and bold.end() >= len(text.rstrip(":")))


def _list_items(items: Iterable[ListItem]) -> Iterator[ListItem]:
    for item in items:
        if _is_label_item(item):
            yield from _list_items(item.children)
        else:
            yield item


def find_owner(text: str, link_labels: frozenset[str] = frozenset()) -> str | None:
    handle = HANDLE.search(text)
    if handle:
        return "@" + handle.group(1)
    for label in _OWNER_LABEL.finditer(text):
        value = (label.group("value") or label.group("value2")).strip()
        value = re.split(r"\s+(?:due|by|before|until|eta)\b", value, maxsplit=1, flags=re.IGNORECASE)[0].strip()
        if value and not is_placeholder(value):
            return value
    names = _TRAILING_NAMES.search(text)
    if names and names.group("names").strip().lower() not in link_labels:
        return names.group("names").strip()
    return None


def find_due(text: str) -> tuple[str | None, str]:
    """(the due date, or None with why: "" when absent, or the value that is not a date)."""
    problem = ""
    for label in _DUE_LABEL.finditer(text):
        value = label.group("value").strip()
        due = find_due_date(value)
        if due:
            return due, ""
        if label.group("sep") and value and not is_placeholder(value) and not problem:
            problem = f'"{shorten(value, 30)}" is not a date'
    for by in _BY_DATE.finditer(text):
        due = find_due_date(by.group("value"))
        if due:
            return due, ""
    for group in _GROUPS.finditer(text):
        due = find_due_date(group.group(1) or group.group(2) or "")
        if due:
            return due, ""
    return None, problem


def _type_in(text: str, types: tuple[str, ...], *, loose: bool = False) -> str | None:
    """A configured type named in the item: a Type cell (loose: anywhere in it), ``type: X``,
    ``[X]``/``(X)`` among the item's bracketed notes, or ``X:``/``**X**`` in front."""
    wanted = {t.lower(): t for t in types}
    if loose:
        for word in re.findall(r"[\w-]+", text):
            if word.lower() in wanted:
                return wanted[word.lower()]
        return None
    label = _TYPE_LABEL.search(text)
    if label and label.group("value").lower() in wanted:
        return wanted[label.group("value").lower()]
    for group in _GROUPS.finditer(text):
        for word in re.findall(r"[\w-]+", group.group(1) or group.group(2) or ""):
            if word.lower() in wanted:
                return wanted[word.lower()]
    lead = re.match(r"\s*(?:\*\*|__)?([\w-]+)(?:\*\*|__)?\s*:", text)
    if lead and lead.group(1).lower() in wanted:
        return wanted[lead.group(1).lower()]
    return None


def _item_text(item: ListItem) -> str:
    return " ".join(prose(t.text) for node in item.walk() for t in node.lines)


def _title_of(item: ListItem) -> str:
    text = " ".join(t.text for t in item.lines)
    bold = _BOLD_TITLE.match(text)
    return shorten(bold.group("title") if bold else text)


def _list_block_items(block: ListBlock, types: tuple[str, ...], link_labels: frozenset[str]) -> Iterator[ActionItem]:
    for item in _list_items(block.items):
        own = " ".join(t.text for t in item.lines)
        if item.task == "x" or (is_placeholder(own) and not item.children):
            continue
        text = _item_text(item)
        due, due_problem = find_due(text)
        yield ActionItem(
            _title_of(item), item.line, item.content_column,
            find_owner(text, link_labels), due,
            _type_in(text, types) if types else None,
            due_problem=due_problem,
        )


def action_items(doc: PostmortemDocument, types: tuple[str, ...] = ()) -> list[ActionItem]:
    """Every action item of the document's Action Items section(s), in order."""
    found: list[ActionItem] = []
    for section in doc.named("Action Items"):
        for block in section.all_blocks():
            if isinstance(block, Table) and not is_form(block):
                found.extend(_table_items(block, types))
            elif isinstance(block, ListBlock):
                found.extend(_list_block_items(block, types, doc.markdown.link_labels))
    return found


def check_action_items(doc: PostmortemDocument, types: tuple[str, ...] = ()) -> list[Finding]:
    findings: list[Finding] = []
    for item in action_items(doc, types):
        where = Location(doc.path, item.line, item.column)
        if item.owner is None:
            why = f": {item.owner_problem}" if item.owner_problem else ""
            findings.append(OWNER.finding(f'action item "{item.title}" has no owner{why}', where))
        if item.due is None:
            why = f": {item.due_problem}" if item.due_problem else ""
            findings.append(DUE.finding(f'action item "{item.title}" has no due date{why}', where))
        if types and item.kind is None:
            why = f" ({item.kind_problem})" if item.kind_problem else ""
            findings.append(
                TYPE.finding(f'action item "{item.title}" has no type: name one of {", ".join(types)}{why}', where)
            )
    return findings
