"""Helpers for the postmortem tests: lint a text with a policy and look at (rule, line, column)."""

from __future__ import annotations

from dataclasses import replace

from process_gates.config.model import PostmortemLintPolicy
from process_gates.findings import Finding
from process_gates.postmortem.lint import LintResult, lint_text

#: A postmortem that passes every rule: tests change one thing in it and expect one finding.
GOOD = """\
# Checkout outage

## Summary

A config deploy pointed checkout at a retired gateway endpoint.

## Impact

For 42 minutes, 18% of checkout requests failed.

## Timeline

- 2024-03-12 14:02 UTC - error rate rises
- 2024-03-12 14:09 UTC - the burn-rate alert pages the on-call engineer
- 2024-03-12 14:44 UTC - rollback complete

## Root Causes

The endpoint was retired without a redirect.

## Action Items

- [ ] Add a sandbox smoke test (@alice, due 2024-04-15)

## Lessons Learned

- Config needs the same checks as code.
"""


def policy(**changes: object) -> PostmortemLintPolicy:
    return replace(PostmortemLintPolicy(), **changes)


def lint(text: str, path: str = "pm.md", **changes: object) -> LintResult:
    return lint_text(text, path, policy(**changes))


def where(findings: list[Finding], prefix: str = "postmortem.") -> list[tuple[str, int | None, int | None]]:
    """(rule, line, column) of the findings whose rule starts with ``prefix``, in report order."""
    ordered = sorted(findings, key=Finding.sort_key)
    return [
        (f.rule, f.location.line if f.location else None, f.location.column if f.location else None)
        for f in ordered
        if f.rule.startswith(prefix)
    ]


def rules(findings: list[Finding]) -> list[str]:
    return [f.rule for f in sorted(findings, key=Finding.sort_key)]


def messages(findings: list[Finding], rule_id: str) -> list[str]:
    return [f.message for f in sorted(findings, key=Finding.sort_key) if f.rule == rule_id]


def with_section(title: str, body: str, text: str = GOOD) -> str:
    """GOOD with the body of one ``## title`` section replaced."""
    head, _, rest = text.partition(f"## {title}\n")
    assert rest, title
    _, sep, tail = rest.partition("\n## ")
    return f"{head}## {title}\n\n{body.strip()}\n" + (f"\n## {tail}" if sep else "")
