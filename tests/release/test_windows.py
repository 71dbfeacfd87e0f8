"""Freezes, holidays and trains in three time zones, across DST changes (both hemispheres), year
boundaries and holidays. Every instant is written in UTC beside the local time it means."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from process_gates.config.release import release_from_data
from process_gates.release.settings import compile_calendar
from process_gates.release.windows import Calendar, local_text

UTC = timezone.utc


def calendar(tz: str, **release: object) -> Calendar:
    return compile_calendar(release_from_data({"timezone": tz, **release}))


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def kinds(cal: Calendar, at: str, branch: str | None = None) -> list[tuple[str, str]]:
    return [(w.kind, w.name) for w in cal.windows_at(utc(at), branch)]


WEEKEND = {"freezes": [{"name": "weekend", "cron": "0 17 * * FRI", "duration": "64h"}]}


# --- Europe/Amsterdam: CET (+1) / CEST (+2); 2024-03-31 02:00 -> 03:00, 2024-10-27 03:00 -> 02:00 --------


def test_amsterdam_weekend_freeze_ends_monday_nine_across_spring_forward() -> None:
    cal = calendar("Europe/Amsterdam", **WEEKEND)
    (window,) = cal.windows_at(utc("2024-03-30T12:00"), None)
    # Fri 17:00 CET = 16:00Z; Mon 09:00 CEST = 07:00Z: 63 real hours, 64 on the wall clock.
    assert (window.start, window.end) == (utc("2024-03-29T16:00"), utc("2024-04-01T07:00"))
    assert window.end - window.start == timedelta(hours=63)
    assert local_text(window.start, cal.tz) == "Fri 2024-03-29 17:00 CET"
    assert local_text(window.end, cal.tz) == "Mon 2024-04-01 09:00 CEST"
    assert kinds(cal, "2024-03-29T15:59") == []
    assert kinds(cal, "2024-03-29T16:00") == [("freeze", "weekend")]
    assert kinds(cal, "2024-04-01T06:59") == [("freeze", "weekend")]
    assert kinds(cal, "2024-04-01T07:00") == []
    assert cal.next_pass(utc("2024-03-30T12:00"), None) == utc("2024-04-01T07:00")


def test_amsterdam_weekend_freeze_across_fall_back_is_65_hours() -> None:
    cal = calendar("Europe/Amsterdam", **WEEKEND)
    (window,) = cal.windows_at(utc("2024-10-27T01:30"), None)  # inside the repeated hour
    # Fri 17:00 CEST = 15:00Z; Mon 09:00 CET = 08:00Z.
    assert (window.start, window.end) == (utc("2024-10-25T15:00"), utc("2024-10-28T08:00"))
    assert kinds(cal, "2024-10-28T07:30") == [("freeze", "weekend")]  # 08:30 CET: still frozen
    assert kinds(cal, "2024-10-28T08:00") == []


def test_amsterdam_start_in_the_spring_gap_lands_after_it_and_keeps_its_length() -> None:
    # 02:30 does not exist on 2024-03-31: the window opens at 03:30 CEST (01:30Z) and lasts its hour.
    cal = calendar("Europe/Amsterdam", freezes=[{"name": "nightly", "cron": "30 2 * * *", "duration": "1h"}])
    (window,) = cal.windows_at(utc("2024-03-31T02:00"), None)
    assert (window.start, window.end) == (utc("2024-03-31T01:30"), utc("2024-03-31T02:30"))
    assert local_text(window.start, cal.tz) == "Sun 2024-03-31 03:30 CEST"
    # The day before, a normal night: 02:30-03:30 CET = 01:30Z-02:30Z.
    (before,) = cal.windows_at(utc("2024-03-30T02:00"), None)
    assert (before.start, before.end) == (utc("2024-03-30T01:30"), utc("2024-03-30T02:30"))


def test_amsterdam_start_in_the_autumn_overlap_fires_once_at_the_first() -> None:
    # 02:30 happens twice on 2024-10-27; the freeze starts at the first (CEST, 00:30Z) and its wall-clock
    # hour ends at 03:30 CET (02:30Z).
    cal = calendar("Europe/Amsterdam", freezes=[{"name": "nightly", "cron": "30 2 * * *", "duration": "1h"}])
    (window,) = cal.windows_at(utc("2024-10-27T01:45"), None)
    assert (window.start, window.end) == (utc("2024-10-27T00:30"), utc("2024-10-27T02:30"))
    assert kinds(cal, "2024-10-27T00:29") == []


def test_amsterdam_holiday_on_a_dst_day_is_23_hours() -> None:
    cal = calendar("Europe/Amsterdam", holidays=[{"date": "2024-03-31", "name": "Easter"}])
    (window,) = cal.windows_at(utc("2024-03-31T12:00"), None)
    assert (window.kind, window.name) == ("holiday", "Easter")
    assert (window.start, window.end) == (utc("2024-03-30T23:00"), utc("2024-03-31T22:00"))
    assert kinds(cal, "2024-03-30T22:59") == []


# --- America/New_York: EST (-5) / EDT (-4); 2024-03-10 02:00 -> 03:00, 2024-11-03 02:00 -> 01:00 -----------


def test_new_york_overnight_freeze_across_spring_forward() -> None:
    cal = calendar("America/New_York", freezes=[{"name": "night", "cron": "0 22 * * *", "duration": "10h"}])
    (window,) = cal.windows_at(utc("2024-03-10T10:00"), None)
    # Sat 22:00 EST = 03:00Z Sunday; Sun 08:00 EDT = 12:00Z: nine real hours.
    assert (window.start, window.end) == (utc("2024-03-10T03:00"), utc("2024-03-10T12:00"))
    assert kinds(cal, "2024-03-10T11:59") == [("freeze", "night")]
    assert kinds(cal, "2024-03-10T12:00") == []


def test_new_york_release_train_after_fall_back() -> None:
    cal = calendar(
        "America/New_York",
        trains=[{"name": "twice-weekly", "departs": "0 9 * * MON,THU", "branches": ["release/*"], "window": "3h"}],
    )
    at = utc("2024-11-03T17:00")  # Sunday 12:00 EST, the day clocks fell back
    (window,) = cal.windows_at(at, "release/2024.11")
    # Boarding closed since Thu 2024-10-31 12:00 EDT (16:00Z) until Mon 09:00 EST (14:00Z).
    assert (window.kind, window.start, window.end) == ("train", utc("2024-10-31T16:00"), utc("2024-11-04T14:00"))
    assert cal.next_pass(at, "release/2024.11") == utc("2024-11-04T14:00")
    assert kinds(cal, "2024-11-04T14:00", "release/2024.11") == []
    assert kinds(cal, "2024-11-04T16:59", "release/2024.11") == []
    assert kinds(cal, "2024-11-04T17:00", "release/2024.11") == [("train", "twice-weekly")]
    # Branches the train does not cover leave any time; an unknown branch is not judged by trains.
    assert kinds(cal, "2024-11-03T17:00", "main") == []
    assert kinds(cal, "2024-11-03T17:00", None) == []


def test_new_york_new_year_freeze_crosses_the_year() -> None:
    cal = calendar("America/New_York", freezes=[{"name": "new year", "cron": "0 18 31 12 *", "duration": "1d15h"}])
    (window,) = cal.windows_at(utc("2025-01-01T12:00"), None)
    # Dec 31 18:00 EST = 23:00Z; Jan 2 09:00 EST = 14:00Z.
    assert (window.start, window.end) == (utc("2024-12-31T23:00"), utc("2025-01-02T14:00"))


# --- Australia/Sydney: AEST (+10) / AEDT (+11); DST ends 2024-04-07 03:00 -> 02:00, starts 2024-10-06 ------


def test_sydney_weekend_freeze_across_southern_spring_forward() -> None:
    cal = calendar("Australia/Sydney", **WEEKEND)
    (window,) = cal.windows_at(utc("2024-10-05T12:00"), None)
    # Fri 2024-10-04 17:00 AEST = 07:00Z; Mon 2024-10-07 09:00 AEDT = Sun 22:00Z: 63 real hours.
    assert (window.start, window.end) == (utc("2024-10-04T07:00"), utc("2024-10-06T22:00"))
    assert local_text(window.end, cal.tz) == "Mon 2024-10-07 09:00 AEDT"


def test_sydney_weekend_freeze_across_southern_fall_back() -> None:
    cal = calendar("Australia/Sydney", **WEEKEND)
    (window,) = cal.windows_at(utc("2024-04-06T12:00"), None)
    # Fri 2024-04-05 17:00 AEDT = 06:00Z; Mon 2024-04-08 09:00 AEST = Sun 23:00Z: 65 real hours.
    assert (window.start, window.end) == (utc("2024-04-05T06:00"), utc("2024-04-07T23:00"))
    assert window.end - window.start == timedelta(hours=65)


def test_sydney_year_end_freeze_holidays_and_weekend_chain_to_the_next_pass() -> None:
    cal = calendar(
        "Australia/Sydney",
        freezes=[{"name": "year end", "from": "2024-12-20", "to": "2025-01-02"}, *WEEKEND["freezes"]],
        holidays=["2024-12-25", {"date": "2025-01-03", "name": "extra day off"}],
    )
    # The fixed freeze covers 2024-12-20 00:00 AEDT (12-19 13:00Z) to the end of 2025-01-02 (01-02 13:00Z).
    assert [w.name for w in cal.windows_at(utc("2024-12-24T14:00"), None)] == ["year end", "holiday 2024-12-25"]
    assert kinds(cal, "2024-12-19T12:59") == []
    assert kinds(cal, "2024-12-19T13:00") == [("freeze", "year end")]
    # After the freeze: the holiday on Fri 2025-01-03, then the weekend from Fri 17:00 to Mon 09:00 AEDT.
    assert cal.next_pass(utc("2024-12-30T00:00"), None) == utc("2025-01-05T22:00")
    assert local_text(utc("2025-01-05T22:00"), cal.tz) == "Mon 2025-01-06 09:00 AEDT"


def test_fixed_freeze_with_times_and_offsets() -> None:
    cal = calendar(
        "Australia/Sydney",
        freezes=[{"from": "2024-07-01T18:00", "to": "2024-07-02T06:00+00:00"}],
    )
    (freeze,) = cal.freezes
    assert (freeze.start, freeze.end) == (utc("2024-07-01T08:00"), utc("2024-07-02T06:00"))
    assert freeze.name == "2024-07-01T18:00 to 2024-07-02T06:00+00:00"


def test_warn_rules_do_not_hold_back_the_next_pass() -> None:
    cal = calendar(
        "Europe/Amsterdam",
        freezes=[{"name": "soft", "cron": "0 9 * * *", "duration": "8h", "action": "warn"}, *WEEKEND["freezes"]],
    )
    at = utc("2024-03-28T10:00")  # Thursday 11:00 CET: the soft freeze applies, it only warns
    assert [(w.name, w.action) for w in cal.windows_at(at, None)] == [("soft", "warn")]
    assert cal.next_pass(at, None) == at


def test_a_freeze_that_never_ends_has_no_next_pass() -> None:
    cal = calendar("UTC", freezes=[{"name": "always", "cron": "* * * * *", "duration": "1h"}])
    assert cal.next_pass(utc("2024-01-01T00:00"), None) is None


@pytest.mark.parametrize("tz", ["Europe/Amsterdam", "America/New_York", "Australia/Sydney"])
def test_every_moment_of_a_dst_weekend_is_judged_consistently(tz: str) -> None:
    """Walk the two DST weekends of 2024 in 10-minute steps: inside a window exactly when a window covers the
    moment, and every window found is 63, 64 or 65 real hours long."""
    cal = calendar(tz, **WEEKEND)
    for first in ("2024-03-29T00:00", "2024-04-05T00:00", "2024-10-04T00:00", "2024-10-25T00:00", "2024-11-01T00:00"):
        moment = utc(first)
        for _ in range(4 * 24 * 6):
            for window in cal.windows_at(moment, None):
                assert window.start <= moment < window.end
                assert window.end - window.start in {timedelta(hours=h) for h in (63, 64, 65)}
                assert window.start.astimezone(cal.tz).strftime("%a %H:%M") == "Fri 17:00"
                assert window.end.astimezone(cal.tz).strftime("%a %H:%M") == "Mon 09:00"
            moment += timedelta(minutes=10)


def test_yearly_holidays_recur_every_year_in_local_time() -> None:
    cal = calendar("America/New_York", holidays=["12-25", {"date": "01-01", "name": "New Year"}])
    # 12-25 in New York (EST, -5) runs 05:00Z to 05:00Z the next day, in every year.
    for year in (2024, 2025, 2031):
        assert kinds(cal, f"{year}-12-25T05:00") == [("holiday", "every 12-25")]
        assert kinds(cal, f"{year}-12-25T04:59") == []
        assert kinds(cal, f"{year}-12-26T04:59") == [("holiday", "every 12-25")]
    # 2025-01-01 00:30 local is 05:30Z; at 04:30Z it is still New Year's Eve in New York.
    assert kinds(cal, "2025-01-01T05:30") == [("holiday", "New Year")]
    assert kinds(cal, "2025-01-01T04:30") == []
    assert cal.next_pass(utc("2025-12-25T12:00"), None) == utc("2025-12-26T05:00")


def test_a_yearly_29_february_is_a_holiday_in_leap_years_only() -> None:
    cal = calendar("Australia/Sydney", holidays=["02-29"])
    # 2024-02-29 00:00 AEDT (+11) is 2024-02-28 13:00Z.
    assert kinds(cal, "2024-02-28T13:00") == [("holiday", "every 02-29")]
    assert kinds(cal, "2025-02-28T13:00") == []  # 2025-03-01 local: no 29 February that year


@pytest.mark.parametrize(
    ("holiday", "message"),
    [
        ("02-30", "'02-30' is not a yearly day that exists (MM-DD)"),
        ("2025-02-29", "'2025-02-29' is not a date that exists (YYYY-MM-DD)"),
    ],
)
def test_holidays_that_do_not_exist_are_setting_errors(holiday: str, message: str) -> None:
    from process_gates.release.settings import SettingError

    with pytest.raises(SettingError) as caught:
        calendar("UTC", holidays=[holiday])
    assert caught.value.path == ("holidays", 0) and caught.value.message == message
