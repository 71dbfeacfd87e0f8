"""``quality check``: one PR against the `quality:` policy, read live from GitHub, one sticky comment."""

from __future__ import annotations

import argparse

from ..reporters import Report
from .common import emit, finish, graded

GATE = "quality"
TITLE = "Quality gate"


def run_check(args: argparse.Namespace) -> int:
    from ..config import LoadedConfig, discover, explain_source, load_config
    from ..github.client import GitHubClient
    from ..github.context import load_context
    from ..github.sticky import sync_sticky
    from ..quality.comment import comment_text
    from ..quality.gather import gather_pull_request
    from ..quality.rules import evaluate
    from .pr_target import PR_GATE_EVENTS, number_to_read, pr_target

    command = "process-gates quality check"
    context = load_context(events=PR_GATE_EVENTS, command=command)
    target = pr_target(context.event, context.event_name, args, command)

    def invalid(loaded: LoadedConfig) -> int:
        failed = Report(gate=GATE, title=TITLE, findings=loaded.findings)
        failed.notes.append(f"the configuration {loaded.config.source} is invalid; no gate was evaluated")
        return emit(failed, args)

    # Without --config and a file of its own, the repository takes its organisation's default, read
    # inside the PR query rather than with requests of its own; a local file fails closed before any call.
    org_default = getattr(args, "config", None) is None and discover() is None
    loaded = load_config(getattr(args, "config", None))
    if not loaded.ok:
        return invalid(loaded)
    args._config_findings = loaded.findings  # noqa: SLF001 - carried to finish()
    report = Report(gate=GATE, title=TITLE, checked_noun="pull request")

    def merge_group_passes() -> int:
        report.notes.append("merge group passed through (quality.merge_group: pass); the PR was checked before it was queued")
        return finish(report, args, loaded.config, loaded.config.quality.mode)

    if target.in_merge_queue and loaded.config.quality.merge_group == "pass" and not org_default:
        report.notes.append(f"configuration: {explain_source(loaded.config)}")
        return merge_group_passes()
    number, note = number_to_read(target, context.event)
    report.notes.append(note)

    with GitHubClient.from_context(context) as client:
        read = gather_pull_request(client, context.repository, number, org_default=org_default)
        if read.org_default is not None:
            if not read.org_default.ok:
                return invalid(read.org_default)
            loaded = read.org_default
            args._config_findings = loaded.findings  # noqa: SLF001 - carried to finish()
        config = loaded.config
        policy = config.quality
        report.notes.insert(0, f"configuration: {explain_source(config)}")
        if target.in_merge_queue and policy.merge_group == "pass":
            return merge_group_passes()
        facts = read.facts
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

        if not target.in_merge_queue and policy.comment:
            final = graded(list(report.findings), config, policy.mode)
            outcome = sync_sticky(
                client, context.repository, number, GATE,
                comment_text(final, evaluation.skips, context.run_url), on_pass=policy.comment_on_pass,
                comments=list(read.comments) if read.comments is not None else None, identity=read.identity,
            )
            report.findings.extend(outcome.findings)
            report.outputs["comment"] = outcome.action
        return finish(report, args, config, policy.mode)
