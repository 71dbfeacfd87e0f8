"""Dates and times as postmortems write them: ``2021-12-10 14:30``, ``14:30 UTC``, ``Dec 10, 2:30 PM``,
``3. February 2020``, ``2024-Q3``; for due dates also quarters, ISO weeks and sprints.

Only what a reader would take for a point in time is accepted, so a due date of "soon" or "next
sprint" is reported rather than guessed. Time zones convert when named by a fixed-offset
abbreviation or an offset (``+02:00``, ``UTC+1``); ambiguous ones (IST, which is India or Ireland)
are left alone and the times compare as written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_ORDINAL = r"(?:st|nd|rd|th)?"
MONTHS = {name: i for i, name in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}

DATE = re.compile(
    r"(?<![\w/.-])(?:"
    r"(?P<y1>\d{4})[-/](?P<m1>\d{1,2})[-/](?P<d1>\d{1,2})"
    r"|(?P<d2>\d{1,2})\.(?P<m2>\d{1,2})\.(?P<y2>\d{4})"
    r"|(?P<a5>\d{1,2})/(?P<b5>\d{1,2})/(?P<y5>\d{4})"
    r"|(?P<d3>\d{1,2})" + _ORDINAL + r"\.?\s+(?P<mon3>" + _MONTH + r")\.?(?:,?\s+(?P<y3>\d{4}))?"
    r"|(?P<mon4>" + _MONTH + r")\.?\s+(?P<d4>\d{1,2})" + _ORDINAL + r"(?!\d)(?:,?\s+(?P<y4>\d{4}))?"
    r")(?![-\d])(?-i:(?![A-SU-Za-su-z]))",  # ISO's 'T' may follow: 2021-12-10T14:30Z
    re.IGNORECASE,
)
#: Beyond a calendar date, what a due date may be: a month and year, a quarter, an ISO week, a sprint.
_LOOSE_DUE = re.compile(
    r"(?<![\w-])(?:"
    + _MONTH + r"\.?\s+\d{4}"
    r"|(?:end\s+of\s+)?q[1-4](?:\s*[-/']?\s*(?:\d{4}|\d{2}))?"
    r"|\d{4}\s*-?\s*q[1-4]|h[12]\s+\d{4}"
    r"|(?:\d{4}-)?w\d{1,2}"
    r"|sprint\s*#?\d+"
    r")(?![\w-])",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?(?:\s*(?P<ampm>[ap])\.?m\b\.?)?(?![\d:])"
    r"|(?P<h2>\d{1,2})\s*(?P<ampm2>[ap])\.?m\b\.?",
    re.IGNORECASE,
)
_ZONE = re.compile(
    r"\s*\(?(?:(?P<name>[A-Z]{1,5})(?P<off1>[+-]\d{1,2}(?::?\d{2})?)?|(?P<off2>[+-]\d{2}:?\d{2}))\)?(?![\w])"
)
_SEPARATOR = re.compile(r"(?:[ \t]*(?:,|T|\bat\b|-|–)?[ \t]*)")
_LEAD = re.compile(r"[\s*_~`\[(|>#:-]*")

#: Fixed-offset abbreviations, in minutes east of UTC.
ZONES = {
    "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "WEST": 60, "BST": 60, "CET": 60, "CEST": 120, "EET": 120,
    "EEST": 180, "MSK": 180, "EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420,
    "MDT": -360, "PST": -480, "PDT": -420, "AKST": -540, "AKDT": -480, "HST": -600, "JST": 540,
    "KST": 540, "SGT": 480, "HKT": 480, "AEST": 600, "AEDT": 660, "NZST": 720, "NZDT": 780,
}


@dataclass(frozen=True)
class Moment:
    """A point in time as written: a date, a time of day, or both; the offset when a zone was named."""

    date: dt.date | None
    #: Whether the year was written (``Dec 10`` borrows it from the entries around it).
    has_year: bool
    minute: int | None
    offset: int | None
    #: How much of the text the moment took, from its start.
    end: int
    text: str


def _date_of(m: re.Match[str]) -> tuple[dt.date | None, bool]:
    g = m.groupdict()
    year = g["y1"] or g["y2"] or g["y3"] or g["y4"] or g["y5"]
    if g["y1"] or g["y2"]:
        month, day = int(g["m1"] or g["m2"]), int(g["d1"] or g["d2"])
    elif g["y5"]:
        # 12/10/2021 is month first (US); 25/10/2021 can only be day first.
        first, second = int(g["a5"]), int(g["b5"])
        month, day = (second, first) if first > 12 else (first, second)
    else:
        month = MONTHS[(g["mon3"] or g["mon4"])[:3].lower()]
        day = int(g["d3"] or g["d4"])
    try:
        return dt.date(int(year) if year else 2000, month, day), bool(year)
    except ValueError:
        return None, False


def _minute_of(m: re.Match[str]) -> int | None:
    hour = int(m.group("h") or m.group("h2"))
    minute = int(m.group("mi") or 0)
    ampm = (m.group("ampm") or m.group("ampm2") or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "p" else 0)
    if hour > 24 or minute > 59 or (hour == 24 and minute):
        return None
    return hour * 60 + minute


def zone_offset(text: str) -> int | None:
    """The offset a zone name or ``UTC+1``/``+02:00`` stands for, None when unknown or ambiguous."""
    m = _ZONE.match(text)
    if not m:
        return None
    return _offset(m)


def _offset(m: re.Match[str]) -> int | None:
    name = m.group("name")
    extra = m.group("off1") or m.group("off2")
    if name is not None and name not in ZONES:
        return None
    base = ZONES.get(name, 0) if name else 0
    if extra:
        sign = -1 if extra[0] == "-" else 1
        digits = extra[1:].replace(":", "")
        hours, minutes = (int(digits), 0) if len(digits) <= 2 else (int(digits[:-2]), int(digits[-2:]))
        base += sign * (hours * 60 + minutes)
    return base


def zone_in(text: str) -> int | None:
    """The first known zone named anywhere in a text, such as a column header "Date and Time in CET"."""
    for word in re.findall(r"\b(?:[A-Z]{1,5}(?:[+-]\d{1,2}(?::?\d{2})?)?)\b", text):
        offset = zone_offset(word)
        if offset is not None and word != "Z":
            return offset
    return None


def leading_moment(text: str) -> Moment | None:
    """The date and/or time a text starts with (after markup such as ``**`` or ``[``), or None."""
    lead = _LEAD.match(text)
    pos = lead.end() if lead else 0
    date: dt.date | None = None
    has_year = False
    date_match = DATE.match(text, pos)
    if date_match:
        date, has_year = _date_of(date_match)
        if date is None:
            return None
        pos = date_match.end()
        sep = _SEPARATOR.match(text, pos)
        time_pos = sep.end() if sep else pos
    else:
        time_pos = pos
    minute = None
    time_match = _TIME.match(text, time_pos)
    if time_match:
        minute = _minute_of(time_match)
        if minute is None:
            return None
        pos = time_match.end()
    if date is None and minute is None:
        return None
    offset = None
    zone = _ZONE.match(text, pos)
    if zone and minute is not None:
        offset = _offset(zone)
        if offset is not None:
            pos = zone.end()
    written = " ".join(text[lead.end() if lead else 0 : pos].split())
    return Moment(date, has_year, minute, offset, pos, written)


def find_due_date(text: str) -> str | None:
    """The first calendar date, month, quarter, week or sprint in a text, as written."""
    m = DATE.search(text) or _LOOSE_DUE.search(text)
    if m is None:
        return None
    if m.re is DATE and _date_of(m)[0] is None:
        return None
    return m.group(0)
