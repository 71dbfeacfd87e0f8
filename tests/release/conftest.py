"""Fixtures of the release tests: a real Prometheus with backfilled history (session-wide)."""

from __future__ import annotations

from typing import Iterator

import pytest

import prometheus_server


@pytest.fixture(scope="session")
def prometheus(
    tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config
) -> Iterator[prometheus_server.PrometheusServer]:
    """Started once for the session from the distribution's package; stopped at the end."""
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
