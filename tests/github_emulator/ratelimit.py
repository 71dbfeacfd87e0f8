"""Primary rate-limit budgets, per identity and resource, as GitHub counts them.

GitHub keeps separate budgets for ``core`` REST calls, ``search`` and ``graphql``, each with its own
window; every response carries the ``x-ratelimit-*`` headers of the budget it spent. A test can drain a
budget (``set(...)``) to watch a client wait for ``x-ratelimit-reset`` or give up.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from typing import Callable

from .models import Token

#: resource -> (limit, window in seconds): GitHub's defaults for an authenticated user.
DEFAULTS: dict[str, tuple[int, int]] = {"core": (5000, 3600), "search": (30, 60), "graphql": (5000, 3600)}


def rate_key(token: Token) -> str:
    """Whose budget a call spends: a user's across all their tokens, or one app installation's."""
    if token.kind == "installation":
        return f"installation:{token.installation_id}"
    return f"user:{token.login.lower()}"


@dataclass
class Budget:
    limit: int
    used: int
    reset: int  # epoch seconds

    @property
    def remaining(self) -> int:
        return max(self.limit - self.used, 0)

    def headers(self, resource: str) -> dict[str, str]:
        return {
            "x-ratelimit-limit": str(self.limit),
            "x-ratelimit-remaining": str(self.remaining),
            "x-ratelimit-reset": str(self.reset),
            "x-ratelimit-used": str(self.used),
            "x-ratelimit-resource": resource,
        }


class RateLimits:
    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._budgets: dict[tuple[str, str], Budget] = {}
        self.defaults = dict(DEFAULTS)

    def _current(self, who: str, resource: str) -> Budget:
        now = self._clock()
        budget = self._budgets.get((who, resource))
        limit, window = self.defaults[resource]
        if budget is None or now >= budget.reset:
            budget = Budget(limit if budget is None else budget.limit, 0, math.ceil(now) + window)
            self._budgets[(who, resource)] = budget
        return budget

    def spend(self, who: str, resource: str, cost: int = 1) -> tuple[Budget, bool]:
        """Charge one call; returns the budget after it and whether the call may proceed."""
        with self._lock:
            budget = self._current(who, resource)
            if budget.remaining < cost:
                return budget, False
            budget.used += cost
            return budget, True

    def peek(self, who: str, resource: str) -> Budget:
        with self._lock:
            return self._current(who, resource)

    def set(self, who: str, resource: str = "core", *, remaining: int | None = None, limit: int | None = None, reset_in: float | None = None) -> Budget:
        """Shape a budget: ``remaining=0, reset_in=2`` exhausts it for two seconds of the emulator clock."""
        with self._lock:
            budget = self._current(who, resource)
            if limit is not None:
                budget.limit = limit
            if remaining is not None:
                budget.used = max(budget.limit - remaining, 0)
            if reset_in is not None:
                budget.reset = math.ceil(self._clock() + reset_in)
            return budget
