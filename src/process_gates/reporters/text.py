"""``path:line:col: severity rule-id: message`` lines, the shape editors and CI log viewers link."""

from __future__ import annotations

from typing import IO, Mapping

from ..findings import Finding
from ..github.workflow import neutralize_line
from . import Report


def format_finding(f: Finding) -> str:
    where = str(f.location) if f.location else "-"
    if where.startswith((":", "#")):
        where = "./" + where  # a hostile file name must not start a workflow command
    return neutralize_line(f"{where}: {f.severity.value} {f.rule}: {f.message}")


def render_text(report: Report, stream: IO[str], environ: Mapping[str, str]) -> None:
    findings = report.sorted_findings
    for f in findings:
        stream.write(format_finding(f) + "\n")
    hints: dict[str, str] = {}
    for f in findings:
        if f.hint and f.rule not in hints:
            hints[f.rule] = f.hint
    for note in report.notes:
        stream.write(neutralize_line(f"note: {note}") + "\n")
    if hints:
        stream.write("how to fix:\n")
        for rule_id, hint in hints.items():
            stream.write(neutralize_line(f"  {rule_id}: {hint}") + "\n")
    stream.write(neutralize_line(report.headline()) + "\n")
