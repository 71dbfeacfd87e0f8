"""Facts about one pull request, as the quality rules need them, and the policy they are judged by.

Gathered in one GraphQL query (gather.py); everything here is plain data so that the rules are pure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Check-run conclusions GitHub's branch protection treats as passing.
PASSING_CONCLUSIONS = frozenset({"SUCCESS", "NEUTRAL", "SKIPPED"})


@dataclass(frozen=True)
class ChangedPath:
    path: str
    additions: int
    deletions: int
    #: GraphQL PatchStatus: ADDED, DELETED, MODIFIED, RENAMED, COPIED, CHANGED.
    change_type: str = "MODIFIED"

    @property
    def lines(self) -> int:
        return self.additions + self.deletions


@dataclass(frozen=True)
class StatusContextFact:
    """A commit status (``context``) or a check run (``name``) on the PR's head commit."""

    name: str
    kind: str  # "status" or "check"
    #: StatusContext.state (SUCCESS, PENDING, FAILURE, ERROR, EXPECTED) or CheckRun.status (COMPLETED, ...).
    state: str
    #: CheckRun.conclusion when completed; None for statuses and unfinished runs.
    conclusion: str | None = None

    @property
    def passed(self) -> bool:
        if self.kind == "status":
            return self.state == "SUCCESS"
        return self.state == "COMPLETED" and (self.conclusion or "") in PASSING_CONCLUSIONS

    @property
    def finished(self) -> bool:
        if self.kind == "status":
            return self.state not in ("PENDING", "EXPECTED")
        return self.state == "COMPLETED"

    def describe(self) -> str:
        if self.kind == "status":
            return self.state.lower()
        if self.state != "COMPLETED":
            return self.state.lower().replace("_", " ")
        return (self.conclusion or "completed").lower().replace("_", " ")


@dataclass(frozen=True)
class PullRequestFacts:
    repository: str
    number: int
    title: str
    author: str | None
    draft: bool
    base_ref: str
    head_sha: str
    labels: tuple[str, ...]
    files: tuple[ChangedPath, ...]
    contexts: tuple[StatusContextFact, ...] = ()
    #: GitHub lists at most 3000 changed files; more means the size figures are a lower bound.
    total_files: int | None = None


@dataclass(frozen=True)
class Skip:
    """A rule a label switched off for this PR: the summary names every one (the audit trail)."""

    rule: str
    label: str


@dataclass
class Evaluation:
    findings: list = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)
    #: Rules evaluated (not off, not skipped), for the summary.
    evaluated: list[str] = field(default_factory=list)
