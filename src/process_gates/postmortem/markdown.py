"""A small, fast reader of Markdown *structure* with 1-based line and column positions.

Why not a CommonMark library: markdown-it and friends build inline trees and HTML we never need, lose
source columns for most nodes, and cost more to import than a hook may spend. A postmortem linter needs
blocks only — headings (ATX and setext), paragraphs, lists and task lists, GFM tables, HTML comments,
code fences, front matter — each with where it was written. Inline markup is left in the text, and
:func:`prose` blanks what language rules must not read (code spans, URLs, HTML tags) without moving
any column.

What GitHub renders decides what we read: an HTML comment hides its text (even an unclosed one, to the
end of the file, as CommonMark does), a fenced block is code, a table needs its delimiter row with as
many cells as its header. Nesting is kept where rules need it (list items and their children); block
quotes are read as text.

Every scan is a linear pass over lines; no regular expression here can backtrack over a long line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator, Union

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_FENCE_OPEN = re.compile(r"[ \t]*(`{3,}|~{3,})(.*)")
_FENCE_CLOSE = re.compile(r"[ \t]*(`{3,}|~{3,})[ \t]*\Z")
_ATX = re.compile(r" {0,3}(#{1,6})(?=[ \t]|\Z)")
_SETEXT = re.compile(r" {0,3}(=+|-+)[ \t]*\Z")
_THEMATIC = re.compile(r" {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})\Z")
_LIST_MARKER = re.compile(r"([-+*]|\d{1,9}[.)])([ \t]+|\Z)")
_TASK = re.compile(r"\[([ xX])\](?=[ \t]|\Z)[ \t]*")
_QUOTE = re.compile(r" {0,3}> ?")
_LINK_DEFINITION = re.compile(r" {0,3}\[((?:[^\]\\\n]|\\.){1,999})\]:[ \t]*\S")
_DELIMITER_CELL = re.compile(r":?-+:?\Z")
_BACKTICKS = re.compile(r"`+")


@dataclass(frozen=True)
class Text:
    """A piece of text on one source line, and the 1-based column of its first character."""

    line: int
    column: int
    text: str


@dataclass(frozen=True)
class Comment:
    """An HTML comment: where ``<!--`` starts, the line of its ``-->``, and what it says between them."""

    line: int
    column: int
    end_line: int
    body: str


@dataclass
class Heading:
    level: int
    #: The title without ``#`` markers or setext underline, positioned at its first character.
    title: Text
    setext: bool = False

    @property
    def line(self) -> int:
        return self.title.line


@dataclass
class Paragraph:
    lines: list[Text]
    quote: bool = False

    @property
    def line(self) -> int:
        return self.lines[0].line


@dataclass
class ListItem:
    line: int
    #: Column of the list marker (``-``, ``*``, ``+``, ``1.``).
    column: int
    marker: str
    #: " " for an open task (``- [ ]``), "x" for a done one, None for a plain item.
    task: str | None
    #: The item's own text: what follows the marker (and the task box), then its continuation lines.
    lines: list[Text] = field(default_factory=list)
    children: list["ListItem"] = field(default_factory=list)
    #: Width from the line start to the item's content: deeper lines belong to the item.
    content_indent: int = 0

    @property
    def ordered(self) -> bool:
        return self.marker[0].isdigit()

    @property
    def content_column(self) -> int:
        return self.lines[0].column if self.lines else self.column

    def walk(self) -> Iterator["ListItem"]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class ListBlock:
    items: list[ListItem]

    @property
    def line(self) -> int:
        return self.items[0].line

    def walk(self) -> Iterator[ListItem]:
        for item in self.items:
            yield from item.walk()


@dataclass
class TableRow:
    line: int
    cells: list[Text]


@dataclass
class Table:
    header: TableRow
    rows: list[TableRow]

    @property
    def line(self) -> int:
        return self.header.line


@dataclass
class CodeBlock:
    line: int
    end_line: int
    info: str
    fenced: bool
    has_text: bool


@dataclass
class ThematicBreak:
    line: int


@dataclass
class LinkDefinition:
    line: int
    label: str


@dataclass
class FrontMatter:
    line: int
    end_line: int


Block = Union[Heading, Paragraph, ListBlock, Table, CodeBlock, ThematicBreak, LinkDefinition, FrontMatter]


@dataclass
class MarkdownDocument:
    blocks: list[Block]
    comments: list[Comment]
    line_count: int
    #: Lower-cased labels of link reference definitions (``[label]: url``).
    link_labels: frozenset[str] = frozenset()

    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]


# --- lines and comments -------------------------------------------------------------------------------


def split_lines(text: str) -> list[str]:
    """Lines as editors count them: CRLF, LF and a lone CR each end one; a leading BOM is dropped."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _code_span_ranges(line: str) -> list[tuple[int, int]]:
    """Character ranges of the inline code spans on one line (a run of n backticks closed by n)."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(line)]
    ranges: list[tuple[int, int]] = []
    i = 0
    while i < len(runs):
        start, end = runs[i]
        width = end - start
        for j in range(i + 1, len(runs)):
            if runs[j][1] - runs[j][0] == width:
                ranges.append((start, runs[j][1]))
                i = j
                break
        i += 1
    return ranges


def _inside(ranges: list[tuple[int, int]], index: int) -> bool:
    return any(a <= index < b for a, b in ranges)


def hide_comments(lines: list[str]) -> tuple[list[str], list[Comment], set[int]]:
    """Blank every HTML comment outside code (same line lengths, so columns hold) and collect them.

    Also returns the lines to skip: lines that only held part of a comment opened after text on an
    earlier line. Such a comment is inline HTML inside a paragraph, so its lines must not read as the
    blank line that would end the paragraph; a comment opened at a line's start is a block of its own.
    """
    out: list[str] = []
    comments: list[Comment] = []
    skip: set[int] = set()
    fence: tuple[str, int] | None = None
    open_at: tuple[int, int] | None = None
    inline = False
    body: list[str] = []
    for number, line in enumerate(lines, 1):
        if open_at is None:
            if fence is not None:
                close = _FENCE_CLOSE.match(line)
                if close and close.group(1)[0] == fence[0] and len(close.group(1)) >= fence[1]:
                    fence = None
                out.append(line)
                continue
            opening = _FENCE_OPEN.match(line)
            if opening and not (opening.group(1)[0] == "`" and "`" in opening.group(2)):
                fence = (opening.group(1)[0], len(opening.group(1)))
                out.append(line)
                continue
        if open_at is None and "<!--" not in line:
            out.append(line)
            continue
        blanks: list[tuple[int, int]] = []
        code = _code_span_ranges(line) if "`" in line else []
        pos = 0
        touched_inline = open_at is not None and inline
        while pos <= len(line):
            if open_at is not None:
                end = line.find("-->", pos)
                if end == -1:
                    body.append(line[pos:])
                    blanks.append((pos, len(line)))
                    break
                body.append(line[pos:end])
                blanks.append((pos, end + 3))
                comments.append(Comment(open_at[0], open_at[1], number, "\n".join(body).strip()))
                open_at, body, pos = None, [], end + 3
                continue
            start = line.find("<!--", pos)
            if start == -1:
                break
            if _inside(code, start):
                pos = start + 4
                continue
            rest = line[start + 4 :]
            if rest.startswith((">", "->")):  # <!--> and <!---> are complete, empty comments
                length = 5 if rest.startswith(">") else 6
                comments.append(Comment(number, start + 1, number, ""))
                blanks.append((start, start + length))
                pos = start + length
                continue
            open_at, body = (number, start + 1), []
            inline = bool(line[:start].strip())
            touched_inline = touched_inline or inline
            blanks.append((start, start + 4))
            pos = start + 4
        if blanks:
            chars = list(line)
            for a, b in blanks:
                chars[a:b] = " " * (b - a)
            if touched_inline and line.strip() and not "".join(chars).strip():
                skip.add(number)
            line = "".join(chars)
        out.append(line)
    if open_at is not None:
        comments.append(Comment(open_at[0], open_at[1], len(lines), "\n".join(body).strip()))
    return out, comments, skip


# --- inline text for language rules -------------------------------------------------------------------

_URL = re.compile(r"https?://[^\s<>()\[\]]*")
_LINK_TARGET = re.compile(r"\]\([^()\s]*(?:\s+\"[^\"]*\")?\)|\]\[[^\[\]]*\]")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<(?:https?|mailto):[^<>\s]*>")


def prose(text: str) -> str:
    """The same text with code spans, link targets, URLs and HTML tags blanked: what a reader reads as
    words, at the same columns."""
    if not any(ch in text for ch in "`]<:"):
        return text
    chars = list(text)

    def blank(a: int, b: int) -> None:
        chars[a:b] = " " * (b - a)

    for a, b in _code_span_ranges(text) if "`" in text else ():
        blank(a, b)
    for pattern in (_LINK_TARGET, _HTML_TAG, _URL):
        for m in pattern.finditer(text):
            start = m.start() + 1 if pattern is _LINK_TARGET else m.start()
            blank(start, m.end())
    return "".join(chars)


# --- blocks ---------------------------------------------------------------------------------------------


def _indentation(line: str) -> tuple[int, int]:
    """(width with tabs to the next multiple of 4, number of leading whitespace characters)."""
    width = count = 0
    for ch in line:
        if ch == " ":
            width += 1
        elif ch == "\t":
            width += 4 - width % 4
        else:
            break
        count += 1
    return width, count


def _strip_to(line: str, width: int) -> tuple[str, int]:
    """Remove leading whitespace worth ``width`` columns; returns the rest and the characters removed."""
    seen = count = 0
    for ch in line:
        if seen >= width or ch not in " \t":
            break
        seen += 1 if ch == " " else 4 - seen % 4
        count += 1
    return line[count:], count


def split_cells(line: str, number: int) -> list[Text]:
    """A GFM table row's cells: outer pipes optional, ``\\|`` is a literal pipe, text trimmed."""
    start, end = 0, len(line)
    while start < end and line[start] in " \t":
        start += 1
    while end > start and line[end - 1] in " \t":
        end -= 1
    if start < end and line[start] == "|":
        start += 1
    if end > start and line[end - 1] == "|" and (end - 2 < start or line[end - 2] != "\\"):
        end -= 1
    cells: list[Text] = []
    cell_start = j = start
    while j < end:
        ch = line[j]
        if ch == "\\":
            j += 2
            continue
        if ch == "|":
            cells.append(_cell(line, cell_start, j, number))
            cell_start = j + 1
        j += 1
    cells.append(_cell(line, cell_start, end, number))
    return cells


def _cell(line: str, a: int, b: int, number: int) -> Text:
    raw = line[a:b]
    stripped = raw.strip()
    lead = len(raw) - len(raw.lstrip())
    return Text(number, a + lead + 1, stripped)


def _is_delimiter_row(line: str) -> int:
    """The number of cells of a table delimiter row (``| --- | :-: |``), or 0 if it is not one."""
    if "|" not in line or "-" not in line:
        return 0
    cells = split_cells(line, 0)
    if all(_DELIMITER_CELL.match(c.text) for c in cells):
        return len(cells)
    return 0


class _Parser:
    def __init__(self, lines: list[str], skip: frozenset[int] | set[int] = frozenset()):
        self.lines = lines
        self.skip = skip
        self.blocks: list[Block] = []
        self.labels: set[str] = set()
        self.paragraph: Paragraph | None = None
        self.table: Table | None = None
        self.list: ListBlock | None = None
        #: Open list items, outermost first.
        self.stack: list[ListItem] = []
        self.blank_before = True
        self.code: CodeBlock | None = None
        self.fence: tuple[str, int] | None = None

    # -- closing ---------------------------------------------------------------------------------------

    def close_paragraph(self) -> None:
        self.paragraph = None

    def close_list(self) -> None:
        self.list = None
        self.stack = []

    def close_all(self) -> None:
        self.close_paragraph()
        self.table = None
        self.close_list()

    # -- the pass --------------------------------------------------------------------------------------

    def run(self) -> list[Block]:
        lines = self.lines
        start = self.front_matter()
        i = start
        while i < len(lines):
            i = self.line(i)
        return self.blocks

    def front_matter(self) -> int:
        if not self.lines or self.lines[0].rstrip() not in ("---", "+++"):
            return 0
        opener = self.lines[0].rstrip()
        closers = ("---", "...") if opener == "---" else ("+++",)
        for j in range(1, len(self.lines)):
            if self.lines[j].rstrip() in closers:
                self.blocks.append(FrontMatter(1, j + 1))
                return j + 1
        return 0

    def line(self, i: int) -> int:
        number = i + 1
        text = self.lines[i]
        if self.code is not None:
            return self.in_code(i, text)
        if number in self.skip:
            return i + 1
        if not text.strip():
            self.close_paragraph()
            self.table = None
            self.blank_before = True
            return i + 1
        width, _ = _indentation(text)
        if self.stack:
            handled = self.in_list(i, text, width)
            if handled is not None:
                self.blank_before = False
                return handled
        nxt = self.block_start(i, text, width, number)
        self.blank_before = False
        return nxt

    def in_code(self, i: int, text: str) -> int:
        code = self.code
        assert code is not None
        if self.fence is not None:
            close = _FENCE_CLOSE.match(text)
            if close and close.group(1)[0] == self.fence[0] and len(close.group(1)) >= self.fence[1]:
                code.end_line = i + 1
                self.code, self.fence = None, None
                self.blank_before = True
                return i + 1
            code.end_line = i + 1
            code.has_text = code.has_text or bool(text.strip())
            return i + 1
        # An indented code block runs while lines are blank or indented four columns.
        if not text.strip() or _indentation(text)[0] >= 4:
            if text.strip():
                code.end_line = i + 1
            return i + 1
        self.code = None
        return i  # re-read this line as a new block

    def open_fence(self, i: int, text: str) -> bool:
        opening = _FENCE_OPEN.match(text)
        if not opening or (opening.group(1)[0] == "`" and "`" in opening.group(2)):
            return False
        self.close_paragraph()
        self.table = None
        self.code = CodeBlock(i + 1, i + 1, opening.group(2).strip(), True, False)
        self.fence = (opening.group(1)[0], len(opening.group(1)))
        self.blocks.append(self.code)
        return True

    def in_list(self, i: int, text: str, width: int) -> int | None:
        """A line while list items are open: deeper content, a sibling or parent item, a lazy
        continuation — or None when the list has ended and the line starts a block of its own."""
        number = i + 1
        owner = None
        for item in self.stack:
            if width >= item.content_indent:
                owner = item
        if owner is not None:
            rest, removed = _strip_to(text, owner.content_indent)
            if self.open_fence(i, text):
                return i + 1
            marker = _LIST_MARKER.match(rest.lstrip(" \t")) if not _THEMATIC.match(rest) else None
            if marker:
                self.close_paragraph()
                lead = len(rest) - len(rest.lstrip(" \t"))
                self.start_item(number, text, removed + lead, marker, parent=owner)
                return i + 1
            self.close_paragraph()
            offset = len(text) - len(text.lstrip(" \t"))
            owner.lines.append(Text(number, offset + 1, text.strip()))
            return i + 1
        stripped = text.lstrip(" \t")
        lead = len(text) - len(stripped)
        marker = _LIST_MARKER.match(stripped) if not _THEMATIC.match(text) else None
        if marker and width < 4:
            while self.stack and self.stack[-1].content_indent > width:
                self.stack.pop()
            self.start_item(number, text, lead, marker, parent=self.stack[-1] if self.stack else None)
            return i + 1
        if not self.blank_before and not self.starts_block(i, text, width):
            deepest = self.stack[-1]
            deepest.lines.append(Text(number, lead + 1, text.strip()))
            return i + 1
        self.close_list()
        return None

    def starts_block(self, i: int, text: str, width: int) -> bool:
        if width >= 4:
            return False
        return bool(
            _ATX.match(text)
            or _THEMATIC.match(text)
            or _QUOTE.match(text)
            or _FENCE_OPEN.match(text)
            or self.table_at(i)
        )

    def start_item(self, number: int, text: str, lead: int, marker: re.Match[str], parent: ListItem | None) -> None:
        symbol = marker.group(1)
        spaces = len(marker.group(2).replace("\t", "    "))
        after = lead + marker.end()
        content = text[after:]
        if spaces > 4:  # the content is indented code; the item's text starts one space after the marker
            after = lead + len(symbol) + 1
            content = text[after:]
        content_indent = _indentation(text[:lead])[0] + len(symbol) + (min(spaces, 4) if spaces and content.strip() else 1)
        task = None
        box = _TASK.match(content)
        if box:
            task = box.group(1).lower()
            after += box.end()
            content = content[box.end() :]
        item = ListItem(number, lead + 1, symbol, task, content_indent=content_indent)
        if content.strip():
            inner = len(content) - len(content.lstrip(" \t"))
            item.lines.append(Text(number, after + inner + 1, content.strip()))
        if parent is not None:
            parent.children.append(item)
            self.stack.append(item)
            return
        if self.list is None:
            self.list = ListBlock([])
            self.blocks.append(self.list)
        self.list.items.append(item)
        self.stack = [item]

    def table_at(self, i: int) -> int:
        """Cells of the table whose header is line ``i`` (a delimiter row follows with as many), or 0."""
        text = self.lines[i]
        if "|" not in text or i + 1 >= len(self.lines):
            return 0
        delimiter = _is_delimiter_row(self.lines[i + 1])
        if delimiter and delimiter == len(split_cells(text, i + 1)):
            return delimiter
        return 0

    def block_start(self, i: int, text: str, width: int, number: int) -> int:
        if self.open_fence(i, text):
            return i + 1
        if width >= 4 and self.paragraph is None and self.table is None:
            self.code = CodeBlock(number, number, "", False, True)
            self.blocks.append(self.code)
            return i + 1
        atx = _ATX.match(text)
        if atx:
            self.close_all()
            self.blocks.append(Heading(len(atx.group(1)), _atx_title(text, atx.end(), number)))
            return i + 1
        if self.paragraph is not None and not self.paragraph.quote and _SETEXT.match(text):
            paragraph = self.paragraph
            if self.blocks and self.blocks[-1] is paragraph:
                self.blocks.pop()
            else:
                self.blocks.remove(paragraph)
            first = paragraph.lines[0]
            title = " ".join(t.text for t in paragraph.lines)
            self.blocks.append(Heading(1 if text.strip()[0] == "=" else 2, Text(first.line, first.column, title), True))
            self.close_paragraph()
            return i + 1
        if _THEMATIC.match(text):
            self.close_all()
            self.blocks.append(ThematicBreak(number))
            return i + 1
        if self.table is not None:
            if not _QUOTE.match(text) and not _LIST_MARKER.match(text.lstrip(" \t")):
                self.table.rows.append(TableRow(number, _fit(split_cells(text, number), len(self.table.header.cells), number)))
                return i + 1
            self.table = None
        cells = self.table_at(i)
        if cells:
            self.close_all()
            self.table = Table(TableRow(number, split_cells(text, number)), [])
            self.blocks.append(self.table)
            return i + 2
        quote = _QUOTE.match(text)
        if quote:
            if self.paragraph is None or not self.paragraph.quote:
                self.close_all()
                self.paragraph = Paragraph([], quote=True)
                self.blocks.append(self.paragraph)
            content = text[quote.end() :]
            lead = len(content) - len(content.lstrip(" \t"))
            if content.strip():
                self.paragraph.lines.append(Text(number, quote.end() + lead + 1, content.strip()))
            return i + 1
        stripped = text.lstrip(" \t")
        lead = len(text) - len(stripped)
        marker = _LIST_MARKER.match(stripped)
        if marker and (self.paragraph is None or _may_interrupt(marker, stripped)):
            self.close_all()
            self.start_item(number, text, lead, marker, parent=None)
            return i + 1
        if self.paragraph is None:
            definition = _LINK_DEFINITION.match(text)
            if definition:
                self.close_all()
                label = " ".join(definition.group(1).split()).lower()
                self.labels.add(label)
                self.blocks.append(LinkDefinition(number, label))
                return i + 1
            self.close_all()
            self.paragraph = Paragraph([])
            self.blocks.append(self.paragraph)
        self.paragraph.lines.append(Text(number, lead + 1, text.strip()))
        return i + 1


def _may_interrupt(marker: re.Match[str], stripped: str) -> bool:
    """CommonMark: a list interrupts a paragraph only with content, and an ordered one only from 1."""
    symbol = marker.group(1)
    if not stripped[marker.end() :].strip():
        return False
    return not symbol[0].isdigit() or symbol[:-1] == "1"


def _fit(cells: list[Text], count: int, number: int) -> list[Text]:
    """GFM: a row has as many cells as the header; missing ones are empty, extra ones are ignored."""
    if len(cells) >= count:
        return cells[:count]
    last = cells[-1].column + len(cells[-1].text) if cells else 1
    return cells + [Text(number, last, "") for _ in range(count - len(cells))]


def _atx_title(text: str, after: int, number: int) -> Text:
    rest = text[after:]
    content = rest.strip(" \t")
    lead = len(rest) - len(rest.lstrip(" \t"))
    if content.endswith("#"):
        trimmed = content.rstrip("#")
        if not trimmed or trimmed[-1] in " \t":
            content = trimmed.rstrip(" \t")
    return Text(number, after + lead + 1, content)


def parse(text: str) -> MarkdownDocument:
    """The block structure of a Markdown text, every block with its source position."""
    raw = split_lines(text)
    visible, comments, skip = hide_comments(raw)
    parser = _Parser(visible, skip)
    blocks = parser.run()
    return MarkdownDocument(blocks, comments, len(raw), frozenset(parser.labels))
