"""Inline suppressions: one finding, one rule, a reason, on the same or the preceding line."""

from __future__ import annotations

import pytest
from pm_support import lint, messages, where, with_section

from process_gates.postmortem.suppressions import resolve_rule

CAUSES_AT = 19


def run(body: str) -> tuple[list[tuple[str, int | None, int | None]], list[tuple[str, str]]]:
    result = lint(with_section("Root Causes", body))
    silenced = [(f.rule, s.reason) for f, s in result.suppressed]
    return where(result.findings), silenced


@pytest.mark.parametrize(
    "body",
    [
        'It was human error. <!-- process-gates: allow blame "quoting the ticket title" -->',
        '<!-- process-gates: allow postmortem.language.blame "quoting the ticket title" -->\nIt was human error.',
        "<!-- process-gates: allow language.blame quoting the ticket title -->\nIt was human error.",
        "<!--\n  process-gates: allow blame\n  “quoting the ticket title”\n-->\nIt was human error.",
    ],
    ids=["same-line", "line-above", "unquoted-reason", "multi-line-comment"],
)
def test_a_suppression_with_a_reason_silences_the_finding_and_is_recorded(body: str) -> None:
    findings, silenced = run(body)
    assert findings == []
    assert silenced == [("postmortem.language.blame", "quoting the ticket title")]


def test_one_comment_silences_one_finding() -> None:
    findings, silenced = run('It was human error, and careless. <!-- process-gates: allow blame "quoted" -->')
    assert findings == [("postmortem.language.blame", CAUSES_AT, 25)]
    assert len(silenced) == 1


def test_a_suppression_without_a_reason_is_reported_and_silences_nothing() -> None:
    findings, silenced = run("<!-- process-gates: allow blame -->\nIt was human error.\n<!-- process-gates: allow blame \"\" -->")
    assert findings == [
        ("postmortem.suppression.reason", CAUSES_AT, 1),
        ("postmortem.language.blame", CAUSES_AT + 1, 8),
        ("postmortem.suppression.reason", CAUSES_AT + 2, 1),
    ]
    assert silenced == []
    result = lint(with_section("Root Causes", "<!-- process-gates: allow blame -->\nIt was human error."))
    assert messages(result.findings, "postmortem.suppression.reason") == [
        "the suppression of postmortem.language.blame gives no reason; it is ignored"
    ]


def test_a_suppression_two_lines_away_does_not_apply_and_is_unused() -> None:
    findings, silenced = run('<!-- process-gates: allow blame "quoted" -->\n\nIt was human error.')
    assert findings == [
        ("postmortem.suppression.unused", CAUSES_AT, 1),
        ("postmortem.language.blame", CAUSES_AT + 2, 8),
    ]
    assert silenced == []


@pytest.mark.parametrize(
    ("comment", "message"),
    [
        ("process-gates: ignore blame", '"process-gates: ignore blame" is not `process-gates: allow <rule> "reason"`'),
        ('process-gates: allow nonsense "x"', '"nonsense" names no postmortem rule that can be suppressed'),
        ('process-gates: allow reason "x"', '"reason" names no postmortem rule that can be suppressed'),
    ],
)
def test_malformed_suppressions(comment: str, message: str) -> None:
    result = lint(with_section("Root Causes", f"Fine. <!-- {comment} -->"))
    assert where(result.findings) == [("postmortem.suppression.invalid", CAUSES_AT, 7)]
    assert messages(result.findings, "postmortem.suppression.invalid") == [message]


def test_ordinary_comments_are_not_suppressions() -> None:
    assert run("Fine. <!-- allow blame: a note to the author -->") == ([], [])


def test_structure_findings_can_be_suppressed_too() -> None:
    body = '- Fix X (@alice) <!-- process-gates: allow due "tracked in OPS-12 with its date" -->'
    result = lint(with_section("Action Items", body))
    assert result.findings == []
    assert [f.rule for f, _ in result.suppressed] == ["postmortem.action-item.due"]


@pytest.mark.parametrize(
    ("token", "rule_id"),
    [
        ("blame", "postmortem.language.blame"),
        ("postmortem.action-item.owner", "postmortem.action-item.owner"),
        ("action-item.due", "postmortem.action-item.due"),
        ("person-as-cause", "postmortem.language.person-as-cause"),
        ("language", None),
    ],
)
def test_rule_names(token: str, rule_id: str | None) -> None:
    ids = ["postmortem.language.blame", "postmortem.action-item.owner", "postmortem.action-item.due", "postmortem.language.person-as-cause"]
    assert resolve_rule(token, ids) == rule_id
