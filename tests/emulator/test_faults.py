"""Each fault kind, as the real PyGithub and requests experience it, and the fault switches themselves."""

from __future__ import annotations

import json
import time

import github
import pytest
import requests
from github import GithubRetry

from github_emulator import FAULT_KINDS, GitHubEmulator

ISSUE = "/repos/{owner}/{repo}/issues/{issue_number}"
COMMENTS = "/repos/{owner}/{repo}/issues/{issue_number}/comments"


@pytest.fixture
def gh(github_emulator: GitHubEmulator) -> github.Github:
    github_emulator.state.add_repo("acme/widgets")
    github_emulator.state.create_issue("acme/widgets", "Incident")
    return github_emulator.pygithub()


def _get_issue(gh: github.Github):
    """Two calls: the repository (never faulted here), then the issue."""
    return gh.get_repo("acme/widgets").get_issue(1)


@pytest.mark.parametrize(
    ("kind", "status", "exception", "text"),
    [
        ("500", 500, github.GithubException, "Server Error"),
        ("502", 502, github.GithubException, "502 Bad Gateway"),
        ("503", 503, github.GithubException, "No server is currently available"),
        ("secondary-rate-limit", 403, github.RateLimitExceededException, "secondary rate limit"),
        ("429", 429, github.GithubException, "secondary rate limit"),
        ("rate-limit", 403, github.RateLimitExceededException, "API rate limit exceeded for user ID"),
    ],
)
def test_error_faults_reach_pygithub_as_github_sends_them(github_emulator: GitHubEmulator, gh, kind, status, exception, text) -> None:
    github_emulator.faults.add(kind, "GET", ISSUE)
    with pytest.raises(exception) as raised:
        _get_issue(gh)
    assert raised.value.status == status
    assert text in json.dumps(raised.value.data)
    if kind in ("secondary-rate-limit", "429"):
        assert raised.value.headers["retry-after"] == "1"
    if kind == "rate-limit":
        assert raised.value.headers["x-ratelimit-remaining"] == "0"
        assert int(raised.value.headers["x-ratelimit-reset"]) == int(github_emulator.state.epoch()) + 1
    assert _get_issue(gh).title == "Incident", "the fault fired once and is spent"
    assert [(e.status, e.fault) for e in github_emulator.log.filter("GET", ISSUE)] == [(status, kind), (200, None)]


def test_a_dropped_connection_is_a_connection_error(github_emulator: GitHubEmulator, gh) -> None:
    github_emulator.faults.add("drop", "GET", ISSUE)
    with pytest.raises(requests.exceptions.ConnectionError):
        _get_issue(gh)
    with pytest.raises(requests.exceptions.ConnectionError):
        github_emulator.faults.add("drop", "POST", "/graphql")
        github_emulator.graphql("{ viewer { login } }")
    assert [(e.route, e.status) for e in github_emulator.log.entries if e.fault] == [(ISSUE, 0), ("/graphql", 0)]


def test_malformed_json_is_the_real_answer_cut_short(github_emulator: GitHubEmulator, gh) -> None:
    github_emulator.faults.add("malformed-json", "GET", ISSUE)
    with pytest.raises(json.JSONDecodeError):
        _get_issue(gh)
    github_emulator.faults.add("malformed-json", "POST", "/graphql")
    response = github_emulator.graphql("{ viewer { login } }")
    assert response.status_code == 200 and response.text == '{"data": {"viewer": {"lo'[: len(response.text)]
    with pytest.raises(requests.exceptions.JSONDecodeError):
        response.json()


def test_a_slow_answer_times_out_a_client_that_waits_less(github_emulator: GitHubEmulator, gh) -> None:
    github_emulator.faults.add("slow", "GET", ISSUE, delay=1.5)
    started = time.monotonic()
    with pytest.raises(requests.exceptions.ReadTimeout):
        _get_issue(github_emulator.pygithub(timeout=1))  # PyGithub takes whole seconds
    assert time.monotonic() - started < 1.4
    github_emulator.faults.add("slow", "POST", "/graphql", delay=0.5)
    with pytest.raises(requests.exceptions.ReadTimeout):
        github_emulator.graphql("{ viewer { login } }", timeout=0.2)
    github_emulator.faults.add("slow", "GET", ISSUE, delay=0.2)
    assert _get_issue(gh).title == "Incident", "a client that waits long enough gets the normal answer"


def test_a_write_whose_answer_is_lost_still_happened(github_emulator: GitHubEmulator, gh) -> None:
    """when="after": GitHub did the write, the client never heard back -- the duplicate-comment trap."""
    github_emulator.faults.add("drop", "POST", COMMENTS, when="after")
    with pytest.raises(requests.exceptions.ConnectionError):
        _get_issue(gh).create_comment("verdict")
    assert [c.body for c in github_emulator.state.issue("acme/widgets", 1).comments] == ["verdict"]

    github_emulator.faults.add("502", "POST", COMMENTS)  # "before": GitHub never saw it
    with pytest.raises(github.GithubException):
        _get_issue(gh).create_comment("second")
    assert len(github_emulator.state.issue("acme/widgets", 1).comments) == 1


def test_counted_faults_then_success_let_pygithub_s_own_retry_recover(github_emulator: GitHubEmulator, gh) -> None:
    github_emulator.faults.add("502", "GET", ISSUE, times=2)
    patient = github_emulator.pygithub(retry=GithubRetry(total=3, backoff_factor=0))
    assert _get_issue(patient).title == "Incident"
    assert [e.status for e in github_emulator.log.filter("GET", ISSUE)] == [502, 502, 200]


def test_always_on_faults_and_path_globs(github_emulator: GitHubEmulator, gh) -> None:
    fault = github_emulator.faults.add("503", "*", "/repos/acme/*/issues/*", times=None)
    for _ in range(3):
        with pytest.raises(github.GithubException):
            _get_issue(gh)
    assert gh.get_repo("acme/widgets").full_name == "acme/widgets", "other paths are untouched"
    assert fault.fired == 3 and github_emulator.faults.armed == [fault]
    github_emulator.faults.clear()
    assert _get_issue(gh).title == "Incident"


def test_faults_come_before_authentication_like_a_load_balancer_s(github_emulator: GitHubEmulator, gh) -> None:
    github_emulator.faults.add("502", "GET", ISSUE)
    url = f"{github_emulator.url}/repos/acme/widgets/issues/1"
    assert requests.get(url, headers={"Authorization": "token ghp_wrong"}, timeout=10).status_code == 502
    assert requests.get(url, headers={"Authorization": "token ghp_wrong"}, timeout=10).status_code == 401


def test_unknown_fault_kinds_are_refused_with_the_list(github_emulator: GitHubEmulator) -> None:
    with pytest.raises(ValueError, match="known: 500, 502"):
        github_emulator.faults.add("504")
    assert set(FAULT_KINDS) == {"500", "502", "503", "secondary-rate-limit", "429", "rate-limit", "slow", "drop", "malformed-json", "forbidden"}



def test_forbidden_answers_403_with_the_chosen_message_and_changes_nothing(github_emulator: GitHubEmulator, gh) -> None:
    github_emulator.faults.add("forbidden", "POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments", message="Unable to create comment because issue is locked.")
    issue = _get_issue(gh)
    with pytest.raises(github.GithubException) as raised:
        issue.create_comment("hi")
    assert raised.value.status == 403
    assert raised.value.data["message"] == "Unable to create comment because issue is locked."
    assert github_emulator.state.repos["acme/widgets"].issues[1].comments == []
