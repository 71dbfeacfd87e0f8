"""Transport exceptions, as PyGithub and requests raise them, mapped to retry decisions."""

from __future__ import annotations

import http.client
import json
import socket

import pytest
import requests
import urllib3
from github.GithubException import GithubException, RateLimitExceededException

from process_gates.errors import ServiceError
from process_gates.github.client import GitHubClient
from process_gates.github.failures import HttpStatusError, classify_exception
from process_gates.github.resources import MalformedResponse
from process_gates.github.retry import FailureKind, RetryPolicy

NOW = 1_700_000_000.0


def classify(exc: BaseException):
    return classify_exception(exc, timeout=0.5, now=NOW)


def test_github_exceptions() -> None:
    server = classify(GithubException(502, None, {}))
    assert (server.kind, server.status, server.maybe_processed) == (FailureKind.TRANSIENT, 502, True)
    limited = classify(
        RateLimitExceededException(403, {"message": "API rate limit exceeded"}, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int(NOW) + 5)})
    )
    assert limited.kind is FailureKind.RATE_LIMITED and limited.reset_at == NOW + 5 and not limited.maybe_processed
    forbidden = classify(GithubException(403, {"message": "Resource not accessible by integration"}, {}))
    assert forbidden.kind is FailureKind.PERMANENT


def test_requests_exceptions() -> None:
    read = classify(requests.exceptions.ReadTimeout())
    assert (read.kind, read.description, read.maybe_processed) == (FailureKind.TRANSIENT, "no response within 0.5 s", True)
    connect = classify(requests.exceptions.ConnectTimeout())
    assert connect.description == "could not connect within 0.5 s" and not connect.maybe_processed
    dropped = requests.exceptions.ConnectionError(
        urllib3.exceptions.ProtocolError("Connection aborted.", http.client.RemoteDisconnected("closed"))
    )
    assert classify(dropped).description == "connection dropped before a response"
    assert classify(requests.exceptions.ChunkedEncodingError()).description == "response cut off"


def test_bad_bodies_and_statuses() -> None:
    assert classify(json.JSONDecodeError("Expecting value", "{", 1)).description == "malformed response body"
    assert classify(MalformedResponse("expected a list")).kind is FailureKind.TRANSIENT
    assert classify(HttpStatusError(429, {"retry-after": "2"}, "")).retry_after == 2
    assert classify(ValueError("a bug")) is None


def test_connection_refused_is_retried_then_reported(fake_time) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Nothing listens on the port now: every attempt is refused at once.
    client = GitHubClient("ghp_secret", api_url=f"http://127.0.0.1:{port}", policy=RetryPolicy(budget=5, base_delay=0.5), clock=fake_time.clock, timeout=2)
    with pytest.raises(ServiceError) as caught:
        client.list_issue_comments("acme/web", 1)
    message = caught.value.message
    assert message.startswith("GitHub GET /repos/{owner}/{repo}/issues/{issue_number}/comments failed: connection refused after")
    assert "ghp_secret" not in message and fake_time.slept <= 5
