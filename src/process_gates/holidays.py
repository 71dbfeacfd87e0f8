"""Holidays as teams write them: one day (``2026-12-24``) or the same day every year (``12-25``).

Release freezes and postmortem due dates both skip holidays, and a team has one calendar, so both read
holidays through this module (a YAML anchor lets the configuration write the list once). A yearly
``02-29`` is a holiday in leap years only: no country moves a 29 February holiday to the 28th, and
guessing one would block a release on an ordinary day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_FORM = re.compile(r"^(?:(?P<year>\d{4})-)?(?P<month>\d{2})-(?P<day>\d{2})$")
#: A year with 29 February, used only to check that a yearly month-day exists at all.
_LEAP_YEAR = 2000


@dataclass(frozen=True)
class HolidayDate:
    """A holiday's day: ``year`` None means every year."""

    month: int
    day: int
    year: int | None = None

    @classmethod
    def parse(cls, text: str) -> "HolidayDate":
        """Raise ValueError with a message fit for the user when ``text`` names no real day."""
        match = _FORM.match(text.strip())
        if not match:
            raise ValueError(f"{text!r} is not a date (YYYY-MM-DD) or a yearly day (MM-DD)")
        year = int(match.group("year")) if match.group("year") else None
        month, day = int(match.group("month")), int(match.group("day"))
        try:
            date(_LEAP_YEAR if year is None else year, month, day)
        except ValueError:
            kind = "yearly day that exists (MM-DD)" if year is None else "date that exists (YYYY-MM-DD)"
            raise ValueError(f"{text!r} is not a {kind}") from None
        return cls(month, day, year)

    @property
    def yearly(self) -> bool:
        return self.year is None

    def matches(self, day: date) -> bool:
        return (day.month, day.day) == (self.month, self.day) and (self.year is None or self.year == day.year)

    def __str__(self) -> str:
        text = f"{self.month:02d}-{self.day:02d}"
        return text if self.year is None else f"{self.year:04d}-{text}"


def parse_holidays(texts: tuple[str, ...] | list[str]) -> tuple[HolidayDate, ...]:
    """Every entry parsed; the first unusable one raises ValueError naming its position."""
    parsed = []
    for index, text in enumerate(texts):
        try:
            parsed.append(HolidayDate.parse(text))
        except ValueError as error:
            raise ValueError(f"holidays[{index}]: {error}") from None
    return tuple(parsed)


def is_holiday(day: date, holidays: tuple[HolidayDate, ...]) -> bool:
    return any(h.matches(day) for h in holidays)
