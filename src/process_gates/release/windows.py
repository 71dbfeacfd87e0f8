"""Freeze windows, holidays and release-train slots as stretches of real time, in the repository's zone.

Schedules are written in wall-clock time (``0 17 * * FRI`` means five in the afternoon where the team
is), so they are matched on wall-clock times and only then turned into instants:

- a start that falls in a DST gap (02:30 on the night clocks jump from 02:00 to 03:00) is read with the
  offset before the change, which lands it just after the gap (03:30 summer time) — the start is late by
  the gap, never skipped;
- a start in a DST overlap (02:30 on the night clocks fall back) is the first of the two 02:30s, so a
  schedule fires once, as cron does;
- durations are wall-clock too: ``0 17 * * FRI`` for ``64h`` ends Monday 09:00 local, also on the
  weekend the clocks change (the weekend is then 63 or 65 real hours long). A freeze is about people's
  working hours, and "Monday nine o'clock" is what the team means.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from ..findings import Location
from ..globs import matches
from ..holidays import HolidayDate
from .cron import Cron
from .model import Window

UTC = timezone.utc
#: A DST change moves wall time by at most this much (Lord Howe Island's is 30 minutes; most are 1 hour).
_DST_SLACK = timedelta(hours=3)
#: How far "when would it pass" looks ahead, and how many overlapping windows it steps through.
HORIZON = timedelta(days=731)
MAX_STEPS = 2000


def to_instant(wall: datetime, tz: ZoneInfo) -> datetime:
    """The instant a wall-clock time means in ``tz`` (fold 0: see the module docstring for gaps and overlaps)."""
    return wall.replace(tzinfo=tz, fold=0).astimezone(UTC)


def to_wall(at: datetime, tz: ZoneInfo) -> datetime:
    return at.astimezone(tz).replace(tzinfo=None)


def slack(at: datetime, tz: ZoneInfo) -> timedelta:
    """How far wall time and instants may disagree around ``at``: nothing unless an offset change is near.
    Searching the slack only then keeps dense schedules (every minute) cheap everywhere else."""
    if (at - _DST_SLACK).astimezone(tz).utcoffset() == (at + _DST_SLACK).astimezone(tz).utcoffset():
        return timedelta(0)
    return _DST_SLACK


@dataclass(frozen=True)
class Recurring:
    """Windows that open at each cron match and stay open for a wall-clock duration."""

    cron: Cron
    duration: timedelta

    def covering(self, at: datetime, tz: ZoneInfo) -> tuple[datetime, datetime] | None:
        """The window covering ``at`` with the latest start (hence the latest end), or None.

        Walks back over starts from a little after ``at`` to a little before ``at - duration``; the slack
        absorbs DST shifts between wall time and instants.
        """
        at_wall = to_wall(at, tz)
        margin = slack(at, tz) + slack(at - self.duration, tz)
        floor = at_wall - self.duration - margin
        start_wall = self.cron.previous_before(at_wall + margin)
        while start_wall is not None and start_wall >= floor:
            start, end = self.window(start_wall, tz)
            if start <= at < end:
                return start, end
            start_wall = self.cron.previous_before(start_wall, inclusive=False)
        return None

    def window(self, start_wall: datetime, tz: ZoneInfo) -> tuple[datetime, datetime]:
        """The window that opens at a matching wall time. A start inside a DST gap moves to where it
        lands (02:30 -> 03:30) and the duration counts from there, so the window keeps its length."""
        start = to_instant(start_wall, tz)
        return start, to_instant(to_wall(start, tz) + self.duration, tz)

    def next_start(self, at: datetime, tz: ZoneInfo) -> datetime | None:
        """The first window start strictly after ``at``."""
        candidate = self.cron.next_after(to_wall(at, tz) - slack(at, tz), inclusive=True)
        while candidate is not None:
            start = to_instant(candidate, tz)
            if start > at:
                return start
            candidate = self.cron.next_after(candidate)
        return None

    def previous_end(self, at: datetime, tz: ZoneInfo) -> datetime | None:
        """The latest window end at or before ``at`` (when boarding last closed)."""
        margin = slack(at, tz) + slack(at - self.duration, tz)
        candidate = self.cron.previous_before(to_wall(at, tz) - self.duration + margin)
        while candidate is not None:
            end = self.window(candidate, tz)[1]
            if end <= at:
                return end
            candidate = self.cron.previous_before(candidate, inclusive=False)
        return None


@dataclass(frozen=True)
class RecurringFreeze:
    name: str
    schedule: Recurring
    action: str
    location: Location | None = None

    def window_at(self, at: datetime, tz: ZoneInfo) -> Window | None:
        found = self.schedule.covering(at, tz)
        if found is None:
            return None
        return Window("freeze", self.name, found[0], found[1], self.action, self.location)


@dataclass(frozen=True)
class FixedFreeze:
    name: str
    start: datetime
    end: datetime
    action: str
    location: Location | None = None

    def window_at(self, at: datetime, tz: ZoneInfo) -> Window | None:
        if self.start <= at < self.end:
            return Window("freeze", self.name, self.start, self.end, self.action, self.location)
        return None


@dataclass(frozen=True)
class Holiday:
    day: HolidayDate
    name: str
    action: str
    location: Location | None = None

    def window_at(self, at: datetime, tz: ZoneInfo) -> Window | None:
        """The whole local day: midnight to midnight (23 or 25 hours on a DST day)."""
        today = to_wall(at, tz).date()
        if not self.day.matches(today):
            return None
        start = to_instant(datetime.combine(today, time()), tz)
        end = to_instant(datetime.combine(today + timedelta(days=1), time()), tz)
        return Window("holiday", self.name, start, end, self.action, self.location)


@dataclass(frozen=True)
class Train:
    """Releases to ``branches`` board within ``schedule`` windows (after each departure) only."""

    name: str
    branches: tuple[str, ...]
    schedule: Recurring
    action: str
    location: Location | None = None

    def covers(self, branch: str) -> bool:
        return matches(branch, self.branches)

    def window_at(self, at: datetime, tz: ZoneInfo) -> Window | None:
        """None while boarding is open; otherwise the closed stretch from the last slot to the next one."""
        if self.schedule.covering(at, tz) is not None:
            return None
        closed_since = self.schedule.previous_end(at, tz) or at
        reopens = self.schedule.next_start(at, tz)
        if reopens is None:  # a schedule that never matches again: closed for good
            reopens = datetime.max.replace(tzinfo=UTC)
        return Window("train", self.name, closed_since, reopens, self.action, self.location)


@dataclass(frozen=True)
class Calendar:
    """Every calendar rule of the configuration, compiled (see settings.compile_calendar)."""

    tz: ZoneInfo
    freezes: tuple[RecurringFreeze | FixedFreeze, ...] = ()
    holidays: tuple[Holiday, ...] = ()
    trains: tuple[Train, ...] = ()

    def trains_for(self, branch: str | None) -> tuple[Train, ...]:
        if branch is None:
            return ()
        return tuple(t for t in self.trains if t.covers(branch))

    def windows_at(self, at: datetime, branch: str | None) -> list[Window]:
        """Every freeze, holiday and closed train that applies to a release to ``branch`` at ``at``."""
        found: list[Window] = []
        for rule in (*self.freezes, *self.holidays, *self.trains_for(branch)):
            window = rule.window_at(at, self.tz)
            if window is not None:
                found.append(window)
        return found

    def next_pass(self, at: datetime, branch: str | None) -> datetime | None:
        """The first moment from ``at`` on when no blocking rule applies (exceptions aside), stepping to
        the end of the blocking windows until none is left; None when that is beyond HORIZON."""
        moment = at
        for _ in range(MAX_STEPS):
            blocking = [w for w in self.windows_at(moment, branch) if w.action == "block"]
            if not blocking:
                return moment
            moment = max(w.end for w in blocking)
            if moment - at > HORIZON:
                return None
        return None


def local_text(moment: datetime, tz: ZoneInfo) -> str:
    """``Mon 2024-04-01 09:00 CEST``: the weekday and zone name make a schedule checkable at a glance."""
    if moment.year >= 9999:
        return "never"
    local = moment.astimezone(tz)
    return local.strftime("%a %Y-%m-%d %H:%M ") + (local.tzname() or str(tz))
