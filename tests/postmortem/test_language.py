"""Blameless language: counterfactuals, blame words, a person as the cause — and what is left alone."""

from __future__ import annotations

import pytest
from pm_support import lint, messages, where, with_section

CAUSES_AT = 19  # the first line under "## Root Causes" in GOOD after with_section()
TIMELINE_AT = 13


def language(body: str, section: str = "Root Causes", **changes: object) -> list[tuple[str, int | None, int | None]]:
    return where(lint(with_section(section, body), **changes).findings, "postmortem.language.")


@pytest.mark.parametrize(
    ("sentence", "column"),
    [
        ("We should have caught it in review.", 4),
        ("The latter could have be done by the teams themselves.", 12),
        ("It wouldn't have mattered.", 4),
        ("Staging would’ve shown it.", 9),
        ("The canary should not have been skipped.", 12),
        ("On-call could have easily rolled back.", 9),
        ("If only the alert had fired.", 1),
    ],
)
def test_counterfactuals_are_reported_at_the_phrase(sentence: str, column: int) -> None:
    assert language(sentence) == [("postmortem.language.counterfactual", CAUSES_AT, column)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Each repository should have clear rules for contribution.",
        "The pipeline would have a guard after this change.",
        "We discussed the phrase \"should have\" in the meeting.",
        "Run `should have known` as a test name.",
        "See [the runbook](https://example.com/should-have-known).",
        "The service might have been slow.",
    ],
)
def test_recommendations_quotes_code_and_links_are_left_alone(sentence: str) -> None:
    assert language(sentence) == []


def test_headings_code_blocks_and_comments_are_never_read() -> None:
    body = "### What could have gone better?\n\nThe canary was off.\n\n```\nhuman error: should have known\n```\n<!-- careless -->"
    assert language(body) == []


@pytest.mark.parametrize(
    ("sentence", "column"),
    [
        ("It was human error.", 8),
        ("A careless change to the config.", 3),
        ("The operator forgot to drain the node.", 14),
        ("It was the fault of the vendor.", 12),
        ("Nobody is to blame.", 11),
        ("A fat-fingered command deleted the volume.", 3),
    ],
)
def test_blame_words_are_reported_at_the_word(sentence: str, column: int) -> None:
    assert language(sentence) == [("postmortem.language.blame", CAUSES_AT, column)]


def test_blameless_and_blame_free_are_not_blame() -> None:
    assert language("This review is blameless and blame-free.") == []


def test_the_message_quotes_the_phrase_in_context() -> None:
    result = lint(with_section("Root Causes", "The latter could have be done by the teams themselves."))
    assert messages(result.findings, "postmortem.language.counterfactual") == ['counterfactual "could have" in "could have be done by"']


@pytest.mark.parametrize(
    ("sentence", "column"),
    [
        ("@alice deployed the bad config.", 1),
        ("John deployed the bad config without a review.", 1),
        ("The canary was off; Maria merged the change.", 21),
        ("The check was disabled, because Peter turned it off.", 33),
        ("**Jan** ran the migration.", 3),
    ],
)
def test_a_person_as_the_subject_of_a_cause(sentence: str, column: int) -> None:
    assert language(sentence) == [("postmortem.language.person-as-cause", CAUSES_AT, column)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Terraform reverted the state.",
        "Kubernetes restarted the pods after the upgrade.",
        "Jan 10 saw the first alert.",
        "The change was reviewed by John.",
        "@acme/sre owns the pipeline.",
        "Will the retry storm recur? Mark the flag as required.",
    ],
)
def test_products_months_objects_and_teams_are_not_persons(sentence: str) -> None:
    assert language(sentence) == []


def test_names_outside_cause_sections_are_not_checked() -> None:
    assert language("John led the review.", section="Lessons Learned") == []


def test_timeline_names_in_parentheses_and_as_subjects() -> None:
    body = (
        "| Time | Event |\n|---|---|\n"
        "| 2021-12-13 11:45 | Jan and John discussing a collaboration |\n"
        "| 2021-12-13 16:29 | (Lloyd Middleton) Common task board created |\n"
        "| 2021-12-14 11:30 | (T&amp;I level) incident manager (Søren Iversen) appointed |\n"
        "| 2021-12-15 10:00 | Call with Peter Taylor (Process/Structure) |\n"
        "- 2021-12-16 09:00 @bob rolled back\n"
    )
    result = lint(with_section("Timeline", body))
    assert where(result.findings, "postmortem.language.") == [
        ("postmortem.language.person-as-cause", TIMELINE_AT + 2, 22),
        ("postmortem.language.person-as-cause", TIMELINE_AT + 3, 23),
        ("postmortem.language.person-as-cause", TIMELINE_AT + 4, 56),
        ("postmortem.language.person-as-cause", TIMELINE_AT + 6, 20),
    ]
    assert messages(result.findings, "postmortem.language.person-as-cause")[1] == '"Lloyd Middleton" (a person) is named in "(Lloyd Middleton)"'


def test_configured_word_lists_and_names() -> None:
    assert language("It was a blunder by Zed.", blame_words=("blunder",)) == [("postmortem.language.blame", CAUSES_AT, 10)]
    assert language("It was human error.", blame_words=()) == []
    assert language("We oughta have known.", counterfactuals=("oughta have",)) == [("postmortem.language.counterfactual", CAUSES_AT, 4)]
    assert language("Zed deployed it.", person_names=("zed",)) == [("postmortem.language.person-as-cause", CAUSES_AT, 1)]
    assert language("Victor restarted the pods.", not_person_names=("Victor",)) == []
