"""The companion workflow's command: an issue's labels change -> the gates' latest run is re-run for
every open PR that references the issue. Real issues.labeled payload, real client, the emulator."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from process_gates.cli import main
from process_gates.companion.plan import PullRef, closing_prs, decide, merge_refs, referencing_prs

REPO = "Codertocat/Hello-World"


@pytest.fixture
def issue_world(github_emulator, corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    s = github_emulator.state
    s.add_repo(REPO, default_branch="master")
    issue = s.create_issue(REPO, "Spelling error in the README file", "It looks like you accidently spelled 'commit' with two 't's.")
    assert issue.number == 1  # the number the corpus payload names
    event = tmp_path / "event.json"
    shutil.copy(corpus_dir / "webhooks" / "issues.labeled.payload.json", event)
    monkeypatch.chdir(tmp_path)
    for key, value in github_emulator.env(s.actions_token().value).items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("GITHUB_REPOSITORY", REPO)
    monkeypatch.setenv("GITHUB_EVENT_NAME", "issues")
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(event))
    return issue


def test_the_latest_finished_run_of_each_open_referencing_pr_is_re_run(github_emulator, issue_world, capsys) -> None:
    s = github_emulator.state
    fixing = s.add_pull(REPO, "Fix the spelling", "Fixes #1", head="fix")
    mentioning = s.add_pull(REPO, "Related", "See #1", head="other")
    closed = s.add_pull(REPO, "Old attempt", "Fixes #1", head="old", state="closed")
    s.add_pull(REPO, "Unrelated", "nothing here", head="x")
    s.add_workflow_run(REPO, "process-gates.yml", fixing.pull.head_sha, conclusion="success")
    newest = s.add_workflow_run(REPO, "process-gates.yml", fixing.pull.head_sha, conclusion="failure")
    running = s.add_workflow_run(REPO, "process-gates.yml", mentioning.pull.head_sha, status="in_progress")
    s.add_workflow_run(REPO, "ci.yml", mentioning.pull.head_sha)
    github_emulator.log.clear()

    code = main(["workflow", "rerun", "--workflow", "process-gates.yml"])
    out = capsys.readouterr().out

    assert code == 0, out
    assert newest.attempts == 2 and running.attempts == 1
    assert f"#{fixing.number}: re-ran run {newest.id} (it had ended: failure)" in out
    assert f"#{mentioning.number}: run {running.id} is in_progress" in out
    assert f"#{closed.number}: closed; nothing to re-run" in out
    # "Fixes #1" closes the issue: GraphQL gives its head commit; "See #1" only mentions it: one REST read.
    assert github_emulator.log.summary() == {
        "GET /repos/{owner}/{repo}/issues/{issue_number}/timeline": 1,
        "POST /graphql": 1,
        "GET /repos/{owner}/{repo}/pulls/{pull_number}": 1,
        "GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs": 2,
        "POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun": 1,
    }


def test_a_token_without_actions_write_is_an_error_that_says_which_permission(github_emulator, issue_world, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    s = github_emulator.state
    pr = s.add_pull(REPO, "Fix", "Fixes #1", head="fix")
    s.add_workflow_run(REPO, "process-gates.yml", pr.pull.head_sha)
    token = s.add_token("github-actions[bot]", kind="installation", permissions={"issues": "read", "pull_requests": "read", "actions": "read"})
    monkeypatch.setenv("GITHUB_TOKEN", token.value)
    assert main(["workflow", "rerun", "--workflow", "process-gates.yml"]) == 1
    out = capsys.readouterr().out
    assert "error workflow.rerun.forbidden: #2:" in out and "actions: write" in out


def test_an_issue_no_pr_references_does_nothing(github_emulator, issue_world, capsys) -> None:
    assert main(["workflow", "rerun", "--workflow", "process-gates.yml"]) == 0
    assert "no pull request references #1; nothing to re-run" in capsys.readouterr().out


def test_it_refuses_other_events_and_a_path_for_the_workflow(github_emulator, issue_world, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    assert main(["workflow", "rerun", "--workflow", ".github/workflows/process-gates.yml"]) == 2
    assert "give the gates' workflow file name" in capsys.readouterr().err
    monkeypatch.setenv("GITHUB_EVENT_NAME", "pull_request")
    assert main(["workflow", "rerun", "--workflow", "process-gates.yml"]) == 2
    assert "does not handle the `pull_request` event; trigger it on: issues" in capsys.readouterr().err


def test_referencing_prs_reads_cross_references_from_pull_requests_only() -> None:
    timeline = [
        {"event": "labeled"},
        {"event": "cross-referenced", "source": {"issue": {"number": 3, "state": "open", "pull_request": {}, "repository": {"full_name": "a/b"}}}},
        {"event": "cross-referenced", "source": {"issue": {"number": 4, "state": "open", "repository": {"full_name": "a/b"}}}},
        {"event": "cross-referenced", "source": {"issue": {"number": 9, "state": "open", "pull_request": {}, "repository": {"full_name": "other/repo"}}}},
        {"event": "cross-referenced", "source": {"issue": {"number": 3, "state": "open", "pull_request": {}, "repository": {"full_name": "a/b"}}}},
    ]
    refs = referencing_prs(timeline, "a/b")
    assert refs == [PullRef("a/b", 3, True), PullRef("other/repo", 9, True)]
    assert decide(refs[1], "a/b", None).action == "elsewhere"
    assert decide(refs[0], "a/b", None).action == "no-run"
    assert decide(refs[0], "a/b", {"id": 5, "status": "queued"}).action == "running"


def test_body_links_are_found_for_any_base_branch_and_when_added_by_an_edit(github_emulator, issue_world, capsys) -> None:
    """GitHub fills closingIssuesReferences (and closedByPullRequestsReferences) only for PRs into the
    default branch, but every mention of the issue in a PR's description (closing keyword or not, any base
    branch, written at creation or by a later edit) leaves a cross-referenced event on the issue's
    timeline: the timeline finds every PR the PRD gate links by its body."""
    s = github_emulator.state
    backport = s.add_pull(REPO, "Backport the fix", "Closes #1", head="backport", base="release/1.x")
    edited = s.add_pull(REPO, "Spelling, part two", "No link yet", head="part-two")
    s.edit_issue(edited, actor="Codertocat", body="Fixes https://github.com/Codertocat/Hello-World/issues/1")
    runs = {pr.number: s.add_workflow_run(REPO, "process-gates.yml", pr.pull.head_sha, conclusion="failure") for pr in (backport, edited)}
    github_emulator.log.clear()

    code = main(["workflow", "rerun", "--workflow", "process-gates.yml"])
    out = capsys.readouterr().out

    assert code == 0, out
    assert {number: run.attempts for number, run in runs.items()} == {backport.number: 2, edited.number: 2}
    assert f"#{backport.number}: re-ran run {runs[backport.number].id}" in out
    assert f"#{edited.number}: re-ran run {runs[edited.number].id}" in out


def test_a_pr_linked_only_in_the_sidebar_is_re_run(github_emulator, issue_world, capsys) -> None:
    """A link made by hand ("Development") leaves only a `connected` event on the issue's REST timeline,
    naming no PR; the PRD gate counts the link, so GraphQL's closedByPullRequestsReferences must find it."""
    s = github_emulator.state
    linked = s.add_pull(REPO, "Fix the spelling", "No keyword here", head="fix")
    s.connect(linked, 1, actor="Codertocat")
    run = s.add_workflow_run(REPO, "process-gates.yml", linked.pull.head_sha, conclusion="failure")
    connected = [item for item in github_emulator.render.timeline(issue_world) if item["event"] == "connected"]
    assert len(connected) == 1 and "source" not in connected[0]  # nothing the REST timeline could follow
    github_emulator.log.clear()

    code = main(["workflow", "rerun", "--workflow", "process-gates.yml"])
    out = capsys.readouterr().out

    assert code == 0, out
    assert run.attempts == 2
    assert f"#{linked.number}: re-ran run {run.id} (it had ended: failure)" in out
    assert github_emulator.log.count("GET", "/repos/{owner}/{repo}/pulls/{pull_number}") == 0


def test_links_and_mentions_are_merged_and_cost_what_the_docstring_says(github_emulator, issue_world, capsys) -> None:
    """One PR linked in the sidebar and closing by keyword is re-run once; a closed PR, linked or
    mentioned, is not; a PR only mentioned still costs its REST head read."""
    s = github_emulator.state
    both = s.add_pull(REPO, "Fix", "Fixes #1", head="both")
    s.connect(both, 1, actor="Codertocat")
    sidebar = s.add_pull(REPO, "Fix, take two", "", head="sidebar")
    s.connect(sidebar, 1, actor="Codertocat")
    mention = s.add_pull(REPO, "Related", "See #1", head="mention")
    closed_linked = s.add_pull(REPO, "Abandoned", "", head="abandoned", state="closed")
    s.connect(closed_linked, 1, actor="Codertocat")
    closed_fixing = s.add_pull(REPO, "Old attempt", "Fixes #1", head="old", state="closed")
    runs = {pr.number: s.add_workflow_run(REPO, "process-gates.yml", pr.pull.head_sha, conclusion="failure")
            for pr in (both, sidebar, mention, closed_linked, closed_fixing)}
    github_emulator.log.clear()

    code = main(["workflow", "rerun", "--workflow", "process-gates.yml"])
    out = capsys.readouterr().out

    assert code == 0, out
    assert {n: r.attempts for n, r in runs.items()} == {both.number: 2, sidebar.number: 2, mention.number: 2, closed_linked.number: 1, closed_fixing.number: 1}
    assert out.count(f"#{both.number}: ") == 1
    assert f"#{closed_fixing.number}: closed; nothing to re-run" in out
    assert f"#{closed_linked.number}:" not in out  # GraphQL names open PRs only; the timeline never named it
    # The module's cost statement: one timeline page, one GraphQL page, a head read only for the PR the
    # timeline alone found, one runs read per open PR of this repository, one write per re-run.
    assert github_emulator.log.summary() == {
        "GET /repos/{owner}/{repo}/issues/{issue_number}/timeline": 1,
        "POST /graphql": 1,
        "GET /repos/{owner}/{repo}/pulls/{pull_number}": 1,
        "GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs": 3,
        "POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun": 3,
    }
    assert [e.path for e in github_emulator.log.filter(route="/repos/{owner}/{repo}/pulls/{pull_number}")] == [f"/repos/{REPO}/pulls/{mention.number}"]


def test_more_than_a_hundred_linked_prs_are_read_page_by_page(github_emulator, issue_world, capsys) -> None:
    s = github_emulator.state
    pulls = []
    for n in range(101):
        pr = s.add_pull(REPO, f"Part {n}", "", head=f"part-{n}")
        s.connect(pr, 1, actor="Codertocat")
        pulls.append(pr)
    last = s.add_workflow_run(REPO, "process-gates.yml", pulls[-1].pull.head_sha, conclusion="failure")
    github_emulator.log.clear()

    assert main(["workflow", "rerun", "--workflow", "process-gates.yml"]) == 0
    out = capsys.readouterr().out
    assert github_emulator.log.count("POST", "/graphql") == 2
    assert github_emulator.log.count("GET", "/repos/{owner}/{repo}/pulls/{pull_number}") == 0
    assert last.attempts == 2 and f"#{pulls[-1].number}: re-ran run {last.id}" in out  # found on page 2
    assert all(f"#{pr.number}: no run of process-gates.yml on its head commit yet" in out for pr in pulls[:-1])


def test_closing_prs_reads_graphql_nodes_and_skips_the_ones_the_token_cannot_see() -> None:
    nodes = [
        {"number": 7, "closed": False, "headRefOid": "a" * 40, "repository": {"nameWithOwner": "a/b"}},
        None,  # a PR in a repository the token may not read
        {"number": 8, "closed": True, "headRefOid": "b" * 40, "repository": {"nameWithOwner": "other/repo"}},
        {"number": True, "closed": False},
        {"number": 7, "closed": False, "headRefOid": "a" * 40, "repository": {"nameWithOwner": "A/B"}},
    ]
    assert closing_prs(nodes, "a/b") == [PullRef("A/B", 7, True, "a" * 40), PullRef("other/repo", 8, False, "b" * 40)]
    assert closing_prs([{"number": 9, "closed": False, "headRefOid": "", "repository": None}], "a/b") == [PullRef("a/b", 9, True, None)]


def test_merge_refs_keeps_the_timeline_order_and_takes_the_head_from_graphql() -> None:
    mentioned = [PullRef("a/b", 3, True), PullRef("a/b", 5, False), PullRef("a/b", 4, True)]
    linked = [PullRef("A/b", 4, True, "c" * 40), PullRef("a/b", 9, True, "d" * 40)]
    merged = merge_refs(mentioned, linked)
    assert merged == [PullRef("a/b", 3, True), PullRef("a/b", 5, False), PullRef("A/b", 4, True, "c" * 40), PullRef("a/b", 9, True, "d" * 40)]
    assert merge_refs([], []) == [] and merge_refs(linked, []) == linked
    assert decide(merged[2], "a/b", None).action == "no-run"
