"""A real Prometheus on loopback, with history written before it starts.

The history is OpenMetrics text with timestamps, turned into TSDB blocks by ``promtool tsdb
create-blocks-from openmetrics`` in the server's data directory; the server then answers instant queries
at any moment of that history (``time=`` in /api/v1/query). Compaction is held at the 2h blocks promtool
writes so the server does no background work while the tests query it.

Traffic of the test service ``app`` (counters ``app_requests_total{code=...}``), in 5-minute intervals
counting back from ``END`` (2024-03-29T12:00:00Z), for 30 days:

=====================  ===========  ==================  ===============
intervals before END   code="200"   code="500"          error ratio
=====================  ===========  ==================  ===============
1 .. 12    (last 1h)   1176         24                  2 %
13 .. 144  (to 12h)    995          5                   0.5 %
145 .. 8640 (to 30d)   999          1                   0.1 %
=====================  ===========  ==================  ===============

``quiet_requests_total{code="200"}`` has 100 per interval and no error series at all (a service that never
failed: its error query finds no series).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

END = datetime(2024, 3, 29, 12, 0, tzinfo=timezone.utc)
STEP_SECONDS = 300
INTERVALS = 30 * 24 * 12  # 30 days of 5-minute intervals


def phase(k: int) -> tuple[int, int]:
    """(good, bad) added in the k-th interval before END (1 = the interval ending at END)."""
    if k <= 12:
        return 1176, 24
    if k <= 144:
        return 995, 5
    return 999, 1


def openmetrics() -> str:
    end = int(END.timestamp())
    start = end - INTERVALS * STEP_SECONDS
    good = bad = quiet = 0
    lines_good, lines_bad, lines_quiet = [], [], []
    for i in range(INTERVALS + 1):
        t = start + i * STEP_SECONDS
        if i:
            g, b = phase(INTERVALS - i + 1)
            good, bad, quiet = good + g, bad + b, quiet + 100
        lines_good.append(f'app_requests_total{{code="200"}} {good} {t}')
        lines_bad.append(f'app_requests_total{{code="500"}} {bad} {t}')
        lines_quiet.append(f'quiet_requests_total{{code="200"}} {quiet} {t}')
    return "\n".join(
        [
            "# HELP app_requests Requests served by the test service.",
            "# TYPE app_requests counter",
            *lines_good,
            *lines_bad,
            "# HELP quiet_requests Requests served by a service that never failed.",
            "# TYPE quiet_requests counter",
            *lines_quiet,
            "# EOF",
            "",
        ]
    )


def binaries() -> tuple[str, str] | None:
    prometheus, promtool = shutil.which("prometheus"), shutil.which("promtool")
    return (prometheus, promtool) if prometheus and promtool else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PrometheusServer:
    url: str
    process: subprocess.Popen
    log: Path

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)


def blocks(promtool: str, workdir: Path, cache: Path | None) -> Path:
    """The history as TSDB blocks in ``workdir/data``. promtool writes one block per 2 hours (360 for 30
    days, about 15 s on two cores), so the blocks are kept in ``cache`` between sessions, keyed by the
    history and promtool's version, and copied for each server (Prometheus writes into its data folder)."""
    text = openmetrics()
    version = subprocess.run([promtool, "--version"], capture_output=True, text=True).stdout.splitlines()[:1]
    key = hashlib.sha256((text + "".join(version)).encode()).hexdigest()[:16]
    data = workdir / "data"
    cached = cache / key if cache is not None else None
    if cached is not None and (cached / "complete").is_file():
        shutil.copytree(cached / "data", data)
        return data
    data.mkdir()
    source = workdir / "history.om"
    source.write_text(text, encoding="utf-8")
    subprocess.run([promtool, "tsdb", "create-blocks-from", "openmetrics", "--quiet", str(source), str(data)], check=True, capture_output=True)
    if cached is not None:
        shutil.rmtree(cached, ignore_errors=True)
        shutil.copytree(data, cached / "data")
        (cached / "complete").write_text(key, encoding="utf-8")
    return data


def start(workdir: Path, cache: Path | None = None, timeout: float = 60.0) -> PrometheusServer:
    found = binaries()
    assert found is not None
    prometheus, promtool = found
    data = blocks(promtool, workdir, cache)
    config = workdir / "prometheus.yml"
    config.write_text("global: {}\n", encoding="utf-8")  # no scrape jobs: the history is all there is
    port = free_port()
    log = workdir / "prometheus.log"
    process = subprocess.Popen(
        [
            prometheus,
            f"--config.file={config}",
            f"--storage.tsdb.path={data}",
            f"--web.listen-address=127.0.0.1:{port}",
            "--storage.tsdb.retention.time=100y",
            "--storage.tsdb.min-block-duration=2h",
            "--storage.tsdb.max-block-duration=2h",
        ],
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        cwd=workdir,
        env={**os.environ, "GOMAXPROCS": "1"},
    )
    server = PrometheusServer(f"http://127.0.0.1:{port}", process, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"prometheus exited with {process.returncode}:\n{log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(f"{server.url}/-/ready", timeout=1) as response:
                if response.status == 200:
                    return server
        except OSError:
            pass
        time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"prometheus was not ready within {timeout:.0f}s:\n{log.read_text(errors='replace')[-2000:]}")
