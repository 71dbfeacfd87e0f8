"""How the transports' exceptions (PyGithub's, requests', a bad body) map to retry decisions.

One mapping for REST and GraphQL, so both clients retry the same things the same way. Descriptions are
built from exception types and statuses only, never from exception text: a transport's message may
quote a URL or a header, and nothing we print may carry a token.
"""

from __future__ import annotations

import http.client
import json
import sys
from typing import Mapping

from .resources import MalformedResponse
from .retry import Failure, FailureKind, classify_status


class HttpStatusError(Exception):
    """An HTTP error status from a transport that does not raise its own (the GraphQL client)."""

    def __init__(self, status: int, headers: Mapping[str, str], message: str):
        super().__init__(f"HTTP {status}")
        self.status = status
        self.headers = dict(headers)
        self.message = message


class GraphQLRateLimited(Exception):
    """GraphQL answers an exhausted primary limit with 200 and an error of type RATE_LIMITED."""

    def __init__(self, headers: Mapping[str, str]):
        super().__init__("GraphQL RATE_LIMITED")
        self.headers = dict(headers)


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception and everything it wraps: causes, contexts, urllib3's ``reason`` and ``args``."""
    seen: list[BaseException] = []
    pending: list[BaseException] = [exc]
    while pending and len(seen) < 20:
        current = pending.pop(0)
        if any(current is s for s in seen):
            continue
        seen.append(current)
        linked = [current.__cause__, current.__context__, getattr(current, "reason", None), *current.args]
        pending.extend(e for e in linked if isinstance(e, BaseException))
    return seen


def _connection_failure(exc: BaseException) -> Failure:
    chain = _chain(exc)
    if any(isinstance(e, ConnectionRefusedError) for e in chain):
        # Nothing was sent: safe to repeat even a write.
        return Failure(FailureKind.TRANSIENT, "connection refused", maybe_processed=False)
    if any(isinstance(e, (http.client.RemoteDisconnected, ConnectionResetError)) for e in chain):
        return Failure(FailureKind.TRANSIENT, "connection dropped before a response", maybe_processed=True)
    return Failure(FailureKind.TRANSIENT, f"connection failed ({type(exc).__name__})", maybe_processed=True)


def classify_exception(exc: BaseException, *, timeout: float, now: float) -> Failure | None:
    """A Failure for the exceptions we know; None for anything else (a bug: let it surface)."""
    if isinstance(exc, (MalformedResponse, json.JSONDecodeError, UnicodeDecodeError)):
        return Failure(FailureKind.TRANSIENT, "malformed response body", maybe_processed=True)
    if isinstance(exc, HttpStatusError):
        return classify_status(exc.status, exc.headers, exc.message, now)
    if isinstance(exc, GraphQLRateLimited):
        failure = classify_status(403, {**exc.headers, "x-ratelimit-remaining": "0"}, "", now)
        return Failure(FailureKind.RATE_LIMITED, "GraphQL rate limit exhausted", None, failure.retry_after, failure.reset_at)
    github_exc = sys.modules.get("github.GithubException")
    if github_exc is not None and isinstance(exc, github_exc.GithubException):
        data = exc.data if isinstance(exc.data, dict) else {}
        message = data.get("message") if isinstance(data.get("message"), str) else ""
        return classify_status(exc.status, exc.headers or {}, message, now)
    requests_exc = sys.modules.get("requests.exceptions")
    if requests_exc is not None:
        if isinstance(exc, requests_exc.ConnectTimeout):
            return Failure(FailureKind.TRANSIENT, f"could not connect within {timeout:g} s", maybe_processed=False)
        if isinstance(exc, requests_exc.Timeout):
            return Failure(
                FailureKind.TRANSIENT, f"no response within {timeout:g} s", maybe_processed=True, in_flight=True
            )
        if isinstance(exc, (requests_exc.ChunkedEncodingError, requests_exc.ContentDecodingError)):
            return Failure(FailureKind.TRANSIENT, "response cut off", maybe_processed=True)
        if isinstance(exc, requests_exc.ConnectionError):
            return _connection_failure(exc)
    if isinstance(exc, (ConnectionError, http.client.HTTPException, TimeoutError)):
        return _connection_failure(exc)
    return None
