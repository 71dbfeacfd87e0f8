"""When to try a GitHub call again, how long to wait, and when to give up: pure policy, injected time.

GitHub's guidance, which this follows (docs: "Rate limits for the REST API", "Best practices"):

- ``Retry-After`` present: wait that many seconds.
- else ``x-ratelimit-remaining: 0``: wait until ``x-ratelimit-reset`` (epoch seconds).
- else a secondary rate limit without a hint: wait at least a minute, then longer.
- 5xx and broken connections: exponential backoff with full jitter, so that the many jobs a busy
  organisation runs at once do not retry in lockstep.

Everything is bounded by one budget per call (waits and attempts together), after which the call ends in
:class:`~process_gates.errors.ServiceError` (exit 3) naming the call by its route template and the last
status. A wait GitHub asks for that would overrun the budget ends the call at once rather than sleeping
for nothing.

Writes are special: when a POST may have been processed (the connection dropped, the response timed
out or was garbled, a 5xx), repeating it could write twice. The caller then supplies ``reconcile``, a
read that looks for the write's effect; only when it finds nothing is the write repeated. Without a
``reconcile`` such a write is not repeated at all. After a timeout the server may still be working on
the write, so the look waits until GitHub's own 10 s request limit has passed since it was sent (with
our default 10 s timeout that is no wait at all).

The transport exceptions (PyGithub's, requests') are mapped to :class:`Failure` by the client modules;
nothing here imports them.
"""

from __future__ import annotations

import email.utils
import enum
import random
import threading
import time
from dataclasses import dataclass
from typing import Callable, Mapping, TypeVar

from ..errors import ServiceError

T = TypeVar("T")

_IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS"})


@dataclass(frozen=True)
class Clock:
    """The three faces of time a retry loop needs; tests inject a fake that advances on sleep."""

    monotonic: Callable[[], float] = time.monotonic
    #: Wall-clock epoch seconds: ``x-ratelimit-reset`` is an epoch time.
    now: Callable[[], float] = time.time
    sleep: Callable[[float], None] = time.sleep


SYSTEM_CLOCK = Clock()


@dataclass(frozen=True)
class RetryPolicy:
    #: Seconds one call may take in all, attempts and waits included.
    budget: float = 60.0
    base_delay: float = 1.0
    max_delay: float = 20.0
    max_attempts: int = 8
    #: GitHub: "wait for at least one minute" after a secondary limit that gives no Retry-After.
    secondary_limit_wait: float = 60.0
    #: Added to a wait for ``x-ratelimit-reset``: the reset is in whole seconds and clocks drift.
    reset_slack: float = 1.0
    #: How long the server may still be working on a request we stopped waiting for. GitHub ends
    #: requests that take longer than 10 s; a write that timed out is looked for only after that.
    server_time_limit: float = 10.0


class FailureKind(enum.Enum):
    #: 5xx, dropped connection, timeout, garbled response: back off with jitter and try again.
    TRANSIENT = "transient"
    #: 429 or 403 rate limit: GitHub refused the request without acting on it; wait as told.
    RATE_LIMITED = "rate-limited"
    #: Anything else (404, 422, 403 permission): trying again cannot help.
    PERMANENT = "permanent"


@dataclass(frozen=True)
class Failure:
    kind: FailureKind
    #: For the user: "HTTP 503", "connection dropped", "no response within 10 s".
    description: str
    status: int | None = None
    #: Seconds the server asked us to wait (Retry-After).
    retry_after: float | None = None
    #: Epoch seconds when the primary rate limit resets (with x-ratelimit-remaining: 0).
    reset_at: float | None = None
    #: The server may have acted on the request: a repeated write could happen twice.
    maybe_processed: bool = False
    #: We stopped waiting (a timeout) but the server may still be working on the request.
    in_flight: bool = False


@dataclass(frozen=True)
class Operation:
    """A call as the user reads it in a message: method and route template, never a token or a body."""

    method: str
    route: str
    #: Overrides the method's idempotency: a GraphQL query is a POST that may be repeated freely.
    repeatable: bool | None = None

    @property
    def idempotent(self) -> bool:
        if self.repeatable is not None:
            return self.repeatable
        return self.method.upper() in _IDEMPOTENT

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.route}"


def _header(headers: Mapping[str, object], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name:
            return None if value is None else str(value).strip()
    return None


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds from a Retry-After header: delta-seconds or an HTTP date (RFC 9110)."""
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - now)


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _is_secondary_limit_message(message: str) -> bool:
    lowered = message.lower()
    return (
        "secondary rate limit" in lowered
        or lowered.startswith("api rate limit exceeded")
        or lowered.endswith("please retry your request again later.")
        or lowered.endswith("please wait a few minutes before you try again.")
        or "abuse detection" in lowered
    )


def classify_status(status: int, headers: Mapping[str, object], message: str, now: float) -> Failure:
    """What an HTTP error status means for retrying, from the status, headers and GitHub's message."""
    retry_after = parse_retry_after(_header(headers, "retry-after"), now)
    remaining = _header(headers, "x-ratelimit-remaining")
    reset_at = _float(_header(headers, "x-ratelimit-reset")) if remaining == "0" else None
    rate_limited = status == 429 or (
        status == 403 and (retry_after is not None or remaining == "0" or _is_secondary_limit_message(message))
    )
    if rate_limited:
        if retry_after is not None:
            what = f"HTTP {status} rate limited (Retry-After: {retry_after:g} s)"
        elif reset_at is not None:
            what = f"HTTP {status} rate limit exhausted (resets at {_utc(reset_at)})"
        else:
            what = f"HTTP {status} secondary rate limit"
        return Failure(FailureKind.RATE_LIMITED, what, status, retry_after, reset_at)
    if 500 <= status <= 599:
        return Failure(FailureKind.TRANSIENT, f"HTTP {status}", status, retry_after, maybe_processed=True)
    detail = f": {message}" if message else ""
    return Failure(FailureKind.PERMANENT, f"HTTP {status}{detail}", status)


def _utc(epoch: float) -> str:
    return time.strftime("%H:%M:%S UTC", time.gmtime(epoch))


def required_wait(failure: Failure, attempt: int, policy: RetryPolicy, now: float, rng: random.Random) -> float:
    """Seconds to wait before attempt ``attempt + 1`` (``attempt`` counts from 1)."""
    backoff_cap = min(policy.max_delay, policy.base_delay * (2 ** (attempt - 1)))
    if failure.retry_after is not None:
        return failure.retry_after
    if failure.reset_at is not None:
        return max(0.0, failure.reset_at - now) + policy.reset_slack
    if failure.kind is FailureKind.RATE_LIMITED:
        return max(policy.secondary_limit_wait, backoff_cap)
    return rng.uniform(0.0, backoff_cap)


class RetryRunner:
    """Runs one call under a policy; shared by the REST and GraphQL clients.

    ``deadline`` (monotonic) lets a reconciling read inherit what is left of the write's budget, so a
    write and its checks together never exceed one budget.
    """

    def __init__(self, policy: RetryPolicy, clock: Clock = SYSTEM_CLOCK, rng: random.Random | None = None):
        self.policy = policy
        self.clock = clock
        self.rng = rng or random.Random()
        # Per thread: a reconciling read inherits the deadline of the write that its own thread runs.
        self._local = threading.local()

    def run(
        self,
        op: Operation,
        attempt: Callable[[], T],
        classify: Callable[[BaseException], Failure | None],
        *,
        reconcile: Callable[[], T | None] | None = None,
    ) -> T:
        start = self.clock.monotonic()
        deadline = start + self.policy.budget
        outer: float | None = getattr(self._local, "deadline", None)
        if outer is not None:
            deadline = min(deadline, outer)
        attempts = 0
        while True:
            attempts += 1
            sent = self.clock.monotonic()
            try:
                return attempt()
            except Exception as exc:  # noqa: BLE001 - classify() decides; unknown errors re-raise below
                failure = classify(exc)
                if failure is None or failure.kind is FailureKind.PERMANENT:
                    raise
            unknown_write = not op.idempotent and failure.maybe_processed
            if unknown_write and reconcile is None:
                raise ServiceError(
                    f"GitHub {op} failed: {failure.description}; the write may or may not have happened and is "
                    "not repeated blindly, so as not to write twice: check the result on GitHub and re-run the job"
                )
            now_mono = self.clock.monotonic()
            wait = required_wait(failure, attempts, self.policy, self.clock.now(), self.rng)
            if unknown_write and failure.in_flight:
                # Look for the write only once the server must have finished or abandoned it.
                wait = max(wait, self.policy.server_time_limit - (now_mono - sent))
            if attempts >= self.policy.max_attempts or now_mono + wait > deadline:
                raise ServiceError(self._give_up(op, failure, attempts, now_mono - start, wait, deadline - now_mono))
            if wait > 0:
                self.clock.sleep(wait)
            if unknown_write:
                assert reconcile is not None
                self._local.deadline = deadline
                try:
                    found = reconcile()
                finally:
                    self._local.deadline = outer
                if found is not None:
                    return found

    def _give_up(
        self, op: Operation, failure: Failure, attempts: int, elapsed: float, wait: float, left: float
    ) -> str:
        budget = self.policy.budget
        if failure.kind is FailureKind.RATE_LIMITED:
            if failure.reset_at is not None:
                advice = f"GitHub's rate limit resets at {_utc(failure.reset_at)}; re-run the job after that"
            else:
                advice = f"GitHub asks to wait {wait:.0f} s; re-run the job later or spread out the runs"
        else:
            advice = "GitHub may be having trouble (https://www.githubstatus.com); re-run the job"
        if attempts >= self.policy.max_attempts:
            why = f"after {attempts} attempts in {elapsed:.1f} s"
        elif wait > left and wait > 0:
            why = (
                f"after {attempts} attempt{'s' if attempts != 1 else ''} in {elapsed:.1f} s: waiting "
                f"{wait:.1f} s more would overrun the {budget:g} s retry budget"
            )
        else:
            why = f"after {attempts} attempts in {elapsed:.1f} s (retry budget {budget:g} s)"
        return f"GitHub {op} failed: {failure.description} {why}; {advice}"
