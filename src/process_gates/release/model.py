"""Facts the release rules evaluate: the moment, the target branch, the labels and who applied them, and
the error-budget measurements. Gathering fills them (clock, GitHub, Prometheus); the rules only read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ..findings import Location


@dataclass(frozen=True)
class AppliedLabel:
    """A label on the change, with who applied it last and the teams (of those allowed) they belong to."""

    name: str
    applied_by: str | None = None
    teams: frozenset[str] = frozenset()


@dataclass(frozen=True)
class LabelFacts:
    """The change's labels, as read from GitHub's timeline. ``source`` says where they came from, for the
    summary; ``problems`` are things that could not be verified (a team the token may not read)."""

    labels: tuple[AppliedLabel, ...] = ()
    source: str = ""
    problems: tuple[str, ...] = ()

    def get(self, name: str) -> AppliedLabel | None:
        wanted = name.lower()
        return next((label for label in self.labels if label.name.lower() == wanted), None)


@dataclass(frozen=True)
class ReleaseFacts:
    """When and where the release happens. ``at`` is aware; ``branch`` None when nobody said."""

    at: datetime
    branch: str | None = None
    #: None: no GitHub change in context (a local run, a push), so no label can count.
    labels: LabelFacts | None = None
    #: Why ``labels`` is None, for the summary.
    labels_absent_reason: str = ""


@dataclass(frozen=True)
class Window:
    """One stretch of time a calendar rule covers, as instants (aware datetimes, end exclusive)."""

    kind: str  # "freeze", "holiday" or "train"
    name: str
    start: datetime
    end: datetime
    action: str
    location: Location | None = None


# --- error budget -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measurement:
    """The SLI over one window, or why there is none. ``queries`` are the PromQL sent, for messages."""

    window_seconds: int
    queries: tuple[str, ...]
    sli: float | None = None
    no_data: str = ""
    #: The two numbers the SLI came from (None for a query that returns the SLI itself).
    numerator: float | None = None
    denominator: float | None = None


@dataclass(frozen=True)
class BudgetFacts:
    """One SLO, its target and the measurements over its compliance window and every policy step's."""

    slo: str  # e.g. "SLO 'checkout-availability' (slo/checkout.yaml)"
    target: float
    window_seconds: int
    location: Location | None
    measurements: dict[int, Measurement] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
