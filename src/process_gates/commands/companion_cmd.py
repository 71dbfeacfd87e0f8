"""``workflow rerun``: an issue event -> re-run the gates' workflow for every open PR that references it."""

from __future__ import annotations

import argparse

from ..reporters import Report
from .common import emit

_SAID = {
    "rerun": "re-ran run {run} (it had ended: {detail})",
    "running": "run {run} is {detail}; it reads labels and links live when it gets there",
    "no-run": "no run of {workflow} on its head commit yet; the next PR event runs it",
    "closed": "closed; nothing to re-run",
    "elsewhere": "lives in {detail}; this repository's token cannot re-run its checks",
    "forbidden": "run {run} could not be re-run (see the error)",
}


def run_rerun(args: argparse.Namespace) -> int:
    from ..github.client import GitHubClient
    from ..github.context import load_context
    from ..github.events import IssuesEvent
    from ..companion.rerun import rerun_for_issue

    workflow = args.workflow.strip()
    if not workflow or "/" in workflow or workflow.startswith("-"):
        from ..errors import UsageError

        raise UsageError(f"--workflow {workflow!r}: give the gates' workflow file name, e.g. process-gates.yml")
    context = load_context(events=("issues",), command="process-gates workflow rerun")
    event = context.event
    assert isinstance(event, IssuesEvent)
    report = Report(gate="workflow-rerun", title="Re-run the gates for linked PRs", checked_noun="pull request")
    with GitHubClient.from_context(context) as client:
        outcome = rerun_for_issue(client, context.repository, event.number, workflow)
    report.findings.extend(outcome.findings)
    report.checked = len(outcome.decisions)
    if not outcome.decisions:
        report.notes.append(f"no pull request references #{event.number}; nothing to re-run")
    for d in outcome.decisions:
        said = _SAID[d.action].format(run=d.run_id, detail=d.detail, workflow=workflow)
        report.notes.append(f"#{d.number}: {said}")
    report.outputs["rerun"] = ",".join(str(d.number) for d in outcome.decisions if d.action == "rerun")
    return emit(report, args)
