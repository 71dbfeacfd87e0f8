"""The companion's I/O: read the issue's timeline, each referencing PR's head, the gates' latest run on
it, and re-run it. Costs one read per 100 timeline items, two reads per open PR, one write per re-run."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..findings import Finding, rule
from .plan import Decision, decide, referencing_prs

if TYPE_CHECKING:
    from ..github.client import GitHubClient

RERUN_FORBIDDEN = rule(
    "workflow.rerun.forbidden",
    "error",
    "The gates' workflow run could not be re-run with this token.",
    "Give the companion job `permissions: actions: write` (GITHUB_TOKEN), or pass a token that may re-run workflows.",
)


@dataclass
class RerunOutcome:
    decisions: list[Decision] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def rerun_for_issue(client: "GitHubClient", repository: str, issue: int, workflow: str) -> RerunOutcome:
    from ..github.client import GitHubForbidden

    owner, name = repository.split("/", 1)
    path = {"owner": owner, "repo": name}
    timeline = client.paginate("/repos/{owner}/{repo}/issues/{issue_number}/timeline", {**path, "issue_number": issue})
    outcome = RerunOutcome()
    for pr in referencing_prs(timeline, repository):
        latest = None
        if pr.open and pr.repository.lower() == repository.lower():
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
