"""``release check [--at ISO-8601] [--branch NAME]``: would a release pass at this moment?"""

from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import datetime, timezone
from typing import Callable, Mapping

from ..reporters import Report
from .common import finish, load_or_report

TITLE = "Release check"
GATE = "release-check"


def system_clock() -> datetime:
    return datetime.now(timezone.utc)


def run_check(
    args: argparse.Namespace,
    *,
    clock: Callable[[], datetime] = system_clock,
    environ: Mapping[str, str] | None = None,
) -> int:
    config, code = load_or_report(args, GATE, TITLE)
    if config is None:
        return code
    from ..config import check_configured_file
    from ..release.budget_rules import UNMEASURABLE, Step
    from ..release.check import evaluate
    from ..release.gather import measure, parse_at, policy_steps, prometheus_client, read_source, target_branch
    from ..release.model import ReleaseFacts
    from ..release.settings import ConfigLocator, compile_calendar
    from ..release.slo_source import SourceError

    policy = config.release
    report = Report(gate=GATE, title=TITLE, checked_noun="rule")
    calendar = compile_calendar(policy, ConfigLocator(_config_document(config.source)))
    at = parse_at(args.at, calendar.tz) if args.at else clock().astimezone(timezone.utc)
    facts = ReleaseFacts(at=at, branch=target_branch(args.branch, environ))

    budget_facts = None
    steps: tuple[Step, ...] = ()
    budget = policy.error_budget
    if budget is not None:
        missing = check_configured_file(config, "release.error_budget.slo", budget.slo)
        report.findings.extend(missing)
        if not missing:
            steps = policy_steps(budget)
            try:
                source = read_source(budget, config, steps)
            except SourceError as exc:
                report.findings.append(UNMEASURABLE.finding(exc.message, exc.location))
            else:
                budget_facts = measure(source, prometheus_client(budget, environ, args.prometheus_url), at, steps)

    evaluation = evaluate(policy, calendar, facts, budget_facts, steps)
    if evaluation.waivable:
        from ..release.labels import label_source

        wanted = tuple(dict.fromkeys(policy.exceptions.labels + (budget.exempt_labels if budget else ())))
        labels = label_source(wanted, policy.exceptions.allowed, environ)
        facts = replace(facts, labels=labels.gather(), labels_absent_reason=labels.absent_reason)
        evaluation = evaluate(policy, calendar, facts, budget_facts, steps)

    report.findings.extend(evaluation.findings)
    report.notes.extend(evaluation.notes)
    report.outputs.update(evaluation.outputs)
    report.checked = len(calendar.freezes) + len(calendar.holidays) + len(calendar.trains) + len(steps)
    if not report.checked:
        report.notes.append("no freezes, holidays, trains or error budget are configured under release:")
    return finish(report, args, config, policy.mode)


def _config_document(source: str | None):  # type: ignore[no-untyped-def]
    """The configuration's YAML document, for pointing findings at the rule that produced them."""
    if source is None:
        return None
    from ..safe_yaml import InputError, Limits, load_file

    try:
        documents = load_file(source, Limits())
    except InputError:
        return None
    return documents[0] if documents else None
