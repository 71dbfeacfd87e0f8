"""Every call the emulator answered (or dropped), so tests can count API calls and prove pagination."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field


@dataclass(frozen=True)
class LoggedRequest:
    method: str
    path: str  # without the API prefix and without the query string
    query: dict[str, list[str]]
    status: int  # 0 when the connection was dropped without a response
    token: str | None
    route: str | None  # the route template that matched, e.g. /repos/{owner}/{repo}/issues/{issue_number}
    body: object = None  # the parsed JSON body of a write, when it had one
    fault: str | None = None
    rate_resource: str | None = None
    headers: dict[str, str] = field(default_factory=dict, compare=False)  # of the response: Link, x-ratelimit-*

    @property
    def page(self) -> int:
        return int(self.query.get("page", ["1"])[0] or 1)


class RequestLog:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[LoggedRequest] = []

    def append(self, entry: LoggedRequest) -> None:
        with self._lock:
            self._entries.append(entry)

    @property
    def entries(self) -> list[LoggedRequest]:
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def filter(self, method: str | None = None, route: str | None = None, *, path: str | None = None, status: int | None = None) -> list[LoggedRequest]:
        """Calls by method, route template, concrete path and/or status (all optional, combined with AND)."""
        return [
            e
            for e in self.entries
            if (method is None or e.method == method.upper())
            and (route is None or e.route == route)
            and (path is None or e.path == path)
            and (status is None or e.status == status)
        ]

    def count(self, method: str | None = None, route: str | None = None, *, path: str | None = None, status: int | None = None) -> int:
        return len(self.filter(method, route, path=path, status=status))

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def summary(self) -> dict[str, int]:
        """"METHOD route" -> number of calls: the table a report of requests per operation needs."""
        counts: dict[str, int] = {}
        for e in self.entries:
            key = f"{e.method} {e.route or e.path}"
            counts[key] = counts.get(key, 0) + 1
        return counts
