"""POST /graphql: a real GraphQL executor (graphql-core) over the subset of GitHub's schema gates use.

Field selection, aliases, fragments, variables and validation errors come from graphql-core; what is
GitHub's is layered on top: errors with a top-level ``type`` (NOT_FOUND, FORBIDDEN...), the rule that every
connection needs ``first`` or ``last`` within 1..100, closingIssuesReferences filled only for pull requests
into the default branch (and closedByPullRequestsReferences, its inverse, likewise), ``addComment``
refused to read-only tokens with HTTP 200 and an error.
"""

from __future__ import annotations

import base64
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Sequence

from graphql import GraphQLError, build_schema, graphql_sync

from .models import BODY_LIMIT, Comment, Issue, Label, Repo, Token, User
from .render import Renderer, ts
from .state import NotFound, State

SCHEMA = build_schema(Path(__file__).with_name("schema.graphql").read_text(encoding="utf-8"))

_CHANGE_TYPES = {"added": "ADDED", "removed": "DELETED", "modified": "MODIFIED", "renamed": "RENAMED", "copied": "COPIED", "changed": "CHANGED", "unchanged": "MODIFIED"}


def _error(message: str, kind: str) -> GraphQLError:
    return GraphQLError(message, extensions={"type": kind})


def _cursor(index: int) -> str:
    return base64.b64encode(f"cursor:v2:{index}".encode()).decode()


def _index(cursor: str | None, name: str) -> int | None:
    if cursor is None:
        return None
    try:
        prefix, _, number = base64.b64decode(cursor).decode().rpartition(":")
        if prefix != "cursor:v2":
            raise ValueError(cursor)
        return int(number)
    except (ValueError, UnicodeDecodeError):
        raise _error(f"`{cursor}` does not appear to be a valid cursor.", "INVALID_CURSOR_ARGUMENTS") from None


def connection(name: str, items: Sequence, view: Callable[[object], dict], first: int | None = None, last: int | None = None,
               after: str | None = None, before: str | None = None, **_: object) -> dict:
    """A Relay connection with GitHub's pagination rules."""
    if first is None and last is None:
        raise _error(f"You must provide a `first` or `last` value to properly paginate the `{name}` connection.", "MISSING_PAGINATION_BOUNDARIES")
    for arg, value in (("first", first), ("last", last)):
        if value is not None and not 1 <= value <= 100:
            if value > 100:
                raise _error(f"Requesting {value} records on the `{name}` connection exceeds the `{arg}` limit of 100 records.", "EXCESSIVE_PAGINATION")
            raise _error(f"`{arg}` on the `{name}` connection cannot be less than one.", "INVALID_PAGINATION")
    after_index, before_index = _index(after, name), _index(before, name)
    start = after_index + 1 if after_index is not None else 0
    end = before_index if before_index is not None else len(items)
    window = list(range(start, min(end, len(items))))  # type: ignore[type-var]
    chosen = window[:first] if first is not None else window
    if last is not None:
        chosen = chosen[-last:]
    nodes = [view(items[i]) for i in chosen]
    return {
        "totalCount": len(items),
        "nodes": nodes,
        "edges": [{"cursor": _cursor(i), "node": node} for i, node in zip(chosen, nodes, strict=True)],
        "pageInfo": {
            "hasNextPage": bool(chosen) and chosen[-1] < len(items) - 1,
            "hasPreviousPage": bool(chosen) and chosen[0] > 0,
            "startCursor": _cursor(chosen[0]) if chosen else None,
            "endCursor": _cursor(chosen[-1]) if chosen else None,
        },
    }


class Views:
    """The emulator's objects as GraphQL values: dicts whose callables resolve fields with arguments."""

    def __init__(self, state: State, render: Renderer, token: Token) -> None:
        self.state = state
        self.render = render
        self.token = token

    def actor(self, user: User | None, *, as_type: str | None = None) -> dict | None:
        if user is None:
            return None
        path = f"/apps/{user.login[:-5]}" if user.type == "Bot" and user.login.endswith("[bot]") else f"/{user.login}"
        return {
            "__typename": as_type or user.type,
            "id": user.node_id,
            "databaseId": user.id,
            "login": user.login,
            "name": user.name,
            "resourcePath": path,
            "url": f"{self.render.web}{path}",
            "avatarUrl": f"{self.render.web}/avatars/u/{user.id}?v=4",
        }

    def repository(self, repo: Repo) -> dict:
        def issue_like(info, number: int, *, want: str | None):
            found = repo.issues.get(number)
            if found is None or (want == "PullRequest" and found.pull is None) or (want == "Issue" and found.pull is not None):
                article = "an Issue" if want == "Issue" else "a PullRequest" if want == "PullRequest" else "an issue or pull request"
                raise _error(f"Could not resolve to {article} with the number of {number}.", "NOT_FOUND")
            return self.pull(found) if found.pull is not None else self.issue(found)

        return {
            "__typename": "Repository",
            "id": repo.node_id,
            "name": repo.name,
            "nameWithOwner": repo.full_name,
            "isPrivate": repo.private,
            "url": f"{self.render.web}/{repo.full_name}",
            "owner": self.actor(repo.owner),
            "defaultBranchRef": {"__typename": "Ref", "id": f"REF_{repo.node_id}", "name": repo.default_branch, "prefix": "refs/heads/"},
            "pullRequest": lambda info, number: issue_like(info, number, want="PullRequest"),
            "issue": lambda info, number: issue_like(info, number, want="Issue"),
            "issueOrPullRequest": lambda info, number: issue_like(info, number, want=None),
            "object": lambda info, expression=None, oid=None: self.blob(repo, expression),
            "pullRequests": lambda info, **args: self.pull_requests(repo, **args),
            "deployments": lambda info, **args: self.deployments(repo, **args),
            "releases": lambda info, **args: self.releases(repo, **args),
        }

    def pull_requests(self, repo: Repo, states=None, baseRefName=None, orderBy=None, **args) -> dict:
        """GitHub's default order is creation, oldest first; ``orderBy`` picks CREATED_AT or UPDATED_AT."""
        found = []
        for issue in repo.issues.values():
            if issue.pull is None or (baseRefName is not None and issue.pull.base_ref != baseRefName):
                continue
            state = "MERGED" if issue.pull.merged else issue.state.upper()
            if states is not None and state not in states:
                continue
            found.append(issue)
        field = (orderBy or {}).get("field", "CREATED_AT")
        key = {"UPDATED_AT": lambda i: (i.updated_at, i.number), "COMMENTS": lambda i: (len(i.comments), i.number)}.get(field, lambda i: (i.created_at, i.number))
        found.sort(key=key, reverse=(orderBy or {}).get("direction") == "DESC")
        return connection("pullRequests", found, self.pull, **args)

    def deployments(self, repo: Repo, environments=None, orderBy=None, **args) -> dict:
        wanted = set(environments) if environments is not None else None
        found = [d for d in repo.deployments if wanted is None or d.environment in wanted]
        found.sort(key=lambda d: (d.created_at, d.id), reverse=(orderBy or {}).get("direction") == "DESC")

        def view(d) -> dict:
            latest = d.statuses[-1] if d.statuses else None
            return {
                "__typename": "Deployment", "id": d.node_id, "databaseId": d.id, "environment": d.environment,
                "createdAt": ts(d.created_at), "updatedAt": ts(latest.created_at if latest else d.created_at),
                "latestStatus": None if latest is None else {
                    "__typename": "DeploymentStatus", "id": latest.node_id, "state": latest.state.upper(), "createdAt": ts(latest.created_at),
                },
            }

        return connection("deployments", found, view, **args)

    def releases(self, repo: Repo, orderBy=None, **args) -> dict:
        field = (orderBy or {}).get("field", "CREATED_AT")
        found = sorted(repo.releases, key=(lambda r: (r.tag_name, r.id)) if field == "NAME" else (lambda r: (r.created_at, r.id)),
                       reverse=(orderBy or {}).get("direction") == "DESC")
        return connection("releases", found, lambda r: {
            "__typename": "Release", "id": r.node_id, "tagName": r.tag_name, "name": r.name, "createdAt": ts(r.created_at),
            "publishedAt": ts(r.published_at), "isDraft": r.draft, "isPrerelease": r.prerelease,
        }, **args)

    def label(self, label: Label) -> dict:
        return {"__typename": "Label", "id": label.node_id, "name": label.name, "color": label.color, "description": label.description}

    def comment(self, comment: Comment, issue: Issue) -> dict:
        return {
            "__typename": "IssueComment",
            "id": comment.node_id,
            "databaseId": comment.id,
            "body": comment.body,
            "author": self.actor(comment.user),
            "createdAt": ts(comment.created_at),
            "updatedAt": ts(comment.updated_at),
            "url": f"{self.render.issue_html(issue)}#issuecomment-{comment.id}",
        }

    def _common(self, issue: Issue) -> dict:
        return {
            "id": issue.node_id,
            "databaseId": issue.id,
            "number": issue.number,
            "title": issue.title,
            "body": issue.body or "",
            "author": self.actor(issue.user),
            "closed": issue.state == "closed",
            "createdAt": ts(issue.created_at),
            "updatedAt": ts(issue.updated_at),
            "url": self.render.issue_html(issue),
            "resourcePath": self.render.issue_html(issue)[len(self.render.web):],
            "repository": lambda info: self.repository(self.state.repo(issue.repo)),
            "labels": lambda info, **args: connection("labels", issue.labels, self.label, **args),
            "comments": lambda info, **args: connection("comments", issue.comments, lambda c: self.comment(c, issue), **args),
        }

    def issue(self, issue: Issue) -> dict:
        def state_reason(info, enableDuplicate: bool = False):
            reason = (issue.state_reason or "").upper() or None
            return "NOT_PLANNED" if reason == "DUPLICATE" and not enableDuplicate else reason

        def closed_by(info, includeClosedPrs: bool = False, userLinkedOnly: bool = False, **args):
            pulls = self.state.closing_pulls(issue)
            if not includeClosedPrs:
                pulls = [pr for pr in pulls if pr.state == "open"]
            if userLinkedOnly:
                pulls = [pr for pr in pulls if pr.pull is not None and (issue.repo, issue.number) in pr.pull.linked_issues]
            return connection("closedByPullRequestsReferences", pulls, self.pull, **args)

        return {
            **self._common(issue), "__typename": "Issue", "state": issue.state.upper(), "closedAt": ts(issue.closed_at), "stateReason": state_reason,
            "closedByPullRequestsReferences": closed_by,
            "timelineItems": lambda info, itemTypes=None, **args: connection("timelineItems", self._timeline(issue, itemTypes), lambda e: e, **args),
        }

    def pull(self, pr: Issue) -> dict:
        data = pr.pull
        assert data is not None
        state = "MERGED" if data.merged else pr.state.upper()
        mergeable = {True: "MERGEABLE", False: "CONFLICTING", None: "UNKNOWN"}[data.mergeable]

        def closing(info, userLinkedOnly: bool = False, **args):
            issues = self.state.closing_issues(pr)
            if userLinkedOnly:
                issues = [i for i in issues if (i.repo, i.number) in data.linked_issues]
            return connection("closingIssuesReferences", issues, self.issue, **args)

        head_repo = self.state.repos.get(data.head_repo.lower())
        return {
            **self._common(pr),
            "__typename": "PullRequest",
            "state": state,
            "isDraft": data.draft,
            "merged": data.merged,
            "mergedAt": ts(data.merged_at),
            "mergeable": mergeable,
            "baseRefName": data.base_ref,
            "headRefName": data.head_ref,
            "headRefOid": data.head_sha,
            "isCrossRepository": data.head_repo.lower() != pr.repo.lower(),
            "additions": sum(f.additions for f in data.files),
            "deletions": sum(f.deletions for f in data.files),
            "changedFiles": len(data.files),
            "baseRepository": lambda info: self.repository(self.state.repo(pr.repo)),
            "headRepository": lambda info: self.repository(head_repo) if head_repo else None,
            "files": lambda info, **args: connection(
                "files", data.files[:3000],
                lambda f: {"path": f.filename, "additions": f.additions, "deletions": f.deletions, "changeType": _CHANGE_TYPES.get(f.status, "MODIFIED")},
                **args,
            ),
            "closingIssuesReferences": closing,
            "commits": lambda info, **args: connection(
                "commits", data.commits or [None],
                lambda c: {"__typename": "PullRequestCommit", "id": f"PRC_{c.sha if c else data.head_sha}",
                           "commit": self.commit(pr.repo, c.sha if c else data.head_sha, c.date if c else pr.created_at)},
                **args,
            ),
            "timelineItems": lambda info, itemTypes=None, **args: connection(
                "timelineItems", self._timeline(pr, itemTypes), lambda e: e, **args
            ),
        }

    def _timeline(self, issue: Issue, item_types: list[str] | None) -> list[dict]:
        """Label events as timeline items (the only kinds served); ``itemTypes`` filters them as GitHub does."""
        kinds = {"labeled": ("LABELED_EVENT", "LabeledEvent")}
        items = []
        for event in issue.events:
            kind = kinds.get(event.event)
            if kind is None or (item_types is not None and kind[0] not in item_types) or event.label is None:
                continue
            name, color = event.label
            items.append({
                "__typename": kind[1],
                "id": event.node_id,
                "createdAt": ts(event.created_at),
                "actor": self.actor(event.actor),
                "label": {"__typename": "Label", "id": f"LA_{event.node_id}", "name": name, "color": color, "description": None},
            })
        return items

    def team(self, org: User, slug: str) -> dict | None:
        """An organization's team; reading it needs the ``members`` permission (GITHUB_TOKEN has none)."""
        if not self.token.allows("members", "read"):
            raise _error(_refused(self.token), "FORBIDDEN")
        try:
            team = self.state.team(org.login, slug)
        except NotFound:
            return None

        def members(info, query: str | None = None, membership: str | None = None, **args):
            logins = [login for login, (_, status) in team.members.items() if status == "active"]
            users = [self.state.user(login) for login in sorted(logins)]
            if query:
                users = [u for u in users if query.lower() in u.login.lower()]
            return connection("members", users, lambda u: self.actor(u, as_type="User"), **args)

        return {"__typename": "Team", "id": team.node_id, "name": team.name, "slug": team.slug, "members": members}

    def blob(self, repo: Repo, expression: str | None) -> dict | None:
        """``<ref>:<path>``; every ref sees the default branch's files (as the REST contents routes do)."""
        _, sep, path = (expression or "").partition(":")
        content = repo.files.get(path) if sep else None
        if content is None:
            return None
        import hashlib

        oid = hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        return {"__typename": "Blob", "id": f"B_{oid}", "oid": oid, "abbreviatedOid": oid[:7], "byteSize": len(content),
                "isBinary": text is None, "isTruncated": False, "text": text}

    def commit(self, repo_name: str, sha: str, date: datetime | None = None) -> dict:
        """A commit with its statusCheckRollup: the newest status per context and check run per name, as
        GitHub rolls them up; null when nothing reported on the commit."""
        repo = self.state.repo(repo_name)
        statuses = {s.context: s for s in sorted((s for s in repo.statuses if s.sha == sha), key=lambda s: s.id)}
        runs = {r.name: r for r in sorted((r for r in repo.check_runs if r.head_sha == sha), key=lambda r: r.id)}
        contexts = [
            *({"__typename": "CheckRun", "id": r.node_id, "name": r.name, "status": r.status.upper(),
               "conclusion": r.conclusion.upper() if r.conclusion else None, "detailsUrl": r.details_url} for r in runs.values()),
            *({"__typename": "StatusContext", "id": s.node_id, "context": s.context, "state": s.state.upper(),
               "description": s.description, "targetUrl": s.target_url} for s in statuses.values()),
        ]
        rollup = None
        if contexts:
            failed = any(c.get("state") in ("FAILURE", "ERROR") or c.get("conclusion") in ("FAILURE", "CANCELLED", "TIMED_OUT", "ACTION_REQUIRED", "STARTUP_FAILURE") for c in contexts)
            pending = any(c.get("state") == "PENDING" or c.get("status") not in (None, "COMPLETED") for c in contexts)
            rollup = {"__typename": "StatusCheckRollup", "id": f"SCR_{sha}", "state": "FAILURE" if failed else "PENDING" if pending else "SUCCESS",
                      "contexts": lambda info, **args: connection("contexts", contexts, lambda c: c, **args)}
        dated = ts(date) if date is not None else None
        return {"__typename": "Commit", "id": f"C_{sha}", "oid": sha, "abbreviatedOid": sha[:7], "statusCheckRollup": rollup,
                "authoredDate": dated, "committedDate": dated}

    def node(self, obj: object) -> dict | None:
        if isinstance(obj, Issue):
            return self.pull(obj) if obj.pull is not None else self.issue(obj)
        if isinstance(obj, Repo):
            return self.repository(obj)
        if isinstance(obj, User):
            return self.actor(obj)
        if isinstance(obj, Label):
            return self.label(obj)
        return None


def _refused(token: Token) -> str:
    return "Resource not accessible by integration" if token.kind == "installation" else "Resource not accessible by personal access token"


def root(state: State, render: Renderer, token: Token, budget) -> dict:
    views = Views(state, render, token)

    def repository(info, owner: str, name: str, followRenames: bool = True):
        try:
            return views.repository(state.repo(f"{owner}/{name}"))
        except NotFound:
            raise _error(f"Could not resolve to a Repository with the name '{owner}/{name}'.", "NOT_FOUND") from None

    def organization(info, login: str):
        found = state.users.get(login.lower())
        if found is None or found.type != "Organization":
            raise _error(f"Could not resolve to an Organization with the login of '{login}'.", "NOT_FOUND")
        return {**views.actor(found), "team": lambda info, slug: views.team(found, slug)}

    def node(info, id: str):
        found = views.node(state.nodes.get(id))
        if found is None:
            raise _error(f"Could not resolve to a node with the global id of '{id}'", "NOT_FOUND")
        return found

    def rate_limit(info, dryRun: bool = False):
        return {"cost": 1, "limit": budget.limit, "remaining": budget.remaining, "used": budget.used, "nodeCount": 0,
                "resetAt": ts(datetime.fromtimestamp(budget.reset, tz=timezone.utc))}

    def add_comment(info, input: dict):
        subject = state.nodes.get(input["subjectId"])
        if not isinstance(subject, Issue):
            raise _error(f"Could not resolve to a node with the global id of '{input['subjectId']}'", "NOT_FOUND")
        allowed = token.allows("issues", "write") or (subject.pull is not None and token.allows("pull_requests", "write"))
        if not allowed:
            raise _error(_refused(token), "FORBIDDEN")
        body = input["body"]
        if not body.strip():
            raise _error("Body cannot be blank", "UNPROCESSABLE")
        if len(body) > BODY_LIMIT:
            raise _error(f"Body is too long (maximum is {BODY_LIMIT} characters)", "UNPROCESSABLE")
        comment = state.add_comment(subject.repo, subject.number, body, author=token.login)
        return {
            "clientMutationId": input.get("clientMutationId"),
            "commentEdge": {"cursor": _cursor(len(subject.comments) - 1), "node": views.comment(comment, subject)},
            "subject": views.node(subject),
        }

    return {
        "repository": repository,
        "node": node,
        "organization": organization,
        "viewer": lambda info: views.actor(state.user(token.login), as_type="User"),
        "rateLimit": rate_limit,
        "addComment": add_comment,
    }


def _github_error(error: GraphQLError) -> dict:
    """graphql-core's error, reshaped as GitHub writes it: ``type`` at the top, then path and locations."""
    formatted = dict(error.formatted)
    extensions = dict(formatted.pop("extensions", None) or {})
    shaped: dict = {}
    if "type" in extensions:
        shaped["type"] = extensions.pop("type")
    for key in ("path", "extensions", "locations", "message"):
        if key == "extensions":
            if extensions:
                shaped["extensions"] = extensions
        elif formatted.get(key) is not None:
            shaped[key] = formatted[key]
    return shaped


def execute(state: State, render: Renderer, token: Token, payload: object, budget) -> dict:
    """Run one GraphQL request body; always a 200-style result (errors in ``errors``), as GitHub answers."""
    if not isinstance(payload, dict) or not isinstance(payload.get("query"), str):
        return {"errors": [{"message": "A query attribute must be specified and must be a string."}]}
    variables = payload.get("variables")
    if variables is not None and not isinstance(variables, dict):
        return {"errors": [{"message": "Variables are invalid JSON."}]}
    result = graphql_sync(
        SCHEMA,
        payload["query"],
        root_value=root(state, render, token, budget),
        variable_values=variables,
        operation_name=payload.get("operationName"),
    )
    body: dict = {}
    if result.errors:
        body["errors"] = [_github_error(e) for e in result.errors]
    if result.data is not None or not result.errors or any(e.path for e in result.errors):
        body["data"] = result.data
    return body
