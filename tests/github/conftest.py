"""Fixtures for the GitHub plumbing tests: time that only moves when the code under test sleeps."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from process_gates.github.retry import Clock


@dataclass
class FakeTime:
    """Monotonic and wall time that advance only by sleeping (plus ``advance``), recording each sleep."""

    mono: float = 1000.0
    wall: float = 1_700_000_000.0
    sleeps: list[float] = field(default_factory=list)

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0
        self.sleeps.append(seconds)
        self.advance(seconds)

    def advance(self, seconds: float) -> None:
        self.mono += seconds
        self.wall += seconds

    @property
    def clock(self) -> Clock:
        return Clock(monotonic=lambda: self.mono, now=lambda: self.wall, sleep=self.sleep)

    @property
    def slept(self) -> float:
        return sum(self.sleeps)


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def make_client():
    """A GitHubClient on an emulator, closed after the test; keyword arguments go to GitHubClient."""
    from process_gates.github.client import GitHubClient

    clients: list[GitHubClient] = []

    def build(emulator, token: str | None = None, **options) -> GitHubClient:
        options.setdefault("timeout", 5.0)
        client = GitHubClient(token or emulator.token, api_url=emulator.url, graphql_url=emulator.graphql_url, **options)
        clients.append(client)
        return client

    yield build
    for client in clients:
        client.close()
