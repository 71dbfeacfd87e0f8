"""A stateful local GitHub API for end-to-end tests: the real PyGithub and real HTTP talk to it.

    emu = GitHubEmulator().start()          # or the pytest fixture ``github_emulator``
    emu.state.add_repo("acme/widgets", labels=["bug"])
    emu.state.create_issue("acme/widgets", "Outage", author="alice", labels=["incident"])
    gh = emu.pygithub()                      # github.Github(base_url=emu.url, auth=Auth.Token(emu.token))
    gh.get_repo("acme/widgets").get_issue(1).create_comment("hello")
    assert emu.log.count("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments") == 1
    emu.faults.add("502", "GET", "/repos/{owner}/{repo}/issues/{issue_number}", times=2)
    emu.stop()

See README.md beside this file for the seeding API, tokens and permissions, faults and the request log.
"""

from __future__ import annotations

import socket
import threading
from typing import TYPE_CHECKING, Any

from .faults import KINDS as FAULT_KINDS
from .faults import Fault, FaultSet
from .models import FileChange
from .ratelimit import Budget, rate_key
from .render import Renderer
from .requestlog import LoggedRequest, RequestLog
from .routes import TABLE
from .routing import RouteTable
from .state import ACTIONS_BOT, State

if TYPE_CHECKING:
    import github
    import requests

__all__ = ["ACTIONS_BOT", "FAULT_KINDS", "Fault", "FileChange", "GitHubEmulator", "LoggedRequest", "State"]


class GitHubEmulator:
    """One emulated GitHub: its world (``state``), its faults, its request log and its server.

    ``api_prefix="/api/v3"`` serves the REST API under that path and GraphQL at ``/api/graphql``, as a
    GitHub Enterprise Server does; the default serves both at the root like api.github.com.
    """

    def __init__(self, *, api_prefix: str = "", login: str = "octocat") -> None:
        self.api_prefix = api_prefix.rstrip("/")
        self.state = State()
        self.faults = FaultSet()
        self.log = RequestLog()
        self.routes: RouteTable = TABLE
        #: Status of a primary rate-limit refusal on REST routes: GitHub sends 403 or 429.
        self.primary_limit_status = 403
        #: Tracebacks of emulator bugs (answered as 500); the pytest fixture fails a test that caused any.
        self.internal_errors: list[str] = []
        self.user = self.state.add_user(login)
        #: A user token acting as ``login`` with write access everywhere.
        self.token = self.state.add_token(login, f"ghp_emulator_{login}", permissions="write").value
        self._server = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._connections: set[socket.socket] = set()
        self.render = Renderer(self.state, "http://127.0.0.1:0", "http://127.0.0.1:0")

    # ----- lifecycle ---------------------------------------------------------------------------

    def start(self) -> "GitHubEmulator":
        from .server import serve

        self._stopping.clear()
        self._server, self._thread = serve(self)
        self.render = Renderer(self.state, self.url, self.web_url)
        return self

    def stop(self) -> None:
        """Stop accepting, wake the accept loop, and cut open keep-alive connections."""
        if self._server is None:
            return
        self._stopping.set()
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
        except OSError:
            pass
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server.server_close()
        for conn in list(self._connections):
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._server = None

    def __enter__(self) -> "GitHubEmulator":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ----- addresses ---------------------------------------------------------------------------

    @property
    def port(self) -> int:
        assert self._server is not None, "start() the emulator first"
        return self._server.server_address[1]

    @property
    def web_url(self) -> str:
        """Plays https://github.com (GITHUB_SERVER_URL): the root of every ``html_url``."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        """The REST API root (GITHUB_API_URL)."""
        return f"{self.web_url}{self.api_prefix}"

    @property
    def graphql_path(self) -> str:
        prefix = self.api_prefix[: -len("/v3")] if self.api_prefix.endswith("/v3") else self.api_prefix
        return f"{prefix}/graphql"

    @property
    def graphql_url(self) -> str:
        """GITHUB_GRAPHQL_URL: ``/graphql`` on the API root, ``/api/graphql`` under a GHES prefix."""
        return f"{self.web_url}{self.graphql_path}"

    def _route_path(self, raw_path: str) -> str | None:
        if raw_path == self.graphql_path:
            return "/graphql"
        if not self.api_prefix:
            return raw_path
        if raw_path == self.api_prefix or raw_path.startswith(self.api_prefix + "/"):
            return raw_path[len(self.api_prefix):] or "/"
        return None

    def env(self, token: str | None = None) -> dict[str, str]:
        """The variables a workflow step would see, pointing at this emulator."""
        return {
            "GITHUB_API_URL": self.url,
            "GITHUB_GRAPHQL_URL": self.graphql_url,
            "GITHUB_SERVER_URL": self.web_url,
            "GITHUB_TOKEN": token or self.token,
        }

    # ----- clients -----------------------------------------------------------------------------

    def pygithub(self, token: str | None = None, **options: Any) -> "github.Github":
        """A real PyGithub client for this emulator. Unlike PyGithub's defaults it does not retry and
        does not throttle (no 0.25 s/1 s pauses), so faults surface as PyGithub raises them; pass
        ``retry=...`` or other ``github.Github`` options to change that."""
        import github

        options.setdefault("retry", None)
        options.setdefault("seconds_between_requests", None)
        options.setdefault("seconds_between_writes", None)
        options.setdefault("timeout", 10)
        return github.Github(base_url=self.url, auth=github.Auth.Token(token or self.token), **options)

    def graphql(self, query: str, variables: dict | None = None, *, token: str | None = None, timeout: float = 10) -> "requests.Response":
        """POST a GraphQL query with real ``requests``; returns the raw response."""
        import requests

        return requests.post(
            self.graphql_url,
            json={"query": query, "variables": variables or {}},
            headers={"Authorization": f"bearer {token or self.token}"},
            timeout=timeout,
        )

    # ----- rate limits -------------------------------------------------------------------------

    def rate_limit(self, token: str | None = None, resource: str = "core", *, remaining: int | None = None,
                   limit: int | None = None, reset_in: float | None = None) -> Budget:
        """Shape the budget ``token`` spends on ``resource`` (core, search, graphql)."""
        return self.state.rate_limits.set(rate_key(self.state.tokens[token or self.token]), resource, remaining=remaining, limit=limit, reset_in=reset_in)
