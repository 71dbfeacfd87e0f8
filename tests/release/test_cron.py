"""The five-field cron matcher: syntax, the day-of-month/day-of-week OR rule, and next/previous matches
checked against a minute-by-minute scan."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest

from process_gates.release.cron import CronError, parse_cron


def brute_next(expr: str, after: datetime, limit_days: int = 400) -> datetime | None:
    cron = parse_cron(expr)
    moment = after.replace(second=0, microsecond=0) + timedelta(minutes=1)
    end = after + timedelta(days=limit_days)
    while moment <= end:
        if cron.matches(moment):
            return moment
        moment += timedelta(minutes=1)
    return None


@pytest.mark.parametrize(
    ("expr", "minutes", "hours", "days", "months", "weekdays"),
    [
        ("0 17 * * FRI", {0}, {17}, set(range(1, 32)), set(range(1, 13)), {5}),
        ("*/15 9-17/4 1,15 JAN-MAR,dec mon-fri", {0, 15, 30, 45}, {9, 13, 17}, {1, 15}, {1, 2, 3, 12}, {1, 2, 3, 4, 5}),
        ("5/20 0 * * 7", {5, 25, 45}, {0}, set(range(1, 32)), set(range(1, 13)), {0}),
        ("0 0 * * 0,7", {0}, {0}, set(range(1, 32)), set(range(1, 13)), {0}),
        ("@daily", {0}, {0}, set(range(1, 32)), set(range(1, 13)), set(range(7))),
        ("@weekly", {0}, {0}, set(range(1, 32)), set(range(1, 13)), {0}),
        ("@hourly", {0}, set(range(24)), set(range(1, 32)), set(range(1, 13)), set(range(7))),
    ],
)
def test_fields_ranges_steps_lists_and_names(expr, minutes, hours, days, months, weekdays) -> None:
    cron = parse_cron(expr)
    assert (set(cron.minutes), set(cron.hours), set(cron.days), set(cron.months), set(cron.weekdays)) == (
        minutes, hours, days, months, weekdays,
    )


@pytest.mark.parametrize(
    ("expr", "complaint"),
    [
        ("", "empty expression"),
        ("0 17 * *", "4 fields; write five"),
        ("0 0 17 * * FRI", "6 fields; write five"),
        ("60 * * * *", "minute: 60 is outside 0-59"),
        ("* 24 * * *", "hour: 24 is outside 0-23"),
        ("* * 0 * *", "day of month: 0 is outside 1-31"),
        ("* * * 13 *", "month: 13 is outside 1-12"),
        ("* * * * 8", "day of week: 8 is outside 0-7"),
        ("* * * * FRY", "day of week: 'FRY' is not a number from 0 to 7 (or a name: SUN, MON"),
        ("*/0 * * * *", "minute: step '0' in '*/0' must be a positive number"),
        ("5-1 * * * *", "minute: range '5-1' runs backwards (5 > 1)"),
        ("1,,2 * * * *", "minute: empty item in '1,,2'"),
        ("@fortnightly", "unknown macro '@fortnightly'"),
    ],
)
def test_invalid_expressions_say_which_field(expr: str, complaint: str) -> None:
    with pytest.raises(CronError) as raised:
        parse_cron(expr)
    assert complaint in str(raised.value)


def test_day_of_month_and_day_of_week_are_ored_when_both_are_restricted() -> None:
    # Vixie cron and POSIX: "0 0 13 * FRI" is every 13th AND every Friday, not only Friday the 13th.
    cron = parse_cron("0 0 13 * FRI")
    assert cron.matches(datetime(2024, 3, 13))  # a Wednesday, the 13th
    assert cron.matches(datetime(2024, 3, 15))  # a Friday, the 15th
    assert not cron.matches(datetime(2024, 3, 14))
    # With either field '*'-led (even '*/2'), only the other one restricts the day.
    assert not parse_cron("0 0 * * FRI").matches(datetime(2024, 3, 13))
    assert parse_cron("0 0 */2 * FRI").matches(datetime(2024, 3, 15))  # the 15th is odd and a Friday
    assert not parse_cron("0 0 */2 * FRI").matches(datetime(2024, 3, 22))  # a Friday, but the 22nd is not in */2
    assert not parse_cron("0 0 */2 * FRI").matches(datetime(2024, 3, 13))  # in */2, not a Friday


def test_next_and_previous_across_year_and_leap_day() -> None:
    leap = parse_cron("0 12 29 2 *")
    assert leap.next_after(datetime(2024, 3, 1)) == datetime(2028, 2, 29, 12, 0)
    assert leap.previous_before(datetime(2028, 2, 29, 11, 59)) == datetime(2024, 2, 29, 12, 0)
    new_year = parse_cron("30 23 31 12 *")
    assert new_year.next_after(datetime(2024, 12, 31, 23, 30)) == datetime(2025, 12, 31, 23, 30)
    assert new_year.next_after(datetime(2024, 12, 31, 23, 30), inclusive=True) == datetime(2024, 12, 31, 23, 30)
    assert new_year.previous_before(datetime(2025, 1, 1, 0, 0)) == datetime(2024, 12, 31, 23, 30)
    assert new_year.previous_before(datetime(2024, 12, 31, 23, 30), inclusive=False) == datetime(2023, 12, 31, 23, 30)
    # Seconds round up for "next" and down for "previous".
    every = parse_cron("* * * * *")
    assert every.next_after(datetime(2024, 1, 1, 0, 0, 30), inclusive=True) == datetime(2024, 1, 1, 0, 1)
    assert every.previous_before(datetime(2024, 1, 1, 0, 0, 30)) == datetime(2024, 1, 1, 0, 0)


def test_a_schedule_that_never_matches_has_no_next() -> None:
    assert parse_cron("0 0 30 2 *").next_after(datetime(2024, 1, 1)) is None
    assert parse_cron("0 0 31 4 *").previous_before(datetime(2024, 1, 1)) is None


def test_next_after_agrees_with_a_minute_by_minute_scan() -> None:
    rng = random.Random(6)
    fields = [
        ["*", "0", "*/7", "5-20/5", "0,30", "59"],
        ["*", "0", "9-17", "*/6", "23", "1,13"],
        ["*", "1", "13", "1-7", "*/10", "31", "15,28"],
        ["*", "1", "FEB", "*/3", "6-8", "DEC"],
        ["*", "FRI", "0", "MON-FRI", "*/2", "6,7", "SUN"],
    ]
    starts = [datetime(2023, 12, 31, 23, 58), datetime(2024, 2, 28, 12, 0), datetime(2024, 6, 15, 8, 7)]
    for _ in range(25):
        expr = " ".join(rng.choice(options) for options in fields)
        for start in starts:
            expected = brute_next(expr, start, limit_days=35)
            got = parse_cron(expr).next_after(start)
            if expected is not None:
                assert got == expected, expr
            else:
                assert got is None or got > start + timedelta(days=35), expr
