"""Due dates (calendar and business days), escaping of hostile incident text, checklist parsing."""

from __future__ import annotations

import datetime as dt

import pytest

from process_gates.config.model import PostmortemOpenPolicy, PostmortemTrigger
from process_gates.errors import UsageError
from process_gates.holidays import parse_holidays
from process_gates.postmortem.due import DuePolicy
from process_gates.postmortem.incident import Incident
from process_gates.postmortem.open_plan import ExistingPostmortem, marker, plan_open, read_marker
from process_gates.postmortem.remind import OverdueItem, TrackedIssue, action_item_due, by_owner, checklist_items, overdue_postmortem_items
from process_gates.postmortem.template import check_placeholders, escape_inline, format_duration, safe_url

D = dt.date


@pytest.mark.parametrize(
    ("spec", "start", "due"),
    [
        ("3d", D(2026, 11, 20), D(2026, 11, 23)),  # calendar days run through the weekend
        ("5bd", D(2026, 11, 20), D(2026, 11, 27)),  # Friday + 5 business days = next Friday
        ("1bd", D(2026, 11, 20), D(2026, 11, 23)),  # Friday + 1 = Monday
        ("1bd", D(2026, 11, 21), D(2026, 11, 23)),  # Saturday + 1 = Monday
        ("2bd", D(2026, 11, 22), D(2026, 11, 24)),  # Sunday + 2 = Tuesday
        ("10bd", D(2026, 12, 28), D(2027, 1, 11)),  # across a year end
    ],
)
def test_due_dates(spec: str, start: dt.date, due: dt.date) -> None:
    assert DuePolicy.parse(spec).due_from(start) == due


@pytest.mark.parametrize("spec", ["0d", "3", "3w", "bd", "-1d", "1000d", "3 d"])
def test_bad_due_specs_say_what_is_expected(spec: str) -> None:
    with pytest.raises(ValueError, match="calendar days"):
        DuePolicy.parse(spec)


def test_business_days_skip_the_team_s_holidays_once_or_yearly() -> None:
    holidays = parse_holidays(["2026-11-26", "12-25", "01-01"])
    # Friday 2026-11-20 + 5 business days, Thursday 26th off: Monday..Wednesday, Friday, Monday 30th.
    assert DuePolicy.parse("5bd", holidays).due_from(D(2026, 11, 20)) == D(2026, 11, 30)
    # Yearly days recur: from Wednesday 2031-12-24, Thursday 25th and Thursday 2032-01-01 are skipped:
    # Friday 26th, Monday 29th, Tuesday 30th, Wednesday 31st, Friday 2nd.
    assert DuePolicy.parse("5bd", holidays).due_from(D(2031, 12, 24)) == D(2032, 1, 2)
    # Calendar days ignore holidays: a 3-day postmortem is due three days later, holiday or not.
    assert DuePolicy.parse("3d", holidays).due_from(D(2031, 12, 24)) == D(2031, 12, 27)


def test_plan_open_uses_the_configured_holidays() -> None:
    policy = PostmortemOpenPolicy(triggers=(PostmortemTrigger("sev2", "2bd"),), holidays=("12-24", "12-25"))
    plan = plan_open(_incident(("sev2",)), policy, None, D(2026, 12, 23))
    # Wednesday 23rd + 2 business days, Thursday 24th and Friday 25th off: Monday 28th, Tuesday 29th.
    assert (plan.action, plan.due) == ("create", D(2026, 12, 29))


def test_describe() -> None:
    assert DuePolicy.parse("1d").describe() == "1 day"
    assert DuePolicy.parse("5bd").describe() == "5 business days"


def test_escape_inline_breaks_markup_html_mentions_and_lines() -> None:
    assert escape_inline("@team *bold* <b>x</b> & [a](b)\n# h") == (
        "@\u200bteam \\*bold\\* &lt;b\\>x&lt;/b\\> &amp; \\[a\\]\\(b\\) \\# h"
    )
    assert escape_inline("a\u202eb") == "a b"  # bidirectional override


def test_safe_url_refuses_other_schemes() -> None:
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("https://github.com/o/r/issues/1 (x)") == "https://github.com/o/r/issues/1%20%28x%29"


def test_duration() -> None:
    start = dt.datetime(2026, 1, 1, 10, 0, tzinfo=dt.timezone.utc)
    assert format_duration(start, start + dt.timedelta(hours=26, minutes=5)) == "1 d 2 h 5 min"
    assert format_duration(start, None) == "ongoing"


def test_unknown_placeholder_names_line_and_column() -> None:
    with pytest.raises(UsageError, match=r"t\.md:2:3: unknown placeholder \{\{sev\}\}"):
        check_placeholders("ok {{title}}\n  {{sev}}\n", "t.md")


def _incident(labels: tuple[str, ...], state: str = "open") -> Incident:
    return Incident("o/r", 7, "Outage", "https://github.com/o/r/issues/7", state, labels, ("ann",), None, None)


POLICY = PostmortemOpenPolicy(triggers=(PostmortemTrigger("sev1", "3d"), PostmortemTrigger("sev2", "5bd")))


def test_plan_picks_the_earliest_due_severity_and_case_insensitive_labels() -> None:
    plan = plan_open(_incident(("SEV2", "Sev1")), POLICY, None, D(2026, 11, 20))
    assert plan.action == "create" and plan.severity is not None and plan.severity.label == "Sev1"
    assert plan.due == D(2026, 11, 23)


def test_plan_raise_only_moves_a_deadline_earlier() -> None:
    facts = read_marker(marker(7, "sev2", D(2026, 11, 20), D(2026, 11, 27)))
    assert facts is not None
    existing = ExistingPostmortem(9, "u", "open", "", facts)
    raised = plan_open(_incident(("sev1", "sev2")), POLICY, existing, D(2026, 11, 25))
    assert (raised.action, raised.due) == ("raise", D(2026, 11, 23))
    kept = plan_open(_incident(("sev2",)), POLICY, existing, D(2026, 11, 25))
    assert kept.action == "keep"


def test_marker_survives_hostile_label_names() -> None:
    text = marker(3, "sev 1 --> <b>", D(2026, 1, 1), D(2026, 1, 2))
    assert "-->" not in text[: -len(" -->")]
    facts = read_marker("x\n" + text + "\ny")
    assert facts is not None and facts.incident == 3 and facts.due == D(2026, 1, 2)


def test_checklist_lines_with_dates_and_owners_outside_code() -> None:
    body = (
        "- [ ] Add a canary stage @alice @bob-x due 2026-01-05\n"
        "- [x] Done already @carol 2020-01-01\n"
        "* [ ] No date here @dave\n"
        "```\n- [ ] in code @eve 2020-01-01\n```\n"
        "1. [ ] Numbered, mail me@example.com 2026-02-30\n"
    )
    assert checklist_items(body) == [
        ("Add a canary stage @alice @bob-x due 2026-01-05", D(2026, 1, 5), ("alice", "bob-x")),
        ("No date here @dave", None, ("dave",)),
        ("Numbered, mail me@example.com 2026-02-30", None, ()),  # not a real date; an e-mail is no owner
    ]


def test_overdue_items_of_a_postmortem_and_grouping_by_owner() -> None:
    body = marker(1, "sev1", D(2026, 1, 1), D(2026, 1, 4)) + "\n- [ ] fix it @alice 2026-01-10\n- [ ] later 2026-03-01\n"
    pm = TrackedIssue(5, "PM", "https://x/5", body, ("bob",))
    items = overdue_postmortem_items(pm, D(2026, 1, 11))
    assert [(i.kind, i.owners) for i in items] == [("postmortem", ("bob",)), ("checklist", ("alice",))]
    extra = OverdueItem("action item", 6, "u", "t", D(2026, 1, 2), ())
    assert list(by_owner([*items, extra])) == ["(unassigned)", "alice", "bob"]


def test_action_item_due_from_body_line_or_milestone() -> None:
    assert action_item_due(TrackedIssue(1, "t", "u", "Some text\n**Due:** 2026-05-01\n", ())) == D(2026, 5, 1)
    assert action_item_due(TrackedIssue(1, "t", "u", "", (), "2026-06-01T07:00:00Z")) == D(2026, 6, 1)
    assert action_item_due(TrackedIssue(1, "t", "u", "no date", ())) is None
