"""The run's GitHub context: which event, which repository, which API, which token.

Everything comes from the variables the Actions runner sets, so a local run can reproduce a CI run by
setting the same variables. A missing or unusable piece is one line and exit 2 before any API call.
The token is held out of ``repr`` so that no debug print or traceback can show it.

Stdlib only: building the context must not pay for PyGithub.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Collection, Mapping

from ..errors import UsageError
from .events import SUPPORTED_EVENTS, Event, parse_event, read_payload

DEFAULT_API_URL = "https://api.github.com"
DEFAULT_SERVER_URL = "https://github.com"
_REPOSITORY = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]*)/[A-Za-z0-9._-]+$")


def graphql_url_for(api_url: str) -> str:
    """The GraphQL endpoint that belongs to a REST API URL.

    github.com serves REST at ``https://api.github.com`` and GraphQL at ``.../graphql``; GitHub Enterprise
    Server serves REST at ``<host>/api/v3`` and GraphQL at ``<host>/api/graphql`` (not ``/api/v3/graphql``).
    """
    base = api_url.rstrip("/")
    if base.endswith("/api/v3"):
        return base[: -len("/v3")] + "/graphql"
    return base + "/graphql"


@dataclass(frozen=True)
class GitHubContext:
    event_name: str
    event: Event
    repository: str
    api_url: str
    graphql_url: str
    server_url: str
    token: str = field(repr=False)
    run_id: str | None = None
    run_attempt: int = 1
    ref: str | None = None
    sha: str | None = None
    actor: str | None = None
    event_path: str | None = None

    @property
    def run_url(self) -> str | None:
        """Link to this run's page, for comments that point readers at the full summary."""
        if not self.run_id:
            return None
        url = f"{self.server_url.rstrip('/')}/{self.repository}/actions/runs/{self.run_id}"
        return f"{url}/attempts/{self.run_attempt}" if self.run_attempt > 1 else url


def _env(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name)
    if value is None:
        return None
    value = value.strip()
    return value or None


def _url(env: Mapping[str, str], name: str, default: str) -> str:
    value = _env(env, name) or default
    if not re.match(r"^https?://[^\s/]+", value):
        raise UsageError(f"{name}={value!r} is not an http(s) URL; unset it to use {default}")
    return value.rstrip("/")


def resolve_token(env: Mapping[str, str], explicit: str | None = None) -> str | None:
    """The explicit token input wins over GITHUB_TOKEN; blank values count as absent."""
    for candidate in (explicit, env.get("GITHUB_TOKEN")):
        if candidate is not None and candidate.strip():
            return candidate.strip()
    return None


def load_context(
    environ: Mapping[str, str] | None = None,
    *,
    token: str | None = None,
    events: Collection[str] = SUPPORTED_EVENTS,
    command: str = "process-gates",
    require_token: bool = True,
) -> GitHubContext:
    """Read the runner's variables and the event payload, or raise UsageError saying what is missing.

    ``events`` is what the calling command handles: a PR gate passes the PR events, so running it on
    ``push`` is a clear usage error rather than a gate that silently checks nothing.
    """
    env = os.environ if environ is None else environ
    event_name = _env(env, "GITHUB_EVENT_NAME")
    if not event_name:
        raise UsageError(
            f"{command} needs a GitHub event: GITHUB_EVENT_NAME is not set (run it in GitHub Actions, or set "
            "GITHUB_EVENT_NAME and GITHUB_EVENT_PATH to reproduce a run)"
        )
    if event_name not in events:
        raise UsageError(
            f"{command} does not handle the `{event_name}` event; trigger it on: {', '.join(events)}"
        )
    event_path = _env(env, "GITHUB_EVENT_PATH")
    if event_name == "schedule" and not event_path:
        payload: dict = {}
    elif not event_path:
        raise UsageError(f"GITHUB_EVENT_PATH is not set: {command} reads the `{event_name}` payload from it")
    else:
        payload = read_payload(event_path)
    event = parse_event(event_name, payload, source=event_path or "the event payload")

    repository = _env(env, "GITHUB_REPOSITORY")
    payload_repo = getattr(event, "repository", None)
    if not repository and payload_repo is not None:
        repository = payload_repo.full_name
    if not repository:
        raise UsageError("GITHUB_REPOSITORY is not set: set it to owner/name")
    if not _REPOSITORY.match(repository):
        raise UsageError(f"GITHUB_REPOSITORY={repository!r} is not of the form owner/name")

    resolved = resolve_token(env, token)
    if require_token and not resolved:
        raise UsageError(
            f"{command} needs a GitHub token: pass the `token` input or set GITHUB_TOKEN "
            + "(in a workflow: env: GITHUB_TOKEN: ${{ github.token }})"
        )

    api_url = _url(env, "GITHUB_API_URL", DEFAULT_API_URL)
    graphql_env = _env(env, "GITHUB_GRAPHQL_URL")
    graphql_url = _url(env, "GITHUB_GRAPHQL_URL", "") if graphql_env else graphql_url_for(api_url)
    attempt_text = _env(env, "GITHUB_RUN_ATTEMPT") or "1"
    if not attempt_text.isdigit() or int(attempt_text) < 1:
        raise UsageError(f"GITHUB_RUN_ATTEMPT={attempt_text!r} is not a positive integer")
    return GitHubContext(
        event_name=event_name,
        event=event,
        repository=repository,
        api_url=api_url,
        graphql_url=graphql_url,
        server_url=_url(env, "GITHUB_SERVER_URL", DEFAULT_SERVER_URL),
        token=resolved or "",
        run_id=_env(env, "GITHUB_RUN_ID"),
        run_attempt=int(attempt_text),
        ref=_env(env, "GITHUB_REF"),
        sha=_env(env, "GITHUB_SHA"),
        actor=_env(env, "GITHUB_ACTOR"),
        event_path=event_path,
    )
