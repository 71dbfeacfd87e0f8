"""Which pull requests an issue event concerns, and what to do with each one's latest gates run: pure.

Why a re-run rather than a commit status of our own: a ruleset's "require workflows to pass" and a
required status check both look at the check run the gates' workflow created on the PR's head commit.
A re-run replaces that very check run's verdict (the gates read labels and links live, so the replayed
payload does not matter), works with the default GITHUB_TOKEN (`actions: write`; re-runs are not
events, so GitHub's "a GITHUB_TOKEN cannot trigger workflows" rule does not stop them), and leaves the
run history as the audit trail. A separate status would sit beside a failed check run and satisfy
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PullRef:
    repository: str
    number: int
    open: bool
    #: The head commit, when the read that found the PR also gave it (GraphQL does, the timeline does not).
    head_sha: str | None = None


@dataclass(frozen=True)
class Decision:
    number: int
    #: "rerun", "running" (a run is under way and reads live state when it gets there), "no-run", "closed",
    #: "elsewhere" (a PR in another repository: this token cannot re-run its checks).
    action: str
    run_id: int | None = None
    detail: str = ""


def referencing_prs(timeline: list[Any], repository: str) -> list[PullRef]:
    """PRs that mention the issue (cross-referenced events whose source is a pull request), oldest first,
    each once. Closing keywords ("Fixes #12") create such events too."""
    seen: dict[tuple[str, int], PullRef] = {}
    for item in timeline:
        if not isinstance(item, dict) or item.get("event") != "cross-referenced":
            continue
        issue = (item.get("source") or {}).get("issue") if isinstance(item.get("source"), dict) else None
        if not isinstance(issue, dict) or not isinstance(issue.get("pull_request"), dict):
            continue
        repo = (issue.get("repository") or {}).get("full_name") if isinstance(issue.get("repository"), dict) else None
        number = issue.get("number")
        if not isinstance(number, int):
            continue
        ref = PullRef(repository=repo or repository, number=number, open=issue.get("state") == "open")
        seen[(ref.repository.lower(), number)] = ref
    return list(seen.values())


def closing_prs(nodes: list[Any], repository: str) -> list[PullRef]:
    """PRs GitHub says will close the issue (``closedByPullRequestsReferences`` nodes: ``number``,
    ``closed``, ``headRefOid``, ``repository.nameWithOwner``), each once.

    This is the only read that names a PR linked by hand in the sidebar: that link leaves a ``connected``
    event on the issue's REST timeline without the PR, yet the PRD gate counts it (closingIssuesReferences).
    A null node (a PR the token may not see) is skipped.
    """
    seen: dict[tuple[str, int], PullRef] = {}
    for node in nodes:
        if not isinstance(node, dict):
            continue
        number = node.get("number")
        if not isinstance(number, int) or isinstance(number, bool):
            continue
        repo = (node.get("repository") or {}).get("nameWithOwner") if isinstance(node.get("repository"), dict) else None
        sha = node.get("headRefOid")
        ref = PullRef(
            repository=repo if isinstance(repo, str) and repo else repository,
            number=number,
            open=node.get("closed") is False,
            head_sha=sha if isinstance(sha, str) and sha else None,
        )
        seen[(ref.repository.lower(), number)] = ref
    return list(seen.values())


def merge_refs(referencing: list[PullRef], closing: list[PullRef]) -> list[PullRef]:
    """Each PR once (repository, case-insensitively, and number): the timeline's order first, then the
    PRs only GraphQL names. Where both found a PR, GraphQL's entry wins, since it carries the head commit
    (one REST read less), but it keeps the timeline's place."""
    merged: dict[tuple[str, int], PullRef] = {}
    for ref in [*referencing, *closing]:
        merged[(ref.repository.lower(), ref.number)] = ref
    return list(merged.values())


def decide(pr: PullRef, repository: str, latest_run: dict | None) -> Decision:
    if pr.repository.lower() != repository.lower():
        return Decision(pr.number, "elsewhere", detail=pr.repository)
    if not pr.open:
        return Decision(pr.number, "closed")
    if latest_run is None:
        return Decision(pr.number, "no-run")
    run_id = latest_run.get("id")
    if latest_run.get("status") != "completed":
        return Decision(pr.number, "running", run_id if isinstance(run_id, int) else None, str(latest_run.get("status")))
    return Decision(pr.number, "rerun", run_id if isinstance(run_id, int) else None, str(latest_run.get("conclusion")))
