"""The text of the PRD gate's sticky PR comment: what is missing and exactly how to pass.

Deterministic (no run link, no time), so that a re-run with the same verdict finds the comment
unchanged and writes nothing. Everything from the PR (labels, logins, URLs) is escaped: the comment
must not render someone's Markdown or ping anyone (``@`` becomes an entity, which GitHub does not link).
"""

from __future__ import annotations

from ..findings import Finding, Severity
from ..reporters.github import md_escape


def _plain(text: str) -> str:
    return md_escape(text).replace("@", "&#64;")


def comment_text(findings: list[Finding], reason: str, how_to_pass: str, *, warn: bool) -> str | None:
    """The comment for a failing PR; None when the gate passes (the comment is then removed or resolved)."""
    problems = [f for f in findings if f.severity in (Severity.ERROR, Severity.WARNING) and not f.fatal]
    if not problems:
        return None
    head = "⚠️ **PRD check** (warn mode, not blocking)" if warn else "❌ **PRD check**"
    lines = [f"{head}: this PR needs an approved PRD or design.", "", f"Why: {_plain(reason)}.", ""]
    lines += [f"- `{f.rule}`: {_plain(f.message)}" for f in problems]
    lines += ["", f"**How to pass:** {_plain(how_to_pass)}", ""]
    lines.append("_This comment is updated by the PRD gate and removed once the PR passes._")
    return "\n".join(lines)
