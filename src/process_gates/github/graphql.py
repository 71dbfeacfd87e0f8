"""GraphQL over plain requests, under the same retry policy as REST.

PyGithub has no GraphQL client worth the name, and GraphQL needs little: one POST with a query and
variables. What it does need is care with GraphQL's own failure modes: an exhausted primary limit is a
200 with an error of type ``RATE_LIMITED`` (or ``RATE_LIMIT``); a field the token may not read is a 200 with ``FORBIDDEN``
and partial data. ``requests`` is imported when a client is built, never at module import.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

from ..errors import ServiceError, UsageError
from .failures import GraphQLRateLimited, HttpStatusError, classify_exception
from .resources import MalformedResponse, expect_dict
from .retry import Operation, RetryRunner

USER_AGENT = "process-gates"


class GraphQLQueryError(ServiceError):
    """GitHub answered with GraphQL errors: the query, its variables or the token's access are wrong."""

    def __init__(self, message: str, types: tuple[str, ...]):
        super().__init__(message)
        self.types = types


class GraphQLForbidden(GraphQLQueryError):
    """A ``FORBIDDEN`` error: the token may not read or write this (a fork PR's read-only token)."""

    detail: str = ""


def _errors(payload: dict) -> list[dict]:
    errors = payload.get("errors")
    if errors is None:
        return []
    if not isinstance(errors, list):
        raise MalformedResponse("GraphQL `errors` is not a list")
    return [e if isinstance(e, dict) else {"message": str(e)} for e in errors]


def _is_rate_limit(error: dict) -> bool:
    """GitHub has spelled this ``RATE_LIMITED`` and, more recently, ``RATE_LIMIT`` with code
    ``graphql_rate_limit`` (githubkit issue #271); the message is the same in both."""
    message = str(error.get("message", "")).lower()
    return (
        error.get("type") in ("RATE_LIMITED", "RATE_LIMIT")
        or error.get("code") == "graphql_rate_limit"
        or message.startswith("api rate limit")
    )


class GraphQLClient:
    def __init__(self, token: str, url: str, runner: RetryRunner, *, timeout: float = 10.0) -> None:
        import requests

        self.url = url
        self.timeout = timeout
        self._runner = runner
        self._session = requests.Session()
        self._session.headers.update(
            {
                "Authorization": f"bearer {token}",
                "Accept": "application/vnd.github+json",
                "User-Agent": USER_AGENT,
            }
        )

    def __repr__(self) -> str:
        return f"GraphQLClient(url={self.url!r}, token=***)"

    def close(self) -> None:
        self._session.close()

    def execute(
        self,
        query: str,
        variables: Mapping[str, Any] | None = None,
        *,
        name: str,
        mutation: bool = False,
        reconcile: Callable[[], Any] | None = None,
        tolerate: tuple[str, ...] = (),
        collected: list[dict] | None = None,
    ) -> dict:
        """The ``data`` of a successful response; ``name`` labels the call in messages (never the query).

        A mutation is a write: when its outcome is unknown it is repeated only after ``reconcile`` found
        no trace of it (see retry.py). A batched read whose parts may fail on their own (a team the token
        may not read, an issue that does not exist) passes ``tolerate`` (error types such as NOT_FOUND,
        FORBIDDEN): those errors go to ``collected`` and the partial data is returned.
        """
        op = Operation("POST", f"/graphql ({name})", repeatable=not mutation)
        body = {"query": query, "variables": dict(variables or {})}

        def attempt() -> dict:
            response = self._session.post(self.url, json=body, timeout=self.timeout)
            headers = {k.lower(): v for k, v in response.headers.items()}
            if response.status_code >= 400:
                message = ""
                try:
                    decoded = response.json()
                    if isinstance(decoded, dict) and isinstance(decoded.get("message"), str):
                        message = decoded["message"]
                except ValueError:
                    pass
                raise HttpStatusError(response.status_code, headers, message)
            payload = expect_dict(response.json(), "a GraphQL response")
            errors = _errors(payload)
            types = tuple(str(e.get("type", "")) for e in errors)
            if any(_is_rate_limit(e) for e in errors):
                raise GraphQLRateLimited(headers)
            if errors and tolerate and payload.get("data") is not None and all(t in tolerate for t in types):
                if collected is not None:
                    collected.extend(errors)
                return expect_dict(payload.get("data"), "GraphQL `data`")
            if errors:
                messages = "; ".join(str(e.get("message", "")).strip() for e in errors[:3])
                cls = GraphQLForbidden if "FORBIDDEN" in types else GraphQLQueryError
                raise cls(f"GitHub {op} answered with GraphQL errors: {messages}", types)
            return expect_dict(payload.get("data"), "GraphQL `data`")

        def classify(exc: BaseException):
            return classify_exception(exc, timeout=self.timeout, now=self._runner.clock.now())

        try:
            return self._runner.run(op, attempt, classify, reconcile=reconcile)
        except HttpStatusError as exc:
            # Permanent statuses (401, 403 without a rate limit, 404...) come back here unretried.
            detail = f": {exc.message}" if exc.message else ""
            if exc.status == 401:
                raise UsageError(
                    f"GitHub rejected the token on {op} (HTTP 401{detail}): pass a valid token "
                    "(the `token` input or GITHUB_TOKEN)"
                ) from None
            if exc.status == 403:
                forbidden = GraphQLForbidden(f"GitHub {op} was refused (HTTP 403{detail})", ("FORBIDDEN",))
                forbidden.detail = f"HTTP 403{detail}"
                raise forbidden from None
            raise ServiceError(f"GitHub {op} failed: HTTP {exc.status}{detail}") from None
