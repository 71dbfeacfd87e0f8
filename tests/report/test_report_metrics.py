"""The report's arithmetic on hand-worked facts: no GitHub, no clock."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from process_gates.postmortem.remind import OverdueItem
from process_gates.report.metrics import compute, distribution, median, nearest_rank, weeks
from process_gates.report.model import (
    Deployment,
    DeploymentFacts,
    FollowUpFacts,
    IncidentIssue,
    MergedPull,
    PostmortemIssue,
    ReportFacts,
    SloFacts,
    Window,
)

UTC = timezone.utc
SINCE = datetime(2026, 11, 1, tzinfo=UTC)
UNTIL = datetime(2026, 11, 11, tzinfo=UTC)  # ten days: a week and a 3-day remainder


def at(day: int, hour: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


def facts(**changes) -> ReportFacts:
    base = dict(
        repository="acme/widgets",
        window=Window(SINCE, UNTIL),
        default_branch="main",
        pulls=(),
        deployments=DeploymentFacts("deployments", "configured"),
        incidents=(),
        severities=("sev1", "sev2"),
        follow_ups=FollowUpFacts(),
        slo=SloFacts(configured=False),
    )
    base.update(changes)
    return ReportFacts(**base)


def test_median_and_nearest_rank_percentile() -> None:
    assert median([]) is None and nearest_rank([], 0.9) is None
    assert median([5.0]) == 5.0 and nearest_rank([5.0], 0.9) == 5.0
    assert median([4.0, 1.0, 3.0, 2.0]) == 2.5  # mean of the two middle values
    # ceil(0.9 * 10) = 9th smallest of 1..10; ceil(0.9 * 11) = 10th smallest of 1..11.
    assert nearest_rank([float(v) for v in range(10, 0, -1)], 0.9) == 9.0
    assert nearest_rank([float(v) for v in range(1, 12)], 0.9) == 10.0
    assert distribution([2.0, 4.0, 26.0, 60.0, 72.0]).__dict__ == {"count": 5, "median_hours": 26.0, "p90_hours": 72.0}


def test_weeks_count_from_since_and_the_last_one_is_short() -> None:
    spans = weeks(Window(SINCE, UNTIL))
    assert spans == [(at(1), at(8)), (at(8), at(11))]


def test_lead_time_starts_at_the_first_commit_or_the_opening_whichever_is_earlier() -> None:
    pulls = (
        MergedPull(1, created_at=at(2, 10), merged_at=at(3, 10), first_commit_at=at(2, 8)),  # 26 h from the commit
        MergedPull(2, created_at=at(4, 9), merged_at=at(4, 13), first_commit_at=at(4, 12)),  # 4 h: commit after opening (rebased)
        MergedPull(3, created_at=at(5), merged_at=at(8)),  # 72 h, no commit listed
        MergedPull(4, created_at=at(9), merged_at=at(11)),  # merged at --until: outside [since, until)
        MergedPull(5, created_at=at(1) - timedelta(days=3), merged_at=at(1)),  # merged at --since: inside
    )
    m = compute(facts(pulls=pulls))
    assert (m.lead_time.count, m.lead_time.median_hours, m.lead_time.p90_hours) == (4, 49.0, 72.0)
    assert [w.merges for w in m.weeks] == [3, 1]  # the 8th opens the second week


def test_deployment_frequency_and_change_failure_rate() -> None:
    deployed = DeploymentFacts("deployments", "configured", tuple(Deployment(at(d)) for d in (1, 2, 3, 9, 12)))
    incidents = (
        IncidentIssue(10, "a", "u", at(2, 0), at(2, 3), "sev1"),  # 3 h
        IncidentIssue(11, "b", "u", at(9, 0), at(9, 5), "sev2"),  # 5 h
        IncidentIssue(12, "c", "u", at(10, 0), at(12, 0), "sev2"),  # closed after --until: still open at the end
        IncidentIssue(13, "d", "u", at(10, 12), None, "sev1"),  # open
    )
    m = compute(facts(deployments=deployed, incidents=incidents))
    assert m.deployments == 4  # the 12th is after --until
    assert m.deployments_per_week == pytest.approx(4 / (10 / 7)) and m.deployments_per_day == pytest.approx(0.4)
    assert m.incidents == 4 and m.change_failure_rate == 1.0
    assert (m.time_to_restore.count, m.time_to_restore.median_hours, m.time_to_restore.p90_hours) == (2, 4.0, 5.0)
    assert m.open_incidents == 2
    assert m.by_severity == {"sev1": 2, "sev2": 2}
    assert [(w.deployments, w.incidents) for w in m.weeks] == [(3, 1), (1, 3)]


def test_no_deployments_is_no_change_failure_rate_never_a_division_by_zero() -> None:
    m = compute(facts(incidents=(IncidentIssue(1, "a", "u", at(2), None, "sev1"),)))
    assert m.deployments == 0 and m.change_failure_rate is None
    assert m.deployments_per_week == 0.0 and m.time_to_restore.median_hours is None


def test_follow_ups_count_what_remind_reports() -> None:
    follow = FollowUpFacts(
        postmortems=(PostmortemIssue(1, "p", "u", at(2), True), PostmortemIssue(2, "q", "u", at(1) - timedelta(days=1), True)),
        open_postmortems=2,
        open_action_items=5,
        overdue=(OverdueItem("postmortem", 1, "u", "p", date(2026, 11, 5), ()), OverdueItem("checklist", 1, "u", "x", date(2026, 11, 6), ()),
                 OverdueItem("action item", 3, "u", "y", date(2026, 11, 7), ())),
    )
    m = compute(facts(follow_ups=follow))
    assert (m.postmortems_opened, m.postmortems_open, m.postmortems_overdue) == (1, 2, 1)
    assert (m.action_items_open, m.action_items_overdue) == (5, 2)
