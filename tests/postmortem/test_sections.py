"""Required sections (present, written in) and a quantified impact."""

from __future__ import annotations

import pytest
from pm_support import GOOD, lint, messages, where, with_section

from process_gates.postmortem.headings import SectionCatalog, heading_key


def test_the_good_postmortem_passes() -> None:
    assert lint(GOOD).findings == []


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Executive Summary", "Summary"),
        ("2. Root Cause(s)", "Root Causes"),
        ("Contributing Conditions Analysis", "Root Causes"),
        ("**Corrective Actions**", "Action Items"),
        ("Action Items & Follow-ups", "Action Items"),
        ("Recommendations", "Action Items"),
        ("Chain of Events", "Timeline"),
        ("Timeline (all times UTC)", "Timeline"),
        ("Lessons Learnt", "Lessons Learned"),
        ("What went well?", "Lessons Learned"),
        ("Mitigation & Resolution", "Resolution"),
        ("Trigger(s)", "Trigger"),
        ("Affected users", "Impact"),
        ("What Happened", "Summary"),
        ("Background", None),
        ("End User Impact", None),
    ],
)
def test_heading_aliases(title: str, name: str | None) -> None:
    assert SectionCatalog(()).name_of(title) == name


def test_heading_key_folds_case_markup_plurals_and_numbering() -> None:
    assert heading_key("1.2 Action Items & Follow-ups") == heading_key("action item and followups") == "action item and followup"


def test_missing_section_points_at_the_title() -> None:
    text = GOOD.replace("## Impact\n\nFor 42 minutes, 18% of checkout requests failed.\n\n", "")
    result = lint(text)
    assert where(result.findings) == [("postmortem.section.missing", 1, 3)]
    assert messages(result.findings, "postmortem.section.missing") == [
        'no "Impact" section: add a heading for it (recognised: "Impact", "Customer Impact", "User Impact", "Business Impact", ...)'
    ]


def test_a_document_without_headings_misses_every_section_at_line_1() -> None:
    result = lint("Just some text.\n")
    assert {f.location.line for f in result.findings} == {1}
    assert len(result.findings) == 6


def test_sections_are_found_at_any_level_and_under_any_alias() -> None:
    text = (
        GOOD.replace("## Summary", "#### Executive Summary")
        .replace("## Root Causes", "# Contributing Factors")
        .replace("## Action Items", "### Corrective Actions")
    )
    assert lint(text).findings == []


@pytest.mark.parametrize(
    "body",
    [
        "<!-- Describe the customer impact. -->",
        "TBD",
        "...",
        "<describe the impact>",
        "[Insert impact here]",
        "_Describe who was affected and for how long._",
        "- \n- [ ]\n-",
        "| Metric | Value |\n|---|---|\n",
        "| Metric | Value |\n|---|---|\n| | |\n| 20xx-MM-DD HH:mm | Short description |",
        "| Start Time |   | Detected By |   |\n|---|---|---|---|\n| End Time | | TTD | |",
        "Category: XXX\n\nTime to detection: YYY",
        "### End User Impact\n\n### Infrastructure Impact\n\nN/A",
        "All times in UTC.",
    ],
    ids=[
        "comment", "tbd", "ellipsis", "angle-hint", "bracket-hint", "italic-instruction", "empty-items",
        "header-only-table", "template-rows", "empty-form", "label-placeholders", "empty-subsections", "tz-note",
    ],
)
def test_template_hints_count_as_empty(body: str) -> None:
    result = lint(with_section("Impact", body))
    assert where(result.findings) == [("postmortem.section.empty", 7, 4)]
    assert messages(result.findings, "postmortem.section.empty") == ['the "Impact" section is empty: it holds only template hints']


@pytest.mark.parametrize(
    "body",
    [
        "### End User Impact\n\nCheckout failed for 42 minutes.",
        "| Metric | Value |\n|---|---|\n| Downtime | 42 minutes |",
        "| Start Time | 14:02 | Detected By | alert |\n|---|---|---|---|\n| Duration | 42 minutes | TTD | 7 minutes |",
        "```\n42 minutes of 5xx\n```",
    ],
    ids=["subsection", "table-row", "filled-form", "code"],
)
def test_written_sections_are_not_empty(body: str) -> None:
    assert lint(with_section("Root Causes", body)).findings == []


def test_a_label_heading_carries_its_own_content() -> None:
    text = with_section("Impact", "").replace("## Impact\n", "## Impact: 42 minutes of failed checkouts\n")
    assert lint(text).findings == []


def test_the_empty_finding_names_the_heading_used() -> None:
    text = with_section("Root Causes", "TBD").replace("## Root Causes", "## Contributing Factors")
    result = lint(text)
    assert messages(result.findings, "postmortem.section.empty") == [
        'the "Root Causes" section (heading "Contributing Factors") is empty: it holds only template hints'
    ]


def test_configured_required_sections_and_aliases() -> None:
    text = GOOD.replace("## Impact", "## Stats")
    assert where(lint(text).findings) == [("postmortem.section.missing", 1, 3)]
    assert lint(text, section_aliases=(("Impact", ("Stats",)),)).findings == []
    required = ("Summary", "Detection", "Customer Communication")
    result = lint(GOOD + "\n## How it was detected\n\nAn alert.\n\n## Customer Communication\n\nTBD\n", required_sections=required)
    assert where(result.findings) == [("postmortem.section.empty", 33, 4)]
    assert where(lint(GOOD, required_sections=("Summary", "Detection")).findings) == [("postmortem.section.missing", 1, 3)]


# --- impact ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "For 42 minutes checkout failed.",
        "12% of requests failed.",
        "About 3,100 orders were lost.",
        "Between 14:02 and 14:44 UTC; 14:02-14:44 errors.",
        "Refunds cost €4,200.",
        "Two hours of degraded search.",
        "| Metric | Time |\n|---|---|\n| Total Downtime | 1 day, 2 hours |",
    ],
)
def test_quantified_impact_passes(body: str) -> None:
    assert lint(with_section("Impact", body)).findings == []


def test_unquantified_impact_is_reported_at_its_heading() -> None:
    result = lint(with_section("Impact", "Some customers could not pay, which was bad."))
    assert where(result.findings) == [("postmortem.impact.quantified", 7, 4)]
    assert messages(result.findings, "postmortem.impact.quantified") == [
        'the "Impact" section states no duration or number (such as "45 minutes", "12% of requests", "3,200 users")'
    ]
