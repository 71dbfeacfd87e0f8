"""Due dates from a severity policy: ``3d`` is three calendar days, ``5bd`` five business days.

Business days are Monday to Friday minus the team's holidays (``postmortem.holidays``): public holidays
differ per team and country, so none are assumed. Dates are UTC calendar dates: a postmortem is due on a
day, not at an hour.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..holidays import HolidayDate, is_holiday

_SPEC = re.compile(r"^(?P<n>[1-9][0-9]{0,2})(?P<unit>b?d)$")


@dataclass(frozen=True)
class DuePolicy:
    days: int
    business: bool
    holidays: tuple[HolidayDate, ...] = ()

    @classmethod
    def parse(cls, spec: str, holidays: tuple[HolidayDate, ...] = ()) -> "DuePolicy":
        match = _SPEC.match(spec.strip())
        if not match:
            raise ValueError(f"due {spec!r} is not `<days>d` (calendar days) or `<days>bd` (business days), e.g. 3d or 5bd")
        return cls(int(match.group("n")), match.group("unit") == "bd", holidays)

    def describe(self) -> str:
        noun = "business day" if self.business else "day"
        return f"{self.days} {noun}{'' if self.days == 1 else 's'}"

    def due_from(self, start: dt.date) -> dt.date:
        if not self.business:
            return start + dt.timedelta(days=self.days)
        return add_business_days(start, self.days, self.holidays)


def add_business_days(start: dt.date, days: int, holidays: tuple[HolidayDate, ...] = ()) -> dt.date:
    """``days`` working days after ``start`` (a Friday plus one is the Monday; a Saturday plus one too;
    a holiday is skipped like a weekend day)."""
    day = start
    left = days
    while left > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and not is_holiday(day, holidays):
            left -= 1
    return day
