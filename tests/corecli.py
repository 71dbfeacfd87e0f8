"""Run the real command line in a child process and measure what it cost.

The hostile-input bounds (CPU seconds, peak memory) are properties of the child alone, so the child is
reaped with ``os.wait4``, whose rusage belongs to that one process, not to every child pytest ever ran.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

#: A valid Sloth spec (one SLO, page and ticket alerts): the file that must pass in every test that needs one.
VALID_SLOTH = (
    "version: prometheus/v1\n"
    "service: search\n"
    "slos:\n"
    "  - name: requests-availability\n"
    "    objective: 99.5\n"
    "    description: 99.5% of search requests succeed.\n"
    "    sli:\n"
    "      events:\n"
    "        error_query: sum(rate(http_requests_total{code=~\"5..\"}[{{.window}}]))\n"
    "        total_query: sum(rate(http_requests_total[{{.window}}]))\n"
    "    alerting:\n"
    "      name: SearchHighErrorRate\n"
    "      page_alert:\n"
    "        labels: {severity: page}\n"
    "      ticket_alert:\n"
    "        labels: {severity: ticket}\n"
)

#: The issue's explicit bounds for one hostile file.
CPU_SECONDS_BOUND = 2.0
MAX_RSS_BOUND_KB = 200 * 1024


@dataclass(frozen=True)
class CliRun:
    returncode: int
    stdout: str
    stderr: str
    cpu_seconds: float
    max_rss_kb: int
    timed_out: bool

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def lines_naming(self, name: str) -> list[str]:
        return [line for line in self.output.splitlines() if name in line]


def clean_environment(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The test process's environment without the runner's files and a developer's Prometheus: a CLI test
    run inside GitHub Actions must not write annotations into the real job summary or outputs."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "PROCESS_GATES_", "PROMETHEUS_"))}
    env["PYTHONIOENCODING"] = "utf-8"
    if extra:
        env.update(extra)
    return env


#: Runs the CLI as ``python -m process_gates`` would and, on the way out, records the process's own peak
#: resident memory (VmHWM, which starts afresh at exec). ``ru_maxrss`` from wait4 cannot be used alone:
#: Linux keeps it across fork and exec, so a child of a large pytest process starts with pytest's size.
_PEAK_MEMORY_WRAPPER = """
import os, runpy, sys
sys.argv[0] = "process-gates"
try:
    runpy.run_module("process_gates", run_name="__main__", alter_sys=True)
finally:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            peak = next((line.split()[1] for line in status if line.startswith("VmHWM:")), "")
        with open(os.environ["PG_TEST_HWM_FILE"], "w", encoding="ascii") as out:
            out.write(peak)
    except OSError:
        pass
"""


def run_cli(
    args: Sequence[str],
    cwd: Path,
    *,
    env: Mapping[str, str] | None = None,
    timeout: float = 60.0,
) -> CliRun:
    """``python -m process_gates ARGS`` in ``cwd``; a hang is killed after ``timeout`` and reported."""
    hwm_fd, hwm_path = tempfile.mkstemp(prefix="pg-hwm-")
    os.close(hwm_fd)
    environment = clean_environment(env)
    environment["PG_TEST_HWM_FILE"] = hwm_path
    proc = subprocess.Popen(
        [sys.executable, "-c", _PEAK_MEMORY_WRAPPER, *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment,
    )
    chunks: dict[str, bytes] = {}

    def drain(name: str, stream) -> None:  # type: ignore[no-untyped-def]
        chunks[name] = stream.read()

    readers = [
        threading.Thread(target=drain, args=("out", proc.stdout), daemon=True),
        threading.Thread(target=drain, args=("err", proc.stderr), daemon=True),
    ]
    for reader in readers:
        reader.start()
    expired = threading.Event()

    def kill() -> None:
        expired.set()
        proc.kill()

    guard = threading.Timer(timeout, kill)
    guard.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        guard.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here; Popen must not wait again
    for reader in readers:
        reader.join()
    max_rss_kb = usage.ru_maxrss
    try:
        with open(hwm_path, encoding="ascii") as handle:
            max_rss_kb = int(handle.read().strip() or max_rss_kb)
    except (OSError, ValueError):
        pass
    finally:
        os.unlink(hwm_path)
    return CliRun(
        returncode=proc.returncode,
        stdout=chunks.get("out", b"").decode("utf-8", "replace"),
        stderr=chunks.get("err", b"").decode("utf-8", "replace"),
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        max_rss_kb=max_rss_kb,
        timed_out=expired.is_set(),
    )


def runner_commands(output: str) -> list:
    """The workflow commands the Actions runner would act on in ``output`` (tests/action_runner's
    runner-exact parser; the runner reads lines ended by CR, LF or CRLF)."""
    from action_runner import CommandProcessor

    processor = CommandProcessor()
    for line in output.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        processor.feed(line)
    return processor.commands
