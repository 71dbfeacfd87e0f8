"""Error-budget rules: burn rates against the policy's steps, and no data reported as no data (pure)."""

from __future__ import annotations

from dataclasses import dataclass

from ..findings import Finding, Severity, rule
from . import budget
from .durations import format_duration
from .model import BudgetFacts

BURN_RATE = rule(
    "release.budget.burn-rate",
    "error",
    "The SLO burns its error budget faster than a step of the error-budget policy allows.",
    "Release once the burn rate is back under the threshold; reliability or security work passes when it "
    "carries an exempt label (release.error_budget.exempt_labels) applied by someone allowed.",
)
NO_DATA = rule(
    "release.budget.no-data",
    "error",
    "Prometheus has no data for the SLO over a window of the policy, so the budget cannot be judged.",
    "Check the SLO's queries in Prometheus for that window (the message shows them); a service without "
    "traffic can re-grade this rule in `rules:`.",
)
UNMEASURABLE = rule(
    "config.release-slo",
    "error",
    "The SLO named by release.error_budget cannot be read or turned into Prometheus queries.",
    "Point release.error_budget.slo (and slo_name) at an OpenSLO, Sloth or slo-generator SLO whose SLI is a "
    "Prometheus ratio; `process-gates slo validate` checks the file itself.",
    fatal=True,
)


@dataclass(frozen=True)
class Step:
    """A policy step, compiled: its window in seconds."""

    name: str
    window_seconds: int
    threshold: float
    action: str


def budget_findings(facts: BudgetFacts, steps: tuple[Step, ...]) -> tuple[list[Finding], list[str], dict[str, str]]:
    """Findings, one summary line per step, and the action outputs (sli, remaining budget, burn rates)."""
    findings: list[Finding] = []
    notes: list[str] = []
    outputs: dict[str, str] = {}
    reported_no_data: set[int] = set()
    whole = facts.measurements.get(facts.window_seconds)
    target_text = budget.percent(facts.target, 3)
    if whole is not None and whole.sli is not None:
        left = budget.remaining_budget(whole.sli, facts.target)
        notes.append(
            f"{facts.slo}: SLI {budget.percent(whole.sli)} over {format_duration(facts.window_seconds)} against a "
            f"target of {target_text}; error budget remaining {budget.percent(left, 2)}"
        )
        outputs["sli"] = f"{whole.sli:.6f}"
        outputs["budget_remaining"] = f"{left:.6f}"
    elif whole is not None:
        notes.append(f"{facts.slo}: no data over {format_duration(facts.window_seconds)} ({whole.no_data}); remaining budget unknown")
    for step in steps:
        m = facts.measurements[step.window_seconds]
        window = format_duration(step.window_seconds)
        severity = Severity.ERROR if step.action == "block" else Severity.WARNING
        if m.sli is None:
            notes.append(f"step {step.name!r} ({window}, burn rate > {step.threshold:g}): no data")
            if step.window_seconds not in reported_no_data:
                reported_no_data.add(step.window_seconds)
                finding = NO_DATA.finding(
                    f"{facts.slo}: no data over the last {window}: {m.no_data} (queries: "
                    + "; ".join(f"`{q}`" for q in m.queries)
                    + "); no data is not a pass",
                    facts.location,
                    severity=severity,
                )
                finding.data.update({"step": step.name, "window": window, "action": step.action})
                findings.append(finding)
            continue
        rate = budget.burn_rate(m.sli, facts.target)
        fired = budget.triggers(rate, step.threshold)
        outputs[f"burn_rate_{window}"] = f"{rate:.4f}"
        verdict = step.action if fired else "ok"
        notes.append(
            f"step {step.name!r}: burn rate {rate:.2f} over {window} (SLI {budget.percent(m.sli)}), threshold "
            f"{step.threshold:g}: {verdict}"
        )
        if fired:
            finding = BURN_RATE.finding(
                f"{facts.slo}: the error budget burns {rate:.2f}x over the last {window}, above {step.threshold:g} "
                f"(step {step.name!r}); SLI {budget.percent(m.sli)} against a target of {target_text}",
                facts.location,
                severity=severity,
            )
            finding.data.update({"step": step.name, "window": window, "burn_rate": rate, "action": step.action})
            findings.append(finding)
    notes.extend(facts.notes)
    return findings, notes, outputs
