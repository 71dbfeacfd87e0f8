"""The run's context from the runner's variables: every missing piece is one line and exit code 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from process_gates.errors import UsageError
from process_gates.findings import ExitCode
from process_gates.github.context import graphql_url_for, load_context, resolve_token
from process_gates.github.events import PULL_REQUEST_EVENTS, PullRequestEvent, ScheduleEvent

TOKEN = "ghs_0123456789abcdefSECRET"


@pytest.fixture
def pr_event(tmp_path: Path) -> Path:
    payload = {
        "action": "opened",
        "number": 5,
        "pull_request": {
            "number": 5,
            "title": "Add cache",
            "body": None,
            "user": {"login": "mona", "type": "User"},
            "state": "open",
            "labels": [{"name": "feature"}],
            "base": {"ref": "main", "sha": "a" * 40},
            "head": {"ref": "cache", "sha": "b" * 40, "repo": {"full_name": "mona/web"}},
        },
        "repository": {"full_name": "acme/web", "default_branch": "main"},
        "sender": {"login": "mona", "type": "User"},
    }
    path = tmp_path / "event.json"
    path.write_text(json.dumps(payload))
    return path


def runner_env(event_path: Path, **extra: str) -> dict[str, str]:
    env = {
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_EVENT_PATH": str(event_path),
        "GITHUB_REPOSITORY": "acme/web",
        "GITHUB_TOKEN": TOKEN,
        "GITHUB_RUN_ID": "42",
        "GITHUB_RUN_ATTEMPT": "2",
        "GITHUB_SHA": "c" * 40,
        "GITHUB_REF": "refs/pull/5/merge",
        "GITHUB_ACTOR": "mona",
    }
    env.update(extra)
    return env


def test_full_context_from_runner_variables(pr_event: Path) -> None:
    ctx = load_context(runner_env(pr_event), events=PULL_REQUEST_EVENTS)
    assert isinstance(ctx.event, PullRequestEvent) and ctx.event.from_fork
    assert (ctx.repository, ctx.token) == ("acme/web", TOKEN)
    assert ctx.api_url == "https://api.github.com" and ctx.graphql_url == "https://api.github.com/graphql"
    assert ctx.run_url == "https://github.com/acme/web/actions/runs/42/attempts/2"
    assert (ctx.sha, ctx.ref, ctx.actor, ctx.run_attempt) == ("c" * 40, "refs/pull/5/merge", "mona", 2)


def test_token_never_in_repr(pr_event: Path) -> None:
    ctx = load_context(runner_env(pr_event))
    assert TOKEN not in repr(ctx) and TOKEN not in str(ctx)


def test_explicit_token_wins_and_blank_counts_as_absent() -> None:
    assert resolve_token({"GITHUB_TOKEN": "env"}, "explicit") == "explicit"
    assert resolve_token({"GITHUB_TOKEN": "env"}, "  ") == "env"
    assert resolve_token({"GITHUB_TOKEN": " "}, None) is None


@pytest.mark.parametrize(
    "api, expected",
    [
        ("https://api.github.com", "https://api.github.com/graphql"),
        ("https://ghe.example.com/api/v3", "https://ghe.example.com/api/graphql"),
        ("https://ghe.example.com/api/v3/", "https://ghe.example.com/api/graphql"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/graphql"),
    ],
)
def test_graphql_url_for(api: str, expected: str) -> None:
    assert graphql_url_for(api) == expected


def test_ghes_urls(pr_event: Path) -> None:
    env = runner_env(pr_event, GITHUB_API_URL="https://ghe.example.com/api/v3/", GITHUB_SERVER_URL="https://ghe.example.com")
    ctx = load_context(env)
    assert ctx.api_url == "https://ghe.example.com/api/v3"
    assert ctx.graphql_url == "https://ghe.example.com/api/graphql"
    assert ctx.run_url == "https://ghe.example.com/acme/web/actions/runs/42/attempts/2"
    explicit = load_context({**env, "GITHUB_GRAPHQL_URL": "https://ghe.example.com/custom/graphql"})
    assert explicit.graphql_url == "https://ghe.example.com/custom/graphql"


def test_repository_falls_back_to_the_payload(pr_event: Path) -> None:
    env = runner_env(pr_event)
    del env["GITHUB_REPOSITORY"]
    assert load_context(env).repository == "acme/web"


def test_schedule_without_a_payload_file() -> None:
    ctx = load_context({"GITHUB_EVENT_NAME": "schedule", "GITHUB_REPOSITORY": "acme/web", "GITHUB_TOKEN": TOKEN})
    assert isinstance(ctx.event, ScheduleEvent) and ctx.event.cron is None and ctx.run_url is None


@pytest.mark.parametrize(
    "change, message",
    [
        ({"GITHUB_EVENT_NAME": ""}, "GITHUB_EVENT_NAME is not set"),
        ({"GITHUB_EVENT_NAME": "push"}, "prd check does not handle the `push` event; trigger it on: pull_request, pull_request_target"),
        ({"GITHUB_EVENT_PATH": ""}, "GITHUB_EVENT_PATH is not set: prd check reads the `pull_request` payload from it"),
        ({"GITHUB_TOKEN": ""}, "prd check needs a GitHub token: pass the `token` input or set GITHUB_TOKEN (in a workflow: env: GITHUB_TOKEN: ${{ github.token }})"),
        ({"GITHUB_REPOSITORY": "acme"}, "GITHUB_REPOSITORY='acme' is not of the form owner/name"),
        ({"GITHUB_API_URL": "api.github.com"}, "GITHUB_API_URL='api.github.com' is not an http(s) URL"),
        ({"GITHUB_RUN_ATTEMPT": "zero"}, "GITHUB_RUN_ATTEMPT='zero' is not a positive integer"),
    ],
)
def test_unusable_environment_is_one_line(pr_event: Path, change: dict[str, str], message: str) -> None:
    with pytest.raises(UsageError) as caught:
        load_context(runner_env(pr_event, **change), events=PULL_REQUEST_EVENTS, command="prd check")
    assert message in caught.value.message and "\n" not in caught.value.message
    assert caught.value.exit_code is ExitCode.USAGE
    assert TOKEN not in caught.value.message


def test_token_optional_when_the_command_needs_none(pr_event: Path) -> None:
    ctx = load_context(runner_env(pr_event, GITHUB_TOKEN=""), require_token=False)
    assert ctx.token == ""
