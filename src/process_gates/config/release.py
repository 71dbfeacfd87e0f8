"""The ``release:`` section as typed settings, with the defaults a repository gets without one.

Schedules, time zones and durations stay text here: their meaning (and their validity beyond what the
JSON Schema can say) belongs to the release gate, which checks them when the configuration is loaded
(process_gates.release.settings) so that a typo fails closed with its line number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

BLOCK = "block"
WARN = "warn"


@dataclass(frozen=True)
class FreezeSetting:
    """A recurring freeze (``cron`` + ``duration``) or a fixed one (``start`` .. ``end``)."""

    name: str | None = None
    cron: str | None = None
    duration: str | None = None
    start: str | None = None
    end: str | None = None
    action: str = BLOCK


@dataclass(frozen=True)
class HolidaySetting:
    """A whole day (``YYYY-MM-DD``) in the repository's time zone."""

    date: str
    name: str | None = None
    action: str = BLOCK


@dataclass(frozen=True)
class TrainSetting:
    """Releases to ``branches`` leave only with the train: within ``window`` after each departure."""

    name: str
    departs: str
    branches: tuple[str, ...]
    window: str = "1h"
    action: str = BLOCK


@dataclass(frozen=True)
class ExceptionSetting:
    """Labels that waive freezes and trains, counted only when someone in ``allowed`` applied them."""

    labels: tuple[str, ...] = ("hotfix", "incident")
    #: GitHub logins and ``@org/team`` slugs.
    allowed: tuple[str, ...] = ()


@dataclass(frozen=True)
class BudgetStep:
    """One step of an error-budget policy: burning faster than ``burn_rate`` over ``window`` triggers ``action``."""

    name: str
    window: str
    burn_rate: float
    action: str = BLOCK


#: slo-generator's shipped default policy (samples/config.yaml): 1 hour at 9, 12 hours at 3, 7 days at 1.5,
#: 28 days at 1. Its messages say what each step means for releases: the short steps page because the SLO
#: is under attack now, the 7-day step asks for reliability work, the 28-day step "Freeze release, unless
#: related to reliability or security". A release is blocked by the paging steps and by the freeze step.
DEFAULT_BUDGET_STEPS: tuple[BudgetStep, ...] = (
    BudgetStep("1 hour", "1h", 9.0, BLOCK),
    BudgetStep("12 hours", "12h", 3.0, BLOCK),
    BudgetStep("7 days", "7d", 1.5, WARN),
    BudgetStep("28 days", "28d", 1.0, BLOCK),
)


@dataclass(frozen=True)
class ErrorBudgetSetting:
    slo: str
    slo_name: str | None = None
    prometheus_url: str | None = None
    prometheus_url_env: str = "PROMETHEUS_URL"
    #: An environment variable holding a bearer token for Prometheus (never written in the file).
    prometheus_token_env: str | None = None
    #: The SLO's compliance window when its file does not say (Sloth, slo-generator) or to override it.
    window: str | None = None
    steps: tuple[BudgetStep, ...] = DEFAULT_BUDGET_STEPS
    exempt_labels: tuple[str, ...] = ("reliability", "security")
    timeout_seconds: float = 30.0


@dataclass(frozen=True)
class ReleasePolicy:
    mode: str = "enforce"
    timezone: str = "UTC"
    freezes: tuple[FreezeSetting, ...] = ()
    holidays: tuple[HolidaySetting, ...] = ()
    trains: tuple[TrainSetting, ...] = ()
    exceptions: ExceptionSetting = field(default_factory=ExceptionSetting)
    error_budget: ErrorBudgetSetting | None = None


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def release_from_data(data: dict) -> ReleasePolicy:
    """Typed settings from schema-validated data (``release:`` of .github/process-gates.yml)."""
    data = data or {}
    exceptions = data.get("exceptions") or {}
    budget = data.get("error_budget")
    defaults = ExceptionSetting()
    return ReleasePolicy(
        mode=data.get("mode", "enforce"),
        timezone=data.get("timezone", "UTC"),
        freezes=tuple(
            FreezeSetting(
                name=f.get("name"),
                cron=f.get("cron"),
                duration=_text(f.get("duration")),
                start=_text(f.get("from")),
                end=_text(f.get("to")),
                action=f.get("action", BLOCK),
            )
            for f in data.get("freezes") or ()
        ),
        holidays=tuple(
            HolidaySetting(date=h) if isinstance(h, str) else HolidaySetting(h["date"], h.get("name"), h.get("action", BLOCK))
            for h in data.get("holidays") or ()
        ),
        trains=tuple(
            TrainSetting(
                name=t["name"],
                departs=t["departs"],
                branches=tuple(t["branches"]),
                window=t.get("window", "1h"),
                action=t.get("action", BLOCK),
            )
            for t in data.get("trains") or ()
        ),
        exceptions=ExceptionSetting(
            labels=tuple(exceptions.get("labels", defaults.labels)),
            allowed=tuple(exceptions.get("allowed", defaults.allowed)),
        ),
        error_budget=None if not budget else _budget_from_data(budget),
    )


def _budget_from_data(budget: dict) -> ErrorBudgetSetting:
    steps = budget.get("steps")
    return ErrorBudgetSetting(
        slo=budget["slo"],
        slo_name=budget.get("slo_name"),
        prometheus_url=budget.get("prometheus_url"),
        prometheus_url_env=budget.get("prometheus_url_env", "PROMETHEUS_URL"),
        prometheus_token_env=budget.get("prometheus_token_env"),
        window=budget.get("window"),
        steps=DEFAULT_BUDGET_STEPS
        if steps is None
        else tuple(BudgetStep(s.get("name") or s["window"], s["window"], float(s["burn_rate"]), s.get("action", BLOCK)) for s in steps),
        exempt_labels=tuple(budget.get("exempt_labels", ("reliability", "security"))),
        timeout_seconds=float(budget.get("timeout_seconds", 30.0)),
    )
