"""The text of the quality gate's one sticky PR comment: what failed, how to fix it, what was skipped.

Label names and file paths come from the PR, so ``<`` is escaped: a label such as
``<!-- process-gates:quality -->`` must not be able to forge the comment's marker or hide text.
"""

from __future__ import annotations

from ..findings import Finding, Severity, sort_findings
from .model import Skip

_ICON = {Severity.ERROR: "❌", Severity.WARNING: "⚠️", Severity.NOTICE: "ℹ️"}


def _safe(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def comment_text(findings: list[Finding], skips: list[Skip], run_url: str | None) -> str | None:
    """Markdown for the comment, or None when there is nothing to say (the comment is then removed)."""
    shown = [f for f in findings if f.severity in (Severity.ERROR, Severity.WARNING)]
    if not shown:
        return None
    failed = any(f.severity is Severity.ERROR for f in shown)
    lines = [
        f"### {'❌ Quality gate failed' if failed else '⚠️ Quality gate passed with warnings'}",
        "",
    ]
    for f in sort_findings(shown):
        lines.append(f"- {_ICON[f.severity]} **{f.severity.value}** `{f.rule}`: {_safe(f.message)}")
        if f.hint:
            lines.append(f"  - How to fix: {_safe(f.hint)}")
    if skips:
        lines += ["", "Skipped by label: " + ", ".join(f"{s.rule} (`{_safe(s.label)}`)" for s in skips)]
    if run_url:
        lines += ["", f"[Details in the job summary]({run_url})"]
    return "\n".join(lines)
