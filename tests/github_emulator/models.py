"""The emulator's world as plain dataclasses: what GitHub stores, not how the API shows it.

Rendering to REST JSON lives in ``render.py`` and to GraphQL in ``graphql_api.py``, so that one fact
(an issue's labels, a label event's actor) has one home and every view of it agrees. Tests read these
objects back directly to assert what a gate wrote.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

# Permission levels of GitHub App installation tokens and fine-grained PATs, in increasing order.
LEVELS = ("none", "read", "write", "admin")

# The permission categories the emulated routes ask for (GitHub App permission names).
CATEGORIES = ("metadata", "contents", "issues", "pull_requests", "statuses", "checks", "members", "actions")

#: GitHub refuses issue and comment bodies longer than this many characters.
BODY_LIMIT = 65536


@dataclass
class User:
    """A user, bot or organization account. Bots are the ``[bot]`` logins GitHub Apps act as."""

    id: int
    node_id: str
    login: str
    type: str = "User"  # "User", "Bot" or "Organization"
    name: str | None = None
    email: str | None = None
    site_admin: bool = False
    created_at: datetime | None = None


@dataclass
class Token:
    """A credential. ``kind`` decides the messages GitHub gives: installation tokens (GITHUB_TOKEN, GitHub
    Apps) cannot call GET /user and say "by integration" when refused; user tokens (PATs) can."""

    value: str
    login: str
    kind: str = "user"  # "user" or "installation"
    permissions: dict[str, str] = field(default_factory=dict)
    installation_id: int | None = None

    def level(self, category: str) -> str:
        return self.permissions.get(category, "none")

    def allows(self, category: str, level: str) -> bool:
        return LEVELS.index(self.level(category)) >= LEVELS.index(level)


@dataclass
class Team:
    id: int
    node_id: str
    org: str
    slug: str
    name: str
    #: login -> (role, state): role "member" or "maintainer", state "active" or "pending".
    members: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass
class Label:
    id: int
    node_id: str
    name: str
    color: str = "ededed"
    description: str | None = None
    default: bool = False


@dataclass
class Milestone:
    id: int
    node_id: str
    number: int
    title: str
    creator: User | None
    created_at: datetime
    updated_at: datetime
    description: str | None = None
    state: str = "open"
    due_on: datetime | None = None
    closed_at: datetime | None = None


@dataclass
class Comment:
    id: int
    node_id: str
    issue_number: int
    user: User
    body: str
    created_at: datetime
    updated_at: datetime


@dataclass
class Event:
    """One entry of an issue's event stream (``labeled``, ``closed``, ``cross-referenced``...).

    The fields besides the common ones are filled only for the events that carry them. ``timeline_only``
    marks the kinds GitHub shows on the timeline but not on the issue events list.
    """

    id: int
    node_id: str
    event: str
    actor: User | None
    created_at: datetime
    label: tuple[str, str] | None = None  # (name, color) at the time of the event
    assignee: User | None = None
    milestone_title: str | None = None
    rename: tuple[str, str] | None = None  # (from, to)
    source: tuple[str, int] | None = None  # cross-referenced: (repo full name, issue number)
    commit_id: str | None = None
    state_reason: str | None = None
    review_requester: User | None = None
    requested_reviewer: User | None = None
    timeline_only: bool = False


@dataclass
class FileChange:
    filename: str
    additions: int = 1
    deletions: int = 0
    status: str = "modified"  # added, removed, modified, renamed, copied, changed, unchanged
    patch: str | None = None
    previous_filename: str | None = None
    sha: str = ""


@dataclass
class Commit:
    sha: str
    message: str
    author: User | None
    date: datetime
    parents: list[str] = field(default_factory=list)


@dataclass
class Review:
    id: int
    node_id: str
    user: User
    state: str  # APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED, PENDING
    body: str
    submitted_at: datetime
    commit_id: str


@dataclass
class PullData:
    """What a pull request has beyond the issue it also is."""

    head_ref: str
    head_sha: str
    base_ref: str
    base_sha: str
    head_repo: str  # full name; differs from the base repository for fork PRs
    draft: bool = False
    merged: bool = False
    merged_at: datetime | None = None
    merged_by: User | None = None
    mergeable: bool | None = True
    mergeable_state: str = "clean"
    rebaseable: bool | None = True
    maintainer_can_modify: bool = False
    files: list[FileChange] = field(default_factory=list)
    commits: list[Commit] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    requested_reviewers: list[User] = field(default_factory=list)
    #: Issues linked by hand in the sidebar ("connected"), as (repo full name, number).
    linked_issues: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class Issue:
    """An issue, or the issue half of a pull request (``pull`` set): GitHub numbers both in one sequence."""

    id: int
    node_id: str
    repo: str  # full name
    number: int
    title: str
    body: str | None
    user: User
    created_at: datetime
    updated_at: datetime
    state: str = "open"
    state_reason: str | None = None
    labels: list[Label] = field(default_factory=list)
    assignees: list[User] = field(default_factory=list)
    milestone: Milestone | None = None
    locked: bool = False
    closed_at: datetime | None = None
    closed_by: User | None = None
    comments: list[Comment] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    pull: PullData | None = None

    @property
    def is_pull(self) -> bool:
        return self.pull is not None


@dataclass
class Status:
    id: int
    node_id: str
    sha: str
    state: str
    context: str
    description: str | None
    target_url: str | None
    creator: User | None
    created_at: datetime
    updated_at: datetime


@dataclass
class CheckRun:
    id: int
    node_id: str
    head_sha: str
    name: str
    status: str
    conclusion: str | None
    started_at: datetime | None
    completed_at: datetime | None
    output: dict[str, object]
    details_url: str | None
    external_id: str | None
    app_login: str | None  # the GitHub App's bot login when an installation token created it


@dataclass
class WorkflowRun:
    """A GitHub Actions run of one workflow file on one commit; ``attempts`` grows with each re-run."""

    id: int
    node_id: str
    workflow_path: str  # .github/workflows/<file>
    workflow_id: int
    head_sha: str
    head_branch: str | None
    event: str
    status: str  # queued, in_progress, completed
    conclusion: str | None
    actor: User
    created_at: datetime
    run_number: int
    attempts: int = 1


@dataclass
class DeploymentStatus:
    id: int
    node_id: str
    state: str  # error, failure, inactive, in_progress, queued, pending, success (REST spelling)
    created_at: datetime


@dataclass
class Deployment:
    """A deployment to one environment; its statuses oldest first (the last is the ``latestStatus``)."""

    id: int
    node_id: str
    environment: str
    ref: str
    sha: str
    created_at: datetime
    statuses: list[DeploymentStatus] = field(default_factory=list)


@dataclass
class Release:
    id: int
    node_id: str
    tag_name: str
    name: str | None
    created_at: datetime
    published_at: datetime | None  # None for a draft
    draft: bool = False
    prerelease: bool = False


@dataclass
class Repo:
    id: int
    node_id: str
    owner: User
    name: str
    created_at: datetime
    default_branch: str = "main"
    private: bool = False
    description: str | None = None
    archived: bool = False
    labels: dict[str, Label] = field(default_factory=dict)  # lower-cased name -> label
    milestones: dict[int, Milestone] = field(default_factory=dict)
    issues: dict[int, Issue] = field(default_factory=dict)
    branches: dict[str, str] = field(default_factory=dict)  # name -> head sha
    files: dict[str, bytes] = field(default_factory=dict)  # path -> content on the default branch
    statuses: list[Status] = field(default_factory=list)
    check_runs: list[CheckRun] = field(default_factory=list)
    workflow_runs: list["WorkflowRun"] = field(default_factory=list)
    deployments: list[Deployment] = field(default_factory=list)
    releases: list[Release] = field(default_factory=list)
    next_number: int = 1
    next_milestone: int = 1

    @property
    def full_name(self) -> str:
        return f"{self.owner.login}/{self.name}"
