"""Facts the PRD gate evaluates: the pull request as GitHub shows it now, and the evidence of approval.

Gathered live (gather.py) rather than read from the event payload: a re-run replays the old payload,
and labels, bodies and linked issues change after the event fired.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ChangedFile:
    path: str
    additions: int
    deletions: int

    @property
    def lines(self) -> int:
        return self.additions + self.deletions


@dataclass(frozen=True)
class IssueRef:
    """An issue the PR points at; ``labels`` is None until they are read."""

    repository: str
    number: int
    #: "closingIssuesReferences" (GitHub's link) or "body" (parsed from the PR description).
    source: str
    labels: tuple[str, ...] | None = None
    #: The issue's timeline ``labeled`` events (who applied which label); None until the timeline is read.
    label_events: tuple["LabelApplication", ...] | None = None

    @property
    def key(self) -> tuple[str, int]:
        return (self.repository.lower(), self.number)

    def __str__(self) -> str:
        return f"{self.repository}#{self.number}"


@dataclass(frozen=True)
class PullRequest:
    repository: str
    number: int
    author: str
    author_is_bot: bool
    body: str
    base_ref: str
    head_ref: str
    head_sha: str
    default_branch: str
    labels: tuple[str, ...]
    files: tuple[ChangedFile, ...]
    #: Issues GitHub links for closing (filled only for PRs into the default branch).
    closing_issues: tuple[IssueRef, ...] = ()
    #: False when GitHub capped the file list (3000 files): the line count is then a lower bound.
    files_complete: bool = True

    @property
    def into_default_branch(self) -> bool:
        return self.base_ref == self.default_branch


@dataclass(frozen=True)
class LabelApplication:
    """A timeline ``labeled`` event: who applied which label, when."""

    label: str
    actor: str | None
    created_at: str


@dataclass(frozen=True)
class RepoDoc:
    """A repository document linked from the PR body, as it is at the PR's head commit."""

    path: str
    #: None when the path does not exist at the head commit.
    text: str | None


@dataclass(frozen=True)
class Evidence:
    """What the second read found; every field is empty when it was not needed."""

    label_events: tuple[LabelApplication, ...] = ()
    #: ``@org/team`` -> active members' logins (lowercase); a team missing here could not be read.
    team_members: dict[str, frozenset[str]] = field(default_factory=dict)
    #: ``@org/team`` -> why it could not be read (the token may not read teams, or it does not exist).
    team_errors: dict[str, str] = field(default_factory=dict)
    docs: tuple[RepoDoc, ...] = ()
    #: Linked issues read again with their labels and timeline: the body-parsed ones, and the closing-linked
    #: ones that carry an approval label (whose applier must be checked); an issue that could not be read has
    #: labels None.
    issues: tuple[IssueRef, ...] = ()
