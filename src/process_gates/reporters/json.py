"""A stable JSON document for dashboards and scripts (schema version 1)."""

from __future__ import annotations

import json
from typing import IO, Any, Mapping

from .. import __version__
from ..findings import Finding, Severity
from . import Report


def finding_dict(f: Finding) -> dict[str, Any]:
    loc = f.location
    out: dict[str, Any] = {
        "rule": f.rule,
        "severity": f.severity.value,
        "message": f.message,
        "hint": f.hint,
        "path": loc.path if loc else None,
        "line": loc.line if loc else None,
        "column": loc.column if loc else None,
        "end_line": loc.end_line if loc else None,
        "end_column": loc.end_column if loc else None,
    }
    if f.data:
        out["data"] = f.data
    return out


def render_json(report: Report, stream: IO[str], environ: Mapping[str, str]) -> None:
    tally = report.tally()
    document = {
        "schema_version": 1,
        "tool": {"name": "process-gates", "version": __version__},
        "gate": report.gate,
        "title": report.title,
        "passed": report.exit_code == 0,
        "exit_code": int(report.exit_code),
        "summary": {
            "errors": tally[Severity.ERROR],
            "warnings": tally[Severity.WARNING],
            "notices": tally[Severity.NOTICE],
            "checked": report.checked,
            "checked_noun": report.checked_noun,
        },
        "notes": report.notes,
        "outputs": report.outputs,
        "findings": [finding_dict(f) for f in report.sorted_findings],
    }
    json.dump(document, stream, indent=2, ensure_ascii=False, default=str)
    stream.write("\n")

