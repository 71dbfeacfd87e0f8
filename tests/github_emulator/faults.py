"""Switchable faults: the ways GitHub fails that a client must survive, on chosen routes.

A fault matches a method (or ``*``) and a path pattern: either a route template exactly as the route
table spells it (``/repos/{owner}/{repo}/issues/{issue_number}/comments``) or a shell glob over the
concrete path (``/repos/acme/*/issues/7/*``). It fires for the next ``times`` matching calls, or always
(``times=None``). Faults are checked before authentication, as a load balancer's errors come before
GitHub's application sees the request.
"""

from __future__ import annotations

import fnmatch
import threading
from dataclasses import dataclass, field

KINDS = (
    "500",  # {"message": "Server Error"} as JSON
    "502",  # the load balancer's HTML page
    "503",  # the load balancer's HTML page
    "secondary-rate-limit",  # 403, secondary rate limit message, Retry-After
    "429",  # 429, secondary rate limit message, Retry-After
    "rate-limit",  # 403, primary rate limit exhausted: x-ratelimit-remaining 0 and a reset time
    "slow",  # wait ``delay`` seconds, then answer normally
    "drop",  # close the connection without a response
    "malformed-json",  # 200 with the real body cut in half
    "forbidden",  # 403 with ``message`` (a locked issue, an organisation policy): not retryable
)


@dataclass
class Fault:
    kind: str
    method: str = "*"
    path: str = "*"
    times: int | None = 1
    #: "before": the request is not processed (GitHub never saw it). "after": it is processed (a write
    #: happens), then the fault replaces the response -- the case where a client cannot know the outcome.
    when: str = "before"
    delay: float = 0.0  # slow
    retry_after: int = 1  # secondary-rate-limit, 429
    reset_in: int = 1  # rate-limit: seconds until x-ratelimit-reset
    message: str = "Resource not accessible by integration"  # forbidden
    #: Matching calls let through before the fault arms: page 2 of a list fails, page 1 answers.
    skip: int = 0
    fired: int = field(default=0, init=False)
    skipped: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; known: {', '.join(KINDS)}")
        if self.when not in ("before", "after"):
            raise ValueError(f"fault 'when' must be 'before' or 'after', not {self.when!r}")
        self.method = self.method.upper()

    def matches(self, method: str, path: str, template: str | None) -> bool:
        if self.method not in ("*", method.upper()):
            return False
        return self.path == template or fnmatch.fnmatchcase(path, self.path)


class FaultSet:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []

    def add(self, kind: str, method: str = "*", path: str = "*", *, times: int | None = 1, **options: object) -> Fault:
        """Arm a fault; ``options`` are Fault's ``when``, ``delay``, ``retry_after``, ``reset_in``, ``message``, ``skip``."""
        fault = Fault(kind, method, path, times, **options)  # type: ignore[arg-type]
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def take(self, method: str, path: str, template: str | None) -> Fault | None:
        """The first armed fault for this call, charged one firing."""
        with self._lock:
            for fault in self._faults:
                if fault.matches(method, path, template) and fault.skipped < fault.skip:
                    fault.skipped += 1
                    continue
                if fault.matches(method, path, template) and (fault.times is None or fault.fired < fault.times):
                    fault.fired += 1
                    return fault
            return None

    @property
    def armed(self) -> list[Fault]:
        with self._lock:
            return [f for f in self._faults if f.times is None or f.fired < f.times]
