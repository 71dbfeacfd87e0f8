"""SLO hygiene that no format's own validator checks, over format-neutral facts.

Each rule catches a mistake that passes every schema and still hurts: a contract promising more than the
team's internal target, a target nobody can meet, a window of one minute that was meant to be a month,
an SLO nobody is alerted on, a ratio of a query to itself that is always 100%.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ..config import SloPolicy
from ..findings import Finding, rule
from .model import SloFacts

SLA_STRICTER = rule(
    "slo.sla.stricter-than-slo",
    "error",
    "An objective or document marked as an SLA is as strict as, or stricter than, the internal SLO beside it.",
    "Promise customers less than you aim for internally: lower the SLA target or raise the SLO so the SLO "
    "fires before the contract is breached.",
)
UNATTAINABLE = rule(
    "slo.objective.unattainable",
    "warning",
    "A target is above the configured ceiling (default 99.99%), which few systems can meet or measure.",
    "Lower the target, or raise `slo.target_ceiling` if this service really is built for it.",
)
MINUTE_WINDOW = rule(
    "slo.window.minute-not-month",
    "error",
    "An SLO's time window is one minute (`1m`); units are case-sensitive and a month is `1M` (or 30d/4w).",
    "Write `1M` (calendar month) or `30d`/`28d` (rolling): `m` is minutes.",
)
NO_ALERTING = rule(
    "slo.alerting.missing",
    "warning",
    "An SLO has no alerting, so its budget can burn out without anyone being told.",
    "Add alerting (OpenSLO alertPolicies, Sloth alerting.page_alert/ticket_alert, slo-generator "
    "error_budget_policy with alerting steps), or set `slo.require_alerting: false`.",
)
IDENTICAL_QUERIES = rule(
    "slo.query.identical",
    "error",
    "The two queries of a ratio SLI are identical, so the SLI is constant and measures nothing.",
    "Make the good (or error) query select a subset of the total, for example by status code.",
)

_WS = re.compile(r"\s+")


def _normal(query: str) -> str:
    return _WS.sub("", query)


def _percent(fraction: float) -> str:
    text = f"{fraction * 100:.6f}".rstrip("0").rstrip(".")
    return f"{text}%"


def check_hygiene(slos: list[SloFacts], policy: SloPolicy) -> list[Finding]:
    findings: list[Finding] = []
    ceiling = policy.target_ceiling / 100.0
    for slo in slos:
        for objective in slo.objectives:
            if objective.target > ceiling + 1e-12:
                findings.append(
                    UNATTAINABLE.finding(
                        f"{slo.label}: target {_percent(objective.target)} is above the ceiling of "
                        f"{_percent(ceiling)}; that allows {_downtime(objective.target)} of failure a month",
                        objective.location,
                    )
                )
        findings.extend(_sla_within(slo))
        for window in slo.windows:
            if window.text == "1m":
                context = window.context or slo.obj.doc.comment_on(window.location.line or 0)
                said_month = "month" in context.lower()
                why = " (the comment says month)" if said_month else ""
                findings.append(
                    MINUTE_WINDOW.finding(
                        f"{slo.label}: time window `1m` is one minute{why}; write `1M` for a calendar month",
                        window.location,
                    )
                )
        for pair in slo.queries:
            if _normal(pair.numerator) == _normal(pair.denominator):
                findings.append(
                    IDENTICAL_QUERIES.finding(
                        f"{slo.label}: {pair.numerator_field} and {pair.denominator_field} queries are identical, "
                        "so the SLI is always 100% (or 0%)",
                        pair.location,
                    )
                )
        if policy.require_alerting and not slo.has_alerting:
            findings.append(
                NO_ALERTING.finding(f"{slo.label}: no alerting is configured", slo.alerting_location or slo.location)
            )
    findings.extend(_sla_documents(slos))
    return findings


def _downtime(target: float) -> str:
    seconds = (1 - target) * 30 * 24 * 3600
    if seconds < 60:
        return f"{seconds:.1f} s"
    return f"{seconds / 60:.1f} min"


def _sla_within(slo: SloFacts) -> list[Finding]:
    """Objectives of one SLO: each SLA objective must be looser than every internal one beside it."""
    slas = [o for o in slo.objectives if o.is_sla]
    internal = [o for o in slo.objectives if not o.is_sla]
    if slo.is_sla or not slas or not internal:
        return []
    strictest_internal = min(internal, key=lambda o: o.target)
    out = []
    for sla in slas:
        if sla.target >= strictest_internal.target - 1e-12:
            out.append(
                SLA_STRICTER.finding(
                    f"{slo.label}: SLA {sla.label or 'objective'} at {_percent(sla.target)} is not looser than the "
                    f"internal objective {strictest_internal.label or ''} at {_percent(strictest_internal.target)} "
                    f"(line {strictest_internal.location.line})".replace("  ", " "),
                    sla.location,
                )
            )
    return out


def _sla_documents(slos: list[SloFacts]) -> list[Finding]:
    """Whole documents marked as SLAs, paired with the SLOs of the same service in the same file."""
    by_key: dict[tuple[str, str | None], list[SloFacts]] = defaultdict(list)
    for slo in slos:
        by_key[(slo.obj.path, slo.service)].append(slo)
    out: list[Finding] = []
    for group in by_key.values():
        slas = [s for s in group if s.is_sla]
        internal = [s for s in group if not s.is_sla and s.objectives]
        if not slas or not internal:
            continue
        strictest = min((o for s in internal for o in s.objectives if not o.is_sla), key=lambda o: o.target, default=None)
        if strictest is None:
            continue
        for sla in slas:
            for objective in sla.objectives:
                if objective.target >= strictest.target - 1e-12:
                    out.append(
                        SLA_STRICTER.finding(
                            f"{sla.label}: SLA at {_percent(objective.target)} is not looser than the SLO beside it "
                            f"at {_percent(strictest.target)} ({strictest.location.path}:{strictest.location.line})",
                            objective.location,
                        )
                    )
    return out
