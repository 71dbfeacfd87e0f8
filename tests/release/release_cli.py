"""Run ``process-gates release check`` for real, in a child process, with a controlled environment."""

from __future__ import annotations

from pathlib import Path
from typing import Mapping, Sequence

from corecli import CliRun, run_cli
from corecli import clean_environment as environment

__all__ = ["environment", "run_release"]


def run_release(args: Sequence[str], cwd: Path, *, env: Mapping[str, str] | None = None, timeout: float = 60) -> CliRun:
    return run_cli(["release", "check", *args], cwd, env=env, timeout=timeout)
