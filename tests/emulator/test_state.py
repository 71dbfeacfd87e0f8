"""The emulated world's own rules, checked without HTTP: links, references, identities, the clock."""

from __future__ import annotations

import time
from datetime import datetime

import pytest
import requests

from github_emulator import GitHubEmulator
from github_emulator.state import State


@pytest.fixture
def state() -> State:
    state = State()
    state.add_repo("acme/widgets")
    state.add_repo("acme/prds")
    for n in range(1, 5):
        state.create_issue("acme/widgets", f"Issue {n}")
    state.create_issue("acme/prds", "PRD")
    return state


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Fixes #1", [("acme/widgets", 1)]),
        ("closes: #2, resolves acme/prds#1 and FIXED #3", [("acme/widgets", 2), ("acme/prds", 1), ("acme/widgets", 3)]),
        ("See #1; relates to #2", []),
        ("fixes http://127.0.0.1:1/acme/widgets/issues/4", [("acme/widgets", 4)]),
        ("Fixes #99 (no such issue)", []),
    ],
)
def test_closing_keywords_in_the_body_link_issues(state: State, body: str, expected: list) -> None:
    pr = state.add_pull("acme/widgets", "Change", body)
    assert [(i.repo, i.number) for i in state.closing_issues(pr)] == expected


def test_closing_references_need_the_default_branch_as_base(state: State) -> None:
    into_main = state.add_pull("acme/widgets", "To main", "Fixes #1", linked_issues=["acme/prds#1"])
    into_release = state.add_pull("acme/widgets", "To release", "Fixes #1", base="release/2.x", linked_issues=["acme/prds#1"])
    assert [(i.repo, i.number) for i in state.closing_issues(into_main)] == [("acme/prds", 1), ("acme/widgets", 1)]
    assert state.closing_issues(into_release) == []
    assert [e.event for e in state.issue("acme/prds", 1).events] == ["connected", "connected"]


def test_merging_closes_the_linked_issues(state: State) -> None:
    pr = state.add_pull("acme/widgets", "Change", "Fixes #2")
    state.merge(pr, actor="alice")
    issue = state.issue("acme/widgets", 2)
    assert (pr.state, pr.pull.merged, issue.state, issue.state_reason, issue.closed_by.login) == ("closed", True, "closed", "completed", "alice")


def test_mentions_cross_reference_the_target_once(state: State) -> None:
    state.add_comment("acme/widgets", 2, "Same root cause as #1 and acme/prds#1; see #2 (this one)", author="bob")
    state.add_comment("acme/widgets", 2, "Still #1", author="bob")
    refs = [(e.event, e.source, e.actor.login) for e in state.issue("acme/widgets", 1).events]
    assert refs == [("cross-referenced", ("acme/widgets", 2), "bob")]
    assert [e.source for e in state.issue("acme/prds", 1).events] == [("acme/widgets", 2)]
    assert state.issue("acme/widgets", 2).events == []


def test_identities(state: State) -> None:
    assert state.user("dependabot[bot]").type == "Bot" and state.user("dependabot[bot]").id == 49699333
    assert state.user("Alice") is state.user("alice"), "logins are case-insensitive"
    assert state.repo("ACME/Widgets").full_name == "acme/widgets"
    assert state.users["acme"].type == "Organization"
    token = state.actions_token(read_only=True)
    assert (token.kind, token.login, token.level("members"), token.level("issues")) == ("installation", "github-actions[bot]", "none", "read")
    with pytest.raises(ValueError, match="unknown permission categories"):
        state.add_token("x", permissions={"issue": "write"})
    with pytest.raises(ValueError, match="aware"):
        state.create_issue("acme/widgets", "naive", created_at=datetime(2024, 1, 1))


def test_the_clock_can_be_frozen_and_advanced(state: State) -> None:
    state.freeze("2024-05-01T12:00:00Z")
    first = state.create_issue("acme/widgets", "then")
    state.advance(90)
    state.add_comment("acme/widgets", first.number, "later")
    assert first.created_at.isoformat() == "2024-05-01T12:00:00+00:00"
    assert first.updated_at.isoformat() == "2024-05-01T12:01:30+00:00"
    state.unfreeze()
    assert state.now().year >= 2025


def test_search_lag_hides_fresh_issues_made_through_the_api(github_emulator: GitHubEmulator) -> None:
    github_emulator.state.add_repo("acme/widgets")
    github_emulator.state.search_lag = 0.3
    gh = github_emulator.pygithub()
    gh.get_repo("acme/widgets").create_issue("Postmortem: outage", labels=["postmortem"])
    assert gh.search_issues("repo:acme/widgets label:postmortem").totalCount == 0
    time.sleep(0.35)
    assert gh.search_issues("repo:acme/widgets label:postmortem").totalCount == 1


def test_the_request_log_counts_and_summarises(github_emulator: GitHubEmulator) -> None:
    github_emulator.state.add_repo("acme/widgets")
    github_emulator.state.create_issue("acme/widgets", "x")
    repo = github_emulator.pygithub().get_repo("acme/widgets")
    repo.get_issue(1).create_comment("one")
    repo.get_issue(1).create_comment("two")
    assert github_emulator.log.count("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments") == 2
    assert github_emulator.log.count(path="/repos/acme/widgets/issues/1", status=200) == 2
    assert github_emulator.log.summary() == {
        "GET /repos/{owner}/{repo}": 1,
        "GET /repos/{owner}/{repo}/issues/{issue_number}": 2,
        "POST /repos/{owner}/{repo}/issues/{issue_number}/comments": 2,
    }
    posted = github_emulator.log.filter("POST")[0]
    assert (posted.body, posted.token, posted.status) == ({"body": "one"}, github_emulator.token, 201)
    assert len(github_emulator.log) == 5
    github_emulator.log.clear()
    assert len(github_emulator.log) == 0


def test_an_emulator_bug_is_reported_not_swallowed(github_emulator: GitHubEmulator, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(login: str):
        raise ZeroDivisionError("a bug in the emulator")

    monkeypatch.setattr(github_emulator.state, "find_user", broken)
    response = requests.get(f"{github_emulator.url}/users/octocat", headers={"Authorization": f"token {github_emulator.token}"}, timeout=10)
    assert response.status_code == 500 and "emulator bug" in response.json()["message"]
    assert "ZeroDivisionError: a bug in the emulator" in github_emulator.internal_errors[0]
    github_emulator.internal_errors.clear()  # seen; the fixture would otherwise fail this test at teardown
