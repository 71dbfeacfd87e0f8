"""``quality check``: one PR against the `quality:` policy, read live from GitHub, one sticky comment."""

from __future__ import annotations

import argparse

from ..reporters import Report
from .common import emit, finish, graded

GATE = "quality"
TITLE = "Quality gate"


def run_check(args: argparse.Namespace) -> int:
    from ..config import explain_source
    from ..config.org_default import load_with_org_default
    from ..github.client import GitHubClient
    from ..github.context import load_context
    from ..github.events import PULL_REQUEST_EVENTS, MergeGroupEvent, PullRequestEvent
    from ..github.sticky import sync_sticky
    from ..quality.comment import comment_text
    from ..quality.gather import gather_pull_request
    from ..quality.rules import evaluate

    context = load_context(events=(*PULL_REQUEST_EVENTS, "merge_group"), command="process-gates quality check")
    with GitHubClient.from_context(context) as client:
        loaded = load_with_org_default(getattr(args, "config", None), client, context.repository)
        if not loaded.ok:
            failed = Report(gate=GATE, title=TITLE, findings=loaded.findings)
            failed.notes.append(f"the configuration {loaded.config.source} is invalid; no gate was evaluated")
            return emit(failed, args)
        args._config_findings = loaded.findings  # noqa: SLF001 - carried to finish()
        config = loaded.config
        policy = config.quality
        report = Report(gate=GATE, title=TITLE, checked_noun="pull request")
        report.notes.append(f"configuration: {explain_source(config)}")

        event = context.event
        if isinstance(event, MergeGroupEvent):
            if policy.merge_group == "pass":
                report.notes.append("merge group passed through (quality.merge_group: pass); the PR was checked before it was queued")
                return finish(report, args, config, policy.mode)
            number = event.require_pr_number()
            report.notes.append(f"merge group for #{number} ({event.head_ref}): the PR is evaluated again with live state")
        else:
            assert isinstance(event, PullRequestEvent)
            number = event.number

        facts = gather_pull_request(client, context.repository, number)
        evaluation = evaluate(facts, policy)
        report.checked = 1
        report.findings.extend(evaluation.findings)
        report.notes.append(f"#{number} at {facts.head_sha[:7]}: rules evaluated: {', '.join(evaluation.evaluated) or 'none'}")
        for skip in evaluation.skips:
            report.notes.append(f"skipped {skip.rule}: the PR carries the skip label '{skip.label}'")
        if facts.total_files is not None and facts.total_files > len(facts.files):
            report.notes.append(f"GitHub lists {len(facts.files)} of {facts.total_files} changed files; size figures are a lower bound")
        report.outputs["pull-request"] = str(number)
        report.outputs["skipped"] = ",".join(s.rule for s in evaluation.skips)

        if isinstance(event, PullRequestEvent) and policy.comment:
            final = graded(list(report.findings), config, policy.mode)
            outcome = sync_sticky(
                client, context.repository, number, GATE,
                comment_text(final, evaluation.skips, context.run_url), on_pass=policy.comment_on_pass,
            )
            report.findings.extend(outcome.findings)
            report.outputs["comment"] = outcome.action
        return finish(report, args, config, policy.mode)
