"""One sticky comment per gate on a PR or issue: created when the gate has something to say, edited in
place only when its text changes, deleted (or marked resolved) when the gate passes.

Ours is the comment that carries the gate's hidden marker *and* was written by the token's identity:
the marker alone is not enough, since anyone can paste it into a comment of their own, and we must never
edit or delete someone else's words. All pages of comments are read, because on a busy PR ours may be
on page three. Two comments of ours (two runs that raced, a write retried after a dropped connection)
are healed by keeping the oldest and deleting the others.

A token that may not write (a fork PR on ``pull_request``, a locked issue) degrades to one notice: the
findings still reach the job summary and the annotations, and the gate's verdict does not change.

Planning is pure (:func:`plan`); :func:`sync_sticky` carries the plan out through the client.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..findings import Finding, rule
from .client import MAX_COMMENT_CHARS, GitHubForbidden
from .graphql import GraphQLForbidden
from .resources import Comment, Identity

if TYPE_CHECKING:
    from .client import GitHubClient

ON_PASS_CHOICES = ("delete", "resolve")
_GATE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_TRUNCATED = "\n\n> **Note:** this comment was cut to fit GitHub's comment size limit; the job summary has everything.\n"

COMMENT_FORBIDDEN = rule(
    "github.comment.forbidden",
    "notice",
    "The gate's PR comment could not be written with this token; its findings are in the job summary and "
    "annotations instead.",
    "Expected on fork PRs, which get a read-only token. For PRs from this repository give the job "
    "`permissions: pull-requests: write` (issues: `issues: write`).",
)


def marker(gate: str) -> str:
    """The hidden first line that names the gate's comment."""
    if not _GATE.match(gate):
        raise ValueError(f"gate name {gate!r} must be lowercase letters, digits, '.', '_' or '-'")
    return f"<!-- process-gates:{gate} -->"


def render_body(gate: str, text: str) -> str:
    """Marker, then the text, cut to GitHub's 65536-character limit with a note when it is too long."""
    head = marker(gate) + "\n"
    body = head + text.strip("\n") + "\n"
    if len(body) <= MAX_COMMENT_CHARS:
        return body
    keep = MAX_COMMENT_CHARS - len(head) - len(_TRUNCATED)
    cut = text[:keep]
    cut = cut[: cut.rfind("\n")] if "\n" in cut else cut
    return head + cut + _TRUNCATED


def resolved_text(gate: str) -> str:
    return f"✅ **{gate}**: the gate passes now; the findings this comment reported are resolved."


def _normalized(body: str) -> str:
    """GitHub stores web edits with CRLF; trailing whitespace is not a change worth a write."""
    return "\n".join(line.rstrip() for line in body.replace("\r\n", "\n").split("\n")).strip()


def same_text(a: str, b: str) -> bool:
    return _normalized(a) == _normalized(b)


def ours(comments: list[Comment], gate: str, identity: Identity) -> list[Comment]:
    """Our comments for this gate, oldest first: the marker and the author must both match."""
    tag = marker(gate)
    mine = [c for c in comments if tag in c.body and identity.matches(c.author)]
    return sorted(mine, key=lambda c: (c.created_at, c.id))


@dataclass(frozen=True)
class Plan:
    #: "create", "update", "delete", "keep" (exists, unchanged) or "none" (nothing exists, nothing to say).
    action: str
    body: str | None = None
    target: Comment | None = None
    #: Further comments of ours for the same gate, to delete.
    extras: tuple[Comment, ...] = ()


def plan(comments: list[Comment], gate: str, identity: Identity, text: str | None, on_pass: str = "delete") -> Plan:
    """What to write, from the comments as they are and what the gate has to say (None: it passes)."""
    if on_pass not in ON_PASS_CHOICES:
        raise ValueError(f"on_pass must be one of {ON_PASS_CHOICES}, not {on_pass!r}")
    mine = ours(comments, gate, identity)
    current, extras = (mine[0], tuple(mine[1:])) if mine else (None, ())
    if text is None or not text.strip():
        if current is None:
            return Plan("none", extras=extras)
        if on_pass == "delete":
            return Plan("delete", target=current, extras=extras)
        desired = render_body(gate, resolved_text(gate))
    else:
        desired = render_body(gate, text)
    if current is None:
        return Plan("create", body=desired)
    if same_text(current.body, desired):
        return Plan("keep", target=current, extras=extras)
    return Plan("update", body=desired, target=current, extras=extras)


@dataclass(frozen=True)
class StickyOutcome:
    #: "created", "updated", "unchanged", "deleted", "resolved", "absent" or "degraded".
    action: str
    comment: Comment | None = None
    duplicates_removed: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def url(self) -> str | None:
        return self.comment.html_url if self.comment else None


def sync_sticky(
    client: "GitHubClient",
    repo: str,
    number: int,
    gate: str,
    text: str | None,
    *,
    on_pass: str = "delete",
    comments: list[Comment] | None = None,
    identity: Identity | None = None,
) -> StickyOutcome:
    """Bring the gate's comment on ``repo#number`` in line with ``text`` (None or empty: the gate passes).

    Costs one identity lookup per client, one read per 100 comments, and at most one write when nothing
    needs healing. Never raises for a token that cannot write: see the module docstring. A gate that
    already read every comment and the viewer's login (in its own GraphQL query) passes ``comments``
    and ``identity``, and the sync then costs the write alone.
    """
    try:
        return _sync(client, repo, number, gate, text, on_pass, comments, identity)
    except (GitHubForbidden, GraphQLForbidden) as exc:
        return StickyOutcome(
            "degraded",
            findings=[
                COMMENT_FORBIDDEN.finding(
                    f"could not write the process-gates `{gate}` comment on #{number} "
                    f"({getattr(exc, 'detail', '') or exc.message}); the findings are in this job's summary "
                    "and annotations instead"
                )
            ],
        )


def _sync(
    client: "GitHubClient", repo: str, number: int, gate: str, text: str | None, on_pass: str,
    comments: list[Comment] | None = None, identity: Identity | None = None,
) -> StickyOutcome:
    identity = identity or client.identity()
    if comments is None:
        comments = client.list_issue_comments(repo, number)
    step = plan(comments, gate, identity, text, on_pass)
    removed = _delete_all(client, repo, step.extras)
    if step.action == "none":
        return StickyOutcome("absent", duplicates_removed=removed)
    if step.action == "keep":
        return StickyOutcome("unchanged", step.target, removed)
    if step.action == "delete":
        assert step.target is not None
        client.delete_issue_comment(repo, step.target.id)
        return StickyOutcome("deleted", None, removed)
    assert step.body is not None
    resolved = text is None or not text.strip()
    if step.action == "update":
        assert step.target is not None
        comment = client.edit_issue_comment(repo, step.target.id, step.body)
        return StickyOutcome("resolved" if resolved else "updated", comment, removed)
    return _create(client, repo, number, gate, identity, step.body, removed)


def _create(
    client: "GitHubClient", repo: str, number: int, gate: str, identity: Identity, body: str, removed: int
) -> StickyOutcome:
    """Create, safe against a write whose outcome is unknown: look before writing again, heal after."""
    reconciled = False

    def reconcile() -> Comment | None:
        nonlocal reconciled
        reconciled = True
        found = ours(client.list_issue_comments(repo, number), gate, identity)
        return found[0] if found else None

    comment = client.create_issue_comment(repo, number, body, reconcile=reconcile)
    if not reconciled:
        return StickyOutcome("created", comment, removed)
    # The first POST may have landed after all (late, or after our look): keep the oldest of ours.
    mine = ours(client.list_issue_comments(repo, number), gate, identity)
    keep = mine[0] if mine else comment
    removed += _delete_all(client, repo, tuple(c for c in mine if c.id != keep.id))
    if not same_text(keep.body, body):
        keep = client.edit_issue_comment(repo, keep.id, body)
    return StickyOutcome("created", keep, removed)


def _delete_all(client: "GitHubClient", repo: str, comments: tuple[Comment, ...]) -> int:
    return sum(1 for c in comments if client.delete_issue_comment(repo, c.id))
