"""The ``release:`` settings beyond what the JSON Schema can say: real time zones, valid cron, dates that
exist and ranges that run forwards. Checked when the configuration is loaded, so that a typo fails closed
(exit 2) at its line in `config validate` and in every gate, then compiled into a Calendar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, time
from typing import Any, Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..config.release import ReleasePolicy
from ..findings import Finding, Location, rule
from ..holidays import HolidayDate
from ..safe_yaml import YamlDocument
from .cron import CronError, parse_cron
from .durations import DurationError, parse_duration
from .windows import UTC, Calendar, FixedFreeze, Holiday, Recurring, RecurringFreeze, Train, to_instant

RELEASE_CONFIG = rule(
    "config.release",
    "error",
    "A `release:` setting is not usable: an unknown time zone, invalid cron, a date that does not exist "
    "or a range that ends before it starts.",
    "Fix the value at the reported line; `process-gates config validate` checks the file on its own.",
    fatal=True,
)

_MOMENT = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(Z|[+-]\d{2}:\d{2})?)?$")


class SettingError(ValueError):
    """A setting that cannot be compiled, with its path under ``release``."""

    def __init__(self, path: tuple[str | int, ...], message: str):
        super().__init__(message)
        self.path = path
        self.message = message


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise SettingError(
            ("timezone",), f"timezone {name!r} is not an IANA time zone (e.g. Europe/Amsterdam, America/New_York, UTC)"
        ) from None


def parse_day(text: str, path: tuple[str | int, ...]) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise SettingError(path, f"{text!r} is not a date that exists (YYYY-MM-DD)") from None


def parse_moment(text: str, tz: ZoneInfo, path: tuple[str | int, ...], *, end: bool) -> datetime:
    """A fixed freeze bound: a date means its first minute (``from``) or its whole day (``to``, so the
    end is the next midnight); a date-time is local unless it carries an offset."""
    match = _MOMENT.match(text.strip())
    if not match:
        raise SettingError(path, f"{text!r} is not a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM)")
    day = parse_day(match.group(1), path)
    if match.group(2) is None:
        return to_instant(datetime.combine(day + timedelta(days=1) if end else day, time()), tz)
    try:
        clock = time.fromisoformat(match.group(2))
    except ValueError:
        raise SettingError(path, f"{text!r}: {match.group(2)} is not a time of day") from None
    moment = datetime.combine(day, clock)
    if match.group(3):
        offset = "+00:00" if match.group(3) == "Z" else match.group(3)
        return datetime.fromisoformat(f"{moment.isoformat()}{offset}").astimezone(UTC)
    return to_instant(moment, tz)


def _cron(text: str, path: tuple[str | int, ...]):
    try:
        return parse_cron(text)
    except CronError as exc:
        raise SettingError(path, f"cron {text!r}: {exc}") from None


def _duration(text: str, path: tuple[str | int, ...]) -> timedelta:
    try:
        return timedelta(seconds=parse_duration(text))
    except DurationError as exc:
        raise SettingError(path, str(exc)) from None


Locate = Callable[[tuple[str | int, ...]], "Location | None"]


def _nowhere(path: tuple[str | int, ...]) -> Location | None:
    return None


def compile_calendar(policy: ReleasePolicy, locate: Locate = _nowhere) -> Calendar:
    """The calendar rules as windows in time; raises SettingError at the first unusable setting.

    ``locate`` maps a path under ``release`` to where it is written, so findings can point at the rule.
    """
    tz = zone(policy.timezone)
    freezes: list[RecurringFreeze | FixedFreeze] = []
    for i, f in enumerate(policy.freezes):
        path: tuple[str | int, ...] = ("freezes", i)
        if f.cron is not None and f.duration is not None:
            schedule = Recurring(_cron(f.cron, path + ("cron",)), _duration(f.duration, path + ("duration",)))
            name = f.name or f"{f.cron} for {f.duration}"
            freezes.append(RecurringFreeze(name, schedule, f.action, locate(path)))
        else:
            start = parse_moment(f.start or "", tz, path + ("from",), end=False)
            stop = parse_moment(f.end or "", tz, path + ("to",), end=True)
            if stop <= start:
                raise SettingError(path + ("to",), f"the freeze ends ({f.end}) before it starts ({f.start})")
            freezes.append(FixedFreeze(f.name or f"{f.start} to {f.end}", start, stop, f.action, locate(path)))
    holidays = []
    for i, h in enumerate(policy.holidays):
        path = ("holidays", i)
        try:
            day = HolidayDate.parse(h.date)
        except ValueError as error:
            raise SettingError(path, str(error)) from None
        name = h.name or (f"every {day.month:02d}-{day.day:02d}" if day.yearly else f"holiday {h.date}")
        holidays.append(Holiday(day, name, h.action, locate(path)))
    trains = []
    for i, t in enumerate(policy.trains):
        path = ("trains", i)
        schedule = Recurring(_cron(t.departs, path + ("departs",)), _duration(t.window, path + ("window",)))
        trains.append(Train(t.name, t.branches, schedule, t.action, locate(path)))
    if policy.error_budget is not None:
        budget = policy.error_budget
        if budget.window is not None:
            _duration(budget.window, ("error_budget", "window"))
        for i, step in enumerate(budget.steps):
            _duration(step.window, ("error_budget", "steps", i, "window"))
    return Calendar(tz, tuple(freezes), tuple(holidays), tuple(trains))


def release_findings(doc: YamlDocument) -> list[Finding]:
    """Configuration-time check of ``release:`` (called by config loading after the schema passed)."""
    from ..config.release import release_from_data

    data: Any = doc.data.get("release") if isinstance(doc.data, dict) else None
    if not isinstance(data, dict):
        return []
    try:
        compile_calendar(release_from_data(data))
    except SettingError as exc:
        return [RELEASE_CONFIG.finding(f"release.{_dotted(exc.path)}: {exc.message}", doc.location(("release",) + exc.path))]
    return []


def _dotted(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@dataclass(frozen=True)
class ConfigLocator:
    """Where a path under ``release`` is written in the configuration file (None: built-in defaults)."""

    doc: YamlDocument | None

    def __call__(self, path: tuple[str | int, ...]) -> Location | None:
        if self.doc is None:
            return None
        try:
            return self.doc.location(("release",) + path)
        except (KeyError, IndexError, TypeError):
            return None
