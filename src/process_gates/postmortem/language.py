"""Blameless language: no hindsight counterfactuals, no blame words, no person as the cause.

Why: a postmortem that says who "should have" done what teaches people to hide the next incident; one
that says what the system allowed gets it fixed. The three checks, each explainable in one sentence:

- counterfactual: "should/could/would have" (with negations and contractions) followed by a past
  participle ("should have caught", "could have be done"), "ought to have", "if only". "Each repo should
  have clear rules" is a recommendation, not hindsight, and is left alone;
- blame: words that judge a person ("human error", "careless", "negligent", "forgot to", "fault of",
  "sloppy", "blame" ...);
- person as cause: in the Root Causes and Trigger sections, an @handle or a given name at the start
  of a clause ("@alice deployed the bad config", "John restarted the primary"); in the Timeline the
  same, plus a name in parentheses ("(Lloyd Middleton)"). Given names come from a list (names.py), so
  sentence-initial words and product names are not taken for people.

Read: paragraphs, list items and table body cells; never headings, code, comments, link targets, or a
phrase in quotation marks (quoting the phrase to discuss it is not using it).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Iterable, Iterator

from ..findings import Finding, Location, Rule, rule
from .dates import leading_moment
from .markdown import Block, ListBlock, Paragraph, Table, Text, prose
from .model import PostmortemDocument
from .names import GIVEN_NAMES

COUNTERFACTUAL = rule(
    "postmortem.language.counterfactual",
    "warning",
    "Hindsight counterfactual (\"should have\", \"could have\", \"would have\" ...): it judges a past choice "
    "with knowledge nobody had at the time.",
    "Say what happened and what made it likely, e.g. \"the alert did not fire because ...\" instead of "
    "\"we should have seen the alert\".",
)
BLAME = rule(
    "postmortem.language.blame",
    "error",
    "A word that blames a person (\"human error\", \"careless\", \"forgot to\", \"fault of\" ...).",
    "Describe the conditions that made the action easy to get wrong and how the system will catch it next time.",
)
PERSON = rule(
    "postmortem.language.person-as-cause",
    "warning",
    "A person (an @handle or a given name) is the subject of a cause or of a timeline event.",
    "Name the role or the system instead (\"the on-call engineer\", \"a deploy of config X\"); people's names "
    "belong in the attendee list, not in the causal chain.",
)

DEFAULT_COUNTERFACTUALS = (
    "should have", "should not have", "shouldn't have", "should've",
    "could have", "could not have", "couldn't have", "could've",
    "would have", "would not have", "wouldn't have", "would've",
    "ought to have", "if only",
)
DEFAULT_BLAME_WORDS = (
    "human error", "operator error", "user error", "careless", "carelessly", "carelessness",
    "negligent", "negligently", "negligence", "fault of", "at fault", "'s fault", "his fault", "her fault",
    "their fault", "forgot to", "forgot about", "forgetting to", "failed to notice", "failed to check",
    "sloppy", "sloppiness", "incompetent", "incompetence", "blame", "blamed", "blaming", "to blame",
    "reckless", "recklessly", "lazy", "laziness", "stupid", "stupidity", "dumb mistake", "fat-fingered",
    "fat finger", "fat-finger", "should have known", "screwed up", "messed up", "didn't bother",
)

#: Past participles that do not end in -ed/-en, for "should have <participle>"; "be" for "could have be done".
_IRREGULAR = frozenset(
    """be been done gone seen known caught made run put set taken written given found got gotten kept left
    lost meant paid read said sent shown spent stood taught told thought understood won begun broken chosen
    driven eaten fallen forgotten frozen hidden spoken stolen torn woken worn built bought brought dealt felt
    fought held hit hurt led let lit met quit shut slept split spread struck stuck sat become come drawn
    grown thrown flown blown withdrawn rerun cut shed""".split()
)
_FILLER = frozenset("not never already also just probably simply easily really even then".split())
_NEXT_WORDS = re.compile(r"[\s*_]*([\w'’-]+)(?:[\s*_]+([\w'’-]+))?")
_QUOTES_BEFORE = "\"“'‘"
_QUOTES_AFTER = "\"”'’"

_TOKEN = re.compile(r"(?<![\w@./+-])@[A-Za-z0-9][A-Za-z0-9-]*(?:/[\w.-]+)?|(?<![\w'’-])[^\W\d_][^\W\d_]*")
_CONJUNCTIONS = frozenset("because when after before since then while until once so but".split())
_PARENTHESES = re.compile(r"\(([^()]{1,80})\)")
_PARTS = re.compile(r"\s*(?:,|/|&|\band\b)\s*")


@dataclass(frozen=True)
class PhraseList:
    """A word list compiled once: one case-insensitive pattern (whole words, any spacing, either
    apostrophe), and the words a text must contain for the pattern to be worth running."""

    pattern: re.Pattern[str] | None
    needles: tuple[str, ...]
    #: The needles as one literal alternation: quicker than ``in`` tests on short texts, slower on long ones.
    needle_pattern: re.Pattern[str] | None = None

    @classmethod
    def of(cls, phrases: Iterable[str]) -> "PhraseList":
        words, others, needles = [], [], set()
        for phrase in sorted({p.strip().lower() for p in phrases if p.strip()}, key=len, reverse=True):
            body = r"\s+".join(re.escape(word).replace("'", "['’]") for word in phrase.split())
            if phrase[0].isalnum() and phrase[-1].isalnum():
                words.append(body)
            else:
                before = r"(?<![\w-])" if phrase[0].isalnum() else ""
                after = r"(?![\w-])" if phrase[-1].isalnum() else ""
                others.append(before + body + after)
            needles.add(max(phrase.replace("'", " ").split(), key=len))
        # Whole-word phrases share one guard, so most positions fail before any alternative is tried.
        parts = ([r"(?<![\w-])(?:" + "|".join(words) + r")(?![\w-])"] if words else []) + others
        pattern = re.compile("|".join(parts), re.IGNORECASE) if parts else None
        ordered = tuple(sorted(needles))
        return cls(pattern, ordered, re.compile("|".join(map(re.escape, ordered))) if ordered else None)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self.pattern is None:
            return iter(())
        lowered = text.lower().replace("’", "'")
        if len(lowered) < 200 and self.needle_pattern is not None:
            present = self.needle_pattern.search(lowered) is not None
        else:
            present = any(needle in lowered for needle in self.needles)
        if not present:
            return iter(())  # most prose holds none of the words: skip the slower pattern
        return self.pattern.finditer(text)


@dataclass
class Unit:
    """Text read as one run (a paragraph, a list item, a table cell), with where each piece stands."""

    segments: list[Text]
    #: The named section it belongs to (nearest heading that names one), None before any.
    section: str | None

    def __post_init__(self) -> None:
        self.starts: list[int] = []
        pieces: list[str] = []
        offset = 0
        for seg in self.segments:
            self.starts.append(offset)
            cleaned = prose(seg.text)
            pieces.append(cleaned)
            offset += len(cleaned) + 1
        self.text = " ".join(pieces)

    def position(self, offset: int) -> tuple[int, int]:
        i = max(0, bisect.bisect_right(self.starts, offset) - 1)
        seg = self.segments[i]
        return seg.line, seg.column + offset - self.starts[i]


def _units_of(block: Block, section: str | None) -> Iterator[Unit]:
    if isinstance(block, Paragraph) and block.lines:
        yield Unit(block.lines, section)
    elif isinstance(block, ListBlock):
        for item in block.walk():
            if item.lines:
                yield Unit(item.lines, section)
    elif isinstance(block, Table):
        for row in block.rows:
            for cell in row.cells:
                if cell.text:
                    yield Unit([cell], section)


def text_units(doc: PostmortemDocument) -> Iterator[Unit]:
    """Every readable piece of prose of the document, with the section it belongs to."""
    first = doc.sections[0].line if doc.sections else None
    for block in doc.markdown.blocks:
        if first is not None and getattr(block, "line", 0) >= first:
            break
        yield from _units_of(block, None)
    for section in doc.sections:
        named = section.name or next((a.name for a in section.ancestors() if a.name), None)
        for block in section.blocks:
            yield from _units_of(block, named)


def _quoted(text: str, start: int, end: int) -> bool:
    return start > 0 and end < len(text) and text[start - 1] in _QUOTES_BEFORE and text[end] in _QUOTES_AFTER


def _is_participle(word: str) -> bool:
    word = word.lower().strip("'’")
    return word in _IRREGULAR or (len(word) > 3 and word.endswith(("ed", "en")))


def _hindsight(text: str, end: int) -> bool:
    """Whether "should have" at ``end`` goes on with a past participle (one adverb may come between)."""
    nxt = _NEXT_WORDS.match(text, end)
    if not nxt:
        return False
    first, second = nxt.group(1), nxt.group(2)
    if first.lower() in _FILLER or first.lower().endswith("ly"):
        return bool(second) and _is_participle(second)
    return _is_participle(first)


def _phrase_findings(unit: Unit, phrases: PhraseList, declared: Rule, path: str, what: str, *, hindsight: bool) -> Iterator[Finding]:
    text = unit.text
    for m in phrases.finditer(text):
        if _quoted(text, m.start(), m.end()):
            continue
        phrase = m.group(0)
        if hindsight and phrase.lower().replace("’", "'").endswith(("have", "'ve")) and not _hindsight(text, m.end()):
            continue
        line, column = unit.position(m.start())
        shown = " ".join(text[m.start() : m.end() + 40].split()[: len(phrase.split()) + 3])
        yield declared.finding(f'{what} "{phrase}" in "{shown}"', Location(path, line, column))


@dataclass(frozen=True)
class PersonNames:
    names: frozenset[str]

    @classmethod
    def from_policy(cls, extra: Iterable[str] = (), excluded: Iterable[str] = ()) -> "PersonNames":
        return cls((GIVEN_NAMES | {n.lower() for n in extra}) - {n.lower() for n in excluded})

    def is_name(self, word: str, text: str, end: int) -> bool:
        """A capitalised given name ("Jan" but not "Jan 10", "Jan." or "JAN"); ``end`` is where it stops in ``text``."""
        if len(word) < 2 or not word[0].isupper() or word.isupper() or word.lower() not in self.names:
            return False
        follow = text[end : end + 3]
        return not (follow[:1] == "." or follow.lstrip()[:1].isdigit())


def _clause_start(text: str, base: int, start: int) -> bool:
    """Whether ``start`` opens a clause: the unit's start (after a timeline's time), or after
    ``. ! ? ; :``, a dash, or a conjunction such as "because" or "when". Looks back a bounded distance."""
    window = text[max(base, start - 80) : start]
    head = window.rstrip(" \t*_\"“'‘([")
    if not head:
        return start - base <= 80
    if head[-1] in ".!?;:" or head.endswith((" -", " –", " —", "–", "—")):
        return True
    last = head.rsplit(None, 1)[-1].lower().strip(",")
    return last in _CONJUNCTIONS


def _subject_phrase(text: str, start: int) -> str:
    return " ".join(text[start : start + 200].split()[:5])


def _parenthesised(unit: Unit, names: PersonNames, path: str, reported: set[int]) -> Iterator[Finding]:
    """Timeline: "(Lloyd Middleton)", "(@alice)" — a person named beside an event."""
    text = unit.text
    for m in _PARENTHESES.finditer(text):
        inner = m.group(1)
        for part in _PARTS.split(inner):
            words = part.split()
            if not words or len(words) > 3:
                continue
            first = words[0]
            person = (first.startswith("@") and "/" not in first) or names.is_name(first, part, len(first))
            if person and all(w[:1].isupper() or w.startswith("@") for w in words):
                start = m.start() + 1 + inner.find(part.strip())
                reported.add(start)
                line, column = unit.position(start)
                yield PERSON.finding(f'"{part.strip()}" (a person) is named in "{m.group(0)}"', Location(path, line, column))
                break


def _person_findings(unit: Unit, names: PersonNames, path: str, *, timeline: bool) -> Iterator[Finding]:
    text = unit.text
    base = 0
    reported: set[int] = set()
    if timeline:
        moment = leading_moment(text)
        if moment is not None:
            base = moment.end
        yield from _parenthesised(unit, names, path, reported)
    for m in _TOKEN.finditer(text):
        word, start = m.group(0), m.start()
        if start < base or start in reported:
            continue
        person = word.startswith("@") and "/" not in word or names.is_name(word, text, m.end())
        if not person or not _clause_start(text, base, start):
            continue
        reported.add(start)
        line, column = unit.position(start)
        yield PERSON.finding(
            f'"{word}" (a person) is the subject of "{_subject_phrase(text, start)}"', Location(path, line, column)
        )


#: The sections where a person at the start of a clause is read as a cause.
CAUSE_SECTIONS = ("Root Causes", "Trigger")


@dataclass(frozen=True)
class Vocabulary:
    """The language policy, compiled once per run."""

    counterfactuals: PhraseList
    blame_words: PhraseList
    names: PersonNames

    @classmethod
    def of(
        cls,
        counterfactuals: Iterable[str] = DEFAULT_COUNTERFACTUALS,
        blame_words: Iterable[str] = DEFAULT_BLAME_WORDS,
        person_names: Iterable[str] = (),
        not_person_names: Iterable[str] = (),
    ) -> "Vocabulary":
        return cls(PhraseList.of(counterfactuals), PhraseList.of(blame_words), PersonNames.from_policy(person_names, not_person_names))


def check_language(doc: PostmortemDocument, vocabulary: Vocabulary) -> list[Finding]:
    findings: list[Finding] = []
    for unit in text_units(doc):
        findings.extend(_phrase_findings(unit, vocabulary.counterfactuals, COUNTERFACTUAL, doc.path, "counterfactual", hindsight=True))
        findings.extend(_phrase_findings(unit, vocabulary.blame_words, BLAME, doc.path, "blaming word", hindsight=False))
        if unit.section in CAUSE_SECTIONS or unit.section == "Timeline":
            findings.extend(_person_findings(unit, vocabulary.names, doc.path, timeline=unit.section == "Timeline"))
    return findings
