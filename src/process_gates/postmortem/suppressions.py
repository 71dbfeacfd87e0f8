"""Inline suppressions: ``<!-- process-gates: allow <rule> "reason" -->``.

A finding is sometimes right and still not wanted: the postmortem quotes a customer who wrote "human
error", or an item's due date lives in the linked ticket. The escape hatch must leave an audit trail,
so a suppression:

- names one rule, by its id (``postmortem.language.blame``) or its last part (``blame``, ``owner``,
  ``due``, ``counterfactual``, ``person-as-cause``, ``order`` ...);
- gives a reason (quotes optional); without one it suppresses nothing and is itself reported;
- silences ONE finding of that rule, on the comment's own line(s) or on the line right after it —
  the first by column; a second finding needs a second comment;
- is reported when it silences nothing (moved text, fixed finding), so stale ones do not pile up.

Suppressed findings are listed in the report's notes with their reasons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from ..findings import Finding, Location, rule
from .markdown import Comment
from .model import shorten

REASON = rule(
    "postmortem.suppression.reason",
    "error",
    "A `process-gates: allow` comment gives no reason, so it suppresses nothing.",
    "Say why the finding does not apply: `<!-- process-gates: allow blame \"quoting the customer's ticket\" -->`.",
)
INVALID = rule(
    "postmortem.suppression.invalid",
    "error",
    "A `process-gates:` comment is not `allow <rule> \"reason\"`, or names no postmortem rule.",
    "Write `<!-- process-gates: allow <rule> \"reason\" -->` with a rule id from docs/rules.md, e.g. `owner` "
    "or `postmortem.action-item.owner`.",
)
UNUSED = rule(
    "postmortem.suppression.unused",
    "warning",
    "A suppression comment silences no finding on its line or the line after it.",
    "Put the comment on the finding's line or the line just above it, or delete it if the finding is gone.",
)

_DIRECTIVE = re.compile(r"\Aprocess-gates\s*:\s*(?P<rest>.*)\Z", re.IGNORECASE | re.DOTALL)
_ALLOW = re.compile(r"\Aallow\s+(?P<rule>[A-Za-z0-9.-]+)(?:\s+(?P<reason>.*))?\Z", re.IGNORECASE | re.DOTALL)
_QUOTE_PAIRS = (('"', '"'), ("“", "”"), ("'", "'"), ("‘", "’"))


@dataclass(frozen=True)
class Suppression:
    rule: str
    reason: str
    line: int
    column: int
    end_line: int

    def covers(self, finding: Finding) -> bool:
        loc = finding.location
        if finding.rule != self.rule or loc is None or loc.line is None:
            return False
        return self.line <= loc.line <= self.end_line + 1


def _reason(text: str | None) -> str:
    reason = " ".join((text or "").split())
    for opening, closing in _QUOTE_PAIRS:
        if len(reason) >= 2 and reason.startswith(opening) and reason.endswith(closing):
            reason = reason[1:-1].strip()
            break
    return reason if any(ch.isalnum() for ch in reason) else ""


def resolve_rule(token: str, rule_ids: Iterable[str]) -> str | None:
    """A rule id from its full form or its last part(s): ``blame`` -> ``postmortem.language.blame``."""
    token = token.lower().strip(".")
    candidates = [r for r in rule_ids if r == token or r == f"postmortem.{token}" or r.endswith(f".{token}")]
    return candidates[0] if len(candidates) == 1 else None


def parse_suppressions(
    comments: Iterable[Comment], path: str, rule_ids: Iterable[str]
) -> tuple[list[Suppression], list[Finding]]:
    """The valid suppressions of a document, and findings for the malformed ones; ``rule_ids`` are
    the rules a comment may name."""
    suppressible = list(rule_ids)
    found: list[Suppression] = []
    problems: list[Finding] = []
    for comment in comments:
        directive = _DIRECTIVE.match(comment.body)
        if not directive:
            continue
        where = Location(path, comment.line, comment.column)
        allow = _ALLOW.match(directive.group("rest").strip())
        if not allow:
            problems.append(INVALID.finding(f'"{shorten(comment.body)}" is not `process-gates: allow <rule> "reason"`', where))
            continue
        rule_id = resolve_rule(allow.group("rule"), suppressible)
        if rule_id is None:
            problems.append(INVALID.finding(f'"{allow.group("rule")}" names no postmortem rule that can be suppressed', where))
            continue
        reason = _reason(allow.group("reason"))
        if not reason:
            problems.append(REASON.finding(f"the suppression of {rule_id} gives no reason; it is ignored", where))
            continue
        found.append(Suppression(rule_id, reason, comment.line, comment.column, comment.end_line))
    return found, problems


def apply_suppressions(
    findings: list[Finding], suppressions: list[Suppression], path: str
) -> tuple[list[Finding], list[tuple[Finding, Suppression]]]:
    """(findings kept plus one per unused suppression, [(suppressed finding, its suppression)])."""
    remaining = sorted(findings, key=Finding.sort_key)
    silenced: list[tuple[Finding, Suppression]] = []
    unused: list[Finding] = []
    for suppression in suppressions:
        target = next((f for f in remaining if suppression.covers(f)), None)
        if target is None:
            unused.append(
                UNUSED.finding(
                    f"the suppression of {suppression.rule} matches no finding on line {suppression.end_line} "
                    f"or {suppression.end_line + 1}",
                    Location(path, suppression.line, suppression.column),
                )
            )
            continue
        remaining.remove(target)
        silenced.append((target, suppression))
    return remaining + unused, silenced
