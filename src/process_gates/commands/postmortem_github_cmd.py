"""``postmortem open`` and ``postmortem remind``: the GitHub side of postmortems.

``open`` runs on ``issues`` events (or ``workflow_dispatch`` with an ``issue`` input, or ``--issue N``
locally) and reads the incident live; ``remind`` runs on a schedule. Both take ``--dry-run`` (read,
decide, print, write nothing) and ``--at`` (the day to act as, for reproducible runs).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from typing import TYPE_CHECKING

from ..errors import UsageError
from ..reporters import Report
from .common import emit, finish, output_format

if TYPE_CHECKING:
    from ..config import Config
    from ..github.client import GitHubClient

TITLE_OPEN = "Postmortem open"
TITLE_REMIND = "Postmortem reminders"
_SKIPPED_ACTIONS = ("deleted", "transferred", "pinned", "unpinned", "locked", "unlocked")


def _today(args: argparse.Namespace) -> dt.date:
    at = getattr(args, "at", None)
    if not at:
        return dt.datetime.now(dt.timezone.utc).date()
    try:
        moment = dt.datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"--at {at!r} is not an ISO 8601 date or time (e.g. 2026-11-21 or 2026-11-21T09:00:00Z)") from None
    return (moment.astimezone(dt.timezone.utc) if moment.tzinfo else moment).date()


def _client_and_repo(command: str, events: tuple[str, ...], need_event: bool) -> tuple["GitHubClient", str, object]:
    """A client and the repository, from the runner's variables; without an event (a local run with
    --issue) from GITHUB_REPOSITORY and GITHUB_TOKEN alone."""
    from ..github.client import GitHubClient
    from ..github.context import DEFAULT_API_URL, load_context, resolve_token

    if need_event or os.environ.get("GITHUB_EVENT_NAME"):
        context = load_context(events=events, command=command)
        return GitHubClient.from_context(context), context.repository, context.event
    repository = (os.environ.get("GITHUB_REPOSITORY") or "").strip()
    if not repository:
        raise UsageError(f"{command} needs GITHUB_REPOSITORY=owner/name to run outside a workflow")
    token = resolve_token(os.environ)
    if not token:
        raise UsageError(f"{command} needs a GitHub token: set GITHUB_TOKEN")
    api_url = (os.environ.get("GITHUB_API_URL") or DEFAULT_API_URL).strip()
    return GitHubClient(token, api_url=api_url), repository, None


def _load(args: argparse.Namespace, client: "GitHubClient", repository: str, gate: str, title: str) -> "Config | None":
    from ..config.org_default import load_with_org_default

    loaded = load_with_org_default(getattr(args, "config", None), client, repository)
    if not loaded.ok:
        failed = Report(gate=gate, title=title, findings=loaded.findings)
        failed.notes.append(f"the configuration {loaded.config.source} is invalid; nothing was done")
        args._exit = emit(failed, args)  # noqa: SLF001
        return None
    args._config_findings = loaded.findings  # noqa: SLF001 - carried to finish()
    return loaded.config


def _issue_number(args: argparse.Namespace, event: object, report: Report) -> int | None:
    from ..github.events import IssuesEvent, WorkflowDispatchEvent

    if args.issue is not None:
        return args.issue
    if isinstance(event, IssuesEvent):
        if event.action in _SKIPPED_ACTIONS:
            report.notes.append(f"the issue was {event.action}; nothing to do")
            return None
        return event.number
    if isinstance(event, WorkflowDispatchEvent):
        text = (event.inputs.get("issue") or "").strip().lstrip("#")
        if not text.isdigit() or int(text) < 1:
            raise UsageError("workflow_dispatch needs an `issue` input with the incident's issue number")
        return int(text)
    raise UsageError("postmortem open needs an issue: run it on an `issues` event, or pass --issue N")


def _preview(args: argparse.Namespace, lines: list[str]) -> None:
    from ..github.workflow import neutralize_line

    stream = sys.stdout if output_format(args) in ("text", "github") else sys.stderr
    for line in lines:
        stream.write(neutralize_line(line) + "\n")


def run_open(args: argparse.Namespace) -> int:
    from ..postmortem.github_open import open_postmortem
    from ..postmortem.template import load_template

    today = _today(args)
    client, repository, event = _client_and_repo(
        "process-gates postmortem open", ("issues", "workflow_dispatch"), need_event=args.issue is None
    )
    with client:
        config = _load(args, client, repository, "postmortem-open", TITLE_OPEN)
        if config is None:
            return args._exit  # noqa: SLF001
        policy = config.postmortem.open
        report = Report(gate="postmortem-open", title=TITLE_OPEN, checked_noun="incident")
        number = _issue_number(args, event, report)
        if number is None:
            return finish(report, args, config)
        template = load_template(policy.template)
        outcome = open_postmortem(client, repository, number, policy, template, today, dry_run=args.dry_run)
        report.checked = 1
        report.notes.append(outcome.plan.reason)
        report.findings.extend(outcome.findings)
        if outcome.postmortem is not None:
            report.notes.append(f"postmortem #{outcome.postmortem}: {outcome.done}" + (f", back-link comment {outcome.backlink}" if outcome.backlink else ""))
        for dup in outcome.duplicates_closed:
            report.notes.append(f"closed #{dup} as a duplicate opened by a concurrent run")
        if args.dry_run:
            report.notes.append("dry run: nothing was written")
            if outcome.body is not None:
                _preview(args, [
                    f"would open an issue titled: {outcome.title}",
                    f"  labels: {', '.join(outcome.labels)}; assignees: {', '.join(outcome.incident.assignees) or 'none'}",
                    "  body:", *("    " + line for line in outcome.body.splitlines()),
                ])
        report.outputs["action"] = outcome.done
        report.outputs["postmortem"] = str(outcome.postmortem or "")
        report.outputs["postmortem-url"] = outcome.url or ""
        due = outcome.plan.due
        report.outputs["due"] = due.isoformat() if due else ""
        return finish(report, args, config)


def run_remind(args: argparse.Namespace) -> int:
    from ..github.workflow import append_summary
    from ..postmortem.github_remind import gather_overdue, send_reminders
    from ..postmortem.remind import summary_table

    today = _today(args)
    client, repository, _event = _client_and_repo(
        "process-gates postmortem remind", ("schedule", "workflow_dispatch"), need_event=False
    )
    with client:
        config = _load(args, client, repository, "postmortem-remind", TITLE_REMIND)
        if config is None:
            return args._exit  # noqa: SLF001
        policy = config.postmortem
        items = gather_overdue(client, repository, policy, today)
        cap = args.max_operations or policy.remind.max_operations
        outcome = send_reminders(client, repository, items, today, cap, dry_run=args.dry_run)
        report = Report(gate="postmortem-remind", title=TITLE_REMIND, checked_noun="overdue item")
        report.checked = len(items)
        report.findings.extend(item.finding(today) for item in items)
        report.findings.extend(outcome.findings)
        deferred = sum(1 for state in outcome.reminded.values() if state.startswith("deferred"))
        report.notes.append(f"as of {today.isoformat()}: {len(items)} overdue item(s); {outcome.comments} reminder comment(s) written (cap {cap})")
        if deferred:
            report.notes.append(f"{deferred} issue(s) deferred to the next run: the cap of {cap} comments per run was reached")
        if args.dry_run:
            report.notes.append("dry run: nothing was written")
        report.outputs["overdue"] = str(len(items))
        report.outputs["reminded"] = str(outcome.comments)
        report.outputs["deferred"] = str(deferred)
        if output_format(args) == "github":
            append_summary(summary_table(items, today, outcome.reminded))
        elif output_format(args) == "text":
            for line in summary_table(items, today, outcome.reminded).splitlines():
                _preview(args, [line])
        return finish(report, args, config)
