"""Exception and exempt labels count only when someone allowed applied them; every waiver is recorded.
Pure: the labels and who applied them are facts."""

from __future__ import annotations

from datetime import datetime, timezone

from process_gates.config.release import release_from_data
from process_gates.findings import Location, Severity
from process_gates.release.budget_rules import Step
from process_gates.release.check import evaluate
from process_gates.release.exceptions import judge
from process_gates.release.labels import current_labels
from process_gates.release.model import AppliedLabel, BudgetFacts, LabelFacts, Measurement, ReleaseFacts
from process_gates.release.settings import compile_calendar

SATURDAY = datetime(2024, 3, 30, 11, 0, tzinfo=timezone.utc)
RELEASE = {
    "timezone": "Europe/Amsterdam",
    "freezes": [{"name": "weekend", "cron": "0 17 * * FRI", "duration": "64h"}],
    "exceptions": {"labels": ["hotfix", "incident"], "allowed": ["alice", "@acme/release-managers"]},
    "error_budget": {"slo": "slo/app.yaml"},
}
POLICY = release_from_data(RELEASE)
CALENDAR = compile_calendar(POLICY)


def labels(*applied: AppliedLabel) -> LabelFacts:
    return LabelFacts(applied, "the timeline of acme/widgets#7")


def test_who_counts() -> None:
    allowed = ("alice", "@acme/release-managers")
    assert judge(AppliedLabel("hotfix", "Alice"), allowed).counts  # logins are case-insensitive
    team = judge(AppliedLabel("hotfix", "bob", frozenset({"acme/release-managers"})), allowed)
    assert (team.counts, team.why) == (True, "applied by @bob, a member of @acme/release-managers")
    outsider = judge(AppliedLabel("hotfix", "mallory"), allowed)
    assert (outsider.counts, outsider.why) == (
        False,
        "applied by @mallory, who is not in release.exceptions.allowed (alice, @acme/release-managers)",
    )
    assert judge(AppliedLabel("hotfix", None), allowed).why == "GitHub does not say who applied it (a deleted account or a ghost)"
    assert judge(AppliedLabel("hotfix", "alice"), ()).why == "release.exceptions.allowed is empty, so no label can waive a block"


def test_the_last_applier_counts_and_a_removed_label_is_gone() -> None:
    class Event:
        def __init__(self, event: str, label: str, actor: str) -> None:
            self.event, self.label, self.actor = event, label, actor

    timeline = [
        Event("labeled", "hotfix", "alice"),
        Event("unlabeled", "hotfix", "mallory"),
        Event("labeled", "Hotfix", "mallory"),
        Event("labeled", "incident", "alice"),
        Event("unlabeled", "incident", "alice"),
        Event("labeled", "docs", "alice"),
    ]
    assert current_labels(timeline, ("hotfix", "incident")) == {"Hotfix": "mallory"}


def test_a_freeze_is_waived_by_an_allowed_hotfix_label_and_recorded() -> None:
    facts = ReleaseFacts(SATURDAY, "main", labels(AppliedLabel("hotfix", "alice")))
    result = evaluate(POLICY, CALENDAR, facts)
    assert [(f.rule, f.severity) for f in result.findings] == [("release.exception.applied", Severity.NOTICE)]
    assert result.findings[0].message == (
        "waived by label 'hotfix' (applied by @alice, who is in release.exceptions.allowed): freeze 'weekend' is on "
        "from Fri 2024-03-29 17:00 CET to Mon 2024-04-01 09:00 CEST"
    )
    assert result.findings[0].data["waived_rule"] == "release.freeze.active"
    assert result.findings[0].data["by"] == "alice"
    assert "labels read from the timeline of acme/widgets#7" in result.notes


def test_a_label_from_someone_not_allowed_does_not_count_and_says_so() -> None:
    facts = ReleaseFacts(SATURDAY, "main", labels(AppliedLabel("incident", "mallory")))
    result = evaluate(POLICY, CALENDAR, facts)
    assert [(f.rule, f.severity, f.message) for f in result.findings] == [
        (
            "release.freeze.active",
            Severity.ERROR,
            "freeze 'weekend' is on from Fri 2024-03-29 17:00 CET to Mon 2024-04-01 09:00 CEST",
        ),
        (
            "release.exception.not-counted",
            Severity.WARNING,
            "label 'incident' does not waive the freeze or train: applied by @mallory, who is not in "
            "release.exceptions.allowed (alice, @acme/release-managers)",
        ),
    ]


def test_without_a_pull_request_no_label_can_count_and_the_summary_says_why() -> None:
    facts = ReleaseFacts(SATURDAY, "main", None, "the `push` event carries no pull request, so no label can waive a block")
    result = evaluate(POLICY, CALENDAR, facts)
    assert result.waivable
    assert [f.rule for f in result.findings] == ["release.freeze.active"]
    assert "the `push` event carries no pull request, so no label can waive a block" in result.notes
    assert "the calendar rules pass again from Mon 2024-04-01 09:00 CEST" in result.notes


def test_nothing_blocks_nothing_to_waive() -> None:
    monday = datetime(2024, 4, 1, 10, 0, tzinfo=timezone.utc)
    result = evaluate(POLICY, CALENDAR, ReleaseFacts(monday, "main"))
    assert (result.findings, result.waivable) == ([], False)


def budget_facts(sli_1h: float) -> BudgetFacts:
    windows = (3600, 2419200)
    return BudgetFacts(
        "SLO 'app'",
        0.999,
        2419200,
        Location("slo/app.yaml", 3, 1),
        {w: Measurement(w, ("q",), sli_1h if w == 3600 else 0.9995) for w in windows},
    )


STEPS = (Step("1 hour", 3600, 9.0, "block"), Step("28 days", 2419200, 1.0, "block"))


def test_budget_block_is_waived_only_by_exempt_labels() -> None:
    monday = datetime(2024, 4, 1, 10, 0, tzinfo=timezone.utc)
    # A hotfix label waives freezes, not the error budget: reliability and security work does.
    hotfix = evaluate(POLICY, CALENDAR, ReleaseFacts(monday, "main", labels(AppliedLabel("hotfix", "alice"))), budget_facts(0.98), STEPS)
    assert [f.rule for f in hotfix.findings] == ["release.budget.burn-rate"]
    security = evaluate(
        POLICY, CALENDAR, ReleaseFacts(monday, "main", labels(AppliedLabel("security", "alice"))), budget_facts(0.98), STEPS
    )
    assert [(f.rule, f.severity) for f in security.findings] == [("release.budget.exempt", Severity.NOTICE)]
    assert security.findings[0].message.startswith(
        "waived by label 'security' (applied by @alice, who is in release.exceptions.allowed): SLO 'app': the error "
        "budget burns 20.00x over the last 1h"
    )
    assert security.findings[0].location == Location("slo/app.yaml", 3, 1)
