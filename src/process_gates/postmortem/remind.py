"""`postmortem remind`, the pure part: which postmortems and action items are past due, and who owns them.

Three kinds of items: an open postmortem past the due date its marker records; an action item tracked
as an issue (an action-item label, due by a ``Due: YYYY-MM-DD`` line or its milestone); an unchecked
checklist line in an open postmortem that names a date (``- [ ] Add a canary stage @alice 2026-01-05``).
Owners are the @-mentions on a checklist line, else the issue's assignees.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..findings import Finding, rule
from .open_plan import read_marker

POSTMORTEM_OVERDUE = rule(
    "postmortem.remind.overdue",
    "warning",
    "A postmortem is open past its due date.",
    "Finish the postmortem and close its issue, or agree a new date and edit the due date in its body.",
)
ACTION_ITEM_OVERDUE = rule(
    "postmortem.remind.action-item-overdue",
    "warning",
    "A postmortem action item is open past its due date.",
    "Finish it (close the issue or tick the checklist line), or agree a new due date with its owner.",
)

UNASSIGNED = "(unassigned)"
_CHECKLIST = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,9}[.)])\s+\[ \]\s+(?P<text>.+?)\s*$")
_DATE = re.compile(r"(?<![\d-])(\d{4}-\d{2}-\d{2})(?![\d-])")
_DUE_LINE = re.compile(r"^\W*due(?:\s+date)?\W*[:=]\W*(\d{4}-\d{2}-\d{2})", re.I | re.M)
_MENTION = re.compile(r"(?<![\w`])@([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})(?![\w/-])")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


@dataclass(frozen=True)
class TrackedIssue:
    """The parts of an open issue remind reads."""

    number: int
    title: str
    url: str
    body: str
    assignees: tuple[str, ...]
    milestone_due_on: str | None = None


@dataclass(frozen=True)
class OverdueItem:
    #: "postmortem", "action item" (an issue) or "checklist" (a line in a postmortem).
    kind: str
    #: The issue the reminder comment goes to.
    issue: int
    url: str
    text: str
    due: dt.date
    owners: tuple[str, ...]

    def days_overdue(self, today: dt.date) -> int:
        return (today - self.due).days

    def finding(self, today: dt.date) -> Finding:
        late = self.days_overdue(today)
        days = f"{late} day{'' if late == 1 else 's'}"
        owners = ", ".join(self.owners) or "no owner"
        if self.kind == "postmortem":
            return POSTMORTEM_OVERDUE.finding(
                f"postmortem #{self.issue} '{self.text}' was due {self.due.isoformat()} ({days} ago); owners: {owners}"
            )
        where = f"#{self.issue}" if self.kind == "action item" else f"a checklist line of postmortem #{self.issue}"
        return ACTION_ITEM_OVERDUE.finding(
            f"action item {where} '{self.text}' was due {self.due.isoformat()} ({days} ago); owners: {owners}"
        )


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def checklist_items(body: str) -> list[tuple[str, dt.date | None, tuple[str, ...]]]:
    """Unchecked checklist lines outside code blocks: (text, its date if any, @-mentioned owners)."""
    items = []
    fence: str | None = None
    for line in (body or "").splitlines():
        opened = _FENCE.match(line)
        if opened:
            mark = opened.group(1)
            if fence is None:
                fence = mark[0] * 3
            elif mark.startswith(fence):
                fence = None
            continue
        if fence is not None:
            continue
        match = _CHECKLIST.match(line)
        if not match:
            continue
        text = match.group("text")
        dates = [d for d in (_date(t) for t in _DATE.findall(text)) if d is not None]
        owners = tuple(dict.fromkeys(_MENTION.findall(text)))
        items.append((text, dates[-1] if dates else None, owners))
    return items


def overdue_postmortem_items(postmortem: TrackedIssue, today: dt.date) -> list[OverdueItem]:
    """The postmortem itself when past due, and its past-due checklist lines."""
    found = []
    facts = read_marker(postmortem.body)
    if facts is not None and facts.due < today:
        found.append(OverdueItem("postmortem", postmortem.number, postmortem.url, postmortem.title, facts.due, postmortem.assignees))
    for text, due, owners in checklist_items(postmortem.body):
        if due is not None and due < today:
            found.append(OverdueItem("checklist", postmortem.number, postmortem.url, text, due, owners or postmortem.assignees))
    return found


def action_item_due(issue: TrackedIssue) -> dt.date | None:
    match = _DUE_LINE.search(issue.body or "")
    if match:
        return _date(match.group(1))
    if issue.milestone_due_on:
        return _date(issue.milestone_due_on[:10])
    return None


def overdue_action_item(issue: TrackedIssue, today: dt.date) -> OverdueItem | None:
    due = action_item_due(issue)
    if due is None or due >= today:
        return None
    return OverdueItem("action item", issue.number, issue.url, issue.title, due, issue.assignees)


def by_owner(items: list[OverdueItem]) -> dict[str, list[OverdueItem]]:
    """Owner -> their overdue items, owners alphabetically, each owner's oldest due date first."""
    groups: dict[str, list[OverdueItem]] = {}
    for item in items:
        for owner in item.owners or (UNASSIGNED,):
            groups.setdefault(owner, []).append(item)
    return {owner: sorted(groups[owner], key=lambda i: (i.due, i.issue)) for owner in sorted(groups, key=str.lower)}


def remind_marker(day: dt.date) -> str:
    return f"<!-- process-gates:postmortem-remind day={day.isoformat()} -->"


def reminder_text(items: list[OverdueItem], today: dt.date) -> str:
    """One comment per issue and day, grouping that issue's overdue items by owner (owners mentioned)."""
    from .template import escape_inline

    lines = [remind_marker(today), "⏰ **Overdue postmortem follow-up**", ""]
    for owner, owned in by_owner(items).items():
        who = f"@{owner}" if owner != UNASSIGNED else "No owner yet (assign one)"
        lines.append(f"- {who}:")
        for item in owned:
            late = item.days_overdue(today)
            lines.append(
                f"  - {item.kind}: {escape_inline(item.text)} — due {item.due.isoformat()} "
                f"({late} day{'' if late == 1 else 's'} overdue)"
            )
    lines += ["", "Finish it, or agree a new due date and edit it here. One reminder a day at most."]
    return "\n".join(lines) + "\n"


def summary_table(items: list[OverdueItem], today: dt.date, reminded: dict[int, str]) -> str:
    """The job summary: every overdue item grouped by owner, with what this run did about it."""
    from ..reporters.github import md_escape
    from .template import safe_url

    lines = ["### Overdue postmortems and action items", ""]
    if not items:
        return "\n".join(lines + ["Nothing is overdue.", ""]) + "\n"
    lines += ["| Owner | Item | Kind | Due | Days overdue | Reminder |", "|---|---|---|---|---|---|"]
    for owner, owned in by_owner(items).items():
        for item in owned:
            lines.append(
                f"| {md_escape(owner)} | [#{item.issue}]({safe_url(item.url) or '#'}) {md_escape(item.text)} | {item.kind} | "
                f"{item.due.isoformat()} | {item.days_overdue(today)} | {reminded.get(item.issue, '')} |"
            )
    return "\n".join(lines) + "\n\n"
