"""The companion's I/O: find the PRs that reference or close the issue, the gates' latest run on each
one's head commit, and re-run it.

Two reads find the PRs: the issue's REST timeline (``cross-referenced`` events: every mention, closing
keyword or not, any base branch) and GraphQL ``closedByPullRequestsReferences`` (the PRs linked by hand
in the sidebar, which the timeline shows only as a ``connected`` event without the PR, and which the PRD
gate counts). Costs one REST read per 100 timeline items and one GraphQL query per 100 open PRs that close
the issue; then, per open PR in this repository, one read of the gates' latest run, plus one read of its
head commit when only the timeline found it (GraphQL gives the head of the PRs it names); one write per
re-run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import ServiceError
from ..findings import Finding, rule
from .plan import Decision, closing_prs, decide, merge_refs, referencing_prs

if TYPE_CHECKING:
    from ..github.client import GitHubClient

RERUN_FORBIDDEN = rule(
    "workflow.rerun.forbidden",
    "error",
    "The gates' workflow run could not be re-run with this token.",
    "Give the companion job `permissions: actions: write` (GITHUB_TOKEN), or pass a token that may re-run workflows.",
)

_CLOSING_PRS_QUERY = """
query($owner: String!, $name: String!, $number: Int!, $after: String) {
  repository(owner: $owner, name: $name) {
    issue(number: $number) {
      closedByPullRequestsReferences(first: 100, after: $after, includeClosedPrs: false) {
        nodes { number closed headRefOid repository { nameWithOwner } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}
"""


@dataclass
class RerunOutcome:
    decisions: list[Decision] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def _closing_pr_nodes(client: "GitHubClient", owner: str, name: str, issue: int) -> list[Any]:
    """Every page of the open PRs that close the issue (rarely more than one page)."""
    nodes: list[Any] = []
    cursor: str | None = None
    while True:
        data = client.graphql.execute(
            _CLOSING_PRS_QUERY,
            {"owner": owner, "name": name, "number": issue, "after": cursor},
            name="closedByPullRequestsReferences",
        )
        try:
            refs = data["repository"]["issue"]["closedByPullRequestsReferences"]
            nodes.extend(refs["nodes"])
            more, cursor = bool(refs["pageInfo"]["hasNextPage"]), refs["pageInfo"]["endCursor"]
        except (KeyError, TypeError):
            raise ServiceError(
                f"GitHub POST /graphql (closedByPullRequestsReferences) answered in an unexpected shape for "
                f"{owner}/{name}#{issue}; re-run the job, and report it if it persists"
            ) from None
        if not more:
            return nodes


def rerun_for_issue(client: "GitHubClient", repository: str, issue: int, workflow: str) -> RerunOutcome:
    from ..github.client import GitHubForbidden

    owner, name = repository.split("/", 1)
    path = {"owner": owner, "repo": name}
    timeline = client.paginate("/repos/{owner}/{repo}/issues/{issue_number}/timeline", {**path, "issue_number": issue})
    linked = closing_prs(_closing_pr_nodes(client, owner, name, issue), repository)
    outcome = RerunOutcome()
    for pr in merge_refs(referencing_prs(timeline, repository), linked):
        latest = None
        if pr.open and pr.repository.lower() == repository.lower():
            sha = pr.head_sha
            if sha is None:
                pull = client.request("GET", "/repos/{owner}/{repo}/pulls/{pull_number}", {**path, "pull_number": pr.number})
                sha = ((pull or {}).get("head") or {}).get("sha")
            runs = client.request(
                "GET", "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs", {**path, "workflow_id": workflow},
                params={"head_sha": sha, "per_page": 1},
            )
            found = (runs or {}).get("workflow_runs") or []
            latest = found[0] if found else None
        decision = decide(pr, repository, latest)
        if decision.action == "rerun" and decision.run_id is not None:
            try:
                client.request("POST", "/repos/{owner}/{repo}/actions/runs/{run_id}/rerun", {**path, "run_id": decision.run_id})
            except GitHubForbidden as exc:
                outcome.findings.append(RERUN_FORBIDDEN.finding(f"#{pr.number}: run {decision.run_id} of {workflow}: {exc.detail or exc.message}"))
                decision = Decision(pr.number, "forbidden", decision.run_id)
        outcome.decisions.append(decision)
    return outcome
