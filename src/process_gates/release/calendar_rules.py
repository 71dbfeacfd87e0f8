"""Freeze, holiday and release-train rules: which calendar windows stop a release at one moment (pure)."""

from __future__ import annotations

from ..findings import Finding, Severity, rule
from .model import ReleaseFacts, Window
from .windows import Calendar, local_text

FREEZE = rule(
    "release.freeze.active",
    "error",
    "A freeze window (recurring or fixed) is on at the moment of the release.",
    "Release after the freeze ends (the message says when), or apply an exception label "
    "(release.exceptions.labels) as someone in release.exceptions.allowed.",
)
HOLIDAY = rule(
    "release.freeze.holiday",
    "error",
    "The release falls on a configured holiday (a whole day in the repository's time zone).",
    "Release on the next working day, or apply an exception label as someone in release.exceptions.allowed.",
)
TRAIN = rule(
    "release.train.closed",
    "error",
    "The target branch leaves only with its release train, and boarding is closed at this moment.",
    "Release within the train's window after a departure (the message says when the next one is), or apply "
    "an exception label as someone in release.exceptions.allowed.",
)
BRANCH_UNKNOWN = rule(
    "release.train.branch-unknown",
    "warning",
    "Release trains are configured but the target branch is unknown, so they were not checked.",
    "Pass --branch (GitHub Actions sets GITHUB_BASE_REF or GITHUB_REF_NAME, which are read on their own).",
)

RULE_FOR = {"freeze": FREEZE, "holiday": HOLIDAY, "train": TRAIN}


def describe(window: Window, calendar: Calendar, branch: str | None) -> str:
    tz = calendar.tz
    if window.kind == "holiday":
        day = window.start.astimezone(tz).strftime("%a %Y-%m-%d")
        return f"{day} is a holiday ({window.name}) in {tz.key}"
    if window.kind == "train":
        return (
            f"branch {branch!r} leaves with train {window.name!r} only, and boarding is closed until "
            f"{local_text(window.end, tz)}"
        )
    return f"freeze {window.name!r} is on from {local_text(window.start, tz)} to {local_text(window.end, tz)}"


def calendar_findings(calendar: Calendar, facts: ReleaseFacts) -> list[Finding]:
    """One finding per window that applies at ``facts.at``; a ``warn`` rule reports, a ``block`` one fails."""
    findings: list[Finding] = []
    for window in calendar.windows_at(facts.at, facts.branch):
        severity = Severity.ERROR if window.action == "block" else Severity.WARNING
        findings.append(
            RULE_FOR[window.kind].finding(
                describe(window, calendar, facts.branch),
                window.location,
                severity=severity,
            )
        )
        # The window travels with the finding, for the waiver step and for machine readers (JSON, SARIF).
        findings[-1].data.update(
            {"kind": window.kind, "name": window.name, "start": window.start.isoformat(), "end": window.end.isoformat()}
        )
    if facts.branch is None and calendar.trains:
        names = ", ".join(repr(t.name) for t in calendar.trains)
        findings.append(BRANCH_UNKNOWN.finding(f"the target branch is unknown, so the release trains ({names}) were not checked"))
    return findings
