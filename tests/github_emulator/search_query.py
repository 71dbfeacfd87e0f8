"""GitHub's issue search syntax: parse ``q`` and match issues against it (pure functions).

Covers what gates search by: ``repo:``/``org:``/``user:``, ``is:``/``type:``/``state:``, ``label:`` (AND
across qualifiers, OR within a comma list), ``no:``, ``author:``/``assignee:``/``commenter:``/
``mentions:``/``involves:``, ``milestone:``, ``reason:``, ``head:``/``base:``, ``in:title,body,comments``,
date ranges on ``created:``/``updated:``/``closed:``/``merged:`` and number ranges on ``comments:``, a
leading ``-`` to negate any qualifier, quoted values and phrases, and ``sort:`` inside the query. Free
text matches case-insensitively as substrings (GitHub stems words; a substring is the close, predictable
stand-in). ``AND``/``OR``/``NOT`` keywords are not supported and are searched for as text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Callable

from .models import Issue

UTC = timezone.utc

QUALIFIERS = {
    "repo", "org", "user", "owner", "is", "type", "state", "label", "no", "author", "assignee", "commenter",
    "mentions", "involves", "milestone", "reason", "head", "base", "in", "created", "updated", "closed",
    "merged", "comments", "sort", "draft",
}


class QueryError(ValueError):
    """A qualifier value GitHub would refuse (an unparseable date or number)."""


@dataclass(frozen=True)
class Qualifier:
    key: str
    value: str
    negated: bool = False


@dataclass
class Query:
    qualifiers: list[Qualifier] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)  # lower-cased words and phrases

    def values(self, key: str) -> list[str]:
        return [q.value for q in self.qualifiers if q.key == key and not q.negated]


def tokenize(q: str) -> list[str]:
    """Split on whitespace outside double quotes; quotes are kept so values can be unquoted later."""
    tokens, current, quoted = [], "", False
    for char in q:
        if char == '"':
            quoted = not quoted
            current += char
        elif char.isspace() and not quoted:
            if current:
                tokens.append(current)
            current = ""
        else:
            current += char
    if current:
        tokens.append(current)
    return tokens


def parse(q: str) -> Query:
    query = Query()
    for token in tokenize(q):
        negated = token.startswith("-") and len(token) > 1
        body = token[1:] if negated else token
        key, sep, value = body.partition(":")
        if sep and key.lower() in QUALIFIERS and value:
            query.qualifiers.append(Qualifier(key.lower(), value.replace('"', ""), negated))
        else:
            text = token.replace('"', "").strip().lower()
            if text:
                query.terms.append(text)
    return query


def _day_bounds(text: str) -> tuple[datetime, datetime]:
    """[start, end) of a date (a whole day) or of a date-time (one second)."""
    try:
        if len(text) == 10:
            start = datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=UTC)
            return start, start + timedelta(days=1)
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise QueryError(f"'{text}' is not a date (use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)") from None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment, moment + timedelta(seconds=1)


def date_predicate(spec: str) -> Callable[[datetime | None], bool]:
    if ".." in spec:
        low, _, high = spec.partition("..")
        start = None if low in ("", "*") else _day_bounds(low)[0]
        end = None if high in ("", "*") else _day_bounds(high)[1]
        return lambda t: t is not None and (start is None or t >= start) and (end is None or t < end)
    op = next((o for o in (">=", "<=", ">", "<") if spec.startswith(o)), "")
    start, end = _day_bounds(spec[len(op):])
    # Against a day: ">" means after it ends, "<=" before it ends, ">=" from its start, "<" before it.
    low, high = {">=": (start, None), ">": (end, None), "<=": (None, end), "<": (None, start), "": (start, end)}[op]
    return lambda t: t is not None and (low is None or t >= low) and (high is None or t < high)


def number_predicate(spec: str) -> Callable[[int], bool]:
    try:
        if ".." in spec:
            low, _, high = spec.partition("..")
            lo = None if low in ("", "*") else int(low)
            hi = None if high in ("", "*") else int(high)
            return lambda n: (lo is None or n >= lo) and (hi is None or n <= hi)
        for op, test in ((">=", lambda a, b: a >= b), ("<=", lambda a, b: a <= b), (">", lambda a, b: a > b), ("<", lambda a, b: a < b)):
            if spec.startswith(op):
                bound = int(spec[len(op):])
                return lambda n, test=test, bound=bound: test(n, bound)
        exact = int(spec)
    except ValueError:
        raise QueryError(f"'{spec}' is not a number or a range of numbers") from None
    return lambda n: n == exact


def _logins(users) -> set[str]:
    return {u.login.lower() for u in users}


def _qualifier_holds(q: Qualifier, issue: Issue, owner_of: Callable[[str], str]) -> bool:
    value = q.value.lower()
    pull = issue.pull
    if q.key == "repo":
        return issue.repo.lower() == value
    if q.key in ("org", "user", "owner"):
        return owner_of(issue.repo).lower() == value
    if q.key in ("is", "type", "state"):
        return {
            "issue": pull is None,
            "pr": pull is not None,
            "pull-request": pull is not None,
            "open": issue.state == "open",
            "closed": issue.state == "closed",
            "merged": pull is not None and pull.merged,
            "unmerged": pull is not None and not pull.merged and issue.state == "closed",
            "draft": pull is not None and pull.draft,
            "locked": issue.locked,
            "unlocked": not issue.locked,
        }.get(value, False)
    if q.key == "draft":
        return pull is not None and pull.draft == (value == "true")
    if q.key == "label":
        have = {lab.name.lower() for lab in issue.labels}
        return any(name.strip() in have for name in value.split(","))
    if q.key == "no":
        return {"label": not issue.labels, "milestone": issue.milestone is None, "assignee": not issue.assignees}.get(value, False)
    if q.key == "author":
        return issue.user.login.lower() == value
    if q.key == "assignee":
        return value in _logins(issue.assignees)
    if q.key == "commenter":
        return value in _logins(c.user for c in issue.comments)
    if q.key == "mentions":
        return f"@{value}" in (issue.body or "").lower() or any(f"@{value}" in c.body.lower() for c in issue.comments)
    if q.key == "involves":
        people = {issue.user.login.lower()} | _logins(issue.assignees) | _logins(c.user for c in issue.comments)
        return value in people or f"@{value}" in (issue.body or "").lower()
    if q.key == "milestone":
        return issue.milestone is not None and issue.milestone.title.lower() == value
    if q.key == "reason":
        return (issue.state_reason or "").replace("_", " ") == value.replace("_", " ")
    if q.key == "head":
        return pull is not None and pull.head_ref.lower() == value
    if q.key == "base":
        return pull is not None and pull.base_ref.lower() == value
    if q.key in ("created", "updated", "closed", "merged"):
        moment = {
            "created": issue.created_at,
            "updated": issue.updated_at,
            "closed": issue.closed_at,
            "merged": pull.merged_at if pull else None,
        }[q.key]
        return date_predicate(q.value)(moment)
    if q.key == "comments":
        return number_predicate(q.value)(len(issue.comments))
    return True  # "in" and "sort" shape the search rather than filter it


def matches(query: Query, issue: Issue, owner_of: Callable[[str], str]) -> bool:
    by_key: dict[str, list[Qualifier]] = {}
    for q in query.qualifiers:
        if q.key in ("in", "sort"):
            continue
        if q.negated:
            if _qualifier_holds(q, issue, owner_of):
                return False
        else:
            by_key.setdefault(q.key, []).append(q)
    for key, group in by_key.items():
        # Several repo:/org:/user: widen the search; every other qualifier narrows it.
        if key in ("repo", "org", "user", "owner"):
            if not any(_qualifier_holds(q, issue, owner_of) for q in group):
                return False
        elif not all(_qualifier_holds(q, issue, owner_of) for q in group):
            return False
    if query.terms:
        where = {w.strip().lower() for v in query.values("in") for w in v.split(",")} or {"title", "body", "comments"}
        haystack = []
        if "title" in where:
            haystack.append(issue.title.lower())
        if "body" in where:
            haystack.append((issue.body or "").lower())
        if "comments" in where:
            haystack.extend(c.body.lower() for c in issue.comments)
        text = "\n".join(haystack)
        if not all(term in text for term in query.terms):
            return False
    return True


def validate(query: Query) -> None:
    """Raise QueryError for values GitHub would refuse, before matching anything."""
    for q in query.qualifiers:
        if q.key in ("created", "updated", "closed", "merged"):
            date_predicate(q.value)
        elif q.key == "comments":
            number_predicate(q.value)
