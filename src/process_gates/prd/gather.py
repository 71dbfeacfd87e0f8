"""The PRD gate's only I/O: two GraphQL reads at most, and the sticky comment's one write.

Read 1 (always): the PR with its body, base and head, labels, changed files, closing-linked issues and
their labels, plus what the sticky comment needs (the viewer's login, the PR's comments with author and
body), and, when the repository has no configuration file of its own, the organisation's default from
its `.github` repository (so the org-wide check pays no extra request for it). Read 2 (only when read 1 does not settle the verdict): the timeline's `labeled` events, the
members of the teams allowed to apply approval labels, the text of linked repository documents at the
head commit, and the labels and `labeled` events of linked issues (those referenced in the body, and the
closing-linked ones that carry an approval label), batched into one query with aliases.

A PR with more than 100 files or comments costs one more read per further 100 of them: the budget is
two reads for every PR up to that size, and the tests prove it with the emulator's request log.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..config import LoadedConfig
from ..config.org_default import ORG_DEFAULT_GRAPHQL, ORG_DEFAULT_TOLERATE, org_default_from_graphql
from ..errors import ServiceError
from ..github.resources import GRAPHQL_COMMENT_FIELDS, Comment, graphql_login
from .model import ChangedFile, Evidence, IssueRef, LabelApplication, PullRequest, RepoDoc
from .rules import Needs

if TYPE_CHECKING:
    from ..github.client import GitHubClient
    from ..github.sticky import StickyOutcome

#: GitHub lists at most this many files of a pull request.
FILES_CAP = 3000

_PR_FIELDS = """
      number body baseRefName headRefName headRefOid
      author { __typename login }
      labels(first: 100) { nodes { name } }
      files(first: 100, after: $files) { totalCount nodes { path additions deletions } pageInfo { hasNextPage endCursor } }
      closingIssuesReferences(first: 50) { nodes { number repository { nameWithOwner } labels(first: 100) { nodes { name } } } }
      comments(first: 100, after: $comments) { nodes { COMMENT } pageInfo { hasNextPage endCursor } }
""".replace("COMMENT", GRAPHQL_COMMENT_FIELDS)

PR_QUERY = (
    "query($owner: String!, $name: String!, $number: Int!, $files: String, $comments: String, $orgDefault: Boolean = false) {\n"
    "  viewer { login }\n"
    "  repository(owner: $owner, name: $name) {\n"
    "    defaultBranchRef { name }\n"
    "    pullRequest(number: $number) {" + _PR_FIELDS + "    }\n  }\n" + ORG_DEFAULT_GRAPHQL + "}\n"
)

_MORE_QUERY = """
query($owner: String!, $name: String!, $number: Int!, $files: String, $comments: String, $wantFiles: Boolean!, $wantComments: Boolean!) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      files(first: 100, after: $files) @include(if: $wantFiles) { nodes { path additions deletions } pageInfo { hasNextPage endCursor } }
      comments(first: 100, after: $comments) @include(if: $wantComments) { nodes { COMMENT } pageInfo { hasNextPage endCursor } }
    }
  }
}
""".replace("COMMENT", GRAPHQL_COMMENT_FIELDS)


@dataclass(frozen=True)
class PullRequestRead:
    """Read 1: the PR facts, and the sticky comment's inputs."""

    pr: PullRequest
    viewer: str
    comments: tuple[Comment, ...]
    node_reads: int
    #: The organisation's default when it was asked for and found (or found unreadable); None otherwise.
    org_default: LoadedConfig | None = None


def _shape_error(what: str) -> ServiceError:
    return ServiceError(f"GitHub POST /graphql ({what}) answered in an unexpected shape; re-run the job, and report it if it persists")


def read_pull_request(client: "GitHubClient", repository: str, number: int, *, org_default: bool = False) -> PullRequestRead:
    """Read 1; ``org_default``: also look for the organisation's default configuration (the repository
    has none of its own). A missing `.github` repository is no error: the built-in defaults apply."""
    owner, name = repository.split("/", 1)
    variables: dict[str, Any] = {
        "owner": owner, "name": name, "number": number, "files": None, "comments": None, "orgDefault": org_default,
    }
    errors: list[dict] = []
    data = client.graphql.execute(
        PR_QUERY, variables, name="pull request", tolerate=ORG_DEFAULT_TOLERATE if org_default else (), collected=errors,
    )
    found = org_default_from_graphql(owner, data, errors, "pull request") if org_default else None
    reads = 1
    try:
        repo = data["repository"]
        node = repo["pullRequest"] if repo else None
        if node is None:
            from ..github.client import GitHubNotFound

            raise GitHubNotFound(f"GitHub POST /graphql (pull request): {repository}#{number} not found")
        files_page, comments_page = node["files"], node["comments"]
        files = [_file(f) for f in files_page["nodes"]]
        comments = [Comment.from_graphql(c) for c in comments_page["nodes"]]
        while files_page["pageInfo"]["hasNextPage"] or comments_page["pageInfo"]["hasNextPage"]:
            want_files = bool(files_page["pageInfo"]["hasNextPage"]) and len(files) < FILES_CAP
            want_comments = bool(comments_page["pageInfo"]["hasNextPage"])
            if not want_files and not want_comments:
                break
            more = client.graphql.execute(
                _MORE_QUERY,
                {
                    **{k: v for k, v in variables.items() if k != "orgDefault"},
                    "files": files_page["pageInfo"]["endCursor"],
                    "comments": comments_page["pageInfo"]["endCursor"],
                    "wantFiles": want_files,
                    "wantComments": want_comments,
                },
                name="pull request pages",
            )
            reads += 1
            page = more["repository"]["pullRequest"]
            if want_files:
                files_page = page["files"]
                files += [_file(f) for f in files_page["nodes"]]
            else:
                files_page = {"pageInfo": {"hasNextPage": False}}
            if want_comments:
                comments_page = page["comments"]
                comments += [Comment.from_graphql(c) for c in comments_page["nodes"]]
            else:
                comments_page = {"pageInfo": {"hasNextPage": False}}
        author = node.get("author")
        pr = PullRequest(
            repository=repository,
            number=int(node["number"]),
            author=graphql_login(author) or "ghost",
            author_is_bot=isinstance(author, dict) and author.get("__typename") == "Bot",
            body=node.get("body") or "",
            base_ref=node["baseRefName"],
            head_ref=node["headRefName"],
            head_sha=node["headRefOid"],
            default_branch=(repo.get("defaultBranchRef") or {}).get("name") or "",
            labels=tuple(label["name"] for label in node["labels"]["nodes"]),
            files=tuple(files),
            closing_issues=tuple(
                IssueRef(
                    i["repository"]["nameWithOwner"],
                    int(i["number"]),
                    "closingIssuesReferences",
                    tuple(label["name"] for label in i["labels"]["nodes"]),
                )
                for i in node["closingIssuesReferences"]["nodes"]
            ),
            files_complete=int(node["files"]["totalCount"]) <= len(files),
        )
        viewer = data["viewer"]["login"]
    except (KeyError, TypeError, ValueError):
        raise _shape_error("pull request") from None
    return PullRequestRead(pr, viewer, tuple(comments), reads, found)


def _file(node: dict) -> ChangedFile:
    return ChangedFile(node["path"], int(node["additions"]), int(node["deletions"]))


# ------------------------------------------------------------------------------------------ read 2


#: The `labeled` events of a PR's or an issue's timeline: who applied which label, when.
_LABELED_EVENTS = (
    "timelineItems(itemTypes: [LABELED_EVENT], last: 100) "
    "{ nodes { ... on LabeledEvent { createdAt actor { __typename login } label { name } } } }"
)


def _issue_aliases(prefix: str, issues: tuple[tuple[str, int], ...], params: list[str], variables: dict[str, Any]) -> list[str]:
    parts = []
    for i, (repo, number) in enumerate(issues):
        owner, name = repo.split("/", 1)
        params += [f"${prefix}Owner{i}: String!", f"${prefix}Name{i}: String!", f"${prefix}{i}: Int!"]
        variables.update({f"{prefix}Owner{i}": owner, f"{prefix}Name{i}": name, f"{prefix}{i}": number})
        parts.append(
            f"{prefix}{i}: repository(owner: ${prefix}Owner{i}, name: ${prefix}Name{i}) "
            f"{{ issue(number: ${prefix}{i}) {{ labels(first: 100) {{ nodes {{ name }} }} {_LABELED_EVENTS} }} }}"
        )
    return parts


def evidence_query(needs: Needs) -> tuple[str, dict[str, Any]]:
    """One query with an alias per team, document and issue; values travel as variables, never inlined."""
    params: list[str] = []
    variables: dict[str, Any] = {}
    repo_parts: list[str] = []
    top: list[str] = []
    if needs.label_timeline:
        params.append("$number: Int!")
        repo_parts.append(f"pullRequest(number: $number) {{ {_LABELED_EVENTS} }}")
    for i, path in enumerate(needs.doc_paths):
        params.append(f"$doc{i}: String!")
        variables[f"doc{i}"] = path
        repo_parts.append(f"doc{i}: object(expression: $doc{i}) {{ ... on Blob {{ text isBinary }} }}")
    for i, team in enumerate(needs.teams):
        org, slug = team.lstrip("@").split("/", 1)
        params += [f"$org{i}: String!", f"$team{i}: String!"]
        variables.update({f"org{i}": org, f"team{i}": slug})
        top.append(
            f"team{i}: organization(login: $org{i}) {{ team(slug: $team{i}) "
            "{ members(first: 100) { nodes { login } pageInfo { hasNextPage } } } }"
        )
    top += _issue_aliases("issue", needs.issues, params, variables)
    top += _issue_aliases("closing", needs.closing_issues, params, variables)
    body = "".join(f"  {t}\n" for t in top)
    if repo_parts:
        params[:0] = ["$owner: String!", "$name: String!"]
        body += "  repository(owner: $owner, name: $name) {\n" + "".join(f"    {p}\n" for p in repo_parts) + "  }\n"
    return f"query({', '.join(params)}) {{\n{body}}}\n", variables


def read_evidence(client: "GitHubClient", pr: PullRequest, needs: Needs) -> Evidence:
    """Read 2, or nothing at all when nothing is needed."""
    if not needs.anything:
        return Evidence()
    query, variables = evidence_query(needs)
    owner, name = pr.repository.split("/", 1)
    # A document's expression names the head commit: the file as the PR would merge it.
    for key in [k for k in variables if k.startswith("doc")]:
        variables[key] = f"{pr.head_sha}:{variables[key]}"
    used = {"owner": owner, "name": name, "number": pr.number}
    variables.update({k: v for k, v in used.items() if f"${k}:" in query})
    errors: list[dict] = []
    data = client.graphql.execute(
        query,
        variables,
        name="approval evidence",
        tolerate=("NOT_FOUND", "FORBIDDEN"),
        collected=errors,
    )
    failed = {str((e.get("path") or [""])[0]): str(e.get("message", "")).strip() for e in errors}
    try:
        repo = data.get("repository") or {}
        events = _label_events(repo.get("pullRequest")) if needs.label_timeline else ()
        docs = []
        for i, path in enumerate(needs.doc_paths):
            blob = repo.get(f"doc{i}")
            text = blob.get("text") if isinstance(blob, dict) and not blob.get("isBinary") else None
            docs.append(RepoDoc(path, text if isinstance(text, str) else None))
        members: dict[str, frozenset[str]] = {}
        team_errors: dict[str, str] = {}
        for i, team in enumerate(needs.teams):
            alias = f"team{i}"
            found = ((data.get(alias) or {}).get("team")) if isinstance(data.get(alias), dict) else None
            if alias in failed:
                team_errors[team] = failed[alias] or "GitHub refused to list the team"
            elif not isinstance(found, dict):
                team_errors[team] = "no such team, or the token cannot see it"
            else:
                page = found["members"]
                if page["pageInfo"]["hasNextPage"]:
                    team_errors[team] = "the team has more than 100 members; list the reviewers by login instead"
                members[team] = frozenset(m["login"].casefold() for m in page["nodes"] if m)
        issues = [
            *_issues(data, "issue", needs.issues, "body"),
            *_issues(data, "closing", needs.closing_issues, "closingIssuesReferences"),
        ]
    except (KeyError, TypeError, ValueError, AttributeError):
        raise _shape_error("approval evidence") from None
    return Evidence(events, members, team_errors, tuple(docs), tuple(issues))


def _label_events(node: Any) -> tuple[LabelApplication, ...]:
    """The `labeled` events of a PR or issue node's timeline; none when the node could not be read."""
    if not isinstance(node, dict):
        return ()
    nodes = (node.get("timelineItems") or {}).get("nodes") or []
    return tuple(
        LabelApplication(n["label"]["name"], graphql_login(n.get("actor")), n.get("createdAt") or "")
        for n in nodes
        if isinstance(n, dict) and n.get("label")
    )


def _issues(data: dict, prefix: str, wanted: tuple[tuple[str, int], ...], source: str) -> list[IssueRef]:
    """Linked issues as read 2 found them; one that could not be read has labels None."""
    found = []
    for i, (repo_name, number) in enumerate(wanted):
        alias = data.get(f"{prefix}{i}")
        node = alias.get("issue") if isinstance(alias, dict) else None
        if isinstance(node, dict):
            labels: tuple[str, ...] | None = tuple(label["name"] for label in node["labels"]["nodes"])
            found.append(IssueRef(repo_name, number, source, labels, _label_events(node)))
        else:
            found.append(IssueRef(repo_name, number, source, None))
    return found


# ------------------------------------------------------------------------------------------ the one write


def sync_comment(
    client: "GitHubClient", read: PullRequestRead, gate: str, text: str | None, on_pass: str
) -> "StickyOutcome":
    """The sticky comment's one write, planned on the comments and viewer login from read 1.

    GraphQL's viewer login is the comments' author for every token kind (GITHUB_TOKEN included), so no
    GET /user or comment listing is spent here.
    """
    from ..github.resources import Identity
    from ..github.sticky import sync_sticky

    return sync_sticky(
        client, read.pr.repository, read.pr.number, gate, text, on_pass=on_pass,
        comments=list(read.comments), identity=Identity(read.viewer, "GraphQL viewer"),
    )
