"""Required sections: each one present (under any of its headings, at any level) and written in."""

from __future__ import annotations

from ..findings import Finding, Location, rule
from .headings import SectionCatalog
from .markdown import Heading
from .model import PostmortemDocument, Section
from .placeholders import block_has_content, is_placeholder

MISSING = rule(
    "postmortem.section.missing",
    "error",
    "A postmortem lacks a required section (matched by heading, at any level, under any of its names).",
    "Add the section with a heading at any level, e.g. `## Impact`; other names for it can be added under "
    "`postmortem.lint.sections.aliases`.",
)
EMPTY = rule(
    "postmortem.section.empty",
    "error",
    "A required section holds nothing but template hints: comments, TBD, `...`, `<describe>`, empty items "
    "or a table without filled rows.",
    "Write the section, or delete the heading if it truly does not apply and drop it from "
    "`postmortem.lint.sections.required`.",
)


def section_has_content(section: Section) -> bool:
    """Whether anyone wrote in a section or its sub-sections (sub-section titles do not count)."""
    if section.inline is not None and not is_placeholder(section.inline.text):
        return True
    for block in section.all_blocks():
        if isinstance(block, Heading):
            continue
        if block_has_content(block):
            return True
    return any(d.inline is not None and not is_placeholder(d.inline.text) for d in section.descendants())


def check_sections(doc: PostmortemDocument, catalog: SectionCatalog) -> list[Finding]:
    findings: list[Finding] = []
    line, column = doc.title_position
    for name in catalog.required:
        found = doc.named(name)
        if not found:
            examples = ", ".join(f'"{h}"' for h in catalog.headings_for(name)[:4])
            findings.append(
                MISSING.finding(
                    f'no "{name}" section: add a heading for it (recognised: {examples}, ...)',
                    Location(doc.path, line, column),
                )
            )
            continue
        if not any(section_has_content(s) for s in found):
            first = found[0]
            shown = "" if first.title == name else f' (heading "{first.title}")'
            findings.append(
                EMPTY.finding(
                    f'the "{name}" section{shown} is empty: it holds only template hints',
                    Location(doc.path, first.line, first.column),
                )
            )
    return findings
