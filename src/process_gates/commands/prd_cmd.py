"""``prd check``: does this PR need an approved PRD or design, and does it have one? Read live from GitHub.

Costs at most two GraphQL reads and one write (the sticky comment) per evaluation; see prd/gather.py.
"""

from __future__ import annotations

import argparse

from ..reporters import Report
from .common import emit, finish, graded, load_or_report

GATE = "prd"
TITLE = "PRD check"


def run_check(args: argparse.Namespace) -> int:
    from ..config import discover, explain_source

    # Without --config and a file of its own, the repository takes its organisation's default, read
    # inside the PR query (read 1) rather than with requests of its own; a local file fails closed here.
    org_default = getattr(args, "config", None) is None and discover() is None
    config, code = load_or_report(args, GATE, TITLE)
    if config is None:
        return code
    from ..github.client import GitHubClient
    from ..github.context import load_context
    from ..prd.comment import comment_text
    from ..prd.gather import read_evidence, read_pull_request, sync_comment
    from ..prd.rules import evaluate, merge_group_passed, needs
    from .pr_target import PR_GATE_EVENTS, number_to_read, pr_target

    command = "process-gates prd check"
    context = load_context(events=PR_GATE_EVENTS, command=command)
    event = context.event
    target = pr_target(event, context.event_name, args, command)
    report = Report(gate=GATE, title=TITLE, checked_noun="pull request")

    def merge_group_passes() -> int:
        verdict = merge_group_passed(target.number)
        report.findings.extend(verdict.findings)
        report.notes.extend(verdict.notes)
        _outputs(report, target.number, verdict.status, verdict.accepted_by, "none")
        return finish(report, args, config, config.prd.mode)

    if target.in_merge_queue and config.prd.merge_group == "pass" and not org_default:
        report.notes.append(f"configuration: {explain_source(config)}")
        return merge_group_passes()
    number, note = number_to_read(target, event)
    report.notes.append(note)

    with GitHubClient.from_context(context) as client:
        read = read_pull_request(client, context.repository, number, org_default=org_default)
        if read.org_default is not None:
            if not read.org_default.ok:
                failed = Report(gate=GATE, title=TITLE, findings=read.org_default.findings)
                failed.notes.append(f"the configuration {read.org_default.config.source} is invalid; no gate was evaluated")
                return emit(failed, args)
            config = read.org_default.config
            args._config_findings = read.org_default.findings  # noqa: SLF001 - carried to finish()
        policy = config.prd
        report.notes.insert(0, f"configuration: {explain_source(config)}")
        if target.in_merge_queue and policy.merge_group == "pass":
            return merge_group_passes()
        wanted = needs(read.pr, policy)
        evidence = read_evidence(client, read.pr, wanted)
        verdict = evaluate(read.pr, policy, evidence)
        report.checked = 1
        report.findings.extend(verdict.findings)
        report.notes.extend(verdict.notes)
        comment = "none"
        if not target.in_merge_queue:
            final = graded(list(verdict.findings), config, policy.mode)
            text = comment_text(final, verdict.reason, verdict.how, warn=policy.mode == "warn")
            outcome = sync_comment(client, read, GATE, text, policy.on_pass)
            report.findings.extend(outcome.findings)
            comment = outcome.action
            if outcome.url:
                report.notes.append(f"PR comment {outcome.action}: {outcome.url}")
    _outputs(report, number, verdict.status, verdict.accepted_by, comment)
    return finish(report, args, config, policy.mode)


def _outputs(report: Report, number: int | None, status: str, accepted_by: str, comment: str) -> None:
    report.outputs.update(
        {
            "pull-request": str(number or ""),
            "status": status,
            "required": "false" if status in ("not-required", "exempt") else "true",
            "accepted-by": accepted_by,
            "comment": comment,
        }
    )
