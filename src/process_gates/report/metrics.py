"""The report's numbers, from facts alone: lead time, deployment frequency, change failure rate, time to
restore, follow-ups. Pure: no clock, no I/O, so every figure is checked against hand-worked values.

Conventions, stated once:

- A duration distribution is its count, median and 90th percentile in hours. The median of an even
  count is the mean of the two middle values; the 90th percentile is the nearest rank (the
  ``ceil(0.9 * n)``-th smallest value), which is always an observed value and needs no interpolation.
- Events count in the window when ``since <= t < until``.
- Weeks are seven-day buckets counted from ``since``; the last one is shorter when the window is not a
  whole number of weeks, and its label says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Iterable, Sequence

from .model import ReportFacts, Window


@dataclass(frozen=True)
class Distribution:
    count: int
    median_hours: float | None
    p90_hours: float | None


def median(values: Sequence[float]) -> float | None:
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        return None
    middle = n // 2
    return ordered[middle] if n % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def nearest_rank(values: Sequence[float], fraction: float) -> float | None:
    """The ``ceil(fraction * n)``-th smallest value (1-based), None for no values."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def distribution(hours: Sequence[float]) -> Distribution:
    return Distribution(len(hours), median(hours), nearest_rank(hours, 0.9))


def hours_between(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 3600


@dataclass(frozen=True)
class Week:
    start: datetime
    end: datetime
    merges: int = 0
    deployments: int = 0
    incidents: int = 0

    @property
    def label(self) -> str:
        """``11-02`` (the week's first day); a short last week says how many days it has."""
        days = (self.end - self.start).total_seconds() / 86400
        text = self.start.strftime("%m-%d")
        return text if days >= 7 else f"{text} ({days:g}d)"


def weeks(window: Window) -> list[tuple[datetime, datetime]]:
    spans = []
    start = window.since
    while start < window.until:
        end = min(start + timedelta(days=7), window.until)
        spans.append((start, end))
        start = end
    return spans


def per_week(times: Iterable[datetime], spans: list[tuple[datetime, datetime]]) -> list[int]:
    counts = [0] * len(spans)
    for moment in times:
        for i, (start, end) in enumerate(spans):
            if start <= moment < end:
                counts[i] += 1
                break
    return counts


@dataclass(frozen=True)
class Metrics:
    lead_time: Distribution
    deployments: int
    deployments_per_week: float
    deployments_per_day: float
    incidents: int
    #: Incidents / deployments; None when there were no deployments (never a division by zero).
    change_failure_rate: float | None
    time_to_restore: Distribution
    open_incidents: int
    by_severity: dict[str, int]
    weeks: list[Week]
    postmortems_opened: int
    postmortems_open: int
    postmortems_overdue: int
    action_items_open: int
    action_items_overdue: int


def compute(facts: ReportFacts) -> Metrics:
    window = facts.window
    merged = [p for p in facts.pulls if p.merged_at in window]
    lead = distribution([hours_between(p.started_at, p.merged_at) for p in merged])

    deployed = [d.at for d in facts.deployments.events if d.at in window]
    days = window.days
    incidents = [i for i in facts.incidents if i.created_at in window]
    # Restored by the end of the window: an incident closed after --until was still open then.
    restored = [hours_between(i.created_at, i.closed_at) for i in incidents if i.closed_at is not None and i.closed_at < window.until]
    by_severity = {label: 0 for label in facts.severities}
    for incident in incidents:
        by_severity[incident.severity] = by_severity.get(incident.severity, 0) + 1

    spans = weeks(window)
    merges_w = per_week((p.merged_at for p in merged), spans)
    deploys_w = per_week(deployed, spans)
    incidents_w = per_week((i.created_at for i in incidents), spans)
    week_rows = [Week(s, e, m, d, n) for (s, e), m, d, n in zip(spans, merges_w, deploys_w, incidents_w, strict=True)]

    follow = facts.follow_ups
    return Metrics(
        lead_time=lead,
        deployments=len(deployed),
        deployments_per_week=len(deployed) / (days / 7) if days > 0 else 0.0,
        deployments_per_day=len(deployed) / days if days > 0 else 0.0,
        incidents=len(incidents),
        change_failure_rate=len(incidents) / len(deployed) if deployed else None,
        time_to_restore=distribution(restored),
        open_incidents=len(incidents) - len(restored),
        by_severity=by_severity,
        weeks=week_rows,
        postmortems_opened=sum(1 for p in follow.postmortems if p.created_at in window),
        postmortems_open=follow.open_postmortems,
        postmortems_overdue=sum(1 for f in follow.overdue if f.kind == "postmortem"),
        action_items_open=follow.open_action_items,
        action_items_overdue=sum(1 for f in follow.overdue if f.kind != "postmortem"),
    )
