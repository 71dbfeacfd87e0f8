"""`postmortem remind` against GitHub: read open postmortems and action-item issues, comment once a day.

Reads are one paginated list per label (postmortems, then each action-item label). Before writing on
an issue, its comments are read for today's reminder of ours (the marker *and* our login: a pasted
marker does not silence a reminder); at most ``max_operations`` comments are written per run, and the
rest are reported as deferred to the next run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..config.model import PostmortemPolicy
from ..findings import Finding
from .remind import OverdueItem, TrackedIssue, overdue_action_item, overdue_postmortem_items, remind_marker, reminder_text

if TYPE_CHECKING:
    from ..github.client import GitHubClient
    from ..github.resources import Issue


@dataclass
class RemindOutcome:
    items: list[OverdueItem]
    #: Issue number -> what this run did: "reminded", "already reminded today", "deferred", "would remind".
    reminded: dict[int, str] = field(default_factory=dict)
    comments: int = 0
    findings: list[Finding] = field(default_factory=list)


def _tracked(issue: "Issue") -> TrackedIssue:
    return TrackedIssue(issue.number, issue.title, issue.html_url, issue.body, issue.assignees, issue.milestone_due_on)


def read_open(client: "GitHubClient", repo: str, policy: PostmortemPolicy) -> tuple[list["Issue"], list["Issue"]]:
    """Open postmortems, then open action-item issues that are not postmortems: one paginated list per
    label. The process-health report reads the same lists, so the two never disagree."""
    postmortems = [i for i in client.list_issues(repo, labels=(policy.open.labels[0],), state="open") if not i.is_pull_request]
    seen = {i.number for i in postmortems}
    action_items: list["Issue"] = []
    for label in policy.remind.action_item_labels:
        for issue in client.list_issues(repo, labels=(label,), state="open"):
            if issue.is_pull_request or issue.number in seen:
                continue
            seen.add(issue.number)
            action_items.append(issue)
    return postmortems, action_items


def overdue_in(postmortems: list["Issue"], action_items: list["Issue"], today: dt.date) -> list[OverdueItem]:
    items: list[OverdueItem] = []
    for issue in postmortems:
        items.extend(overdue_postmortem_items(_tracked(issue), today))
    for issue in action_items:
        item = overdue_action_item(_tracked(issue), today)
        if item is not None:
            items.append(item)
    return items


def gather_overdue(client: "GitHubClient", repo: str, policy: PostmortemPolicy, today: dt.date) -> list[OverdueItem]:
    return overdue_in(*read_open(client, repo, policy), today)


def send_reminders(
    client: "GitHubClient", repo: str, items: list[OverdueItem], today: dt.date, max_operations: int, *, dry_run: bool = False
) -> RemindOutcome:
    from ..github.client import GitHubForbidden
    from ..github.sticky import COMMENT_FORBIDDEN

    outcome = RemindOutcome(items)
    per_issue: dict[int, list[OverdueItem]] = {}
    for item in sorted(items, key=lambda i: (i.due, i.issue)):
        per_issue.setdefault(item.issue, []).append(item)
    today_marker = remind_marker(today)
    identity = None if dry_run else client.identity()
    for number, issue_items in per_issue.items():
        if dry_run:
            outcome.reminded[number] = "would remind"
            continue
        if outcome.comments >= max_operations:
            outcome.reminded[number] = "deferred (cap reached)"
            continue
        assert identity is not None
        comments = client.list_issue_comments(repo, number)
        if any(today_marker in c.body and identity.matches(c.author) for c in comments):
            outcome.reminded[number] = "already reminded today"
            continue
        try:
            client.create_issue_comment(repo, number, reminder_text(issue_items, today), reconcile=_reconcile(client, repo, number, today_marker, identity))
        except GitHubForbidden as exc:
            outcome.findings.append(COMMENT_FORBIDDEN.finding(f"could not comment on #{number} ({exc.detail or exc.message})"))
            outcome.reminded[number] = "not written (token cannot comment)"
            continue
        outcome.comments += 1
        outcome.reminded[number] = "reminded"
    return outcome


def _reconcile(client: "GitHubClient", repo: str, number: int, today_marker: str, identity):  # type: ignore[no-untyped-def]
    def look():  # type: ignore[no-untyped-def]
        for comment in client.list_issue_comments(repo, number):
            if today_marker in comment.body and identity.matches(comment.author):
                return comment
        return None

    return look
