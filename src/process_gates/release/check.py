"""``release check`` evaluated: calendar and budget findings, then the waivers labels earn (pure).

The order matters for economy: the command evaluates once without labels, and only when a block could be
waived (``Evaluation.waivable``) does it read the labels from GitHub and evaluate again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timezone

from ..config.release import ReleasePolicy
from ..findings import Finding, Rule, Severity, rule
from . import exceptions
from .budget_rules import BURN_RATE, NO_DATA, Step, budget_findings
from .calendar_rules import RULE_FOR, calendar_findings
from .model import BudgetFacts, ReleaseFacts
from .windows import Calendar, local_text

WAIVED = rule(
    "release.exception.applied",
    "notice",
    "A freeze, holiday or closed train was waived by an exception label applied by someone allowed (audit trail).",
    "Nothing to fix: the waiver is recorded here and in the job summary.",
)
BUDGET_EXEMPT = rule(
    "release.budget.exempt",
    "notice",
    "An error-budget block was waived for reliability or security work, by a label applied by someone allowed.",
    "Nothing to fix: the waiver is recorded here and in the job summary.",
)
NOT_COUNTED = rule(
    "release.exception.not-counted",
    "warning",
    "An exception or exempt label is on the change but does not count: it was applied by someone not allowed.",
    "Ask someone in release.exceptions.allowed to remove and re-apply the label, or add the person or team there.",
)

CALENDAR_RULES = frozenset(r.id for r in RULE_FOR.values())
BUDGET_RULES = frozenset({BURN_RATE.id, NO_DATA.id})


@dataclass
class Evaluation:
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)
    #: A block exists that a label could waive: worth reading the labels.
    waivable: bool = False


def _blocking(findings: list[Finding], ids: frozenset[str]) -> list[Finding]:
    return [f for f in findings if f.rule in ids and f.severity is Severity.ERROR]


def evaluate(
    policy: ReleasePolicy,
    calendar: Calendar,
    facts: ReleaseFacts,
    budget: BudgetFacts | None = None,
    steps: tuple[Step, ...] = (),
) -> Evaluation:
    result = Evaluation()
    tz = calendar.tz
    result.notes.append(
        f"at {local_text(facts.at, tz)} ({facts.at.astimezone(timezone.utc).strftime('%Y-%m-%dT%H:%MZ')}), "
        f"target branch {facts.branch or 'unknown'}"
    )
    result.outputs["at"] = facts.at.isoformat()
    found = calendar_findings(calendar, facts)
    next_pass = calendar.next_pass(facts.at, facts.branch)
    if next_pass is None:
        result.notes.append("the calendar rules do not let a release pass within the next two years")
        result.outputs["next_pass"] = ""
    else:
        result.outputs["next_pass"] = next_pass.isoformat()
        if next_pass > facts.at:
            later = " (the error budget is judged again then)" if budget is not None else ""
            result.notes.append(f"the calendar rules pass again from {local_text(next_pass, tz)}{later}")
    if budget is not None:
        more, notes, outputs = budget_findings(budget, steps)
        found += more
        result.notes += notes
        result.outputs.update(outputs)
    calendar_blocks = _blocking(found, CALENDAR_RULES)
    budget_blocks = _blocking(found, BUDGET_RULES)
    wanted_calendar = policy.exceptions.labels if calendar_blocks else ()
    wanted_budget = policy.error_budget.exempt_labels if budget_blocks and policy.error_budget else ()
    result.waivable = bool(wanted_calendar or wanted_budget)
    if facts.labels is None:
        if result.waivable and facts.labels_absent_reason:
            result.notes.append(facts.labels_absent_reason)
        result.findings = found
        return result
    allowed = policy.exceptions.allowed
    result.notes.append(f"labels read from {facts.labels.source}" if facts.labels.source else "labels read")
    for problem in facts.labels.problems:
        result.notes.append(problem)
    found = _waive(found, calendar_blocks, exceptions.verdicts(facts.labels, wanted_calendar, allowed), WAIVED, "freeze")
    found = _waive(found, budget_blocks, exceptions.verdicts(facts.labels, wanted_budget, allowed), BUDGET_EXEMPT, "budget")
    result.findings = found
    return result


def _waive(
    findings: list[Finding], blocks: list[Finding], verdicts: list[exceptions.Verdict], waiver: Rule, what: str
) -> list[Finding]:
    """Blocks become notices when a counting label is on; labels that do not count are said to, once."""
    if not blocks or not verdicts:
        return findings
    counting = next((v for v in verdicts if v.counts), None)
    out = [f for f in findings if not any(f is b for b in blocks)] if counting else list(findings)
    if counting is not None:
        for block in blocks:
            note = waiver.finding(
                f"waived by label {counting.label.name!r} ({counting.why}): {block.message}", block.location
            )
            note.data.update({**block.data, "waived_rule": block.rule, "label": counting.label.name, "by": counting.label.applied_by})
            out.append(note)
        return out
    subject = "the freeze or train" if what == "freeze" else "the error-budget block"
    for verdict in verdicts:
        out.append(
            NOT_COUNTED.finding(
                f"label {verdict.label.name!r} does not waive {subject}: {verdict.why}", blocks[0].location
            )
        )
    return out
