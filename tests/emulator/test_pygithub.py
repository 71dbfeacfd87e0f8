"""The real PyGithub, end to end against the emulator: what gates do, checked in state and in the log."""

from __future__ import annotations

from datetime import datetime, timezone

import github
import pytest

from github_emulator import GitHubEmulator

ISSUE = "/repos/{owner}/{repo}/issues/{issue_number}"
COMMENTS = "/repos/{owner}/{repo}/issues/{issue_number}/comments"


@pytest.fixture
def repo(github_emulator: GitHubEmulator):
    github_emulator.state.add_repo("acme/widgets", default_branch="trunk", labels=[("bug", "d73a4a", "Something is broken")])
    return github_emulator.pygithub().get_repo("acme/widgets")


def test_get_repo_reports_its_default_branch_and_urls_on_the_emulator(github_emulator: GitHubEmulator, repo) -> None:
    assert repo.full_name == "acme/widgets"
    assert repo.default_branch == "trunk"
    assert repo.owner.login == "acme" and repo.owner.type == "Organization"
    assert repo.url == f"{github_emulator.url}/repos/acme/widgets"
    assert repo.html_url == f"{github_emulator.web_url}/acme/widgets"
    assert github_emulator.log.count("GET", "/repos/{owner}/{repo}") == 1


def test_create_issue_then_edit_it_leaves_state_and_events(github_emulator: GitHubEmulator, repo) -> None:
    issue = repo.create_issue("Postmortem: checkout outage", body="Timeline: TBD", labels=["postmortem"], assignees=["alice"])
    assert issue.number == 1 and issue.user.login == "octocat" and issue.state == "open"
    assert [label.name for label in issue.labels] == ["postmortem"]
    assert issue.created_at.tzinfo is not None and issue.html_url == f"{github_emulator.web_url}/acme/widgets/issues/1"

    issue.edit(state="closed", state_reason="not_planned", title="Postmortem: checkout outage (done)")

    stored = github_emulator.state.issue("acme/widgets", 1)
    assert (stored.state, stored.state_reason, stored.title) == ("closed", "not_planned", "Postmortem: checkout outage (done)")
    assert stored.closed_by is not None and stored.closed_by.login == "octocat"
    assert [e.event for e in stored.events] == ["labeled", "assigned", "renamed", "closed"]
    assert stored.labels[0].color == "ededed", "a label added by name is created with GitHub's default colour"
    body = github_emulator.log.filter("PATCH", ISSUE)[0].body
    assert body == {"state": "closed", "state_reason": "not_planned", "title": "Postmortem: checkout outage (done)"}


def test_labels_added_set_and_removed_record_labeled_events_with_their_actor(github_emulator: GitHubEmulator, repo) -> None:
    github_emulator.state.create_issue("acme/widgets", "Feature X", author="carol")
    alice = github_emulator.state.add_token("alice")
    issue = github_emulator.pygithub(alice.value).get_repo("acme/widgets").get_issue(1)

    issue.add_to_labels("design-approved", "bug")
    issue.remove_from_labels("bug")
    with pytest.raises(github.GithubException) as missing:
        issue.remove_from_labels("bug")
    assert missing.value.status == 404 and missing.value.data["message"] == "Label does not exist"
    issue.set_labels("sev2")

    events = [(e.event, e.actor.login, e.label.name) for e in repo.get_issue(1).get_events()]
    assert events == [
        ("labeled", "alice", "design-approved"),
        ("labeled", "alice", "bug"),
        ("unlabeled", "alice", "bug"),
        ("unlabeled", "alice", "design-approved"),
        ("labeled", "alice", "sev2"),
    ]
    assert [label.name for label in repo.get_issue(1).get_labels()] == ["sev2"]


def test_comments_are_read_across_three_pages_with_one_request_each(github_emulator: GitHubEmulator) -> None:
    state = github_emulator.state
    state.add_repo("acme/widgets")
    state.create_issue("acme/widgets", "Busy issue")
    for n in range(65):
        state.add_comment("acme/widgets", 1, f"comment {n}", author="bob")
    issue = github_emulator.pygithub().get_repo("acme/widgets").get_issue(1)
    github_emulator.log.clear()

    bodies = [c.body for c in issue.get_comments()]

    assert bodies == [f"comment {n}" for n in range(65)]
    calls = github_emulator.log.filter("GET", COMMENTS)
    assert [c.page for c in calls] == [1, 2, 3]
    link = calls[0].headers["Link"]
    base = f"{github_emulator.url}/repos/acme/widgets/issues/1/comments"
    assert link == f'<{base}?page=2>; rel="next", <{base}?page=3>; rel="last"'
    assert calls[1].headers["Link"] == f'<{base}?page=1>; rel="prev", <{base}?page=3>; rel="next", <{base}?page=3>; rel="last", <{base}?page=1>; rel="first"'
    assert "Link" in calls[2].headers and 'rel="next"' not in calls[2].headers["Link"]


def test_comment_create_edit_delete(github_emulator: GitHubEmulator, repo) -> None:
    github_emulator.state.create_issue("acme/widgets", "PR-ish")
    issue = repo.get_issue(1)
    comment = issue.create_comment("<!-- process-gates:prd -->\nA PRD is required.")
    comment.edit("<!-- process-gates:prd -->\nResolved.")
    assert repo.get_issue(1).get_comment(comment.id).body.endswith("Resolved.")
    comment.delete()
    assert github_emulator.state.issue("acme/widgets", 1).comments == []
    with pytest.raises(github.UnknownObjectException):
        repo.get_issue(1).get_comment(comment.id)
    with pytest.raises(github.GithubException) as too_long:
        issue.create_comment("x" * 65537)
    assert too_long.value.status == 422


def test_timeline_shows_who_applied_a_label_and_who_referenced_the_issue(github_emulator: GitHubEmulator, repo) -> None:
    state = github_emulator.state
    prd = state.create_issue("acme/widgets", "PRD: retry budget", author="carol", created_at="2024-05-01T09:00:00Z")
    state.add_labels(prd, ["prd-approved"], actor="alice", at="2024-05-02T10:00:00Z")
    state.add_comment("acme/widgets", 1, "Approved.", author="alice", at="2024-05-02T10:01:00Z")
    state.add_pull("acme/widgets", "Implement the retry budget", "Implements #1", author="carol", created_at="2024-05-03T08:00:00Z")

    timeline = list(repo.get_issue(1).get_timeline())

    assert [t.event for t in timeline] == ["labeled", "commented", "cross-referenced"]
    labeled = timeline[0]
    assert labeled.actor.login == "alice" and labeled.raw_data["label"]["name"] == "prd-approved"
    assert labeled.created_at == datetime(2024, 5, 2, 10, 0, tzinfo=timezone.utc)
    assert timeline[1].raw_data["body"] == "Approved."
    source = timeline[2].raw_data["source"]
    assert source["type"] == "issue" and source["issue"]["number"] == 2 and "pull_request" in source["issue"]


def test_search_finds_incidents_by_label_state_and_date(github_emulator: GitHubEmulator) -> None:
    state = github_emulator.state
    state.add_repo("acme/widgets")
    state.add_repo("acme/other")
    state.create_issue("acme/widgets", "Checkout down", labels=["incident", "sev1"], created_at="2024-03-01T12:00:00Z")
    state.create_issue("acme/widgets", "Search slow", labels=["incident", "sev2"], created_at="2024-04-01T12:00:00Z", state="closed")
    state.create_issue("acme/widgets", "Postmortem: checkout", labels=["postmortem"], created_at="2024-03-02T12:00:00Z")
    state.create_issue("acme/other", "Other incident", labels=["incident", "sev1"], created_at="2024-03-05T12:00:00Z")
    gh = github_emulator.pygithub()

    found = gh.search_issues("repo:acme/widgets is:issue label:incident label:sev1,sev2 created:>=2024-03-01")
    assert found.totalCount == 2 and [i.title for i in found] == ["Search slow", "Checkout down"]
    assert [i.title for i in gh.search_issues('repo:acme/widgets in:title "postmortem: checkout"')] == ["Postmortem: checkout"]
    assert [i.title for i in gh.search_issues("org:acme label:sev1 -repo:acme/other is:open")] == ["Checkout down"]
    oldest_first = gh.search_issues("label:incident", sort="created", order="asc")
    assert [i.title for i in oldest_first] == ["Checkout down", "Other incident", "Search slow"]
    calls = github_emulator.log.filter("GET", "/search/issues")
    assert all(c.rate_resource == "search" and c.headers["x-ratelimit-resource"] == "search" for c in calls)


def test_team_membership_is_404_for_non_members_and_refused_to_the_actions_token(github_emulator: GitHubEmulator) -> None:
    state = github_emulator.state
    state.add_team("acme", "design-reviewers", members=["alice"], maintainers=["dana"], pending=["erin"])
    requester = github_emulator.pygithub().requester

    _, member = requester.requestJsonAndCheck("GET", "/orgs/acme/teams/design-reviewers/memberships/alice")
    _, maintainer = requester.requestJsonAndCheck("GET", "/orgs/acme/teams/design-reviewers/memberships/dana")
    _, pending = requester.requestJsonAndCheck("GET", "/orgs/acme/teams/design-reviewers/memberships/erin")
    assert (member["role"], member["state"]) == ("member", "active")
    assert maintainer["role"] == "maintainer" and pending["state"] == "pending"
    with pytest.raises(github.UnknownObjectException):
        requester.requestJsonAndCheck("GET", "/orgs/acme/teams/design-reviewers/memberships/mallory")

    actions = github_emulator.pygithub(state.actions_token().value).requester
    with pytest.raises(github.GithubException) as refused:
        actions.requestJsonAndCheck("GET", "/orgs/acme/teams/design-reviewers/memberships/alice")
    assert refused.value.status == 403 and refused.value.headers["x-accepted-github-permissions"] == "members=read"


def test_pull_request_files_are_paginated_and_the_pull_reads_like_github(github_emulator: GitHubEmulator) -> None:
    state = github_emulator.state
    state.add_repo("acme/widgets")
    pr = state.add_pull("acme/widgets", "Big change", author="carol", head="feature/big", files=[(f"src/m{n}.py", n, 1) for n in range(250)], commits=3, draft=True)
    pull = github_emulator.pygithub().get_repo("acme/widgets").get_pull(pr.number)
    github_emulator.log.clear()

    files = list(pull.get_files())

    assert len(files) == 250 and files[-1].filename == "src/m249.py" and files[-1].additions == 249
    assert [c.page for c in github_emulator.log.filter("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/files")] == [1, 2, 3, 4, 5, 6, 7, 8, 9]
    assert (pull.draft, pull.head.ref, pull.base.ref, pull.mergeable_state, pull.changed_files) == (True, "feature/big", "main", "draft", 250)
    assert pull.additions == sum(range(250)) and pull.head.sha == pr.pull.head_sha
    assert [c.commit.message for c in pull.get_commits()] == ["Commit 1", "Commit 2", "Commit 3"]
    assert pull.get_commits()[2].sha == pr.pull.head_sha


def test_statuses_and_check_runs_on_a_commit(github_emulator: GitHubEmulator) -> None:
    state = github_emulator.state
    state.add_repo("acme/widgets")
    pr = state.add_pull("acme/widgets", "Change", head="feature/x")
    sha = pr.pull.head_sha
    repo = github_emulator.pygithub(lazy=True).get_repo("acme/widgets")
    commit = repo.get_commit(sha)

    commit.create_status("pending", context="process-gates/prd")
    commit.create_status("success", description="PRD approved", context="process-gates/prd")
    commit.create_status("failure", context="process-gates/quality")
    repo.create_check_run("process-gates / slo", sha, status="completed", conclusion="failure",
                          output={"title": "1 error", "summary": "slo/api.yaml:3:5 target out of range"})

    combined = commit.get_combined_status()
    assert combined.state == "failure" and combined.total_count == 2
    assert {s.context: s.state for s in combined.statuses} == {"process-gates/prd": "success", "process-gates/quality": "failure"}
    assert [s.state for s in repo.get_commit("feature/x").get_statuses()] == ["failure", "success", "pending"], "newest first; a branch resolves to its head"
    (run,) = list(commit.get_check_runs())
    assert (run.name, run.conclusion, run.output.title) == ("process-gates / slo", "failure", "1 error")
    assert [p.number for p in run.pull_requests] == [pr.number]
    stored = state.repo("acme/widgets")
    assert [s.creator.login for s in stored.statuses] == ["octocat"] * 3 and stored.check_runs[0].app_login is None
