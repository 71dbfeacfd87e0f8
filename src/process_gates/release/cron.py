"""A small, exact matcher for the classic five-field cron expression, on wall-clock (naive) times.

Why our own: the schedules here are read, not run, and we need "does this minute match" and "the next
match after" without a dependency. The dialect is Vixie cron's, the one people write in crontabs and in
GitHub's ``schedule:``:

- fields: minute 0-59, hour 0-23, day of month 1-31, month 1-12 or JAN-DEC, day of week 0-7 or SUN-SAT
  (0 and 7 are both Sunday); names are case-insensitive and may bound ranges (``MON-FRI``);
- each field is a comma list of ``*``, ``N``, ``N-M``, each optionally ``/step``; ``N/step`` means
  ``N-max/step``;
- the day rule: when both day fields are restricted, a day matches if EITHER matches
  (``0 0 13 * FRI`` is every 13th and every Friday); when either starts with ``*`` only the other counts.
  Like Vixie cron, a field "starts with ``*``" even when stepped (``*/2``);
- the macros ``@yearly`` (``@annually``), ``@monthly``, ``@weekly``, ``@daily`` (``@midnight``), ``@hourly``.

Times are naive wall-clock times: which instant a wall time means in a time zone (and what to do in DST
gaps and folds) is the caller's business (windows.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
DAYS = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")
MACROS = {
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
    "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
}
#: How far ahead a search looks. 28 years is a full cycle of the Gregorian weekday calendar (outside
#: century years), so a schedule with no match within it (``0 0 30 2 *``) never matches.
SEARCH_YEARS = 28


class CronError(ValueError):
    """An expression that is not valid cron; the message names the field and the part at fault."""


@dataclass(frozen=True)
class _Field:
    name: str
    low: int
    high: int
    names: tuple[str, ...] = ()
    #: The value names start at (JAN is 1, SUN is 0).
    names_base: int = 0


_FIELDS = (
    _Field("minute", 0, 59),
    _Field("hour", 0, 23),
    _Field("day of month", 1, 31),
    _Field("month", 1, 12, MONTHS, 1),
    # 7 is accepted for Sunday and folded onto 0 after parsing.
    _Field("day of week", 0, 7, DAYS, 0),
)


def _value(text: str, spec: _Field) -> int:
    upper = text.upper()
    if spec.names and upper in spec.names:
        return spec.names.index(upper) + spec.names_base
    if not text.isdigit():
        hint = f" (or a name: {', '.join(spec.names)})" if spec.names else ""
        raise CronError(f"{spec.name}: {text!r} is not a number from {spec.low} to {spec.high}{hint}")
    number = int(text)
    if not spec.low <= number <= spec.high:
        raise CronError(f"{spec.name}: {number} is outside {spec.low}-{spec.high}")
    return number


def _parse_field(text: str, spec: _Field) -> frozenset[int]:
    values: set[int] = set()
    if not text:
        raise CronError(f"{spec.name}: empty field")
    for part in text.split(","):
        if not part:
            raise CronError(f"{spec.name}: empty item in {text!r}")
        body, slash, step_text = part.partition("/")
        step = 1
        if slash:
            if not step_text.isdigit() or int(step_text) == 0:
                raise CronError(f"{spec.name}: step {step_text!r} in {part!r} must be a positive number")
            step = int(step_text)
        if body == "*":
            low, high = spec.low, spec.high
        elif "-" in body:
            first, _, last = body.partition("-")
            low, high = _value(first, spec), _value(last, spec)
            if low > high:
                raise CronError(f"{spec.name}: range {body!r} runs backwards ({low} > {high})")
        else:
            low = _value(body, spec)
            # Vixie cron: "N/step" runs from N to the field's maximum.
            high = spec.high if slash else low
        values.update(range(low, high + 1, step))
    return frozenset(values)


@dataclass(frozen=True)
class Cron:
    """A parsed expression: the sets of matching values, and whether each day field is ``*``-led."""

    text: str
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]  # 0 = Sunday ... 6 = Saturday
    day_star: bool
    weekday_star: bool

    def matches_day(self, day: date) -> bool:
        if day.month not in self.months:
            return False
        in_month = day.day in self.days
        in_week = (day.isoweekday() % 7) in self.weekdays
        if self.day_star or self.weekday_star:
            return in_month and in_week
        return in_month or in_week

    def matches(self, moment: datetime) -> bool:
        return moment.minute in self.minutes and moment.hour in self.hours and self.matches_day(moment.date())

    def next_after(self, moment: datetime, *, inclusive: bool = False) -> datetime | None:
        """The first matching minute after ``moment`` (at or after it when ``inclusive``), or None when the
        schedule never matches within SEARCH_YEARS. Day by day, then within a day by the hour and minute
        sets, so a yearly schedule costs a few hundred steps, not half a million."""
        start = moment.replace(second=0, microsecond=0, tzinfo=None)
        if start < moment.replace(tzinfo=None) or not inclusive:
            start += timedelta(minutes=1)
        hours = sorted(self.hours)
        minutes = sorted(self.minutes)
        day = start.date()
        last = date(min(start.year + SEARCH_YEARS, 9999), 12, 31)
        while day <= last:
            if self.matches_day(day):
                first_of_day = day == start.date()
                for hour in hours:
                    if first_of_day and hour < start.hour:
                        continue
                    for minute in minutes:
                        if first_of_day and hour == start.hour and minute < start.minute:
                            continue
                        return datetime(day.year, day.month, day.day, hour, minute)
            day += timedelta(days=1)
        return None

    def previous_before(self, moment: datetime, *, inclusive: bool = True) -> datetime | None:
        """The last matching minute at or before ``moment`` (strictly before unless ``inclusive``)."""
        start = moment.replace(second=0, microsecond=0, tzinfo=None)
        if not inclusive and start == moment.replace(tzinfo=None):
            start -= timedelta(minutes=1)
        hours = sorted(self.hours, reverse=True)
        minutes = sorted(self.minutes, reverse=True)
        day = start.date()
        first = date(max(start.year - SEARCH_YEARS, 1), 1, 1)
        while day >= first:
            if self.matches_day(day):
                last_of_day = day == start.date()
                for hour in hours:
                    if last_of_day and hour > start.hour:
                        continue
                    for minute in minutes:
                        if last_of_day and hour == start.hour and minute > start.minute:
                            continue
                        return datetime(day.year, day.month, day.day, hour, minute)
            if day == date.min:
                break
            day -= timedelta(days=1)
        return None


def parse_cron(text: str) -> Cron:
    """Parse a five-field expression or a macro; raise CronError naming the field at fault."""
    if not isinstance(text, str) or not text.strip():
        raise CronError("empty expression; write five fields: minute hour day-of-month month day-of-week")
    expanded = MACROS.get(text.strip().lower(), text) if text.strip().startswith("@") else text
    if expanded.strip().startswith("@"):
        raise CronError(f"unknown macro {text.strip()!r}; use one of {', '.join(MACROS)}")
    parts = expanded.split()
    if len(parts) != 5:
        raise CronError(
            f"{len(parts)} field{'s' if len(parts) != 1 else ''}; write five: minute hour day-of-month month "
            "day-of-week (seconds and years are not cron)"
        )
    minutes, hours, days, months, weekdays = (_parse_field(p, f) for p, f in zip(parts, _FIELDS))
    weekdays = frozenset(d % 7 for d in weekdays)
    return Cron(
        text=text,
        minutes=minutes,
        hours=hours,
        days=days,
        months=months,
        weekdays=weekdays,
        day_star=parts[2].startswith("*"),
        weekday_star=parts[4].startswith("*"),
    )
