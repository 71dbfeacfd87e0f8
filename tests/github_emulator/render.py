"""REST representations: the emulator's objects in the JSON shapes of GitHub's REST API v3.

Field sets follow GitHub's OpenAPI description (``tests/emulator/test_openapi.py`` validates every
route's response against it). URLs point at the emulator: ``api`` is the API root (with any GHES-style
prefix), ``web`` the root that plays github.com for ``html_url``.
"""

from __future__ import annotations

import base64
from datetime import datetime
from urllib.parse import quote

from .models import CheckRun, Comment, Commit, Event, FileChange, Issue, Label, Milestone, Repo, Review, Status, Team, User
from .state import State

GITHUB_ACTIONS_APP = {"id": 15368, "slug": "github-actions", "name": "GitHub Actions"}
# The owner GitHub shows for its own apps; not part of any emulated world.
_GITHUB_ORG = User(9919, "MDEyOk9yZ2FuaXphdGlvbjk5MTk=", "github", "Organization")


def ts(value: datetime | None) -> str | None:
    """ISO-8601 in UTC with a ``Z``, as GitHub writes every timestamp."""
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value is not None else None


class Renderer:
    def __init__(self, state: State, api: str, web: str) -> None:
        self.state = state
        self.api = api.rstrip("/")
        self.web = web.rstrip("/")

    # ----- accounts ----------------------------------------------------------------------------

    def user(self, user: User | None) -> dict | None:
        if user is None:
            return None
        url = f"{self.api}/users/{quote(user.login)}"
        html = f"{self.web}/apps/{user.login[:-5]}" if user.type == "Bot" and user.login.endswith("[bot]") else f"{self.web}/{user.login}"
        return {
            "login": user.login,
            "id": user.id,
            "node_id": user.node_id,
            "avatar_url": f"{self.web}/avatars/u/{user.id}?v=4",
            "gravatar_id": "",
            "url": url,
            "html_url": html,
            "followers_url": f"{url}/followers",
            "following_url": f"{url}/following{{/other_user}}",
            "gists_url": f"{url}/gists{{/gist_id}}",
            "starred_url": f"{url}/starred{{/owner}}{{/repo}}",
            "subscriptions_url": f"{url}/subscriptions",
            "organizations_url": f"{url}/orgs",
            "repos_url": f"{url}/repos",
            "events_url": f"{url}/events{{/privacy}}",
            "received_events_url": f"{url}/received_events",
            "type": user.type,
            "user_view_type": "public",
            "site_admin": user.site_admin,
        }

    def user_profile(self, user: User, *, private: bool = False) -> dict:
        """GET /users/{u} and GET /user: the simple user plus the profile fields."""
        public_repos = sum(1 for r in self.state.repos.values() if r.owner is user and not r.private)
        body = {
            **self.user(user),  # type: ignore[dict-item]
            "name": user.name,
            "company": None,
            "blog": "",
            "location": None,
            "email": user.email,
            "hireable": None,
            "bio": None,
            "twitter_username": None,
            "public_repos": public_repos,
            "public_gists": 0,
            "followers": 0,
            "following": 0,
            "created_at": ts(user.created_at),
            "updated_at": ts(user.created_at),
        }
        if private:
            body.update(
                user_view_type="private",
                private_gists=0,
                total_private_repos=0,
                owned_private_repos=0,
                disk_usage=0,
                collaborators=0,
                two_factor_authentication=True,
                plan={"name": "free", "space": 976562499, "private_repos": 10000, "collaborators": 0},
            )
        return body

    # ----- repositories ------------------------------------------------------------------------

    def repo_url(self, repo: Repo | str) -> str:
        name = repo.full_name if isinstance(repo, Repo) else repo
        return f"{self.api}/repos/{name}"

    def repo_minimal(self, repo: Repo) -> dict:
        url = self.repo_url(repo)
        return {
            "id": repo.id,
            "node_id": repo.node_id,
            "name": repo.name,
            "full_name": repo.full_name,
            "private": repo.private,
            "owner": self.user(repo.owner),
            "html_url": f"{self.web}/{repo.full_name}",
            "description": repo.description,
            "fork": False,
            "url": url,
            "archive_url": f"{url}/{{archive_format}}{{/ref}}",
            "assignees_url": f"{url}/assignees{{/user}}",
            "blobs_url": f"{url}/git/blobs{{/sha}}",
            "branches_url": f"{url}/branches{{/branch}}",
            "collaborators_url": f"{url}/collaborators{{/collaborator}}",
            "comments_url": f"{url}/comments{{/number}}",
            "commits_url": f"{url}/commits{{/sha}}",
            "compare_url": f"{url}/compare/{{base}}...{{head}}",
            "contents_url": f"{url}/contents/{{+path}}",
            "contributors_url": f"{url}/contributors",
            "deployments_url": f"{url}/deployments",
            "downloads_url": f"{url}/downloads",
            "events_url": f"{url}/events",
            "forks_url": f"{url}/forks",
            "git_commits_url": f"{url}/git/commits{{/sha}}",
            "git_refs_url": f"{url}/git/refs{{/sha}}",
            "git_tags_url": f"{url}/git/tags{{/sha}}",
            "hooks_url": f"{url}/hooks",
            "issue_comment_url": f"{url}/issues/comments{{/number}}",
            "issue_events_url": f"{url}/issues/events{{/number}}",
            "issues_url": f"{url}/issues{{/number}}",
            "keys_url": f"{url}/keys{{/key_id}}",
            "labels_url": f"{url}/labels{{/name}}",
            "languages_url": f"{url}/languages",
            "merges_url": f"{url}/merges",
            "milestones_url": f"{url}/milestones{{/number}}",
            "notifications_url": f"{url}/notifications{{?since,all,participating}}",
            "pulls_url": f"{url}/pulls{{/number}}",
            "releases_url": f"{url}/releases{{/id}}",
            "stargazers_url": f"{url}/stargazers",
            "statuses_url": f"{url}/statuses/{{sha}}",
            "subscribers_url": f"{url}/subscribers",
            "subscription_url": f"{url}/subscription",
            "tags_url": f"{url}/tags",
            "teams_url": f"{url}/teams",
            "trees_url": f"{url}/git/trees{{/sha}}",
        }

    def repo(self, repo: Repo, *, full: bool = True) -> dict:
        """The ``repository`` shape (in PR heads and bases) or, with ``full``, GET /repos/{o}/{r}."""
        host = self.web.split("://", 1)[-1]
        open_count = sum(1 for i in repo.issues.values() if i.state == "open")
        body = {
            **self.repo_minimal(repo),
            "clone_url": f"{self.web}/{repo.full_name}.git",
            "git_url": f"git://{host}/{repo.full_name}.git",
            "ssh_url": f"git@{host.split(':')[0]}:{repo.full_name}.git",
            "svn_url": f"{self.web}/{repo.full_name}",
            "mirror_url": None,
            "homepage": None,
            "language": None,
            "forks": 0,
            "forks_count": 0,
            "stargazers_count": 0,
            "watchers": 0,
            "watchers_count": 0,
            "size": sum(len(c) for c in repo.files.values()) // 1024,
            "default_branch": repo.default_branch,
            "open_issues": open_count,
            "open_issues_count": open_count,
            "is_template": False,
            "topics": [],
            "has_issues": True,
            "has_projects": True,
            "has_wiki": True,
            "has_pages": False,
            "has_downloads": True,
            "has_discussions": False,
            "archived": repo.archived,
            "disabled": False,
            "visibility": "private" if repo.private else "public",
            "license": None,
            "allow_forking": True,
            "web_commit_signoff_required": False,
            "pushed_at": ts(repo.created_at),
            "created_at": ts(repo.created_at),
            "updated_at": ts(repo.created_at),
            "permissions": {"admin": False, "maintain": False, "push": True, "triage": True, "pull": True},
        }
        if full:
            body.update(network_count=0, subscribers_count=0, temp_clone_token=None)
            if repo.owner.type == "Organization":
                body["organization"] = self.user(repo.owner)
        return body

    def content_file(self, repo: Repo, path: str, data: bytes, sha: str) -> dict:
        url = f"{self.repo_url(repo)}/contents/{quote(path)}?ref={quote(repo.default_branch)}"
        html = f"{self.web}/{repo.full_name}/blob/{repo.default_branch}/{path}"
        git = f"{self.repo_url(repo)}/git/blobs/{sha}"
        encoded = base64.encodebytes(data).decode()
        return {
            "type": "file",
            "encoding": "base64",
            "size": len(data),
            "name": path.rsplit("/", 1)[-1],
            "path": path,
            "content": encoded,
            "sha": sha,
            "url": url,
            "git_url": git,
            "html_url": html,
            "download_url": f"{self.web}/raw/{repo.full_name}/{repo.default_branch}/{path}",
            "_links": {"self": url, "git": git, "html": html},
        }

    # ----- labels, milestones ------------------------------------------------------------------

    def label(self, label: Label, repo: Repo | str) -> dict:
        return {
            "id": label.id,
            "node_id": label.node_id,
            "url": f"{self.repo_url(repo)}/labels/{quote(label.name)}",
            "name": label.name,
            "color": label.color,
            "default": label.default,
            "description": label.description,
        }

    def milestone(self, milestone: Milestone | None, repo: Repo | str) -> dict | None:
        if milestone is None:
            return None
        repo = self.state.repo(repo)
        issues = [i for i in repo.issues.values() if i.milestone is milestone]
        url = f"{self.repo_url(repo)}/milestones/{milestone.number}"
        return {
            "url": url,
            "html_url": f"{self.web}/{repo.full_name}/milestone/{milestone.number}",
            "labels_url": f"{url}/labels",
            "id": milestone.id,
            "node_id": milestone.node_id,
            "number": milestone.number,
            "state": milestone.state,
            "title": milestone.title,
            "description": milestone.description,
            "creator": self.user(milestone.creator),
            "open_issues": sum(1 for i in issues if i.state == "open"),
            "closed_issues": sum(1 for i in issues if i.state == "closed"),
            "created_at": ts(milestone.created_at),
            "updated_at": ts(milestone.updated_at),
            "closed_at": ts(milestone.closed_at),
            "due_on": ts(milestone.due_on),
        }

    # ----- issues and comments -----------------------------------------------------------------

    def issue_url(self, issue: Issue) -> str:
        return f"{self.repo_url(issue.repo)}/issues/{issue.number}"

    def issue_html(self, issue: Issue) -> str:
        kind = "pull" if issue.is_pull else "issues"
        return f"{self.web}/{issue.repo}/{kind}/{issue.number}"

    def issue(self, issue: Issue) -> dict:
        repo = self.state.repo(issue.repo)
        url = self.issue_url(issue)
        body = {
            "url": url,
            "repository_url": self.repo_url(repo),
            "labels_url": f"{url}/labels{{/name}}",
            "comments_url": f"{url}/comments",
            "events_url": f"{url}/events",
            "html_url": self.issue_html(issue),
            "id": issue.id,
            "node_id": issue.node_id,
            "number": issue.number,
            "title": issue.title,
            "user": self.user(issue.user),
            "labels": [self.label(label, repo) for label in issue.labels],
            "state": issue.state,
            "locked": issue.locked,
            "assignee": self.user(issue.assignees[0]) if issue.assignees else None,
            "assignees": [self.user(u) for u in issue.assignees],
            "milestone": self.milestone(issue.milestone, repo),
            "comments": len(issue.comments),
            "created_at": ts(issue.created_at),
            "updated_at": ts(issue.updated_at),
            "closed_at": ts(issue.closed_at),
            "author_association": self.state.author_association(issue.user, repo),
            "type": None,
            "active_lock_reason": None,
            "body": issue.body,
            "closed_by": self.user(issue.closed_by) if issue.state == "closed" else None,
            "reactions": self.reactions(url),
            "timeline_url": f"{url}/timeline",
            "performed_via_github_app": None,
            "state_reason": issue.state_reason,
        }
        if issue.pull is not None:
            pr_url = f"{self.repo_url(repo)}/pulls/{issue.number}"
            html = self.issue_html(issue)
            body["draft"] = issue.pull.draft
            body["pull_request"] = {
                "url": pr_url,
                "html_url": html,
                "diff_url": f"{html}.diff",
                "patch_url": f"{html}.patch",
                "merged_at": ts(issue.pull.merged_at),
            }
        return body

    def search_item(self, issue: Issue) -> dict:
        item = self.issue(issue)
        item["score"] = 1.0
        return item

    @staticmethod
    def reactions(url: str) -> dict:
        return {"url": f"{url}/reactions", "total_count": 0, "+1": 0, "-1": 0, "laugh": 0, "hooray": 0,
                "confused": 0, "heart": 0, "rocket": 0, "eyes": 0}

    def comment(self, comment: Comment, issue: Issue) -> dict:
        repo = self.state.repo(issue.repo)
        url = f"{self.repo_url(repo)}/issues/comments/{comment.id}"
        return {
            "url": url,
            "html_url": f"{self.issue_html(issue)}#issuecomment-{comment.id}",
            "issue_url": self.issue_url(issue),
            "id": comment.id,
            "node_id": comment.node_id,
            "user": self.user(comment.user),
            "created_at": ts(comment.created_at),
            "updated_at": ts(comment.updated_at),
            "author_association": self.state.author_association(comment.user, repo),
            "body": comment.body,
            "reactions": self.reactions(url),
            "performed_via_github_app": None,
        }

    # ----- events and the timeline -------------------------------------------------------------

    def event(self, event: Event, issue: Issue) -> dict:
        body: dict = {
            "id": event.id,
            "node_id": event.node_id,
            "url": f"{self.repo_url(issue.repo)}/issues/events/{event.id}",
            "actor": self.user(event.actor),
            "event": event.event,
            "commit_id": event.commit_id,
            "commit_url": f"{self.repo_url(issue.repo)}/commits/{event.commit_id}" if event.commit_id else None,
            "created_at": ts(event.created_at),
            "performed_via_github_app": None,
        }
        if event.label is not None:
            body["label"] = {"name": event.label[0], "color": event.label[1]}
        if event.assignee is not None:
            body["assignee"] = self.user(event.assignee)
            body["assigner"] = self.user(event.actor)
        if event.milestone_title is not None:
            body["milestone"] = {"title": event.milestone_title}
        if event.rename is not None:
            body["rename"] = {"from": event.rename[0], "to": event.rename[1]}
        if event.review_requester is not None:
            body["review_requester"] = self.user(event.review_requester)
            body["requested_reviewer"] = self.user(event.requested_reviewer)
        if event.event == "closed":
            body["state_reason"] = event.state_reason
        return body

    def issue_events(self, issue: Issue) -> list[dict]:
        """GET /issues/{n}/events: the event stream without timeline-only kinds, each with its issue."""
        issue_body = self.issue(issue)
        return [{**self.event(e, issue), "issue": issue_body} for e in issue.events if not e.timeline_only]

    def timeline(self, issue: Issue) -> list[dict]:
        """GET /issues/{n}/timeline: events, comments, reviews and commits, oldest first."""
        items: list[tuple[datetime, int, dict]] = []
        for e in issue.events:
            if e.event == "cross-referenced" and e.source is not None:
                source = self.state.issue(*e.source)
                entry = {
                    "event": "cross-referenced",
                    "actor": self.user(e.actor),
                    "created_at": ts(e.created_at),
                    "updated_at": ts(e.created_at),
                    "source": {"type": "issue", "issue": {**self.issue(source), "repository": self.repo(self.state.repo(source.repo), full=False)}},
                }
            else:
                entry = self.event(e, issue)
            items.append((e.created_at, e.id, entry))
        for c in issue.comments:
            items.append((c.created_at, c.id, {**self.comment(c, issue), "event": "commented", "actor": self.user(c.user)}))
        if issue.pull is not None:
            for r in issue.pull.reviews:
                items.append((r.submitted_at, r.id, {**self.review(r, issue), "event": "reviewed"}))
            for c in issue.pull.commits:
                items.append((c.date, 0, {**self.git_commit(c, self.state.repo(issue.repo)), "event": "committed"}))
        items.sort(key=lambda item: (item[0], item[1]))
        return [entry for _, _, entry in items]

    # ----- pull requests -----------------------------------------------------------------------

    def pull(self, pr: Issue, *, simple: bool = False) -> dict:
        assert pr.pull is not None
        repo = self.state.repo(pr.repo)
        data = pr.pull
        url = f"{self.repo_url(repo)}/pulls/{pr.number}"
        html = self.issue_html(pr)
        head_repo = self.state.repos.get(data.head_repo.lower())
        head_owner = head_repo.owner if head_repo else self.state.find_user(data.head_repo.split("/")[0])
        body = {
            "url": url,
            "id": pr.id,
            "node_id": pr.node_id,
            "html_url": html,
            "diff_url": f"{html}.diff",
            "patch_url": f"{html}.patch",
            "issue_url": self.issue_url(pr),
            "commits_url": f"{url}/commits",
            "review_comments_url": f"{url}/comments",
            "review_comment_url": f"{self.repo_url(repo)}/pulls/comments{{/number}}",
            "comments_url": f"{self.issue_url(pr)}/comments",
            "statuses_url": f"{self.repo_url(repo)}/statuses/{data.head_sha}",
            "number": pr.number,
            "state": pr.state,
            "locked": pr.locked,
            "title": pr.title,
            "user": self.user(pr.user),
            "body": pr.body,
            "labels": [self.label(label, repo) for label in pr.labels],
            "milestone": self.milestone(pr.milestone, repo),
            "active_lock_reason": None,
            "created_at": ts(pr.created_at),
            "updated_at": ts(pr.updated_at),
            "closed_at": ts(pr.closed_at),
            "merged_at": ts(data.merged_at),
            "merge_commit_sha": data.head_sha if data.merged else None,
            "assignee": self.user(pr.assignees[0]) if pr.assignees else None,
            "assignees": [self.user(u) for u in pr.assignees],
            "requested_reviewers": [self.user(u) for u in data.requested_reviewers],
            "requested_teams": [],
            "head": {
                "label": f"{head_owner.login}:{data.head_ref}",
                "ref": data.head_ref,
                "sha": data.head_sha,
                "user": self.user(head_owner),
                "repo": self.repo(head_repo, full=False) if head_repo else None,
            },
            "base": {
                "label": f"{repo.owner.login}:{data.base_ref}",
                "ref": data.base_ref,
                "sha": data.base_sha,
                "user": self.user(repo.owner),
                "repo": self.repo(repo, full=False),
            },
            "_links": {
                "self": {"href": url},
                "html": {"href": html},
                "issue": {"href": self.issue_url(pr)},
                "comments": {"href": f"{self.issue_url(pr)}/comments"},
                "review_comments": {"href": f"{url}/comments"},
                "review_comment": {"href": f"{self.repo_url(repo)}/pulls/comments{{/number}}"},
                "commits": {"href": f"{url}/commits"},
                "statuses": {"href": f"{self.repo_url(repo)}/statuses/{data.head_sha}"},
            },
            "author_association": self.state.author_association(pr.user, repo),
            "auto_merge": None,
            "draft": data.draft,
        }
        if not simple:
            body.update(
                merged=data.merged,
                mergeable=data.mergeable,
                rebaseable=data.rebaseable,
                mergeable_state=data.mergeable_state,
                merged_by=self.user(data.merged_by),
                comments=len(pr.comments),
                review_comments=0,
                maintainer_can_modify=data.maintainer_can_modify,
                commits=len(data.commits),
                additions=sum(f.additions for f in data.files),
                deletions=sum(f.deletions for f in data.files),
                changed_files=len(data.files),
            )
        return body

    def diff_entry(self, change: FileChange, pr: Issue) -> dict:
        assert pr.pull is not None
        base = f"{self.web}/{pr.pull.head_repo}"
        path = quote(change.filename)
        body = {
            "sha": change.sha,
            "filename": change.filename,
            "status": change.status,
            "additions": change.additions,
            "deletions": change.deletions,
            "changes": change.additions + change.deletions,
            "blob_url": f"{base}/blob/{pr.pull.head_sha}/{path}",
            "raw_url": f"{base}/raw/{pr.pull.head_sha}/{path}",
            "contents_url": f"{self.api}/repos/{pr.pull.head_repo}/contents/{path}?ref={pr.pull.head_sha}",
        }
        if change.patch is not None:
            body["patch"] = change.patch
        if change.previous_filename is not None:
            body["previous_filename"] = change.previous_filename
        return body

    def review(self, review: Review, pr: Issue) -> dict:
        html = f"{self.issue_html(pr)}#pullrequestreview-{review.id}"
        pr_url = f"{self.repo_url(pr.repo)}/pulls/{pr.number}"
        return {
            "id": review.id,
            "node_id": review.node_id,
            "user": self.user(review.user),
            "body": review.body,
            "state": review.state,
            "html_url": html,
            "pull_request_url": pr_url,
            "author_association": self.state.author_association(review.user, self.state.repo(pr.repo)),
            "_links": {"html": {"href": html}, "pull_request": {"href": pr_url}},
            "submitted_at": ts(review.submitted_at),
            "commit_id": review.commit_id,
        }

    def git_commit(self, commit: Commit, repo: Repo) -> dict:
        """The ``git`` half of a commit, as the timeline's ``committed`` events show it."""
        who = commit.author
        person = {"name": who.name or who.login if who else "unknown", "email": (who.email if who and who.email else f"{who.login if who else 'unknown'}@users.noreply.github.com"), "date": ts(commit.date)}
        url = f"{self.repo_url(repo)}/git/commits/{commit.sha}"
        return {
            "sha": commit.sha,
            "node_id": f"C_kwDO{commit.sha[:16]}",
            "url": url,
            "html_url": f"{self.web}/{repo.full_name}/commit/{commit.sha}",
            "author": person,
            "committer": person,
            "message": commit.message,
            "tree": {"sha": commit.sha[::-1], "url": f"{self.repo_url(repo)}/git/trees/{commit.sha[::-1]}"},
            "parents": [{"sha": p, "url": f"{self.repo_url(repo)}/git/commits/{p}", "html_url": f"{self.web}/{repo.full_name}/commit/{p}"} for p in commit.parents],
            "verification": {"verified": False, "reason": "unsigned", "signature": None, "payload": None, "verified_at": None},
        }

    def commit(self, commit: Commit, repo: Repo) -> dict:
        """GET /pulls/{n}/commits items."""
        git = self.git_commit(commit, repo)
        url = f"{self.repo_url(repo)}/commits/{commit.sha}"
        return {
            "sha": commit.sha,
            "node_id": git["node_id"],
            "url": url,
            "html_url": git["html_url"],
            "comments_url": f"{url}/comments",
            "commit": {
                "url": git["url"],
                "author": git["author"],
                "committer": git["committer"],
                "message": commit.message,
                "tree": git["tree"],
                "comment_count": 0,
                "verification": git["verification"],
            },
            "author": self.user(commit.author) if commit.author else None,
            "committer": self.user(commit.author) if commit.author else None,
            "parents": [{"sha": p["sha"], "url": f"{self.repo_url(repo)}/commits/{p['sha']}", "html_url": p["html_url"]} for p in git["parents"]],
        }

    # ----- statuses and checks -----------------------------------------------------------------

    def status(self, status: Status, repo: Repo) -> dict:
        return {
            "url": f"{self.repo_url(repo)}/statuses/{status.sha}",
            "avatar_url": f"{self.web}/avatars/u/{status.creator.id if status.creator else 0}?v=4",
            "id": status.id,
            "node_id": status.node_id,
            "state": status.state,
            "description": status.description,
            "target_url": status.target_url,
            "context": status.context,
            "created_at": ts(status.created_at),
            "updated_at": ts(status.updated_at),
            "creator": self.user(status.creator),
        }

    def combined_status(self, repo: Repo, sha: str, statuses: list[Status], total: int) -> dict:
        """The latest status per context, and the verdict GitHub derives from them."""
        states = {s.state for s in statuses}
        if states & {"error", "failure"}:
            overall = "failure"
        elif not statuses or "pending" in states:
            overall = "pending"
        else:
            overall = "success"
        return {
            "state": overall,
            "statuses": [{k: v for k, v in self.status(s, repo).items() if k != "creator"} for s in statuses],
            "sha": sha,
            "total_count": total,
            "repository": self.repo_minimal(repo),
            "commit_url": f"{self.repo_url(repo)}/commits/{sha}",
            "url": f"{self.repo_url(repo)}/commits/{sha}/status",
        }

    def check_run(self, run: CheckRun, repo: Repo) -> dict:
        url = f"{self.repo_url(repo)}/check-runs/{run.id}"
        output = {
            "title": run.output.get("title"),
            "summary": run.output.get("summary"),
            "text": run.output.get("text"),
            "annotations_count": len(run.output.get("annotations", []) or []),  # type: ignore[arg-type]
            "annotations_url": f"{url}/annotations",
        }
        app = None
        if run.app_login:
            owner = _GITHUB_ORG
            slug = run.app_login[:-5] if run.app_login.endswith("[bot]") else run.app_login
            app = {
                "id": GITHUB_ACTIONS_APP["id"] if slug == "github-actions" else self.state.user(run.app_login).id,
                "slug": slug,
                "node_id": f"MDM6QXBwe{slug}",
                "client_id": f"Iv1.{slug}",
                "owner": self.user(owner),
                "name": GITHUB_ACTIONS_APP["name"] if slug == "github-actions" else slug,
                "description": "",
                "external_url": f"{self.web}/features/actions",
                "html_url": f"{self.web}/apps/{slug}",
                "created_at": "2018-07-30T09:30:17Z",
                "updated_at": "2024-04-10T20:33:16Z",
                "permissions": {"checks": "write", "issues": "write", "metadata": "read", "pull_requests": "write", "statuses": "write"},
                "events": [],
            }
        pulls = [
            {
                "id": issue.id,
                "number": issue.number,
                "url": f"{self.repo_url(repo)}/pulls/{issue.number}",
                "head": {"ref": issue.pull.head_ref, "sha": issue.pull.head_sha, "repo": {"id": repo.id, "name": repo.name, "url": self.repo_url(repo)}},
                "base": {"ref": issue.pull.base_ref, "sha": issue.pull.base_sha, "repo": {"id": repo.id, "name": repo.name, "url": self.repo_url(repo)}},
            }
            for issue in repo.issues.values()
            if issue.pull is not None and issue.pull.head_sha == run.head_sha and issue.state == "open"
        ]
        return {
            "id": run.id,
            "head_sha": run.head_sha,
            "node_id": run.node_id,
            "external_id": run.external_id or "",
            "url": url,
            "html_url": f"{self.web}/{repo.full_name}/runs/{run.id}",
            "details_url": run.details_url or f"{self.web}/{repo.full_name}/runs/{run.id}",
            "status": run.status,
            "conclusion": run.conclusion,
            "started_at": ts(run.started_at),
            "completed_at": ts(run.completed_at),
            "output": output,
            "name": run.name,
            "check_suite": {"id": run.id + 1},
            "app": app,
            "pull_requests": pulls,
        }

    # ----- teams -------------------------------------------------------------------------------

    def team_membership(self, team: Team, login: str) -> dict:
        role, state = team.members[login.lower()]
        return {
            "url": f"{self.api}/organizations/{self.state.user(team.org).id}/team/{team.id}/memberships/{quote(login)}",
            "role": role,
            "state": state,
        }
