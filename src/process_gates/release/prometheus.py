"""The one outside service of the error budget: Prometheus' HTTP API, instant queries only.

Stdlib HTTP (urllib) rather than requests: one POST per query needs no session machinery, and the release
check then costs no heavy import. Failures follow the exit-code contract: a query Prometheus rejects, a
server that answers 5xx or not at all after a bounded number of attempts, an answer that is not the API's
JSON — all raise ServiceError (exit 3) naming the query. An empty result or NaN is not a failure: it is
"no data", returned as None for the rules to report.
"""

from __future__ import annotations

import json
import math
import random
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable

from ..errors import ServiceError

#: Attempts per query (the first plus two retries) and the base of the exponential back-off.
ATTEMPTS = 3
BACKOFF_SECONDS = 0.5
#: A Retry-After longer than this is not waited for: the job would rather fail clearly than hang.
MAX_RETRY_AFTER = 30.0
RETRYABLE_STATUS = frozenset({429, 502, 503, 504}) | frozenset(range(500, 600))


@dataclass(frozen=True)
class Sample:
    """A query's value (None: no data) and how many series were summed into it."""

    value: float | None
    series: int


def redact_url(url: str) -> str:
    """A URL for messages: credentials in ``user:password@host`` never reach a log."""
    parts = urllib.parse.urlsplit(url)
    if parts.username or parts.password:
        host = parts.hostname or ""
        if parts.port:
            host += f":{parts.port}"
        parts = parts._replace(netloc=f"***@{host}")
    return urllib.parse.urlunsplit(parts)


class PrometheusClient:
    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        timeout: float = 30.0,
        attempts: int = ATTEMPTS,
        backoff: float = BACKOFF_SECONDS,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._token = token
        self.timeout = timeout
        self.attempts = max(1, attempts)
        self.backoff = backoff
        self._sleep = sleep
        self._rng = rng or random.Random()
        #: Every query sent, in order (the summary lists them; tests read them).
        self.sent: list[str] = []

    def __repr__(self) -> str:  # the token stays out of any debug print
        return f"PrometheusClient({redact_url(self.base_url)!r})"

    @property
    def shown_url(self) -> str:
        return redact_url(self.base_url)

    def instant(self, query: str, at: datetime) -> Sample:
        """``query`` evaluated at ``at``: one number, the sum of every series returned (None: no data)."""
        self.sent.append(query)
        body = urllib.parse.urlencode({"query": query, "time": f"{at.timestamp():.3f}"}).encode()
        payload = self._post("/api/v1/query", body, query)
        return _sample(payload, query, self.shown_url)

    def _post(self, path: str, body: bytes, query: str) -> Any:
        url = self.base_url + path
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
        if self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        last = ""
        for attempt in range(1, self.attempts + 1):
            request = urllib.request.Request(url, data=body, headers=headers, method="POST")
            wait: float | None = None
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - http(s) only, checked in the schema
                    return _json(response.read(), query, self.shown_url)
            except urllib.error.HTTPError as exc:
                text = exc.read()
                if exc.code not in RETRYABLE_STATUS:
                    raise ServiceError(_rejected(exc.code, text, query, self.shown_url)) from None
                last = f"HTTP {exc.code}{_api_error(text)}"
                wait = _retry_after(exc.headers.get("Retry-After") if exc.headers else None)
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                last = str(reason) or type(reason).__name__
            if attempt < self.attempts:
                if wait is None:
                    wait = self.backoff * (2 ** (attempt - 1)) * (1 + self._rng.random() / 2)
                elif wait > MAX_RETRY_AFTER:
                    break
                self._sleep(wait)
        raise ServiceError(
            f"Prometheus at {self.shown_url} did not answer the query `{query}` after {self.attempts} "
            f"attempt{'s' if self.attempts != 1 else ''}: {last}"
        )


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def _api_error(text: bytes) -> str:
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError):
        return ""
    if isinstance(data, dict) and data.get("status") == "error":
        return f" ({data.get('errorType', 'error')}: {data.get('error', '')})"
    return ""


def _rejected(status: int, text: bytes, query: str, url: str) -> str:
    detail = _api_error(text)
    if status in (400, 422) and detail:
        return f"Prometheus at {url} rejected the query `{query}`{detail}"
    if status in (401, 403):
        return (
            f"Prometheus at {url} refused the query `{query}`: HTTP {status}; check the token variable "
            "(release.error_budget.prometheus_token_env)"
        )
    return f"Prometheus at {url} answered HTTP {status} to the query `{query}`{detail}"


def _json(raw: bytes, query: str, url: str) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ServiceError(
            f"Prometheus at {url} answered the query `{query}` with something that is not JSON; is the URL the "
            "Prometheus server (not its UI behind a login page)?"
        ) from None


def _number(value: Any) -> float:
    # Prometheus sends sample values as strings ("NaN", "+Inf" included).
    return float(value)


def _sample(payload: Any, query: str, url: str) -> Sample:
    if not isinstance(payload, dict) or payload.get("status") != "success" or not isinstance(payload.get("data"), dict):
        raise ServiceError(f"Prometheus at {url} answered the query `{query}` in an unexpected shape{_api_error(json.dumps(payload).encode())}")
    data = payload["data"]
    kind, result = data.get("resultType"), data.get("result")
    try:
        if kind == "scalar":
            values = [_number(result[1])]
        elif kind == "vector":
            values = [_number(item["value"][1]) for item in result]
        else:
            raise ServiceError(
                f"the query `{query}` returned a {kind}, not a single number; an instant query over a window must "
                "aggregate to a number (wrap it in sum(...))"
            )
    except (KeyError, IndexError, TypeError, ValueError):
        raise ServiceError(f"Prometheus at {url} answered the query `{query}` in an unexpected shape") from None
    if not values:
        return Sample(None, 0)
    total = math.fsum(values)
    if math.isnan(total):
        return Sample(None, len(values))
    return Sample(total, len(values))
