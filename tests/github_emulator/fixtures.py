"""pytest fixtures: one emulator per test, started in-process (a thread, no subprocess: milliseconds).

Registered for the whole suite by ``pytest_plugins = ["github_emulator.fixtures"]`` in tests/conftest.py.
"""

from __future__ import annotations

from typing import Iterator

import pytest

from . import GitHubEmulator


def _running(emulator: GitHubEmulator) -> Iterator[GitHubEmulator]:
    """Start, hand over, stop; then fail the test if a request hit a bug in the emulator itself
    (answered as HTTP 500), so that a client's retry logic can never hide one."""
    emulator.start()
    try:
        yield emulator
    finally:
        emulator.stop()
    if emulator.internal_errors:
        pytest.fail("the GitHub emulator failed internally:\n" + "\n".join(emulator.internal_errors), pytrace=False)


@pytest.fixture
def github_emulator() -> Iterator[GitHubEmulator]:
    """A running emulator with one user, ``octocat``, and a write token for it (``.token``)."""
    yield from _running(GitHubEmulator())


@pytest.fixture
def ghes_emulator() -> Iterator[GitHubEmulator]:
    """Laid out as GitHub Enterprise Server: REST under /api/v3, GraphQL at /api/graphql."""
    yield from _running(GitHubEmulator(api_prefix="/api/v3"))
