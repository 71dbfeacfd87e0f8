"""``prd check``: does this PR need an approved PRD or design, and does it have one? Read live from GitHub.

Costs at most two GraphQL reads and one write (the sticky comment) per evaluation; see prd/gather.py.
"""

from __future__ import annotations

import argparse

from ..reporters import Report
from .common import finish, graded, load_or_report

GATE = "prd"
TITLE = "PRD check"


def run_check(args: argparse.Namespace) -> int:
    config, code = load_or_report(args, GATE, TITLE)
    if config is None:
        return code
    from ..config import explain_source
    from ..github.client import GitHubClient
    from ..github.context import load_context
    from ..github.events import PULL_REQUEST_EVENTS, MergeGroupEvent, PullRequestEvent
    from ..prd.comment import comment_text
    from ..prd.gather import read_evidence, read_pull_request, sync_comment
    from ..prd.rules import evaluate, merge_group_passed, needs

    policy = config.prd
    context = load_context(events=(*PULL_REQUEST_EVENTS, "merge_group"), command="process-gates prd check")
    report = Report(gate=GATE, title=TITLE, checked_noun="pull request")
    report.notes.append(f"configuration: {explain_source(config)}")
    event = context.event
    if isinstance(event, MergeGroupEvent):
        if policy.merge_group == "pass":
            verdict = merge_group_passed(event.pr_number)
            report.findings.extend(verdict.findings)
            report.notes.extend(verdict.notes)
            _outputs(report, event.pr_number, verdict.status, verdict.accepted_by, "none")
            return finish(report, args, config, policy.mode)
        number = event.require_pr_number()
        report.notes.append(f"merge queue: {event.head_ref} holds #{number}; it is evaluated again with live state")
    else:
        assert isinstance(event, PullRequestEvent)
        number = event.number

    with GitHubClient.from_context(context) as client:
        read = read_pull_request(client, context.repository, number)
        wanted = needs(read.pr, policy)
        evidence = read_evidence(client, read.pr, wanted)
        verdict = evaluate(read.pr, policy, evidence)
        report.checked = 1
        report.findings.extend(verdict.findings)
        report.notes.extend(verdict.notes)
        comment = "none"
        if isinstance(event, PullRequestEvent):
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
