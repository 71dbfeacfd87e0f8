"""OpenSLO value formats: names, keys, durations and calendar times, with what the writer most likely meant."""

from __future__ import annotations

import pytest

from process_gates.slo.openslo_values import (
    Problem,
    annotation_key_problem,
    duration_problem,
    label_key_problem,
    name_problem,
    start_time_problem,
    time_zone_problem,
)


@pytest.mark.parametrize("good", ["a", "web", "checkout-availability", "1st-slo", "a" * 63])
def test_valid_names(good):
    assert name_problem(good) is None


@pytest.mark.parametrize(
    "bad, reason, suggestion",
    [
        ("", "it is empty", None),
        ("My Service", "it contains uppercase letters", "my-service"),
        ("my service", "it contains a space", "my-service"),
        ("web.api", "it contains '.'", "web-api"),
        ("-web", "it must start and end with a letter or a digit", "web"),
        ("a" * 64, "it is 64 characters long, over the maximum of 63", "a" * 63),
        ("OnCallDevopsMailNotification", "it contains uppercase letters", "on-call-devops-mail-notification"),
    ],
)
def test_invalid_names(bad, reason, suggestion):
    assert name_problem(bad) == Problem(reason, suggestion)


def test_label_and_annotation_keys():
    assert label_key_problem("team.name_1") is None
    assert label_key_problem("Team") == Problem("it contains uppercase letters", "team")
    assert label_key_problem("-x").reason.startswith("a label key holds")
    assert annotation_key_problem("example.com/dashboard-url") is None
    assert annotation_key_problem("openslo.com/key1") is None
    assert annotation_key_problem("a/b/c").reason.startswith("an annotation key is")
    assert annotation_key_problem("x" * 64).reason == "the name part is over 63 characters or the prefix over 253"


@pytest.mark.parametrize("good", ["1m", "5m", "12h", "28d", "4w", "1M", "1Q", "1Y", "365d", "01d"])
def test_valid_durations(good):
    assert duration_problem(good) is None


@pytest.mark.parametrize(
    "bad, suggestion",
    [
        ("30D", "30d"), ("1H", "1h"), ("2W", "2w"), ("1q", "1Q"), ("1y", "1Y"), ("1mo", "1M"), ("3 months", "3M"),
        ("5min", "5m"), ("2 hours", "2h"), ("1 d", "1d"), (5, "5m"), (1.5, None), ("1h30m", None), ("0m", None),
        ("d", None), ("", None), ("-1d", None), (True, None),
    ],
)
def test_invalid_durations(bad, suggestion):
    problem = duration_problem(bad)
    assert problem is not None and problem.suggestion == suggestion


def test_start_times():
    assert start_time_problem("2022-01-01 12:00:00") is None
    assert start_time_problem("2022-01-01 12:00:00.250") is None  # Go accepts a fraction when parsing
    assert start_time_problem("2022-01-01T12:00:00Z") == Problem(
        "write the date and time as `YYYY-MM-DD hh:mm:ss`, without `T` or a zone (the zone goes in `timeZone`)",
        "2022-01-01 12:00:00",
    )
    assert start_time_problem("2022-13-01 00:00:00").reason.startswith("it is not a real date and time")
    assert start_time_problem("2022-1-1 1:00:00").reason == "it must be a date and time written `YYYY-MM-DD hh:mm:ss`"


@pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Europe/Amsterdam", "Etc/GMT+5"])
def test_valid_time_zones(zone):
    assert time_zone_problem(zone) is None


@pytest.mark.parametrize(
    "zone, suggestion",
    [("america/new_york", "America/New_York"), ("America/New York", "America/New_York"), ("Europe/Amsterdm", "Europe/Amsterdam"),
     ("America", None), ("../../etc/passwd", None), ("/etc/localtime", None), ("Local", None), ("", None)],
)
def test_invalid_time_zones(zone, suggestion):
    problem = time_zone_problem(zone)
    assert problem is not None and problem.suggestion == suggestion
