"""The quality gate's only I/O: one GraphQL query for the PR (files with their line counts, labels,
draft flag, the head commit's status contexts and check runs, what the sticky comment needs: the
viewer's login and the PR's comments, and, for a repository without a configuration file, the
organisation's default), more pages only when a list overflows.

A PR with up to 100 files, labels, contexts and comments costs exactly one request, plus the comment's
one write. The REST equivalent costs at least six (the PR, its files, the combined status, the check
runs, the token's identity, the comments) plus one per extra page of each.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..config import LoadedConfig
from ..config.org_default import ORG_DEFAULT_GRAPHQL, ORG_DEFAULT_TOLERATE, org_default_from_graphql
from ..errors import ServiceError
from ..github.resources import GRAPHQL_COMMENT_FIELDS, Comment, Identity
from .model import ChangedPath, PullRequestFacts, StatusContextFact

if TYPE_CHECKING:
    from ..github.client import GitHubClient

_CONTEXTS = """
contexts(first: 100, after: $contextsAfter) {
  nodes {
    __typename
    ... on StatusContext { context state }
    ... on CheckRun { name status conclusion }
  }
  pageInfo { hasNextPage endCursor }
}
"""

PR_QUERY = (
    """
query($owner: String!, $name: String!, $number: Int!, $filesAfter: String, $contextsAfter: String, $orgDefault: Boolean = false) {
  viewer { login }
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      number title isDraft baseRefName headRefOid author { login }
      labels(first: 100) { nodes { name } pageInfo { hasNextPage } }
      comments(first: 100) { nodes { """
    + GRAPHQL_COMMENT_FIELDS
    + """ } pageInfo { hasNextPage } }
      files(first: 100, after: $filesAfter) {
        totalCount
        nodes { path additions deletions changeType }
        pageInfo { hasNextPage endCursor }
      }
      commits(last: 1) { nodes { commit { oid statusCheckRollup { """
    + _CONTEXTS
    + """ } } } }
    }
  }
"""
    + ORG_DEFAULT_GRAPHQL
    + "}\n"
)

FILES_QUERY = """
query($owner: String!, $name: String!, $number: Int!, $filesAfter: String) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      files(first: 100, after: $filesAfter) { nodes { path additions deletions changeType } pageInfo { hasNextPage endCursor } }
    }
  }
}
"""

CONTEXTS_QUERY = (
    """
query($owner: String!, $name: String!, $number: Int!, $contextsAfter: String) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) { commits(last: 1) { nodes { commit { statusCheckRollup { """
    + _CONTEXTS
    + """ } } } } }
  }
}
"""
)

LABELS_QUERY = """
query($owner: String!, $name: String!, $number: Int!, $labelsAfter: String) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) { labels(first: 100, after: $labelsAfter) { nodes { name } pageInfo { hasNextPage endCursor } } }
  }
}
"""


def _shape_error(what: str) -> ServiceError:
    return ServiceError(
        f"GitHub POST /graphql (quality pull request) answered without {what}; re-run the job, and report it if it persists"
    )


def _dig(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _pull(data: dict, repo: str, number: int) -> dict:
    pr = _dig(data, "repository", "pullRequest")
    if not isinstance(pr, dict):
        raise ServiceError(f"GitHub has no pull request {repo}#{number} (or the token cannot see it)")
    return pr


def _files(connection: Any) -> list[ChangedPath]:
    nodes = _dig(connection, "nodes")
    if not isinstance(nodes, list):
        raise _shape_error("the changed files")
    return [
        ChangedPath(n["path"], int(n["additions"]), int(n["deletions"]), str(n.get("changeType") or "MODIFIED"))
        for n in nodes
        if isinstance(n, dict)
    ]


def _contexts(connection: Any) -> list[StatusContextFact]:
    found: list[StatusContextFact] = []
    for n in _dig(connection, "nodes") or []:
        if not isinstance(n, dict):
            continue
        if n.get("__typename") == "StatusContext":
            found.append(StatusContextFact(str(n["context"]), "status", str(n["state"])))
        elif n.get("__typename") == "CheckRun":
            found.append(StatusContextFact(str(n["name"]), "check", str(n["status"]), n.get("conclusion")))
    return found


def _next(connection: Any) -> str | None:
    info = _dig(connection, "pageInfo")
    return info.get("endCursor") if isinstance(info, dict) and info.get("hasNextPage") else None


def _rollup(pr: dict) -> Any:
    nodes = _dig(pr, "commits", "nodes") or []
    return _dig(nodes[-1], "commit", "statusCheckRollup") if nodes else None


@dataclass(frozen=True)
class QualityRead:
    facts: PullRequestFacts
    #: The sticky comment's inputs, read in the same query; None when the PR has more than 100 comments
    #: (the sticky sync then lists them all itself).
    comments: tuple[Comment, ...] | None
    identity: Identity | None
    #: The organisation's default when it was asked for and found (or found unreadable); None otherwise.
    org_default: LoadedConfig | None = None


def gather_pull_request(client: "GitHubClient", repo: str, number: int, *, org_default: bool = False) -> QualityRead:
    """The PR; ``org_default``: the repository has no configuration file, so the organisation's default
    is read in the same query (a missing `.github` repository is no error)."""
    owner, name = repo.split("/", 1)
    base = {"owner": owner, "name": name, "number": number}
    errors: list[dict] = []
    data = client.graphql.execute(
        PR_QUERY, {**base, "orgDefault": org_default}, name="quality pull request",
        tolerate=ORG_DEFAULT_TOLERATE if org_default else (), collected=errors,
    )
    found = org_default_from_graphql(owner, data, errors, "quality pull request") if org_default else None
    pr = _pull(data, repo, number)
    comments: tuple[Comment, ...] | None = None
    viewer = _dig(data, "viewer", "login")
    if not _dig(pr, "comments", "pageInfo", "hasNextPage"):
        try:
            comments = tuple(Comment.from_graphql(n) for n in _dig(pr, "comments", "nodes") or [] if isinstance(n, dict))
        except (KeyError, TypeError, ValueError):
            raise _shape_error("the comments") from None

    files = _files(pr.get("files"))
    cursor = _next(pr.get("files"))
    while cursor:
        page = _pull(client.graphql.execute(FILES_QUERY, {**base, "filesAfter": cursor}, name="quality files"), repo, number)
        files += _files(page.get("files"))
        cursor = _next(page.get("files"))

    rollup = _rollup(pr)
    contexts = _contexts(_dig(rollup, "contexts"))
    cursor = _next(_dig(rollup, "contexts"))
    while cursor:
        page = _pull(client.graphql.execute(CONTEXTS_QUERY, {**base, "contextsAfter": cursor}, name="quality contexts"), repo, number)
        connection = _dig(_rollup(page), "contexts")
        contexts += _contexts(connection)
        cursor = _next(connection)

    labels = [n["name"] for n in _dig(pr, "labels", "nodes") or [] if isinstance(n, dict)]
    if _dig(pr, "labels", "pageInfo", "hasNextPage"):
        cursor = None
        labels = []
        while True:
            page = _pull(client.graphql.execute(LABELS_QUERY, {**base, "labelsAfter": cursor}, name="quality labels"), repo, number)
            labels += [n["name"] for n in _dig(page, "labels", "nodes") or [] if isinstance(n, dict)]
            cursor = _next(page.get("labels"))
            if not cursor:
                break

    author = _dig(pr, "author", "login")
    total = _dig(pr, "files", "totalCount")
    facts = PullRequestFacts(
        repository=repo,
        number=number,
        title=str(pr.get("title") or ""),
        author=author if isinstance(author, str) else None,
        draft=bool(pr.get("isDraft")),
        base_ref=str(pr.get("baseRefName") or ""),
        head_sha=str(pr.get("headRefOid") or ""),
        labels=tuple(labels),
        files=tuple(files),
        contexts=tuple(contexts),
        total_files=total if isinstance(total, int) else None,
    )
    identity = Identity(viewer, "GraphQL viewer") if isinstance(viewer, str) and comments is not None else None
    return QualityRead(facts, comments if identity else None, identity, found)
