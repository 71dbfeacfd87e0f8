"""The emulator's stateful world, and every change to it.

Seeding from a test and a write through the API go through the same methods here, so that both leave
the same trail (a label added either way records a ``labeled`` event with its actor, a body that
mentions ``#12`` cross-references issue 12). One re-entrant lock guards everything: the server holds it
for the whole of each request, which makes each API call atomic, as concurrent gate runs need when they
race to create the same issue.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import threading
import time
from datetime import datetime, timedelta, timezone
from typing import Iterable, Sequence

from .models import (
    CATEGORIES,
    CheckRun,
    Comment,
    Commit,
    Deployment,
    DeploymentStatus,
    Event,
    FileChange,
    Issue,
    Label,
    Milestone,
    PullData,
    Release,
    Repo,
    Review,
    Status,
    Team,
    Token,
    User,
    WorkflowRun,
)
from .ratelimit import RateLimits
from .references import closing_issue_refs, mentioned_issues

UTC = timezone.utc

# Well-known identities, with the ids GitHub really gives them so that code keyed on them behaves.
ACTIONS_BOT = "github-actions[bot]"
_KNOWN_IDS = {ACTIONS_BOT: 41898282, "dependabot[bot]": 49699333}

_NODE_PREFIX = {
    "User": "U",
    "Bot": "BOT",
    "Organization": "O",
    "Repo": "R",
    "Issue": "I",
    "Pull": "PR",
    "Comment": "IC",
    "Label": "LA",
    "Milestone": "MI",
    "Team": "T",
    "WorkflowRun": "WFR",
    "Event": "LE",
    "Review": "PRR",
    "Status": "SC",
    "CheckRun": "CR",
    "Deployment": "DE",
    "DeploymentStatus": "DES",
    "Release": "RE",
}

PERMISSION_PRESETS: dict[str, dict[str, str]] = {
    "admin": {c: "admin" for c in CATEGORIES},
    "write": {**{c: "write" for c in CATEGORIES}, "metadata": "read", "members": "read"},
    "read": {c: "read" for c in CATEGORIES},
}


class NotFound(LookupError):
    """Raised by lookups; the routes turn it into GitHub's 404 body."""


_UNSET: object = object()


def parse_time(value: datetime | str | None) -> datetime | None:
    """Accept what a test finds natural to write: an aware datetime or ISO-8601 (``Z`` allowed)."""
    if value is None or isinstance(value, datetime):
        if value is not None and value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: give the emulator aware (UTC) datetimes")
        return value.astimezone(UTC).replace(microsecond=0) if value else None
    text = value.strip()
    if len(text) == 10:
        text += "T00:00:00Z"
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).replace(microsecond=0)


def split_ref(ref: str, default_repo: str) -> tuple[str, int]:
    """``12``, ``#12``, ``acme/api#12`` -> (repo full name, number)."""
    ref = str(ref).strip()
    if "#" in ref and not ref.startswith("#"):
        repo, _, number = ref.partition("#")
        return repo, int(number)
    return default_repo, int(ref.lstrip("#"))


class State:
    """Everything the emulated GitHub knows. Seed it from tests; the routes call the same methods."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._ids = itertools.count(1001)
        self._frozen: datetime | None = None
        self.users: dict[str, User] = {}  # lower-cased login -> account
        self.tokens: dict[str, Token] = {}
        self.teams: dict[tuple[str, str], Team] = {}  # (org lower, slug) -> team
        self.org_members: dict[str, set[str]] = {}  # org lower -> lower-cased logins
        self.repos: dict[str, Repo] = {}  # lower-cased full name -> repo
        self.nodes: dict[str, object] = {}
        self.rate_limits = RateLimits(self.epoch)
        #: Seconds before an issue created through the API appears in search, as GitHub's index lags.
        self.search_lag = 0.0
        self._search_visible_at: dict[int, float] = {}

    # ----- clock -------------------------------------------------------------------------------

    def now(self) -> datetime:
        """GitHub's timestamps have whole seconds."""
        if self._frozen is not None:
            return self._frozen
        return datetime.now(UTC).replace(microsecond=0)

    def epoch(self) -> float:
        return self._frozen.timestamp() if self._frozen is not None else time.time()

    def freeze(self, at: datetime | str) -> None:
        """Stop the clock (timestamps of new objects, rate-limit windows) at a chosen instant."""
        with self.lock:
            self._frozen = parse_time(at)

    def advance(self, seconds: float) -> None:
        with self.lock:
            self._frozen = (self._frozen or self.now()) + timedelta(seconds=seconds)

    def unfreeze(self) -> None:
        with self.lock:
            self._frozen = None

    def _at(self, at: datetime | str | None) -> datetime:
        return parse_time(at) or self.now()

    # ----- identities --------------------------------------------------------------------------

    def _new_id(self, kind: str) -> tuple[int, str]:
        number = next(self._ids)
        packed = base64.urlsafe_b64encode(f"{kind}:{number}".encode()).decode().rstrip("=")
        return number, f"{_NODE_PREFIX[kind]}_kwDO{packed}"

    def _register(self, obj: object) -> object:
        self.nodes[obj.node_id] = obj  # type: ignore[attr-defined]
        return obj

    def sha(self, seed: str = "") -> str:
        """A fresh, well-formed commit SHA."""
        return hashlib.sha1(f"{seed}:{next(self._ids)}".encode()).hexdigest()

    def add_user(self, login: str, *, name: str | None = None, email: str | None = None, type: str | None = None) -> User:
        """A user; logins ending in ``[bot]`` are Bots, as GitHub Apps' accounts are."""
        with self.lock:
            existing = self.users.get(login.lower())
            if existing is not None:
                return existing
            kind = type or ("Bot" if login.endswith("[bot]") else "User")
            number, node_id = self._new_id(kind)
            number = _KNOWN_IDS.get(login, number)
            user = User(number, node_id, login, kind, name, email, created_at=self.now())
            self.users[login.lower()] = user
            return self._register(user)  # type: ignore[return-value]

    def user(self, login: str) -> User:
        """The account with this login, created on first mention (seeding stays short)."""
        return self.users.get(login.lower()) or self.add_user(login)

    def find_user(self, login: str) -> User:
        with self.lock:
            found = self.users.get(login.lower())
            if found is None:
                raise NotFound(f"user {login}")
            return found

    def add_org(self, login: str, members: Iterable[str] = ()) -> User:
        with self.lock:
            org = self.add_user(login, type="Organization")
            self.org_members.setdefault(login.lower(), set()).update(self.user(m).login.lower() for m in members)
            return org

    def add_token(
        self,
        login: str,
        value: str | None = None,
        *,
        kind: str = "user",
        permissions: str | dict[str, str] = "write",
    ) -> Token:
        """A credential acting as ``login``. ``permissions`` is a preset ("read", "write", "admin") or a
        per-category mapping; categories left out are "none"."""
        with self.lock:
            self.user(login)
            perms = dict(PERMISSION_PRESETS[permissions]) if isinstance(permissions, str) else dict(permissions)
            perms.setdefault("metadata", "read")  # every GitHub App installation can read metadata
            unknown = set(perms) - set(CATEGORIES)
            if unknown:
                raise ValueError(f"unknown permission categories {sorted(unknown)}; known: {CATEGORIES}")
            if value is None:
                prefix = "ghs" if kind == "installation" else "ghp"
                value = f"{prefix}_emulator{next(self._ids)}"
            installation_id = next(self._ids) if kind == "installation" else None
            token = Token(value, self.user(login).login, kind, perms, installation_id)
            self.tokens[value] = token
            return token

    def actions_token(self, *, read_only: bool = False, value: str | None = None) -> Token:
        """A GITHUB_TOKEN as a workflow gets it: an installation token of github-actions[bot], without
        organization permissions (so team membership is refused), read-only for fork pull requests."""
        level = "read" if read_only else "write"
        perms = {c: level for c in CATEGORIES if c != "members"}
        perms["metadata"] = "read"
        return self.add_token(ACTIONS_BOT, value, kind="installation", permissions=perms)

    def add_team(
        self,
        org: str,
        slug: str,
        *,
        members: Iterable[str] = (),
        maintainers: Iterable[str] = (),
        pending: Iterable[str] = (),
        name: str | None = None,
    ) -> Team:
        with self.lock:
            org_user = self.add_org(org)
            number, node_id = self._new_id("Team")
            team = Team(number, node_id, org_user.login, slug, name or slug)
            for role, logins, state in (("member", members, "active"), ("maintainer", maintainers, "active"), ("member", pending, "pending")):
                for login in logins:
                    user = self.user(login)
                    team.members[user.login.lower()] = (role, state)
                    if state == "active":
                        self.org_members.setdefault(org.lower(), set()).add(user.login.lower())
            self.teams[(org.lower(), slug.lower())] = team
            return self._register(team)  # type: ignore[return-value]

    def team(self, org: str, slug: str) -> Team:
        found = self.teams.get((org.lower(), slug.lower()))
        if found is None:
            raise NotFound(f"team {org}/{slug}")
        return found

    def author_association(self, user: User | None, repo: Repo) -> str:
        if user is None:
            return "NONE"
        if user.login.lower() == repo.owner.login.lower():
            return "OWNER"
        if user.login.lower() in self.org_members.get(repo.owner.login.lower(), set()):
            return "MEMBER"
        return "NONE"

    # ----- repositories ------------------------------------------------------------------------

    def add_repo(
        self,
        full_name: str,
        *,
        default_branch: str = "main",
        private: bool = False,
        description: str | None = None,
        files: dict[str, str | bytes] | None = None,
        labels: Iterable[str | tuple[str, str] | tuple[str, str, str]] = (),
    ) -> Repo:
        """A repository (its owner becomes an organization unless already a user). ``files`` are on the
        default branch; ``labels`` are names or (name, color[, description])."""
        with self.lock:
            owner_login, _, name = full_name.partition("/")
            if not name:
                raise ValueError(f"repository {full_name!r} must be 'owner/name'")
            owner = self.users.get(owner_login.lower()) or self.add_org(owner_login)
            number, node_id = self._new_id("Repo")
            repo = Repo(number, node_id, owner, name, self.now(), default_branch, private, description)
            repo.branches[default_branch] = self.sha(full_name)
            for path, content in (files or {}).items():
                repo.files[path] = content.encode() if isinstance(content, str) else content
            self.repos[full_name.lower()] = repo
            self._register(repo)
            for spec in labels:
                if isinstance(spec, str):
                    self.add_label(repo, spec)
                else:
                    self.add_label(repo, *spec)
            return repo

    def repo(self, full_name: str | Repo) -> Repo:
        if isinstance(full_name, Repo):
            return full_name
        with self.lock:
            found = self.repos.get(full_name.lower())
            if found is None:
                raise NotFound(f"repository {full_name}")
            return found

    def add_label(self, repo: str | Repo, name: str, color: str = "ededed", description: str | None = None) -> Label:
        with self.lock:
            repo = self.repo(repo)
            if name.lower() in repo.labels:
                raise ValueError(f"label {name!r} already exists in {repo.full_name}")
            number, node_id = self._new_id("Label")
            label = Label(number, node_id, name, color.lstrip("#").lower(), description)
            repo.labels[name.lower()] = label
            return self._register(label)  # type: ignore[return-value]

    def add_milestone(
        self,
        repo: str | Repo,
        title: str,
        *,
        description: str | None = None,
        due_on: datetime | str | None = None,
        state: str = "open",
        creator: str | None = None,
    ) -> Milestone:
        with self.lock:
            repo = self.repo(repo)
            number, node_id = self._new_id("Milestone")
            now = self.now()
            milestone = Milestone(
                number, node_id, repo.next_milestone, title, self.user(creator) if creator else None, now, now,
                description, state, parse_time(due_on), now if state == "closed" else None,
            )
            repo.milestones[milestone.number] = milestone
            repo.next_milestone += 1
            return self._register(milestone)  # type: ignore[return-value]

    def set_file(self, repo: str | Repo, path: str, content: str | bytes) -> None:
        with self.lock:
            self.repo(repo).files[path.strip("/")] = content.encode() if isinstance(content, str) else content

    # ----- issues ------------------------------------------------------------------------------

    def issue(self, repo: str | Repo, number: int) -> Issue:
        with self.lock:
            found = self.repo(repo).issues.get(int(number))
            if found is None:
                raise NotFound(f"issue {repo}#{number}")
            return found

    def _event(self, issue: Issue, event: str, actor: User | None, at: datetime | None = None, **fields: object) -> Event:
        number, node_id = self._new_id("Event")
        record = Event(number, node_id, event, actor, at or self.now(), **fields)  # type: ignore[arg-type]
        issue.events.append(record)
        return self._register(record)  # type: ignore[return-value]

    def create_issue(
        self,
        repo: str | Repo,
        title: str,
        body: str | None = None,
        *,
        author: str = "octocat",
        labels: Iterable[str] = (),
        assignees: Iterable[str] = (),
        milestone: int | None = None,
        state: str = "open",
        state_reason: str | None = None,
        created_at: datetime | str | None = None,
        closed_at: datetime | str | None = None,
        via_api: bool = False,
        _pull: PullData | None = None,
    ) -> Issue:
        """An issue (or, with ``_pull``, a pull request). Labels, assignees and a milestone given here
        leave the same events as on GitHub, stamped with the creation time and the author as actor."""
        with self.lock:
            repo = self.repo(repo)
            user = self.user(author)
            at = self._at(created_at)
            number = repo.next_number
            repo.next_number += 1
            kind = "Pull" if _pull is not None else "Issue"
            ident, node_id = self._new_id(kind)
            issue = Issue(ident, node_id, repo.full_name, number, title, body, user, at, at, pull=_pull)
            repo.issues[number] = issue
            self._register(issue)
            if via_api and self.search_lag:
                self._search_visible_at[issue.id] = time.monotonic() + self.search_lag
            self.add_labels(issue, labels, actor=user.login, at=at)
            for login in assignees:
                assignee = self.user(login)
                issue.assignees.append(assignee)
                self._event(issue, "assigned", user, at, assignee=assignee)
            if milestone is not None:
                issue.milestone = self._milestone(repo, milestone)
                self._event(issue, "milestoned", user, at, milestone_title=issue.milestone.title)
            if state == "closed":  # without closed_at, closed the moment it was opened
                self._close(issue, user, parse_time(closed_at) or at, state_reason or "completed")
            issue.updated_at = max(issue.updated_at, at)
            self._cross_reference_mentions(issue, body or "", user, at)
            return issue

    def _milestone(self, repo: Repo, number: int) -> Milestone:
        found = repo.milestones.get(int(number))
        if found is None:
            raise NotFound(f"milestone {number} in {repo.full_name}")
        return found

    def _close(self, issue: Issue, actor: User, at: datetime, reason: str | None) -> None:
        issue.state = "closed"
        issue.state_reason = reason
        issue.closed_at = at
        issue.closed_by = actor
        self._event(issue, "closed", actor, at, state_reason=reason)
        self._touch(issue, at)  # closing (and merging) updates an issue, as on GitHub

    def _touch(self, issue: Issue, at: datetime | None = None) -> None:
        issue.updated_at = max(issue.updated_at, at or self.now())

    def label_for(self, repo: Repo, name: str) -> Label:
        """The repository's label, created on first use: GitHub creates unknown labels when they are
        added to an issue."""
        label = repo.labels.get(name.lower())
        return label if label is not None else self.add_label(repo, name)

    def add_labels(self, issue: Issue, names: Iterable[str], *, actor: str, at: datetime | str | None = None) -> list[Label]:
        with self.lock:
            repo = self.repo(issue.repo)
            who = self.user(actor)
            when = self._at(at)
            for name in names:
                label = self.label_for(repo, name)
                if any(existing.id == label.id for existing in issue.labels):
                    continue
                issue.labels.append(label)
                self._event(issue, "labeled", who, when, label=(label.name, label.color))
            issue.labels.sort(key=lambda lab: lab.name.lower())
            self._touch(issue, when)
            return list(issue.labels)

    def remove_label(self, issue: Issue, name: str, *, actor: str, at: datetime | str | None = None) -> list[Label]:
        with self.lock:
            label = next((lab for lab in issue.labels if lab.name.lower() == name.lower()), None)
            if label is None:
                raise NotFound(f"label {name} on {issue.repo}#{issue.number}")
            issue.labels.remove(label)
            when = self._at(at)
            self._event(issue, "unlabeled", self.user(actor), when, label=(label.name, label.color))
            self._touch(issue, when)
            return list(issue.labels)

    def set_labels(self, issue: Issue, names: Sequence[str], *, actor: str) -> list[Label]:
        with self.lock:
            wanted = {n.lower() for n in names}
            for label in list(issue.labels):
                if label.name.lower() not in wanted:
                    self.remove_label(issue, label.name, actor=actor)
            return self.add_labels(issue, names, actor=actor)

    def edit_issue(
        self,
        issue: Issue,
        *,
        actor: str,
        title: object = _UNSET,
        body: object = _UNSET,
        state: object = _UNSET,
        state_reason: object = _UNSET,
        assignees: object = _UNSET,
        milestone: object = _UNSET,
        labels: object = _UNSET,
        at: datetime | str | None = None,
    ) -> Issue:
        """Apply an edit the way PATCH /issues/{n} does, leaving renamed/closed/reopened/assigned/
        milestoned/labeled events behind. Arguments left out are not touched."""
        with self.lock:
            who = self.user(actor)
            when = self._at(at)
            repo = self.repo(issue.repo)
            if title is not _UNSET and title != issue.title:
                self._event(issue, "renamed", who, when, rename=(issue.title, str(title)))
                issue.title = str(title)
            if body is not _UNSET:
                issue.body = None if body is None else str(body)
                self._cross_reference_mentions(issue, issue.body or "", who, when)
            if state is not _UNSET and state != issue.state:
                if state == "closed":
                    reason = state_reason if state_reason is not _UNSET else "completed"
                    self._close(issue, who, when, reason)  # type: ignore[arg-type]
                else:
                    issue.state = "open"
                    issue.state_reason = "reopened"
                    issue.closed_at = None
                    issue.closed_by = None
                    self._event(issue, "reopened", who, when)
            elif state_reason is not _UNSET and issue.state == "closed":
                issue.state_reason = state_reason  # type: ignore[assignment]
            if assignees is not _UNSET:
                wanted = [self.user(login) for login in assignees]  # type: ignore[union-attr]
                for user in issue.assignees:
                    if user not in wanted:
                        self._event(issue, "unassigned", who, when, assignee=user)
                for user in wanted:
                    if user not in issue.assignees:
                        self._event(issue, "assigned", who, when, assignee=user)
                issue.assignees = wanted
            if milestone is not _UNSET:
                new = None if milestone is None else self._milestone(repo, milestone)  # type: ignore[arg-type]
                if issue.milestone is not None and issue.milestone is not new:
                    self._event(issue, "demilestoned", who, when, milestone_title=issue.milestone.title)
                if new is not None and issue.milestone is not new:
                    self._event(issue, "milestoned", who, when, milestone_title=new.title)
                issue.milestone = new
            if labels is not _UNSET:
                self.set_labels(issue, list(labels), actor=actor)  # type: ignore[arg-type]
            self._touch(issue, when)
            return issue

    def add_comment(self, repo: str | Repo, number: int, body: str, *, author: str = "octocat", at: datetime | str | None = None) -> Comment:
        with self.lock:
            issue = self.issue(repo, number)
            user = self.user(author)
            when = self._at(at)
            ident, node_id = self._new_id("Comment")
            comment = Comment(ident, node_id, issue.number, user, body, when, when)
            issue.comments.append(comment)
            self._touch(issue, when)
            self._cross_reference_mentions(issue, body, user, when)
            return self._register(comment)  # type: ignore[return-value]

    def find_comment(self, repo: str | Repo, comment_id: int) -> tuple[Issue, Comment]:
        with self.lock:
            for issue in self.repo(repo).issues.values():
                for comment in issue.comments:
                    if comment.id == int(comment_id):
                        return issue, comment
            raise NotFound(f"comment {comment_id}")

    def edit_comment(self, comment: Comment, body: str) -> Comment:
        with self.lock:
            comment.body = body
            comment.updated_at = max(comment.updated_at, self.now())
            return comment

    def delete_comment(self, repo: str | Repo, comment_id: int) -> None:
        with self.lock:
            issue, comment = self.find_comment(repo, comment_id)
            issue.comments.remove(comment)
            self.nodes.pop(comment.node_id, None)

    def cross_reference(self, target: Issue, source: Issue, *, actor: str, at: datetime | str | None = None) -> Event:
        """Record on ``target``'s timeline that ``source`` mentioned it (GitHub does this by itself
        when a body or comment references the target)."""
        with self.lock:
            return self._event(target, "cross-referenced", self.user(actor), self._at(at), source=(source.repo, source.number), timeline_only=True)

    def _cross_reference_mentions(self, source: Issue, text: str, actor: User, at: datetime) -> None:
        for repo_name, number in mentioned_issues(text, source.repo):
            target = self.repos.get(repo_name.lower(), None)
            issue = target.issues.get(number) if target else None
            if issue is None or issue is source:
                continue
            already = any(e.event == "cross-referenced" and e.source == (source.repo, source.number) for e in issue.events)
            if not already:
                self._event(issue, "cross-referenced", actor, at, source=(source.repo, source.number), timeline_only=True)

    # ----- pull requests -----------------------------------------------------------------------

    def add_pull(
        self,
        repo: str | Repo,
        title: str,
        body: str | None = None,
        *,
        author: str = "octocat",
        head: str = "feature",
        base: str | None = None,
        head_sha: str | None = None,
        head_repo: str | None = None,
        draft: bool = False,
        files: Iterable[FileChange | tuple | str] = (),
        commits: int | Iterable[str] = 1,
        labels: Iterable[str] = (),
        linked_issues: Iterable[int | str] = (),
        mergeable: bool | None = True,
        mergeable_state: str | None = None,
        created_at: datetime | str | None = None,
        state: str = "open",
        first_commit_at: datetime | str | None = None,
    ) -> Issue:
        """A pull request. ``files`` are FileChange objects, paths, or (path, additions, deletions[,
        status]) tuples; ``commits`` a count or messages; ``linked_issues`` numbers or "owner/repo#n" for
        issues linked by hand (they show in closingIssuesReferences only for PRs into the default branch,
        like on GitHub, together with the ones the body's closing keywords name). Commits are dated at the
        PR's creation, the first one at ``first_commit_at`` when given (work started before the PR opened)."""
        with self.lock:
            repo = self.repo(repo)
            base = base or repo.default_branch
            head_sha = head_sha or self.sha(head)
            at = self._at(created_at)
            messages = [f"Commit {i + 1}" for i in range(commits)] if isinstance(commits, int) else list(commits)
            parent = repo.branches.get(base) or self.sha(base)
            commit_list = []
            for i, message in enumerate(messages):
                sha = head_sha if i == len(messages) - 1 else self.sha(message)
                dated = parse_time(first_commit_at) if i == 0 and first_commit_at is not None else at
                commit_list.append(Commit(sha, message, self.user(author), dated or at, [parent]))
                parent = sha
            pull = PullData(
                head_ref=head,
                head_sha=head_sha,
                base_ref=base,
                base_sha=repo.branches.get(base) or self.sha(base),
                head_repo=head_repo or repo.full_name,
                draft=draft,
                mergeable=mergeable,
                mergeable_state=mergeable_state or ("draft" if draft else "clean" if mergeable else "dirty" if mergeable is False else "unknown"),
                rebaseable=mergeable,
                files=[_file_change(f) for f in files],
                commits=commit_list,
            )
            if pull.head_repo.lower() == repo.full_name.lower():
                repo.branches[head] = head_sha
            else:
                self.user(pull.head_repo.split("/")[0])  # the fork's owner
            pr = self.create_issue(repo, title, body, author=author, labels=labels, created_at=at, _pull=pull)
            for ref in linked_issues:
                self.connect(pr, ref, actor=author, at=at)
            if state == "closed":
                self.edit_issue(pr, actor=author, state="closed", at=at)
            return pr

    def pull(self, repo: str | Repo, number: int) -> Issue:
        issue = self.issue(repo, number)
        if issue.pull is None:
            raise NotFound(f"pull request {repo}#{number}")
        return issue

    def connect(self, pr: Issue, ref: int | str, *, actor: str, at: datetime | str | None = None) -> Issue:
        """Link an issue to a PR by hand (the sidebar's "Development"): a ``connected`` event on both. As on
        GitHub, the REST timeline's ``connected`` event names no pull request (no ``source``): only GraphQL's
        closingIssuesReferences / closedByPullRequestsReferences tell which PR it was."""
        with self.lock:
            assert pr.pull is not None, "connect() links issues to pull requests"
            repo_name, number = split_ref(str(ref), pr.repo)
            issue = self.issue(repo_name, number)
            if (issue.repo, issue.number) not in pr.pull.linked_issues:
                pr.pull.linked_issues.append((issue.repo, issue.number))
                who, when = self.user(actor), self._at(at)
                self._event(pr, "connected", who, when)
                self._event(issue, "connected", who, when)
            return issue

    def closing_issues(self, pr: Issue) -> list[Issue]:
        """What GitHub shows as closingIssuesReferences: issues linked by hand plus those named with a
        closing keyword in the body -- and nothing at all unless the PR targets the default branch."""
        assert pr.pull is not None
        repo = self.repo(pr.repo)
        if pr.pull.base_ref != repo.default_branch:
            return []
        refs = list(pr.pull.linked_issues)
        for ref in closing_issue_refs(pr.body or "", pr.repo):
            if ref not in refs:
                refs.append(ref)
        found = []
        for repo_name, number in refs:
            target = self.repos.get(repo_name.lower())
            issue = target.issues.get(number) if target else None
            if issue is not None and issue.pull is None and issue not in found:
                found.append(issue)
        return found

    def closing_pulls(self, issue: Issue) -> list[Issue]:
        """What GitHub shows as the issue's closedByPullRequestsReferences (its sidebar's "Development"):
        the inverse of closing_issues -- pull requests of any repository whose body names the issue with a
        closing keyword or that were linked to it by hand, into their default branch -- oldest first."""
        with self.lock:
            pulls = [pr for repo in self.repos.values() for pr in repo.issues.values()
                     if pr.pull is not None and any(found is issue for found in self.closing_issues(pr))]
            return sorted(pulls, key=lambda pr: (pr.created_at, pr.id))

    def add_review(self, pr: Issue, reviewer: str, state: str = "APPROVED", body: str = "", *, at: datetime | str | None = None) -> Review:
        with self.lock:
            assert pr.pull is not None
            ident, node_id = self._new_id("Review")
            review = Review(ident, node_id, self.user(reviewer), state.upper(), body, self._at(at), pr.pull.head_sha)
            pr.pull.reviews.append(review)
            return self._register(review)  # type: ignore[return-value]

    def merge(self, pr: Issue, *, actor: str = "octocat", at: datetime | str | None = None) -> Issue:
        with self.lock:
            assert pr.pull is not None
            who, when = self.user(actor), self._at(at)
            pr.pull.merged, pr.pull.merged_at, pr.pull.merged_by = True, when, who
            pr.pull.mergeable, pr.pull.mergeable_state = None, "unknown"
            self._event(pr, "merged", who, when, commit_id=pr.pull.head_sha)
            self._close(pr, who, when, None)
            for issue in self.closing_issues(pr):
                if issue.state == "open":
                    self._close(issue, who, when, "completed")
            return pr

    # ----- commit statuses and checks ----------------------------------------------------------

    def resolve_ref(self, repo: Repo, ref: str) -> str:
        """A branch name resolves to its head; anything else is taken as a SHA."""
        return repo.branches.get(ref, ref)

    def add_status(
        self, repo: str | Repo, sha: str, state: str, *, context: str = "default", description: str | None = None,
        target_url: str | None = None, creator: str = "octocat",
    ) -> Status:
        with self.lock:
            repo = self.repo(repo)
            ident, node_id = self._new_id("Status")
            now = self.now()
            status = Status(ident, node_id, sha, state, context, description, target_url, self.user(creator), now, now)
            repo.statuses.append(status)
            return self._register(status)  # type: ignore[return-value]

    def add_workflow_run(
        self, repo: str | Repo, workflow: str, head_sha: str, *, event: str = "pull_request", status: str = "completed",
        conclusion: str | None = "failure", head_branch: str | None = "feature", actor: str = "octocat",
        created_at: datetime | str | None = None,
    ) -> WorkflowRun:
        """A run of ``.github/workflows/<workflow>`` on ``head_sha`` (what the companion workflow re-runs)."""
        with self.lock:
            repo = self.repo(repo)
            ident, node_id = self._new_id("WorkflowRun")
            path = workflow if workflow.startswith(".github/") else f".github/workflows/{workflow}"
            workflow_id = int(hashlib.sha1(f"{repo.full_name}:{path}".encode()).hexdigest()[:7], 16)
            number = 1 + sum(1 for r in repo.workflow_runs if r.workflow_path == path)
            run = WorkflowRun(ident, node_id, path, workflow_id, head_sha, head_branch, event, status,
                              conclusion if status == "completed" else None, self.user(actor), self._at(created_at), number)
            repo.workflow_runs.append(run)
            return self._register(run)  # type: ignore[return-value]

    def add_check_run(
        self, repo: str | Repo, head_sha: str, name: str, *, status: str = "completed", conclusion: str | None = "success",
        output: dict[str, object] | None = None, details_url: str | None = None, external_id: str | None = None,
        app_login: str | None = ACTIONS_BOT, started_at: datetime | str | None = None, completed_at: datetime | str | None = None,
    ) -> CheckRun:
        with self.lock:
            repo = self.repo(repo)
            ident, node_id = self._new_id("CheckRun")
            now = self.now()
            started = self._at(started_at)
            done = (parse_time(completed_at) or now) if status == "completed" else None
            run = CheckRun(ident, node_id, head_sha, name, status, conclusion if status == "completed" else None,
                           started, done, dict(output or {}), details_url, external_id, app_login)
            repo.check_runs.append(run)
            return self._register(run)  # type: ignore[return-value]

    # ----- deployments and releases ------------------------------------------------------------

    def add_deployment(
        self, repo: str | Repo, *, environment: str = "production", ref: str | None = None,
        created_at: datetime | str | None = None, statuses: Iterable[str | tuple[str, datetime | str]] = ("success",),
    ) -> Deployment:
        """A deployment with its statuses, oldest first: state names, or (state, at) pairs (default: at creation)."""
        with self.lock:
            repo = self.repo(repo)
            ident, node_id = self._new_id("Deployment")
            ref = ref or repo.default_branch
            deployment = Deployment(ident, node_id, environment, ref, self.resolve_ref(repo, ref) if ref in repo.branches else self.sha(ref), self._at(created_at))
            repo.deployments.append(deployment)
            self._register(deployment)
            for status in statuses:
                state, at = (status, None) if isinstance(status, str) else status
                self.add_deployment_status(deployment, state, at=at or deployment.created_at)
            return deployment

    def add_deployment_status(self, deployment: Deployment, state: str, *, at: datetime | str | None = None) -> DeploymentStatus:
        with self.lock:
            ident, node_id = self._new_id("DeploymentStatus")
            status = DeploymentStatus(ident, node_id, state.lower(), self._at(at))
            deployment.statuses.append(status)
            return self._register(status)  # type: ignore[return-value]

    def add_release(
        self, repo: str | Repo, tag_name: str, *, name: str | None = None, created_at: datetime | str | None = None,
        published_at: datetime | str | None = None, draft: bool = False, prerelease: bool = False,
    ) -> Release:
        """A release; published when it was created unless ``published_at`` says otherwise (a draft never is)."""
        with self.lock:
            repo = self.repo(repo)
            ident, node_id = self._new_id("Release")
            created = self._at(created_at)
            published = None if draft else (parse_time(published_at) or created)
            release = Release(ident, node_id, tag_name, name, created, published, draft, prerelease)
            repo.releases.append(release)
            return self._register(release)  # type: ignore[return-value]

    # ----- search ------------------------------------------------------------------------------

    def searchable(self, issue: Issue) -> bool:
        visible_at = self._search_visible_at.get(issue.id)
        return visible_at is None or time.monotonic() >= visible_at

    def all_issues(self) -> list[Issue]:
        with self.lock:
            return [issue for repo in self.repos.values() for issue in repo.issues.values()]


def _file_change(spec: FileChange | tuple | str) -> FileChange:
    if isinstance(spec, FileChange):
        change = spec
    elif isinstance(spec, str):
        change = FileChange(spec)
    else:
        change = FileChange(*spec)
    if not change.sha:
        change.sha = hashlib.sha1(change.filename.encode()).hexdigest()
    if change.patch is None and change.status != "removed":
        change.patch = "@@ -1,{d} +1,{a} @@\n".format(a=change.additions, d=change.deletions) + "+line\n" * min(change.additions, 3)
    return change
