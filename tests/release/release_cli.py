"""Run ``process-gates release check`` for real, in a child process, with a controlled environment."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def environment(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The test's environment without the runner's or a developer's GitHub and Prometheus settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "PROCESS_GATES_", "PROMETHEUS_"))}
    env["PYTHONIOENCODING"] = "utf-8"
    env.update(extra or {})
    return env


def run_release(args: Sequence[str], cwd: Path, *, env: Mapping[str, str] | None = None, timeout: float = 60) -> Run:
    done = subprocess.run(
        [sys.executable, "-m", "process_gates", "release", "check", *args],
        cwd=cwd,
        env=environment(env),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return Run(done.returncode, done.stdout, done.stderr)
