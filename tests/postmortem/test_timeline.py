"""The timeline in time order: tables and lists, dates across days, midnight, zones, date headings."""

from __future__ import annotations

import pytest
from pm_support import lint, messages, where, with_section

TIMELINE_AT = 13  # the first line under "## Timeline" in GOOD after with_section()


def order(body: str) -> list[tuple[str, int | None, int | None]]:
    return where(lint(with_section("Timeline", body)).findings, "postmortem.timeline.")


def order_messages(body: str) -> list[str]:
    return messages(lint(with_section("Timeline", body)).findings, "postmortem.timeline.order")


@pytest.mark.parametrize(
    "body",
    [
        "| Time | Event |\n|---|---|\n| 2021-12-10 | published |\n| 2021-12-10 15:40 | aware |\n| 2021-12-13 09:15 | scan |",
        "- 23:50 deploy\n- 00:05 alert fires\n- 01:10 recovered",
        "- 2021-12-17 14:40 terminated\n- 2021-12-17 log4j 2.17 published\n- 2021-12-18 evaluated",
        "### 2024-03-12\n\n- 23:10 deploy\n\n### 2024-03-13\n\n- 00:20 rollback",
        "- 14:30 UTC page\n- 15:45 CET call (14:45 UTC)\n- 15:00 UTC fixed",
        "- Dec 31, 11:50 PM deploy\n- Jan 1 2025 12:10 AM alert",
        "14:02 errors rise\n14:09 alert pages\n\n14:44 rollback",
        "| When (UTC) | Who/What |\n|---|---|\n| 2024-03-12T14:02:00Z | errors |\n| 2024-03-12T15:30:00+01:00 | call |",
        "| Date and Time in CET | Event |\n|:--|--|\n| 20xx-MM-DD HH:mm | Short event description |",
    ],
    ids=["dates-and-date-only", "midnight", "date-only-after-time", "date-headings", "zones", "month-names",
         "paragraph-lines", "iso-with-offsets", "template-row"],
)
def test_ordered_timelines_pass(body: str) -> None:
    assert order(body) == []


def test_table_out_of_order_reports_the_first_entry_with_both_times() -> None:
    body = (
        "All times in UTC.\n\n| Time | Event |\n| :-- | -- |\n"
        "| 2021-12-13   11:45 | call |\n| 2021-12-13   15:50 | scan |\n| 2021-12-13   14:30 | contact |\n"
        "| 2021-12-13   13:00 | another |\n"
    )
    assert order(body) == [("postmortem.timeline.order", TIMELINE_AT + 6, 3)]
    assert order_messages(body) == ['timeline entry "2021-12-13 14:30" is earlier than "2021-12-13 15:50" above it (line 18)']


def test_a_time_falling_back_more_than_twelve_hours_is_not_midnight() -> None:
    assert order("- 15:50 scan\n- 14:30 contact") == [("postmortem.timeline.order", TIMELINE_AT + 1, 3)]
    assert order("- 23:50 deploy\n- 00:05 alert\n- 00:02 rollback") == [("postmortem.timeline.order", TIMELINE_AT + 2, 3)]


def test_an_earlier_date_is_out_of_order_even_without_times() -> None:
    assert order("- 2021-12-14 formal notice\n- 2021-12-13 first call") == [("postmortem.timeline.order", TIMELINE_AT + 1, 3)]


def test_zones_convert_before_comparing() -> None:
    assert order("- 14:30 UTC page\n- 15:10 CET call") == [("postmortem.timeline.order", TIMELINE_AT + 1, 3)]
    assert order_messages("- 14:30 UTC page\n- 15:10 CET call") == ['timeline entry "15:10 CET" is earlier than "14:30 UTC" above it (line 13)']


def test_a_column_header_zone_applies_to_its_rows() -> None:
    body = "| Time (CET) | Event |\n|---|---|\n| 2024-03-12 15:10 | call |\n| 2024-03-12 14:20 UTC | page |"
    assert order(body) == []


def test_the_time_column_is_found_by_its_header() -> None:
    body = "| Event | Timestamp |\n|---|---|\n| call | 10:00 |\n| page | 09:00 |"
    assert order(body) == [("postmortem.timeline.order", TIMELINE_AT + 3, 10)]


def test_markup_before_the_time_is_skipped_in_the_position() -> None:
    assert order("- **14:30** page\n- **14:10** alert") == [("postmortem.timeline.order", TIMELINE_AT + 1, 5)]
