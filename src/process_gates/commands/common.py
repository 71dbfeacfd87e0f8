"""What every command does around its gate: load the configuration, grade findings, report, exit."""

from __future__ import annotations

import argparse
import sys
from typing import IO

from ..config import Config, LoadedConfig, apply_rule_overrides, load_config
from ..findings import ExitCode, Finding, downgrade_errors
from ..reporters import Report, render


def output_format(args: argparse.Namespace) -> str:
    return getattr(args, "format", None) or "text"


def load_or_report(args: argparse.Namespace, gate: str, title: str) -> tuple[Config | None, int]:
    """The configuration, or (None, exit code) after reporting why it cannot be used (fail closed)."""
    loaded: LoadedConfig = load_config(getattr(args, "config", None))
    if loaded.ok:
        if loaded.findings:
            # Non-fatal configuration findings (an unknown rule id) are shown with the gate's report.
            args._config_findings = loaded.findings  # noqa: SLF001 - carried to finish()
        return loaded.config, 0
    report = Report(gate=gate, title=title, findings=loaded.findings)
    report.notes.append(f"the configuration {loaded.config.source} is invalid; no gate was evaluated")
    return None, emit(report, args)


def graded(findings: list[Finding], config: Config, mode: str = "enforce") -> list[Finding]:
    """Findings as the repository wants them reported: its rule overrides, then the gate's mode. Gates
    that write a comment grade with this too, so the comment and the report never disagree."""
    result = apply_rule_overrides(list(findings), config.rules)
    return downgrade_errors(result) if mode == "warn" else result


def finish(report: Report, args: argparse.Namespace, config: Config, mode: str = "enforce") -> int:
    """Apply the repository's rule overrides and the gate's mode, then report."""
    findings: list[Finding] = list(getattr(args, "_config_findings", []))
    findings += apply_rule_overrides(report.findings, config.rules)
    if mode == "warn":
        findings = downgrade_errors(findings)
        report.notes.append("warn mode: errors are reported as warnings and do not fail the gate")
    report.findings = findings
    return emit(report, args)


def emit(report: Report, args: argparse.Namespace, stream: IO[str] | None = None) -> int:
    render(report, output_format(args), stream or sys.stdout)
    return int(report.exit_code)


__all__ = ["ExitCode", "Report", "emit", "finish", "load_or_report", "output_format"]
