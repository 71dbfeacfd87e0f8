"""The waits GitHub asks for, honoured exactly, against the emulator with its clock driven by ours:
the client's sleeps advance the emulator's time, so an exhausted budget really resets, with no real wait."""

from __future__ import annotations

import pytest
from github_emulator.clock import SharedTime

from process_gates.errors import ServiceError
from process_gates.findings import ExitCode
from process_gates.github.retry import RetryPolicy

REPO = "acme/widgets"
START = "2024-05-01T10:00:00Z"
COMMENTS = "/repos/{owner}/{repo}/issues/{issue_number}/comments"


@pytest.fixture
def world(github_emulator):
    github_emulator.state.add_repo(REPO)
    issue = github_emulator.state.create_issue(REPO, "x", "", author="alice")
    github_emulator.state.add_comment(REPO, issue.number, "hello", author="bob")
    return issue.number


@pytest.mark.parametrize("status", [403, 429])
def test_exhausted_primary_limit_waits_for_the_reset(github_emulator, world, make_client, status) -> None:
    github_emulator.primary_limit_status = status
    shared = SharedTime(github_emulator, START)
    github_emulator.rate_limit(remaining=0, reset_in=30)
    client = make_client(github_emulator, clock=shared.clock)
    assert [c.body for c in client.list_issue_comments(REPO, world)] == ["hello"]
    assert shared.sleeps == [31.0]  # until x-ratelimit-reset, plus one second of slack
    assert [e.status for e in github_emulator.log.filter("GET", COMMENTS)] == [status, 200]


def test_a_reset_beyond_the_budget_ends_at_once(github_emulator, world, make_client) -> None:
    shared = SharedTime(github_emulator, START)
    github_emulator.rate_limit(remaining=0, reset_in=3600)
    client = make_client(github_emulator, clock=shared.clock, policy=RetryPolicy(budget=60))
    with pytest.raises(ServiceError) as caught:
        client.list_issue_comments(REPO, world)
    assert shared.sleeps == [] and github_emulator.log.count() == 1
    assert caught.value.exit_code is ExitCode.SERVICE
    assert caught.value.message == (
        "GitHub GET /repos/{owner}/{repo}/issues/{issue_number}/comments failed: HTTP 403 rate limit exhausted "
        "(resets at 11:00:00 UTC) after 1 attempt in 0.0 s: waiting 3601.0 s more would overrun the 60 s retry "
        "budget; GitHub's rate limit resets at 11:00:00 UTC; re-run the job after that"
    )


def test_graphql_primary_limit_waits_for_the_reset(github_emulator, world, make_client) -> None:
    shared = SharedTime(github_emulator, START)
    token = github_emulator.state.actions_token().value
    github_emulator.rate_limit(token, "graphql", remaining=0, reset_in=20)
    client = make_client(github_emulator, token, clock=shared.clock)
    assert client.identity().login == "github-actions[bot]"
    assert shared.sleeps == [21.0]
    assert [e.status for e in github_emulator.log.entries] == [200, 200]  # GraphQL says "limited" with a 200


@pytest.mark.parametrize("kind, status", [("secondary-rate-limit", 403), ("429", 429)])
def test_retry_after_is_honoured(github_emulator, world, make_client, kind, status) -> None:
    shared = SharedTime(github_emulator, START)
    github_emulator.faults.add(kind, "POST", COMMENTS, times=2, retry_after=7)
    client = make_client(github_emulator, clock=shared.clock)
    created = client.create_issue_comment(REPO, world, "hi")
    assert created.body == "hi" and shared.sleeps == [7.0, 7.0]
    # Refused before processing: repeated without a reconciling read, and written once.
    assert [e.status for e in github_emulator.log.filter("POST", COMMENTS)] == [status, status, 201]
    assert github_emulator.log.count("GET", COMMENTS) == 0
    assert [c.body for c in github_emulator.state.issue(REPO, world).comments] == ["hello", "hi"]


def test_backoff_for_server_errors_is_jittered_and_bounded(github_emulator, world, make_client) -> None:
    shared = SharedTime(github_emulator, START)
    github_emulator.faults.add("503", "GET", COMMENTS, times=None)
    policy = RetryPolicy(budget=30, base_delay=1.0, max_delay=8.0, max_attempts=20)
    with pytest.raises(ServiceError, match=r"HTTP 503 after \d+ attempts in [\d.]+ s: waiting [\d.]+ s more would overrun the 30 s retry budget"):
        make_client(github_emulator, clock=shared.clock, policy=policy).list_issue_comments(REPO, world)
    caps = [min(8.0, 2.0**i) for i in range(len(shared.sleeps))]
    assert all(0 <= s <= cap for s, cap in zip(shared.sleeps, caps))
    assert sum(shared.sleeps) <= 30 and len(set(shared.sleeps)) == len(shared.sleeps)
