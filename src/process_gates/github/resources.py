"""Typed views of the GitHub API responses the gates use, built defensively.

A response that is not the shape GitHub documents (a proxy's HTML error page, a truncated body) raises
:class:`MalformedResponse` while the call is still inside its retry loop, so it is retried like any other
transient failure instead of surfacing later as an AttributeError deep inside a gate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class MalformedResponse(Exception):
    """The body parsed but is not what the route returns; treated as a transient failure."""


def expect_dict(data: Any, what: str) -> dict:
    if not isinstance(data, dict):
        raise MalformedResponse(f"expected a JSON object for {what}, got {type(data).__name__}")
    return data


def expect_list(data: Any, what: str) -> list:
    if not isinstance(data, list):
        raise MalformedResponse(f"expected a JSON array for {what}, got {type(data).__name__}")
    return data


def _str(data: dict, key: str, what: str, *, nullable: bool = False) -> str:
    value = data.get(key)
    if value is None and nullable:
        return ""
    if not isinstance(value, str):
        raise MalformedResponse(f"{what}.{key} is not a string")
    return value


def _int(data: dict, key: str, what: str) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise MalformedResponse(f"{what}.{key} is not an integer")
    return value


@dataclass(frozen=True)
class Identity:
    """Who the token acts as: comments it writes carry this login."""

    login: str
    #: How we learned it: "GET /user", "GraphQL viewer", "configured", or "GITHUB_TOKEN default".
    source: str

    def matches(self, login: str | None) -> bool:
        return bool(login) and login.lower() == self.login.lower()  # type: ignore[union-attr]


@dataclass(frozen=True)
class Comment:
    id: int
    body: str
    author: str | None
    created_at: str
    html_url: str

    @classmethod
    def from_json(cls, data: Any) -> "Comment":
        item = expect_dict(data, "an issue comment")
        user = item.get("user")
        author = user.get("login") if isinstance(user, dict) else None  # null for deleted ("ghost") users
        return cls(
            id=_int(item, "id", "comment"),
            body=_str(item, "body", "comment", nullable=True),
            author=author if isinstance(author, str) else None,
            created_at=_str(item, "created_at", "comment", nullable=True),
            html_url=_str(item, "html_url", "comment", nullable=True),
        )

    @classmethod
    def from_graphql(cls, node: dict) -> "Comment":
        """An ``IssueComment`` node selected with :data:`GRAPHQL_COMMENT_FIELDS`."""
        return cls(
            id=int(node["databaseId"]),
            body=node.get("body") or "",
            author=graphql_login(node.get("author")),
            created_at=node.get("createdAt") or "",
            html_url=node.get("url") or "",
        )


#: The fields :meth:`Comment.from_graphql` reads: a gate that selects them (and ``viewer { login }``) in
#: its own query hands the sticky comment everything it needs, so the sync costs the write alone.
GRAPHQL_COMMENT_FIELDS = "databaseId body createdAt url author { __typename login }"


def graphql_login(actor: Any) -> str | None:
    """A login as REST spells it: GraphQL names bots without their ``[bot]`` suffix."""
    if not isinstance(actor, dict) or not isinstance(actor.get("login"), str):
        return None
    login = actor["login"]
    if actor.get("__typename") == "Bot" and not login.endswith("[bot]"):
        login += "[bot]"
    return login


@dataclass(frozen=True)
class ChangedFile:
    filename: str
    status: str
    additions: int
    deletions: int
    #: The old path of a renamed file.
    previous_filename: str | None = None

    @classmethod
    def from_json(cls, data: Any) -> "ChangedFile":
        item = expect_dict(data, "a pull request file")
        previous = item.get("previous_filename")
        return cls(
            filename=_str(item, "filename", "file"),
            status=_str(item, "status", "file"),
            additions=_int(item, "additions", "file"),
            deletions=_int(item, "deletions", "file"),
            previous_filename=previous if isinstance(previous, str) else None,
        )


@dataclass(frozen=True)
class LabelEvent:
    """A ``labeled``/``unlabeled`` entry of an issue timeline: who applied which label, when."""

    event: str
    label: str
    actor: str | None
    created_at: str

    @classmethod
    def from_timeline(cls, data: Any) -> "LabelEvent | None":
        item = expect_dict(data, "a timeline event")
        if item.get("event") not in ("labeled", "unlabeled"):
            return None
        label = expect_dict(item.get("label"), "a timeline event's label")
        actor = item.get("actor")
        login = actor.get("login") if isinstance(actor, dict) else None
        return cls(
            event=item["event"],
            label=_str(label, "name", "label"),
            actor=login if isinstance(login, str) else None,
            created_at=_str(item, "created_at", "timeline event", nullable=True),
        )


@dataclass(frozen=True)
class IssueSummary:
    number: int
    title: str
    state: str
    labels: tuple[str, ...]
    html_url: str
    is_pull_request: bool
    created_at: str
    closed_at: str | None

    @classmethod
    def from_json(cls, data: Any) -> "IssueSummary":
        item = expect_dict(data, "an issue")
        labels = []
        for label in item.get("labels") or []:
            if isinstance(label, dict) and isinstance(label.get("name"), str):
                labels.append(label["name"])
            elif isinstance(label, str):
                labels.append(label)
        closed = item.get("closed_at")
        return cls(
            number=_int(item, "number", "issue"),
            title=_str(item, "title", "issue"),
            state=_str(item, "state", "issue"),
            labels=tuple(labels),
            html_url=_str(item, "html_url", "issue", nullable=True),
            is_pull_request=isinstance(item.get("pull_request"), dict),
            created_at=_str(item, "created_at", "issue", nullable=True),
            closed_at=closed if isinstance(closed, str) else None,
        )


@dataclass(frozen=True)
class LinkedIssue:
    """An issue a PR will close (GraphQL ``closingIssuesReferences``)."""

    repository: str
    number: int
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Issue:
    """An issue as the REST API returns it, with what IssueSummary leaves out (body, assignees, author)."""

    number: int
    title: str
    body: str
    state: str
    state_reason: str | None
    labels: tuple[str, ...]
    assignees: tuple[str, ...]
    author: str | None
    html_url: str
    created_at: str
    closed_at: str | None
    is_pull_request: bool
    #: The milestone's due date (ISO 8601), when the issue has a milestone with one.
    milestone_due_on: str | None = None

    @classmethod
    def from_json(cls, data: Any) -> "Issue":
        item = expect_dict(data, "an issue")
        summary = IssueSummary.from_json(item)
        user = item.get("user")
        author = user.get("login") if isinstance(user, dict) else None
        assignees = tuple(
            a["login"] for a in item.get("assignees") or [] if isinstance(a, dict) and isinstance(a.get("login"), str)
        )
        reason = item.get("state_reason")
        milestone = item.get("milestone")
        due = milestone.get("due_on") if isinstance(milestone, dict) else None
        return cls(
            number=summary.number,
            title=summary.title,
            body=_str(item, "body", "issue", nullable=True),
            state=summary.state,
            state_reason=reason if isinstance(reason, str) else None,
            labels=summary.labels,
            assignees=assignees,
            author=author if isinstance(author, str) else None,
            html_url=summary.html_url,
            created_at=summary.created_at,
            closed_at=summary.closed_at,
            is_pull_request=summary.is_pull_request,
            milestone_due_on=due if isinstance(due, str) else None,
        )
