"""Annotations, a Markdown job summary and step outputs for a GitHub Actions runner."""

from __future__ import annotations

import os
from typing import IO, Mapping

from ..findings import Finding, Severity
from ..github.workflow import annotation, append_summary, neutralize_line, set_output
from . import Report

_ICON = {Severity.ERROR: "❌", Severity.WARNING: "⚠️", Severity.NOTICE: "ℹ️"}


def workspace_path(path: str, environ: Mapping[str, str]) -> str:
    """A path as the runner expects it in an annotation: relative to the repository (GITHUB_WORKSPACE).

    Gates report paths relative to where they run; when an action runs in a sub-folder
    (``working-directory``), those would point at the wrong file in the pull request.
    """
    workspace = environ.get("GITHUB_WORKSPACE")
    if not workspace or os.path.isabs(path):
        return path
    relative = os.path.relpath(os.path.abspath(path), os.path.abspath(workspace))
    if relative == os.curdir or relative.startswith(os.pardir):
        return path
    relative = relative.replace(os.sep, "/")
    return relative + "/" if path.endswith("/") else relative


def annotation_line(f: Finding, environ: Mapping[str, str] | None = None) -> str:
    loc = f.location
    message = f.message + (f"\nHow to fix: {f.hint}" if f.hint else "")
    return annotation(
        f.severity.value,
        message,
        file=workspace_path(loc.path, environ or {}) if loc else None,
        line=loc.line if loc else None,
        col=loc.column if loc else None,
        end_line=loc.end_line if loc else None,
        end_column=loc.end_column if loc else None,
        title=f.rule,
    )


def md_escape(text: str) -> str:
    """Neutralise Markdown and HTML in hostile text placed in a summary table cell."""
    out = []
    for ch in text:
        if ch in "\\`*_{}[]<>()#+!|~&":
            out.append(f"&#{ord(ch)};")
        elif ch in "\r\n":
            out.append(" ")
        elif ch < " ":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def summary_markdown(report: Report) -> str:
    tally = report.tally()
    ok = report.exit_code == 0
    lines = [f"## {'✅' if ok else '❌'} {md_escape(report.title)}", ""]
    lines.append(
        f"**{'Passed' if ok else 'Failed'}**: {tally[Severity.ERROR]} error(s), {tally[Severity.WARNING]} warning(s), "
        f"{tally[Severity.NOTICE]} notice(s)" + (f" in {report.checked} {report.checked_noun}(s)." if report.checked else ".")
    )
    lines.append("")
    for note in report.notes:
        lines.append(f"- {md_escape(note)}")
    if report.notes:
        lines.append("")
    findings = report.sorted_findings
    if findings:
        lines += ["| | Where | Rule | Message |", "|---|---|---|---|"]
        for f in findings:
            # Not a code span: entities are not decoded inside one, so an escaped `_` would show as &#95;.
            where = md_escape(str(f.location)) if f.location else ""
            lines.append(f"| {_ICON[f.severity]} | {where} | `{f.rule}` | {md_escape(f.message)} |")
        lines.append("")
        hints: dict[str, str] = {}
        for f in findings:
            if f.hint and f.rule not in hints:
                hints[f.rule] = f.hint
        if hints:
            lines += ["### How to pass", ""]
            for rule_id, hint in hints.items():
                lines.append(f"- `{rule_id}`: {md_escape(hint)}")
            lines.append("")
    return "\n".join(lines) + "\n"


def render_github(report: Report, stream: IO[str], environ: Mapping[str, str]) -> None:
    for f in report.sorted_findings:
        stream.write(annotation_line(f, environ) + "\n")
    stream.write(neutralize_line(report.headline()) + "\n")
    append_summary(summary_markdown(report), environ)
    tally = report.tally()
    set_output("errors", str(tally[Severity.ERROR]), environ)
    set_output("warnings", str(tally[Severity.WARNING]), environ)
    for name, value in report.outputs.items():
        set_output(name, value, environ)
