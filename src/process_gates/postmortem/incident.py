"""The facts about an incident issue that opening its postmortem needs, and which severity applies."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..config.model import PostmortemTrigger
from ..holidays import parse_holidays
from .due import DuePolicy


@dataclass(frozen=True)
class Incident:
    """An incident issue as read live from GitHub (a re-run replays an old payload; labels move on)."""

    repository: str
    number: int
    title: str
    url: str
    state: str
    labels: tuple[str, ...]
    assignees: tuple[str, ...]
    created_at: dt.datetime | None
    closed_at: dt.datetime | None
    is_pull_request: bool = False
    body: str = ""


@dataclass(frozen=True)
class Severity:
    """The trigger that applies: the label as the issue spells it, and its due policy."""

    label: str
    due: DuePolicy

    def due_from(self, start: dt.date) -> dt.date:
        return self.due.due_from(start)


def parse_time(value: str | None) -> dt.datetime | None:
    """GitHub's ``2019-05-15T15:20:18Z``; None for an absent or unreadable value."""
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)


def matching_severities(
    labels: tuple[str, ...], triggers: tuple[PostmortemTrigger, ...], holidays: tuple[str, ...] = ()
) -> list[Severity]:
    """Every configured trigger the issue carries (labels compare case-insensitively, as on GitHub);
    ``holidays`` were checked when the configuration loaded."""
    have = {label.lower(): label for label in labels}
    days = parse_holidays(holidays)
    return [Severity(have[t.label.lower()], DuePolicy.parse(t.due, days)) for t in triggers if t.label.lower() in have]


def strictest(severities: list[Severity], start: dt.date) -> Severity | None:
    """The severity whose postmortem is due first; ties go to the one configured first."""
    if not severities:
        return None
    return min(severities, key=lambda s: s.due_from(start))
