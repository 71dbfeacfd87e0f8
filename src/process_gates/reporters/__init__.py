"""One set of reporters serves every gate: a Report goes in, text/annotations/JSON/SARIF come out.

A gate fills a Report (its findings plus what it checked and why) and never formats anything itself,
so a new gate gets every output format, the job summary and the exit code for free.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import IO, Callable, Mapping

from ..findings import ExitCode, Finding, Severity, counts, exit_code, sort_findings

FORMATS = ("text", "github", "json", "sarif")


@dataclass
class Report:
    """What a gate has to say: its findings and the context that makes them understandable."""

    gate: str
    title: str
    findings: list[Finding] = field(default_factory=list)
    #: One-line facts for the summary: what was checked, what was skipped and why, the config used.
    notes: list[str] = field(default_factory=list)
    #: How many things were examined (files, documents, PRs): shown in the closing line.
    checked: int = 0
    checked_noun: str = "file"
    #: Extra outputs for the action (beyond errors and warnings).
    outputs: dict[str, str] = field(default_factory=dict)

    @property
    def sorted_findings(self) -> list[Finding]:
        return sort_findings(self.findings)

    @property
    def exit_code(self) -> ExitCode:
        return exit_code(self.findings)

    def tally(self) -> dict[Severity, int]:
        return counts(self.findings)

    def headline(self) -> str:
        c = self.tally()
        parts = [
            _plural(c[Severity.ERROR], "error"),
            _plural(c[Severity.WARNING], "warning"),
        ]
        if c[Severity.NOTICE]:
            parts.append(_plural(c[Severity.NOTICE], "notice"))
        examined = f" in {_plural(self.checked, self.checked_noun)}" if self.checked else ""
        verdict = "passed" if self.exit_code is ExitCode.PASSED else "failed"
        return f"{self.title}: {verdict}, {', '.join(parts)}{examined}"


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def render(report: Report, fmt: str, stream: IO[str], environ: Mapping[str, str] | None = None) -> None:
    renderer: Callable[..., None]
    if fmt == "text":
        from .text import render_text as renderer
    elif fmt == "github":
        from .github import render_github as renderer
    elif fmt == "json":
        from .json import render_json as renderer
    elif fmt == "sarif":
        from .sarif import render_sarif as renderer
    else:  # argparse restricts choices; this guards programmatic callers
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    renderer(report, stream, os.environ if environ is None else environ)
