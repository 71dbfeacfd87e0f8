"""The GitHub API client every gate uses: PyGithub's transport for REST, requests for GraphQL, one retry policy.

Decisions, so that the next reader does not have to rediscover them:

- **PyGithub's own retry is off** (``retry=None``) and so is its throttling. Its ``GithubRetry`` sleeps
  with ``time.sleep`` (not injectable), bounds retries by count rather than by time, and repeats
  idempotent requests only, so a dropped POST would still need our handling. One policy, ours
  (retry.py), now governs REST and GraphQL alike.
- **We call PyGithub's Requester, not its object model.** The object model issues requests behind
  attribute access (lazy completion, ``get_issue`` before listing its comments), which hides both the
  call count and the retry boundaries. Through the Requester every request is one named operation
  (method + route template), retried on its own, with a page of a list as the unit of retry. PyGithub
  still does the part worth having: authentication headers, the base URL (GitHub Enterprise Server's
  ``/api/v3`` included), connection reuse, and errors as typed exceptions.
- **Every list is paginated** with ``per_page=100`` and the ``Link: rel="next"`` header, which is only
  followed to the API's own host: a token is never sent anywhere else.
- **The token** lives in the Requester's auth header only; ``repr`` shows ``***``, and every message
  this module raises is scrubbed of it as a last line of defence.
"""

from __future__ import annotations

import random
import re
from typing import Any, Callable, Mapping, TypeVar
from urllib.parse import quote, urlsplit

from ..errors import GateError, ServiceError, UsageError
from .context import DEFAULT_API_URL, GitHubContext, graphql_url_for
from .failures import classify_exception
from .graphql import GraphQLClient, GraphQLQueryError
from .resources import (
    ChangedFile,
    Comment,
    Identity,
    Issue,
    IssueSummary,
    LabelEvent,
    LinkedIssue,
    MalformedResponse,
    expect_dict,
    expect_list,
)
from .retry import SYSTEM_CLOCK, Clock, Operation, RetryPolicy, RetryRunner

T = TypeVar("T")

PER_PAGE = 100
DEFAULT_TIMEOUT = 10.0
API_VERSION = "2022-11-28"
USER_AGENT = "process-gates"
#: The login of comments written with the default GITHUB_TOKEN.
ACTIONS_BOT = "github-actions[bot]"
#: GitHub comment bodies are limited to 65536 characters.
MAX_COMMENT_CHARS = 65536
#: Installation tokens (GITHUB_TOKEN included) start with ghs_ and cannot call GET /user.
_INSTALLATION_TOKEN_PREFIX = "ghs_"

_LINK = re.compile(r'<([^>]+)>\s*;\s*rel="([^"]+)"')


class GitHubForbidden(ServiceError):
    """HTTP 403 that is not a rate limit: the token may not do this (a fork PR's read-only token)."""

    #: The status and GitHub's words ("HTTP 403 Resource not accessible by integration").
    detail: str = ""


class GitHubNotFound(ServiceError):
    """HTTP 404: the thing does not exist, or the token cannot see it."""


def parse_link_header(value: str | None) -> dict[str, str]:
    """``{"next": url, "last": url, ...}`` from a Link header as GitHub formats it."""
    return {rel: url for url, rel in _LINK.findall(value or "")}


def _expand(route: str, path: Mapping[str, object]) -> str:
    """Fill a route template; each value is percent-encoded so a label or login cannot change the path."""

    def value(match: re.Match[str]) -> str:
        return quote(str(path[match.group(1)]), safe="")

    return re.sub(r"\{([a-z_]+)\}", value, route)


def _split_repo(repo: str) -> dict[str, str]:
    owner, _, name = repo.partition("/")
    if not owner or not name or "/" in name:
        raise UsageError(f"repository {repo!r} is not of the form owner/name")
    return {"owner": owner, "repo": name}


class GitHubClient:
    def __init__(
        self,
        token: str,
        *,
        api_url: str = DEFAULT_API_URL,
        graphql_url: str | None = None,
        policy: RetryPolicy | None = None,
        clock: Clock = SYSTEM_CLOCK,
        rng: random.Random | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        author: str | None = None,
    ) -> None:
        """``author`` names the login our comments carry when the token cannot tell (see identity())."""
        if not token or not token.strip():
            raise UsageError("a GitHub token is required: pass the `token` input or set GITHUB_TOKEN")
        from github import Auth
        from github.Requester import Requester

        self._token = token.strip()
        self.api_url = api_url.rstrip("/")
        self.timeout = timeout
        self._runner = RetryRunner(policy or RetryPolicy(), clock, rng)
        # The arguments Github() would pass, minus its int-only timeout check (tests use sub-second ones).
        self._requester = Requester(
            auth=Auth.Token(self._token),
            base_url=self.api_url,
            timeout=timeout,  # type: ignore[arg-type]
            user_agent=USER_AGENT,
            per_page=PER_PAGE,
            verify=True,
            retry=None,
            pool_size=None,
            seconds_between_requests=None,
            seconds_between_writes=None,
            lazy=True,
            api_version=API_VERSION,
        )
        self.graphql = GraphQLClient(
            self._token, graphql_url or graphql_url_for(self.api_url), self._runner, timeout=timeout
        )
        self._author = author
        self._identity: Identity | None = None

    @classmethod
    def from_context(cls, context: GitHubContext, **kwargs: Any) -> "GitHubClient":
        return cls(context.token, api_url=context.api_url, graphql_url=context.graphql_url, **kwargs)

    def __repr__(self) -> str:
        return f"GitHubClient(api_url={self.api_url!r}, token=***)"

    def close(self) -> None:
        self._requester.close()
        self.graphql.close()

    def __enter__(self) -> "GitHubClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----------------------------------------------------------------------------------- transport

    def _scrub(self, message: str) -> str:
        return message.replace(self._token, "***") if self._token else message

    def _classify(self, exc: BaseException):
        return classify_exception(exc, timeout=self.timeout, now=self._runner.clock.now())

    def _attempt(self, method: str, url: str, params: Mapping[str, Any] | None, body: Any) -> tuple[dict, Any]:
        headers, data = self._requester.requestJsonAndCheck(
            method, url, parameters=dict(params) if params else None, input=body
        )
        return headers or {}, data

    def _run(self, op: Operation, attempt: Callable[[], T], reconcile: Callable[[], T | None] | None = None) -> T:
        """One retried operation; permanent HTTP errors become our exceptions, all messages scrubbed."""
        from github.GithubException import GithubException

        try:
            return self._runner.run(op, attempt, self._classify, reconcile=reconcile)
        except GithubException as exc:
            raise self._permanent(op, exc.status, exc.data) from None
        except GateError as exc:
            exc.message = self._scrub(exc.message)
            exc.args = (exc.message,)
            raise

    def _permanent(self, op: Operation, status: int, data: Any) -> GateError:
        message = data.get("message") if isinstance(data, dict) else None
        detail = f" {message}" if isinstance(message, str) and message else ""
        if status == 401:
            return UsageError(
                self._scrub(
                    f"GitHub rejected the token on {op} (HTTP 401{detail}): pass a valid token "
                    "(the `token` input or GITHUB_TOKEN)"
                )
            )
        if status == 403:
            forbidden = GitHubForbidden(
                self._scrub(
                    f"GitHub {op} was refused (HTTP 403{detail}): the token lacks the permission; grant it in "
                    "the workflow's `permissions:` (fork PRs always get a read-only token)"
                )
            )
            forbidden.detail = self._scrub(f"HTTP 403{detail}")
            return forbidden
        if status == 404:
            return GitHubNotFound(
                self._scrub(f"GitHub {op}: HTTP 404{detail} (it does not exist, or the token cannot see it)")
            )
        return ServiceError(self._scrub(f"GitHub {op} failed: HTTP {status}{detail}"))

    def request(
        self,
        method: str,
        route: str,
        path: Mapping[str, object] | None = None,
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        reconcile: Callable[[], Any] | None = None,
    ) -> Any:
        """One REST call by route template (``/repos/{owner}/{repo}/issues/{issue_number}``), retried by policy.

        A POST whose outcome is unknown is repeated only after ``reconcile`` (a read looking for its
        effect) returned None; what ``reconcile`` finds is returned instead.
        """
        op = Operation(method.upper(), route)
        url = _expand(route, path or {})
        return self._run(op, lambda: self._attempt(op.method, url, params, body)[1], reconcile)

    def paginate(
        self,
        route: str,
        path: Mapping[str, object] | None = None,
        *,
        params: Mapping[str, Any] | None = None,
        items_key: str | None = None,
        limit: int | None = None,
    ) -> list[Any]:
        """Every item of a list route, 100 per page, each page retried on its own.

        ``items_key`` names the array inside an object response (``items`` for search).
        """
        op = Operation("GET", route)
        url: str | None = _expand(route, path or {})
        query: dict[str, Any] | None = {**(params or {}), "per_page": PER_PAGE}
        items: list[Any] = []
        api = urlsplit(self.api_url)
        while url is not None and (limit is None or len(items) < limit):

            def attempt(url: str = url, query: dict[str, Any] | None = query) -> tuple[dict, list]:
                headers, data = self._attempt("GET", url, query, None)
                page = expect_dict(data, str(op))[items_key] if items_key else data
                return headers, expect_list(page, str(op))

            headers, page = self._run(op, attempt)
            items.extend(page)
            following = parse_link_header(headers.get("link")).get("next")
            if following is None:
                break
            target = urlsplit(following)
            if (target.scheme, target.netloc) != (api.scheme, api.netloc):
                raise ServiceError(
                    f"GitHub {op}: refusing to follow a pagination link to {target.scheme}://{target.netloc}, "
                    f"which is not the API host {api.netloc}"
                )
            url, query = following, None
        return items if limit is None else items[:limit]

    # ----------------------------------------------------------------------------------- identity

    def identity(self) -> Identity:
        """Who our comments are written by, learned once per client.

        GET /user answers for personal and user tokens. Installation tokens (GITHUB_TOKEN and GitHub
        App tokens, ``ghs_...``) get 403 there; GraphQL ``viewer`` answers for them with the app's bot
        login (``github-actions[bot]`` for GITHUB_TOKEN, ``<app-slug>[bot]`` for an app). If neither
        can tell, the configured author or ``github-actions[bot]`` is assumed, and says so.
        """
        if self._identity is None:
            self._identity = self._resolve_identity()
        return self._identity

    def _resolve_identity(self) -> Identity:
        if self._author:
            return Identity(self._author, "configured")
        if not self._token.startswith(_INSTALLATION_TOKEN_PREFIX):
            try:
                user = expect_dict(self.request("GET", "/user"), "GET /user")
                if isinstance(user.get("login"), str):
                    return Identity(user["login"], "GET /user")
            except (GitHubForbidden, GitHubNotFound):
                pass  # an installation token: try GraphQL
        try:
            data = self.graphql.execute("query { viewer { login } }", name="viewer")
            viewer = data.get("viewer")
            if isinstance(viewer, dict) and isinstance(viewer.get("login"), str):
                return Identity(viewer["login"], "GraphQL viewer")
        except GraphQLQueryError:
            pass
        return Identity(ACTIONS_BOT, "GITHUB_TOKEN default")

    # ----------------------------------------------------------------------------------- comments

    def list_issue_comments(self, repo: str, number: int) -> list[Comment]:
        path = {**_split_repo(repo), "issue_number": number}
        return [Comment.from_json(c) for c in self.paginate("/repos/{owner}/{repo}/issues/{issue_number}/comments", path)]

    def create_issue_comment(
        self, repo: str, number: int, body: str, *, reconcile: Callable[[], Comment | None] | None = None
    ) -> Comment:
        """Create a comment. Give ``reconcile`` (find the comment if it exists) to make a dropped
        connection safe to retry; without it an unknown outcome ends in ServiceError, never a duplicate."""
        path = {**_split_repo(repo), "issue_number": number}
        data = self.request(
            "POST",
            "/repos/{owner}/{repo}/issues/{issue_number}/comments",
            path,
            body={"body": body},
            reconcile=reconcile,
        )
        return data if isinstance(data, Comment) else Comment.from_json(data)

    def edit_issue_comment(self, repo: str, comment_id: int, body: str) -> Comment:
        path = {**_split_repo(repo), "comment_id": comment_id}
        data = self.request("PATCH", "/repos/{owner}/{repo}/issues/comments/{comment_id}", path, body={"body": body})
        return Comment.from_json(data)

    def delete_issue_comment(self, repo: str, comment_id: int) -> bool:
        """True when deleted now, False when it was already gone (a retried DELETE whose first try landed)."""
        path = {**_split_repo(repo), "comment_id": comment_id}
        try:
            self.request("DELETE", "/repos/{owner}/{repo}/issues/comments/{comment_id}", path)
        except GitHubNotFound:
            return False
        return True

    # ----------------------------------------------------------------------------------- pull requests, issues

    def list_pull_request_files(self, repo: str, number: int) -> list[ChangedFile]:
        """All changed files (GitHub lists at most 3000)."""
        path = {**_split_repo(repo), "pull_number": number}
        return [ChangedFile.from_json(f) for f in self.paginate("/repos/{owner}/{repo}/pulls/{pull_number}/files", path)]

    def list_label_events(self, repo: str, number: int) -> list[LabelEvent]:
        """Who applied or removed which label, from the issue timeline (PRs are issues here)."""
        path = {**_split_repo(repo), "issue_number": number}
        events = (LabelEvent.from_timeline(e) for e in self.paginate("/repos/{owner}/{repo}/issues/{issue_number}/timeline", path))
        return [e for e in events if e is not None]

    def get_issue(self, repo: str, number: int) -> Issue:
        path = {**_split_repo(repo), "issue_number": number}
        return Issue.from_json(self.request("GET", "/repos/{owner}/{repo}/issues/{issue_number}", path))

    def list_issues(
        self, repo: str, *, labels: tuple[str, ...] | list[str] = (), state: str = "open", limit: int | None = None
    ) -> list[Issue]:
        """Issues (and PRs, as GitHub lists them) carrying every one of ``labels``, oldest first.

        Unlike search, this list is consistent the moment an issue is created: use it, not search, to
        find what an earlier run of ours wrote."""
        params: dict[str, Any] = {"state": state, "sort": "created", "direction": "asc"}
        if labels:
            params["labels"] = ",".join(labels)
        found = self.paginate("/repos/{owner}/{repo}/issues", _split_repo(repo), params=params, limit=limit)
        return [Issue.from_json(i) for i in found]

    def create_issue(
        self,
        repo: str,
        title: str,
        body: str,
        *,
        labels: tuple[str, ...] | list[str] = (),
        assignees: tuple[str, ...] | list[str] = (),
        reconcile: Callable[[], Issue | None] | None = None,
    ) -> Issue:
        """Open an issue. Give ``reconcile`` (find the issue if it exists, by a marker in its body) so that
        a dropped POST is looked up before it is repeated: a retry never opens a second issue."""
        payload: dict[str, Any] = {"title": title, "body": body}
        if labels:
            payload["labels"] = list(labels)
        if assignees:
            payload["assignees"] = list(assignees)
        data = self.request("POST", "/repos/{owner}/{repo}/issues", _split_repo(repo), body=payload, reconcile=reconcile)
        return data if isinstance(data, Issue) else Issue.from_json(data)

    def update_issue(self, repo: str, number: int, **fields: Any) -> Issue:
        """PATCH an issue: title, body, state, state_reason, labels, assignees (idempotent, safe to retry)."""
        path = {**_split_repo(repo), "issue_number": number}
        return Issue.from_json(self.request("PATCH", "/repos/{owner}/{repo}/issues/{issue_number}", path, body=fields))

    def add_labels(self, repo: str, number: int, labels: tuple[str, ...] | list[str]) -> tuple[str, ...]:
        """Add labels (created on first use, as GitHub does); adding one twice is harmless, so retries are safe."""
        path = {**_split_repo(repo), "issue_number": number}
        data = self.request(
            "POST", "/repos/{owner}/{repo}/issues/{issue_number}/labels", path, body={"labels": list(labels)},
            reconcile=lambda: None,
        )
        return tuple(item["name"] for item in expect_list(data, "issue labels") if isinstance(item, dict) and "name" in item)

    def remove_label(self, repo: str, number: int, label: str) -> bool:
        """True when removed now, False when the issue did not carry it (or a retried DELETE already landed)."""
        path = {**_split_repo(repo), "issue_number": number, "name": label}
        try:
            self.request("DELETE", "/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", path)
        except GitHubNotFound:
            return False
        return True

    def search_issues(self, query: str, *, limit: int = 1000) -> list[IssueSummary]:
        """Issues and PRs matching a search query (GitHub returns at most 1000 results)."""
        found = self.paginate("/search/issues", params={"q": query}, items_key="items", limit=limit)
        return [IssueSummary.from_json(i) for i in found]

    def is_team_member(self, org: str, team_slug: str, username: str) -> bool:
        """An active member of the team (a pending invitation does not count)."""
        path = {"org": org, "team_slug": team_slug, "username": username}
        try:
            data = self.request("GET", "/orgs/{org}/teams/{team_slug}/memberships/{username}", path)
        except GitHubNotFound:
            return False
        return expect_dict(data, "team membership").get("state") == "active"

    def closing_issues(self, repo: str, number: int) -> list[LinkedIssue]:
        """Issues the PR will close, every page (GitHub fills this only for PRs into the default branch)."""
        path = _split_repo(repo)
        linked: list[LinkedIssue] = []
        cursor: str | None = None
        while True:
            data = self.graphql.execute(
                _CLOSING_ISSUES_QUERY,
                {"owner": path["owner"], "name": path["repo"], "number": number, "after": cursor},
                name="closingIssuesReferences",
            )
            pull = (data.get("repository") or {}).get("pullRequest")
            if not isinstance(pull, dict):
                raise GitHubNotFound(f"GitHub POST /graphql (closingIssuesReferences): {repo}#{number} not found")
            try:
                refs = pull["closingIssuesReferences"]
                for node in refs["nodes"]:
                    labels = tuple(label["name"] for label in node["labels"]["nodes"])
                    linked.append(LinkedIssue(node["repository"]["nameWithOwner"], int(node["number"]), labels))
                more, cursor = bool(refs["pageInfo"]["hasNextPage"]), refs["pageInfo"]["endCursor"]
            except (KeyError, TypeError, ValueError):
                raise ServiceError(
                    "GitHub POST /graphql (closingIssuesReferences) answered in an unexpected shape; "
                    "re-run the job, and report it if it persists"
                ) from None
            if not more:
                return linked


_CLOSING_ISSUES_QUERY = """
query($owner: String!, $name: String!, $number: Int!, $after: String) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      closingIssuesReferences(first: 100, after: $after) {
        nodes { number repository { nameWithOwner } labels(first: 100) { nodes { name } } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}
"""

__all__ = [
    "ACTIONS_BOT",
    "MAX_COMMENT_CHARS",
    "GitHubClient",
    "GitHubForbidden",
    "GitHubNotFound",
    "MalformedResponse",
    "parse_link_header",
]
