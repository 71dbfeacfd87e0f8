"""What `postmortem open` should do for one incident, decided from facts alone (no GitHub, no clock).

The postmortem is tied to its incident by a hidden marker in its body, which also records the severity,
the day it was opened and its due date: a later run reads them back to decide whether a severity raised
since then moves the due date. A lowered severity never extends a deadline already given.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..config.model import PostmortemOpenPolicy
from .incident import Incident, Severity, matching_severities, strictest

_MARKER = re.compile(
    r"<!-- process-gates:postmortem incident=(?P<incident>[1-9][0-9]*) severity=(?P<severity>\S+) "
    r"opened=(?P<opened>\d{4}-\d{2}-\d{2}) due=(?P<due>\d{4}-\d{2}-\d{2}) -->"
)


def marker(incident: int, severity: str, opened: dt.date, due: dt.date) -> str:
    # Label names may hold spaces or "-->"; the marker keeps a safe spelling (it is only compared, never shown).
    safe = re.sub(r"[^A-Za-z0-9._:/+-]", "_", severity) or "_"
    return f"<!-- process-gates:postmortem incident={incident} severity={safe} opened={opened.isoformat()} due={due.isoformat()} -->"


@dataclass(frozen=True)
class MarkerFacts:
    incident: int
    severity: str
    opened: dt.date
    due: dt.date


def read_marker(body: str) -> MarkerFacts | None:
    match = _MARKER.search(body or "")
    if not match:
        return None
    try:
        return MarkerFacts(
            int(match.group("incident")),
            match.group("severity"),
            dt.date.fromisoformat(match.group("opened")),
            dt.date.fromisoformat(match.group("due")),
        )
    except ValueError:
        return None


def replace_marker(body: str, new_marker: str) -> str:
    return _MARKER.sub(lambda _m: new_marker, body, count=1)


@dataclass(frozen=True)
class ExistingPostmortem:
    number: int
    url: str
    state: str
    body: str
    facts: MarkerFacts


@dataclass(frozen=True)
class OpenPlan:
    #: "create", "raise" (move the due date of an existing postmortem), "keep" or "skip".
    action: str
    reason: str
    severity: Severity | None = None
    opened: dt.date | None = None
    due: dt.date | None = None
    existing: ExistingPostmortem | None = None


def plan_open(
    incident: Incident,
    policy: PostmortemOpenPolicy,
    existing: ExistingPostmortem | None,
    today: dt.date,
) -> OpenPlan:
    if incident.is_pull_request:
        return OpenPlan("skip", f"#{incident.number} is a pull request, not an incident")
    postmortem_label = policy.labels[0].lower()
    if read_marker(incident.body) is not None or postmortem_label in {lab.lower() for lab in incident.labels}:
        return OpenPlan("skip", f"#{incident.number} is a postmortem itself")
    severities = matching_severities(incident.labels, policy.triggers, policy.holidays)
    if existing is not None:
        start = existing.facts.opened
        current = strictest(severities, start)
        if current is None:
            return OpenPlan("keep", f"postmortem #{existing.number} exists; the incident carries no incident label now", existing=existing)
        due = current.due_from(start)
        if due < existing.facts.due:
            return OpenPlan(
                "raise",
                f"severity raised to {current.label}: postmortem #{existing.number} is now due {due.isoformat()} "
                f"(was {existing.facts.due.isoformat()})",
                current, start, due, existing,
            )
        return OpenPlan("keep", f"postmortem #{existing.number} already exists (due {existing.facts.due.isoformat()})", current, start, existing.facts.due, existing)
    severity = strictest(severities, today)
    if severity is None:
        names = ", ".join(t.label for t in policy.triggers)
        return OpenPlan("skip", f"#{incident.number} carries none of the incident labels ({names}); no postmortem needed")
    labeled_ok = "labeled" in policy.when
    closed_ok = "closed" in policy.when and incident.state == "closed"
    if not (labeled_ok or closed_ok):
        return OpenPlan("skip", f"#{incident.number} is a {severity.label} incident; its postmortem opens when it is closed (postmortem.open.when)")
    return OpenPlan("create", f"{severity.label} incident #{incident.number} has no postmortem yet", severity, today, severity.due_from(today))
