"""Facts the process-health report is computed from. Gathering fills them (GitHub, Prometheus, the
clock); metrics.py only reads them. Times are aware datetimes in UTC."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ..postmortem.remind import OverdueItem


@dataclass(frozen=True)
class Window:
    """``[since, until)``: what happened from ``since`` up to, not including, ``until``."""

    since: datetime
    until: datetime
    #: How the window was chosen, for the summary ("the last 28d", "--since/--until").
    origin: str = ""

    @property
    def length(self) -> timedelta:
        return self.until - self.since

    @property
    def days(self) -> float:
        return self.length.total_seconds() / 86400

    def __contains__(self, moment: datetime | None) -> bool:
        return moment is not None and self.since <= moment < self.until


@dataclass(frozen=True)
class MergedPull:
    """A pull request merged into the default branch. ``first_commit_at`` is the earlier of its first
    commit's authored and committed dates (None when GitHub listed no commit)."""

    number: int
    created_at: datetime
    merged_at: datetime
    first_commit_at: datetime | None = None

    @property
    def started_at(self) -> datetime:
        """Work started at the first commit, or when the PR was opened if that was earlier."""
        if self.first_commit_at is None:
            return self.created_at
        return min(self.first_commit_at, self.created_at)


@dataclass(frozen=True)
class Deployment:
    """One deployment (or release) that counts towards deployment frequency, and when it happened."""

    at: datetime
    #: The deployment's latest status (lower case) or "published" for a release.
    state: str = "success"


@dataclass(frozen=True)
class DeploymentFacts:
    #: "deployments" or "releases": where the counted events came from.
    source: str
    #: Why that source ("configured", "auto: the environment has deployments", ...).
    reason: str
    events: tuple[Deployment, ...] = ()
    #: Deployments read in the window that did not count (failed, in progress), by latest state.
    not_counted: dict[str, int] = field(default_factory=dict)
    environment: str | None = None


@dataclass(frozen=True)
class IncidentIssue:
    """An issue with an incident label (postmortem.triggers), opened in the window."""

    number: int
    title: str
    url: str
    created_at: datetime
    closed_at: datetime | None
    #: The strictest incident label it carries, as configured.
    severity: str


@dataclass(frozen=True)
class PostmortemIssue:
    number: int
    title: str
    url: str
    created_at: datetime
    open: bool


@dataclass(frozen=True)
class FollowUpFacts:
    postmortems: tuple[PostmortemIssue, ...] = ()
    open_postmortems: int = 0
    #: Open action items: issues with an action-item label plus unchecked checklist lines of open postmortems.
    open_action_items: int = 0
    #: Overdue as postmortem remind judges them, on the window's last day.
    overdue: tuple[OverdueItem, ...] = ()


@dataclass(frozen=True)
class BurnRate:
    window: str
    threshold: float
    rate: float | None  # None: no data over that window
    no_data: str = ""


@dataclass(frozen=True)
class SloFacts:
    """The error budget of release.error_budget's SLO, or why there is none."""

    configured: bool
    slo: str = ""
    target: float | None = None
    window: str = ""
    sli: float | None = None
    remaining: float | None = None
    no_data: str = ""
    burn_rates: tuple[BurnRate, ...] = ()
    #: When not measurable (the SLO file cannot be turned into queries): the reason, and the fix.
    problem: str = ""


@dataclass(frozen=True)
class ReportFacts:
    repository: str
    window: Window
    default_branch: str
    pulls: tuple[MergedPull, ...]
    deployments: DeploymentFacts
    incidents: tuple[IncidentIssue, ...]
    #: Incident labels as configured (postmortem.triggers), for the severity breakdown's order.
    severities: tuple[str, ...]
    follow_ups: FollowUpFacts
    slo: SloFacts
