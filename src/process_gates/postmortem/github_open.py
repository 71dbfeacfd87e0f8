"""`postmortem open` against GitHub: read the incident live, find its postmortem, create or update it.

Exactly one postmortem per incident, whatever the re-runs and races:

- the postmortem is found by its hidden marker among the issues carrying the postmortem label, read
  from the issue list (consistent at once), never from search, whose index lags behind;
- a POST whose answer was lost is reconciled by looking for the marker before it is repeated;
- after creating, the list is read again: when two runs both created one, every run keeps the lowest
  number and closes the others as duplicates (their marker and labels removed, so they no longer count).

Only issues with the postmortem label count: applying a label needs triage access, so a drive-by issue
that copies the marker cannot stand in for a real postmortem.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..config.model import PostmortemOpenPolicy
from ..findings import Finding
from .incident import Incident, matching_severities, parse_time
from .open_plan import ExistingPostmortem, OpenPlan, marker, plan_open, read_marker, replace_marker
from .template import Template, fill, move_due, plain_title, values

if TYPE_CHECKING:
    from ..github.client import GitHubClient
    from ..github.resources import Issue

#: The sticky back-link comment on the incident.
LINK_GATE = "postmortem"


@dataclass
class OpenOutcome:
    plan: OpenPlan
    incident: Incident
    #: What was done: "created", "raised", "kept", "skipped", or "would create"/"would raise" in a dry run.
    done: str
    postmortem: int | None = None
    url: str | None = None
    title: str | None = None
    body: str | None = None
    labels: tuple[str, ...] = ()
    duplicates_closed: tuple[int, ...] = ()
    backlink: str | None = None
    findings: list[Finding] = field(default_factory=list)


def incident_from_issue(repo: str, issue: "Issue") -> Incident:
    return Incident(
        repository=repo,
        number=issue.number,
        title=issue.title,
        url=issue.html_url,
        state=issue.state,
        labels=issue.labels,
        assignees=issue.assignees,
        created_at=parse_time(issue.created_at),
        closed_at=parse_time(issue.closed_at),
        is_pull_request=issue.is_pull_request,
        body=issue.body,
    )


def find_postmortems(client: "GitHubClient", repo: str, incident: int, label: str) -> list["Issue"]:
    """Every postmortem of ``incident`` (lowest number first): the label and the marker, any state."""
    found = []
    for issue in client.list_issues(repo, labels=(label,), state="all"):
        facts = read_marker(issue.body)
        if facts is not None and facts.incident == incident and not issue.is_pull_request:
            found.append(issue)
    return sorted(found, key=lambda i: i.number)


def _existing(issue: "Issue") -> ExistingPostmortem:
    facts = read_marker(issue.body)
    assert facts is not None
    return ExistingPostmortem(issue.number, issue.html_url, issue.state, issue.body, facts)


def compose(incident: Incident, plan: OpenPlan, policy: PostmortemOpenPolicy, template: Template) -> tuple[str, str, tuple[str, ...]]:
    """Title, body and labels of a new postmortem."""
    assert plan.severity is not None and plan.opened is not None and plan.due is not None
    head = marker(incident.number, plan.severity.label, plan.opened, plan.due)
    body = head + "\n" + fill(template, values(incident, plan.severity, plan.due))
    title = plain_title(f"Postmortem: {incident.title} (#{incident.number})")
    labels = tuple(dict.fromkeys((*policy.labels, plan.severity.label)))
    return title, body, labels


def backlink_text(number: int, url: str, due: dt.date, policy_text: str) -> str:
    return (
        f"📝 **Postmortem:** #{number} — due **{due.isoformat()}** ({policy_text}).\n\n"
        "Blameless: it asks what in our systems and processes let this happen, not who. "
        "Please fill it in while the details are fresh."
    )


def open_postmortem(
    client: "GitHubClient",
    repo: str,
    number: int,
    policy: PostmortemOpenPolicy,
    template: Template,
    today: dt.date,
    *,
    dry_run: bool = False,
) -> OpenOutcome:
    label = policy.labels[0]
    incident = incident_from_issue(repo, client.get_issue(repo, number))
    found = find_postmortems(client, repo, number, label) if not incident.is_pull_request else []
    existing = _existing(found[0]) if found else None
    plan = plan_open(incident, policy, existing, today)
    outcome = OpenOutcome(plan, incident, "skipped")
    if plan.action == "skip":
        return outcome
    if plan.action == "create":
        title, body, labels = compose(incident, plan, policy, template)
        outcome.title, outcome.body, outcome.labels = title, body, labels
        if dry_run:
            outcome.done = "would create"
            return outcome
        created = _create(client, repo, number, label, title, body, labels, incident.assignees)
        # Re-check: a concurrent run may have created one too; everyone keeps the lowest number.
        mine = find_postmortems(client, repo, number, label) or [created]
        keep = mine[0]
        outcome.duplicates_closed = tuple(
            _close_duplicate(client, repo, dup, keep.number) for dup in mine[1:]
        )
        outcome.done = "created" if keep.number == created.number else "kept"
        existing = _existing(keep)
    assert existing is not None
    outcome.postmortem, outcome.url = existing.number, existing.url
    due, severity = existing.facts.due, plan.severity
    if plan.action == "raise":
        assert plan.severity is not None and plan.due is not None and plan.opened is not None
        due = plan.due
        if dry_run:
            outcome.done = "would raise"
            return outcome
        _raise(client, repo, existing, plan, policy)
        outcome.done = "raised"
    elif plan.action == "keep":
        outcome.done = "kept" if outcome.done == "skipped" else outcome.done
        if dry_run:
            return outcome
    if severity is None:
        severity_text = existing.facts.severity
    else:
        severity_text = f"{severity.label}: {severity.due.describe()}"
    from ..github.sticky import sync_sticky

    sticky = sync_sticky(client, repo, number, LINK_GATE, backlink_text(existing.number, existing.url, due, severity_text))
    if sticky.action == "created":
        _heal_backlinks(client, repo, number)
    outcome.backlink = sticky.action
    outcome.findings.extend(sticky.findings)
    return outcome


def _heal_backlinks(client: "GitHubClient", repo: str, number: int) -> None:
    """Two runs that raced both wrote a back-link: every run keeps the oldest and deletes the others
    (a delete that lost the race to the other run's is harmless)."""
    from ..github.sticky import ours

    mine = ours(client.list_issue_comments(repo, number), LINK_GATE, client.identity())
    for extra in mine[1:]:
        client.delete_issue_comment(repo, extra.id)


def _create(
    client: "GitHubClient", repo: str, incident: int, label: str, title: str, body: str,
    labels: tuple[str, ...], assignees: tuple[str, ...],
) -> "Issue":
    def reconcile() -> "Issue | None":
        found = find_postmortems(client, repo, incident, label)
        return found[0] if found else None

    return client.create_issue(repo, title, body, labels=labels, assignees=assignees, reconcile=reconcile)


def _close_duplicate(client: "GitHubClient", repo: str, dup: "Issue", keep: int) -> int:
    """Close a postmortem a concurrent run opened: its marker and labels go, so it no longer counts."""
    body = (
        f"Closed by process-gates: a duplicate of #{keep}, opened by a run that raced with another. "
        f"The postmortem is #{keep}.\n<!-- process-gates:postmortem-duplicate-of={keep} -->\n"
    )
    client.update_issue(repo, dup.number, state="closed", state_reason="duplicate", labels=[], body=body)
    return dup.number


def _raise(client: "GitHubClient", repo: str, existing: ExistingPostmortem, plan: OpenPlan, policy: PostmortemOpenPolicy) -> None:
    assert plan.severity is not None and plan.due is not None and plan.opened is not None
    body = move_due(existing.body, plan.due, plan.severity)
    body = replace_marker(body, marker(existing.facts.incident, plan.severity.label, plan.opened, plan.due))
    client.update_issue(repo, existing.number, body=body)
    issue = client.get_issue(repo, existing.number)
    stale = [s.label for s in matching_severities(issue.labels, policy.triggers) if s.label.lower() != plan.severity.label.lower()]
    client.add_labels(repo, existing.number, [plan.severity.label])
    for old in stale:
        client.remove_label(repo, existing.number, old)
