"""The client end to end against the emulator, with the real PyGithub transport and real requests:
pagination proven from the request log, identities for every kind of token, GHES, errors, secrecy."""

from __future__ import annotations

import json
import logging

import pytest
from github_emulator import FileChange

from process_gates.errors import ServiceError, UsageError
from process_gates.findings import ExitCode
from process_gates.github.client import GitHubClient, GitHubForbidden
from process_gates.github.context import load_context
from process_gates.github.resources import ChangedFile, LabelEvent, LinkedIssue

REPO = "acme/widgets"
COMMENTS = "/repos/{owner}/{repo}/issues/{issue_number}/comments"
FILES = "/repos/{owner}/{repo}/pulls/{pull_number}/files"


@pytest.fixture
def world(github_emulator):
    state = github_emulator.state
    state.add_repo(REPO, labels=["bug", "incident", "design-approved"])
    return state


def pages_of(log, route):
    return [(e.query.get("per_page"), e.page) for e in log.filter("GET", route)]


def test_comments_are_read_100_per_page(github_emulator, world, make_client) -> None:
    issue = world.create_issue(REPO, "Outage", "body", author="alice")
    for i in range(250):
        world.add_comment(REPO, issue.number, f"comment {i}", author="bob")
    comments = make_client(github_emulator).list_issue_comments(REPO, issue.number)
    assert [c.body for c in comments] == [f"comment {i}" for i in range(250)]
    assert {c.author for c in comments} == {"bob"}
    assert pages_of(github_emulator.log, COMMENTS) == [(["100"], 1), (["100"], 2), (["100"], 3)]


def test_pull_request_files_are_read_on_every_page(github_emulator, world, make_client) -> None:
    files = [FileChange(f"src/m{i}.py", i, 1, "modified") for i in range(230)]
    files.append(FileChange("src/new.py", 3, 1, "renamed", previous_filename="src/old.py"))
    pr = world.add_pull(REPO, "Big change", "body", author="carol", files=files)
    got = make_client(github_emulator).list_pull_request_files(REPO, pr.number)
    assert len(got) == 231 and got[0] == ChangedFile("src/m0.py", "modified", 0, 1)
    assert got[-1] == ChangedFile("src/new.py", "renamed", 3, 1, "src/old.py")
    assert len(pages_of(github_emulator.log, FILES)) == 3


def test_label_events_name_who_applied_the_label(github_emulator, world, make_client) -> None:
    pr = world.add_pull(REPO, "Feature", "body", author="carol")
    world.add_labels(pr, ["design-approved"], actor="alice", at="2024-05-01T10:00:00Z")
    world.remove_label(pr, "design-approved", actor="mallory", at="2024-05-01T11:00:00Z")
    events = make_client(github_emulator).list_label_events(REPO, pr.number)
    assert events == [
        LabelEvent("labeled", "design-approved", "alice", "2024-05-01T10:00:00Z"),
        LabelEvent("unlabeled", "design-approved", "mallory", "2024-05-01T11:00:00Z"),
    ]


def test_search_reads_every_page(github_emulator, world, make_client) -> None:
    for i in range(130):
        world.create_issue(REPO, f"Incident {i}", "", author="alice", labels=["incident"])
    world.create_issue(REPO, "Unrelated", "", author="alice")
    found = make_client(github_emulator).search_issues(f"repo:{REPO} is:issue label:incident")
    assert len(found) == 130 and all(i.labels == ("incident",) and not i.is_pull_request for i in found)
    assert github_emulator.log.count("GET", "/search/issues") == 2


def test_team_membership(github_emulator, world, make_client) -> None:
    world.add_team("acme", "design-reviewers", members=["alice"], pending=["pat"])
    client = make_client(github_emulator)
    assert client.is_team_member("acme", "design-reviewers", "alice")
    assert not client.is_team_member("acme", "design-reviewers", "pat")  # invited, not yet a member
    assert not client.is_team_member("acme", "design-reviewers", "mallory")
    actions = make_client(github_emulator, world.actions_token().value)
    with pytest.raises(GitHubForbidden) as caught:
        actions.is_team_member("acme", "design-reviewers", "alice")
    assert "GET /orgs/{org}/teams/{team_slug}/memberships/{username} was refused (HTTP 403" in caught.value.message
    assert caught.value.exit_code is ExitCode.SERVICE


def test_closing_issues_over_graphql(github_emulator, world, make_client) -> None:
    prd = world.create_issue(REPO, "PRD: widgets", "", author="alice", labels=["design-approved"])
    pr = world.add_pull(REPO, "Widgets", f"Fixes #{prd.number}", author="carol")
    assert make_client(github_emulator).closing_issues(REPO, pr.number) == [
        LinkedIssue(REPO, prd.number, ("design-approved",))
    ]


def test_identity_of_a_user_token_costs_one_call(github_emulator, world, make_client) -> None:
    client = make_client(github_emulator)
    assert (client.identity().login, client.identity().source) == ("octocat", "GET /user")
    assert github_emulator.log.summary() == {"GET /user": 1}


def test_identity_of_the_actions_token_skips_get_user(github_emulator, world, make_client) -> None:
    client = make_client(github_emulator, world.actions_token().value)
    assert (client.identity().login, client.identity().source) == ("github-actions[bot]", "GraphQL viewer")
    assert github_emulator.log.summary() == {"POST /graphql": 1}


def test_identity_of_an_app_token_without_the_ghs_prefix(github_emulator, world, make_client) -> None:
    """An installation token we cannot recognise by its prefix: GET /user says 403, GraphQL tells."""
    token = world.add_token("acme-gates[bot]", "v1.0123456789abcdef", kind="installation").value
    client = make_client(github_emulator, token)
    assert client.identity().login == "acme-gates[bot]"
    assert [e.status for e in github_emulator.log.entries] == [403, 200]


def test_configured_author_costs_nothing(github_emulator, world, make_client) -> None:
    assert make_client(github_emulator, author="gates-bot").identity().login == "gates-bot"
    assert len(github_emulator.log) == 0


def test_bad_token_is_a_usage_error_that_does_not_show_it(github_emulator, world, make_client) -> None:
    client = make_client(github_emulator, "ghp_wrong_and_secret")
    with pytest.raises(UsageError) as caught:
        client.list_issue_comments(REPO, 1)
    message = caught.value.message
    assert message.startswith("GitHub rejected the token on GET /repos/{owner}/{repo}/issues/{issue_number}/comments (HTTP 401")
    assert "ghp_wrong_and_secret" not in message and caught.value.exit_code is ExitCode.USAGE


def test_missing_issue_is_a_service_error(github_emulator, world, make_client) -> None:
    with pytest.raises(ServiceError, match=r"HTTP 404 Not Found \(it does not exist, or the token cannot see it\)"):
        make_client(github_emulator).list_issue_comments(REPO, 999)


def test_enterprise_server_layout(ghes_emulator, tmp_path) -> None:
    """GHES: REST under /api/v3 and GraphQL at /api/graphql, found from GITHUB_API_URL alone."""
    ghes_emulator.state.add_repo(REPO)
    issue = ghes_emulator.state.create_issue(REPO, "x", "", author="alice")
    ghes_emulator.state.add_comment(REPO, issue.number, "hello", author="bob")
    payload = tmp_path / "event.json"
    payload.write_text(json.dumps({"schedule": "0 9 * * 1"}))
    env = {**ghes_emulator.env(), "GITHUB_EVENT_NAME": "schedule", "GITHUB_EVENT_PATH": str(payload), "GITHUB_REPOSITORY": REPO}
    del env["GITHUB_GRAPHQL_URL"]
    context = load_context(env)
    assert context.graphql_url == ghes_emulator.graphql_url
    with GitHubClient.from_context(context) as client:
        assert [c.body for c in client.list_issue_comments(REPO, issue.number)] == ["hello"]
        assert client.identity().login == "octocat"
        token = ghes_emulator.state.actions_token().value
    with GitHubClient(token, api_url=context.api_url) as bot:
        assert bot.identity().source == "GraphQL viewer"


def test_the_token_never_reaches_logs_or_messages(github_emulator, world, make_client, caplog) -> None:
    """Debug logging on everything (PyGithub, urllib3, ours), a success, a retried fault and a failure."""
    from process_gates.github.retry import RetryPolicy
    from process_gates.github.sticky import sync_sticky

    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="github")  # PyGithub pins its logger to INFO at import
    secret = github_emulator.token
    issue = world.create_issue(REPO, "x", "", author="alice")
    github_emulator.faults.add("502", "GET", COMMENTS, times=1)
    client = make_client(github_emulator, policy=RetryPolicy(budget=2, base_delay=0.01, max_delay=0.02, max_attempts=3))
    sync_sticky(client, REPO, issue.number, "prd", "Link a PRD.")
    github_emulator.faults.add("500", "GET", COMMENTS, times=None)
    with pytest.raises(ServiceError) as caught:
        client.list_issue_comments(REPO, issue.number)
    assert "'Authorization': 'token (oauth token removed)'" in caplog.text  # PyGithub logged the headers...
    assert secret not in caplog.text  # ...masked
    assert secret not in caught.value.message and secret not in repr(client) and secret not in repr(client.graphql)
