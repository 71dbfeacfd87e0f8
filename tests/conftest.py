"""Shared fixtures: where the project and the real-world corpus live."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

import prometheus_server

# The GitHub emulator's fixtures (github_emulator, ghes_emulator) for every test that talks to "GitHub".
pytest_plugins = ["github_emulator.fixtures"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """../shared/corpus beside the project: present in CI, absent in a user's fresh clone."""
    if not CORPUS.is_dir():
        pytest.skip(f"the real-world corpus is not present at {CORPUS} (it ships beside the project in CI only)")
    return CORPUS


@pytest.fixture(scope="session")
def prometheus(
    tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config
) -> Iterator[prometheus_server.PrometheusServer]:
    """A real Prometheus (the distribution's package) with backfilled history, started once for the
    session and stopped at the end; shared by the release tests and the release-gate action's tests."""
    if prometheus_server.binaries() is None:
        pytest.skip(
            "prometheus and promtool are not installed (scripts/bootstrap installs the Debian package "
            "`prometheus` when run as root with apt-get)"
        )
    # pytest's cache (absent under -p no:cacheprovider) keeps the backfilled blocks between runs.
    store = getattr(pytestconfig, "cache", None)
    cache = store.mkdir("prometheus-history") if store is not None else None
    server = prometheus_server.start(tmp_path_factory.mktemp("prometheus"), cache)
    try:
        yield server
    finally:
        server.stop()
