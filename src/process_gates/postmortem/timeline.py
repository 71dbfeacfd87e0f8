"""The timeline reads top to bottom in time: an entry earlier than one above it is a typo or a
misplaced row, and either way readers reconstruct the incident wrongly.

Entries are the rows of a table (the time column is the first whose header names a time or date,
else the first column), list items and paragraph lines that start with a date or time, and sub-headings
that are a date (``### 2021-12-10``), which date the entries below them. An entry without a date takes
the last date above it; a time-only entry that falls back by less than twelve hours across midnight
(23:50, then 00:10) is the next day; a date without a time spans its whole day. Zones convert when
named (in the entry, the column header or an ``All times in UTC.`` note); otherwise times compare as
written. Only the first entry out of order in each timeline is reported, with both times.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from ..findings import Finding, Location, rule
from .dates import Moment, leading_moment, zone_in
from .headings import heading_key
from .markdown import Heading, ListBlock, Paragraph, Table, Text
from .model import PostmortemDocument, Section
from .placeholders import is_form, is_time_zone_note, row_is_template

ORDER = rule(
    "postmortem.timeline.order",
    "error",
    "A timeline entry is earlier than an entry above it.",
    "Put the entries in time order, or fix the mistyped time; an entry without a date takes the last date "
    "above it, and a time less than 12 hours past midnight after a late one counts as the next day.",
)

_TIME_WORDS = ("time", "date", "when", "timestamp", "utc")

#: Minutes in a day, and the largest gap across midnight still read as "the next day".
DAY = 1440
ROLLOVER = 720


@dataclass(frozen=True)
class TimelineEntry:
    moment: Moment
    line: int
    column: int
    #: The zone in force where the entry was written (column header, an "All times in" note), if known.
    zone: int | None


def _time_column(table: Table) -> int:
    for i, cell in enumerate(table.header.cells):
        if any(word in heading_key(cell.text).split() for word in _TIME_WORDS):
            return i
    return 0


def _entry(text: Text, zone: int | None) -> TimelineEntry | None:
    moment = leading_moment(text.text)
    if moment is None:
        return None
    lead = len(text.text) - len(text.text.lstrip(" *_~`[(|>#:-"))
    return TimelineEntry(moment, text.line, text.column + lead, zone)


def timeline_entries(section: Section) -> Iterator[TimelineEntry]:
    """The dated entries of one timeline section and its sub-sections, in document order."""
    zone: int | None = None
    for block in section.all_blocks():
        if isinstance(block, Heading):
            entry = _entry(block.title, zone)
            if entry is not None and entry.moment.date is not None:
                yield entry
        elif isinstance(block, Paragraph):
            for line in block.lines:
                if is_time_zone_note(line.text):
                    zone = zone_in(line.text)
                    continue
                entry = _entry(line, zone)
                if entry is not None:
                    yield entry
        elif isinstance(block, ListBlock):
            for item in block.walk():
                if item.lines:
                    entry = _entry(item.lines[0], zone)
                    if entry is not None:
                        yield entry
        elif isinstance(block, Table) and not is_form(block):
            at = _time_column(block)
            column_zone = zone_in(block.header.cells[at].text) if at < len(block.header.cells) else None
            for row in block.rows:
                if row_is_template(row) or at >= len(row.cells):
                    continue
                entry = _entry(row.cells[at], column_zone if column_zone is not None else zone)
                if entry is not None:
                    yield entry


def first_out_of_order(entries: Iterator[TimelineEntry]) -> tuple[TimelineEntry, TimelineEntry] | None:
    """(the first entry earlier than one above it, the latest entry above it), or None when in order.

    Each entry is an interval of minutes: a point for a date and time, a whole day for a date alone.
    An entry is out of order when it ends before the latest start seen so far.
    """
    day: int | None = None
    year: int | None = None
    previous_minute: int | None = None
    zone: int | None = None
    latest: tuple[int, TimelineEntry] | None = None
    for entry in entries:
        moment = entry.moment
        if moment.offset is not None:
            zone = moment.offset
        elif entry.zone is not None:
            zone = entry.zone
        offset = zone or 0
        if moment.date is not None:
            date = moment.date
            if moment.has_year:
                year = date.year
            elif year is not None:
                try:
                    date = date.replace(year=year)
                except ValueError:  # 29 February borrowed into a common year
                    pass
            day = date.toordinal()
            previous_minute = None if moment.minute is None else previous_minute
        elif day is None:
            day = 0
        if moment.minute is None:
            start, end = day * DAY - offset, day * DAY + DAY - 1 - offset
        else:
            if (
                moment.date is None
                and previous_minute is not None
                and moment.minute < previous_minute
                and moment.minute + DAY - previous_minute < ROLLOVER
            ):
                day += 1
            start = end = day * DAY + moment.minute - offset
            previous_minute = moment.minute
        if latest is not None and end < latest[0]:
            return entry, latest[1]
        if latest is None or start > latest[0]:
            latest = (start, entry)
    return None


def check_timeline(doc: PostmortemDocument) -> list[Finding]:
    findings: list[Finding] = []
    for section in doc.named("Timeline"):
        found = first_out_of_order(timeline_entries(section))
        if found is None:
            continue
        entry, before = found
        findings.append(
            ORDER.finding(
                f'timeline entry "{entry.moment.text}" is earlier than "{before.moment.text}" '
                f"above it (line {before.line})",
                Location(doc.path, entry.line, entry.column),
            )
        )
    return findings
