"""A small world with one of everything, for tests that need "a realistic repository" rather than a
particular story (the OpenAPI conformance test walks every route over it)."""

from __future__ import annotations

from dataclasses import dataclass

from .models import FileChange
from .state import State


@dataclass(frozen=True)
class SampleWorld:
    repo: str
    issue_number: int
    pull_number: int
    comment_id: int
    head_sha: str
    team_org: str
    team_slug: str
    member: str
    config_path: str
    #: A finished run of .github/workflows/process-gates.yml on the PR's head.
    run_id: int = 0
    workflow_file: str = "process-gates.yml"


def seed_sample_world(state: State) -> SampleWorld:
    """acme/widgets with: issue #1 (labels, assignee, milestone, comments, a rename, a close/reopen, a
    cross-reference from #2), PR #2 (files, commits, a review, a closing keyword for #1, a status and a
    check run on its head), a team acme/design-reviewers with alice, and a config file."""
    repo = state.add_repo(
        "acme/widgets",
        description="Widgets as a service",
        labels=["bug", ("incident", "b60205", "Something is on fire"), ("design-approved", "0e8a16")],
        files={".github/process-gates.yml": "version: 1\n", "docs/design/widgets.md": "# Widgets\n"},
    )
    state.add_team("acme", "design-reviewers", members=["alice"], maintainers=["dana"])
    milestone = state.add_milestone(repo, "v1.0", description="First release", due_on="2030-01-31T00:00:00Z", creator="alice")
    issue = state.create_issue(repo, "Checkout is down", "Sev1 incident in checkout.", author="alice", labels=["incident", "bug"],
                               assignees=["bob"], milestone=milestone.number)
    comment = state.add_comment(repo, issue.number, "Paged the on-call.", author="bob")
    state.add_comment(repo, issue.number, "Mitigated.", author="alice")
    state.edit_issue(issue, actor="alice", title="Checkout is down (sev1)")
    state.edit_issue(issue, actor="alice", state="closed", state_reason="completed")
    state.edit_issue(issue, actor="alice", state="open")
    pr = state.add_pull(
        repo,
        "Add the retry budget",
        f"Fixes #{issue.number}\n\nDesign: docs/design/widgets.md",
        author="carol",
        head="feature/retry-budget",
        files=[FileChange("src/retry.py", 40, 2, "added"), FileChange("src/old.py", 0, 12, "removed"),
               FileChange("src/new.py", 3, 1, "renamed", previous_filename="src/former.py")],
        commits=["Add the retry budget", "Address review"],
        labels=["design-approved"],
    )
    state.add_review(pr, "alice", "APPROVED", "Looks right.")
    assert pr.pull is not None
    state.add_status(repo, pr.pull.head_sha, "success", context="ci/tests", description="All green", target_url="https://ci.example.com/1")
    state.add_check_run(repo, pr.pull.head_sha, "process-gates / prd", output={"title": "PRD approved", "summary": "Label applied by @alice."})
    run = state.add_workflow_run(repo, "process-gates.yml", pr.pull.head_sha, head_branch="feature/retry-budget", actor="carol")
    return SampleWorld(repo.full_name, issue.number, pr.number, comment.id, pr.pull.head_sha, "acme", "design-reviewers", "alice",
                       ".github/process-gates.yml", run.id, "process-gates.yml")
