"""The facts a postmortem rule reads: a Markdown document cut into sections by its headings, and the
action items and timeline entries found in them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from .headings import SectionCatalog
from .markdown import Block, Heading, MarkdownDocument, Text


def shorten(text: str, limit: int = 60) -> str:
    """Text for a message: whitespace folded, cut with an ellipsis past ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(eq=False)
class Section:
    """A heading and everything under it up to the next heading of the same or a higher level."""

    heading: Heading
    #: The section this heading names (``Root Causes`` for "Contributing Factors"), None for others.
    name: str | None
    #: For a heading written as ``Impact: 3 hours``, the text after the colon.
    inline: Text | None = None
    blocks: list[Block] = field(default_factory=list)
    children: list["Section"] = field(default_factory=list)
    parent: "Section | None" = None

    @property
    def line(self) -> int:
        return self.heading.title.line

    @property
    def column(self) -> int:
        return self.heading.title.column

    @property
    def title(self) -> str:
        return self.heading.title.text

    def descendants(self) -> Iterator["Section"]:
        for child in self.children:
            yield child
            yield from child.descendants()

    def all_blocks(self) -> Iterator[Block]:
        """Blocks of this section and of its sub-sections (their headings included), in order."""
        yield from self.blocks
        for child in self.children:
            yield child.heading
            yield from child.all_blocks()

    def ancestors(self) -> Iterator["Section"]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


@dataclass
class PostmortemDocument:
    path: str
    markdown: MarkdownDocument
    #: One section per heading, in document order.
    sections: list[Section]

    def named(self, name: str) -> list[Section]:
        """Sections that name ``name``, outermost only: "What went well" inside "Lessons Learned" is
        part of the one Lessons Learned section, not a second one."""
        return [
            s for s in self.sections
            if s.name == name and not any(a.name == name for a in s.ancestors())
        ]

    @property
    def title_position(self) -> tuple[int, int]:
        """Where a finding about the whole document points: its first heading, else line 1."""
        for section in self.sections:
            return section.line, section.column
        return 1, 1


def build_document(path: str, markdown: MarkdownDocument, catalog: SectionCatalog) -> PostmortemDocument:
    sections: list[Section] = []
    open_sections: list[Section] = []
    for block in markdown.blocks:
        if isinstance(block, Heading):
            while open_sections and open_sections[-1].heading.level >= block.level:
                open_sections.pop()
            match = catalog.match(block.title)
            section = Section(
                block,
                match.name if match else None,
                match.inline if match else None,
                parent=open_sections[-1] if open_sections else None,
            )
            if section.parent is not None:
                section.parent.children.append(section)
            sections.append(section)
            open_sections.append(section)
        elif open_sections:
            open_sections[-1].blocks.append(block)
    return PostmortemDocument(path, markdown, sections)


@dataclass(frozen=True)
class ActionItem:
    """One action item, from a table row or a list item, with what was found of its owner, due date and type."""

    title: str
    line: int
    column: int
    owner: str | None
    due: str | None
    kind: str | None
    #: Why the owner or due date could not be found beyond "absent" (a table without an Owner column,
    #: a due value that is not a date), for the message.
    owner_problem: str = ""
    due_problem: str = ""
    kind_problem: str = ""
