"""Which heading names which postmortem section: the built-in alias table and how titles compare.

The table comes from the templates teams actually use (Google's SRE book, Limoncelli's cloud book,
Michael Kehoe's, Elastic's, DFDS's and Morty's): the same section goes by "Root Causes", "Contributing
Factors" or "Contributing Conditions Analysis", and by "Action Items", "Corrective Actions" or
"Recommendations". Titles compare by a key that ignores case, markup, numbering, punctuation, "&"
versus "and", hyphens and a plural "s", so "2. Action Items & Follow-ups" finds "action item and followup".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from .markdown import Text

#: Built-in sections and the headings that name them (the name itself always does).
BUILTIN_ALIASES: dict[str, tuple[str, ...]] = {
    "Summary": (
        "Executive Summary", "Incident Summary", "Overview", "TL;DR", "Description", "Incident Description",
        "Outage Description", "What Happened", "Abstract", "Synopsis",
    ),
    "Impact": (
        "Customer Impact", "User Impact", "Business Impact", "Impact Assessment", "Affected Users",
        "Affected Customers", "Scope of Impact", "Blast Radius",
    ),
    "Root Causes": (
        "Root Cause", "Root Cause Analysis", "RCA", "Contributing Factors", "Contributing Conditions",
        "Contributing Conditions Analysis", "Causes", "Cause of the Problem", "Causes and Contributing Factors",
        "Why It Happened",
    ),
    "Trigger": ("Triggers", "Triggering Event"),
    "Resolution": (
        "Mitigation", "Mitigation and Resolution", "Recovery", "Remediation", "How It Was Resolved",
    ),
    "Detection": ("How It Was Detected", "Detection and Response", "Discovery"),
    "Action Items": (
        "Actions", "Corrective Actions", "Corrective Actions with Owners", "Corrective and Preventive Actions",
        "Preventive Actions", "Follow-ups", "Follow-up Actions", "Action Items and Follow-ups", "Next Steps",
        "Recommendations", "Remediation Items",
    ),
    "Lessons Learned": (
        "Lessons Learnt", "Lessons", "Learnings", "Key Learnings", "Takeaways", "What We Learned",
        "What Went Well", "What Went Wrong", "What Went Badly", "What Could Have Gone Better", "Reflections",
    ),
    "Timeline": (
        "Incident Timeline", "Timeline of Events", "Chain of Events", "Sequence of Events", "Chronology",
        "Detailed Timeline", "Event Log",
    ),
}

_NUMBERING = re.compile(r"\s*(?:\d+(?:\.\d+)*[.)]?|[ivx]+[.)])\s+")
_WORD = re.compile(r"[a-z0-9]+")
_REMARK = re.compile(r"\([^()]*\)")


def heading_key(title: str) -> str:
    """The comparable form of a heading: lower-case words, numbering and markup dropped, plurals folded."""
    text = title.lower().replace("(s)", "s").replace("&", " and ").replace("-", "")
    numbered = _NUMBERING.match(text)
    if numbered:
        text = text[numbered.end() :]
    words = []
    for word in _WORD.findall(text):
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.append(word)
    return " ".join(words)


@dataclass(frozen=True)
class Match:
    """A heading that names a section: the section's name and, for ``Impact: 3 hours``, the text after the colon."""

    name: str
    inline: Text | None = None


class SectionCatalog:
    """Heading keys -> section names, from the built-in table, the required names and the configured aliases."""

    def __init__(self, required: Iterable[str], aliases: Iterable[tuple[str, Iterable[str]]] = ()):
        self._names: dict[str, str] = {}
        self._by_key: dict[str, str] = {}
        for name, headings in BUILTIN_ALIASES.items():
            self._add(name, (name, *headings))
        for name in required:
            self._add(self.name_of(name) or name, (name,))
        for name, headings in aliases:
            self._add(self.name_of(name) or name, (name, *headings), override=True)
        self.required = tuple(self.name_of(name) or name for name in required)

    def _add(self, name: str, headings: Iterable[str], *, override: bool = False) -> None:
        for heading in headings:
            key = heading_key(heading)
            if key and (override or key not in self._by_key):
                self._by_key[key] = name

    def name_of(self, title: str) -> str | None:
        """The section a title names; a parenthesised remark is ignored: "Timeline (UTC)"."""
        name = self._by_key.get(heading_key(title))
        if name is None and "(" in title:
            name = self._by_key.get(heading_key(_REMARK.sub(" ", title)))
        return name

    def match(self, title: Text) -> Match | None:
        """The section a heading names, whole (``Root Cause(s)``) or as a label (``Impact: 3 hours``)."""
        name = self.name_of(title.text)
        if name is not None:
            return Match(name)
        label, colon, value = title.text.partition(":")
        if colon:
            name = self.name_of(label)
            if name is not None:
                offset = len(label) + 1 + (len(value) - len(value.lstrip()))
                inline = Text(title.line, title.column + offset, value.strip()) if value.strip() else None
                return Match(name, inline)
        return None

    def headings_for(self, name: str) -> list[str]:
        """Example headings for a section, for messages: the name and its built-in aliases."""
        return [name, *BUILTIN_ALIASES.get(name, ())]
