"""The search ``q`` parser and matcher, without HTTP."""

from __future__ import annotations

import pytest

from github_emulator import search_query
from github_emulator.search_query import Qualifier, parse
from github_emulator.state import State


@pytest.fixture
def state() -> State:
    state = State()
    state.add_repo("acme/widgets")
    state.add_repo("other/thing")
    state.create_issue("acme/widgets", "Checkout outage", "Sev1 in checkout, paged @bob", author="alice", labels=["incident", "sev1"],
                       created_at="2024-03-01T10:00:00Z")
    state.create_issue("acme/widgets", "Postmortem: checkout outage", "Blameless review", author="bob", labels=["postmortem"],
                       created_at="2024-03-04T10:00:00Z", state="closed", closed_at="2024-03-10T10:00:00Z")
    state.add_pull("acme/widgets", "Fix checkout", "Fixes #1", author="carol", created_at="2024-03-02T10:00:00Z", draft=True)
    state.create_issue("other/thing", "Checkout elsewhere", labels=["incident"], created_at="2024-03-01T12:00:00Z", state="closed",
                       state_reason="not_planned")
    state.add_comment("acme/widgets", 1, "Rollback done", author="dana")
    return state


def _titles(state: State, q: str) -> list[str]:
    query = parse(q)
    search_query.validate(query)
    return [i.title for i in state.all_issues() if search_query.matches(query, i, lambda name: state.repo(name).owner.login)]


def test_parse_splits_qualifiers_phrases_and_negations() -> None:
    query = parse('repo:acme/widgets -label:"needs review" is:open "checkout outage" Sev1 foo:bar')
    assert query.qualifiers == [Qualifier("repo", "acme/widgets"), Qualifier("label", "needs review", True), Qualifier("is", "open")]
    assert query.terms == ["checkout outage", "sev1", "foo:bar"], "unknown qualifiers are searched as text, as GitHub does"


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("repo:acme/widgets is:issue", ["Checkout outage", "Postmortem: checkout outage"]),
        ("repo:acme/widgets is:pr is:draft", ["Fix checkout"]),
        ("repo:acme/widgets repo:other/thing label:incident", ["Checkout outage", "Checkout elsewhere"]),
        ("org:acme label:incident,postmortem", ["Checkout outage", "Postmortem: checkout outage"]),
        ("label:incident label:sev1", ["Checkout outage"]),
        ("label:incident -label:sev1", ["Checkout elsewhere"]),
        ("no:label", ["Fix checkout"]),
        ("state:closed reason:\"not planned\"", ["Checkout elsewhere"]),
        ("author:bob", ["Postmortem: checkout outage"]),
        ("commenter:dana", ["Checkout outage"]),
        ("mentions:bob", ["Checkout outage"]),
        ("involves:dana", ["Checkout outage"]),
        ("rollback", ["Checkout outage"]),
        ("rollback in:title,body", []),
        ('"postmortem: checkout" in:title', ["Postmortem: checkout outage"]),
        ("created:2024-03-01", ["Checkout outage", "Checkout elsewhere"]),
        ("created:>2024-03-01", ["Postmortem: checkout outage", "Fix checkout"]),
        ("created:<=2024-03-02 is:open", ["Checkout outage", "Fix checkout"]),
        ("created:2024-03-02..2024-03-04", ["Postmortem: checkout outage", "Fix checkout"]),
        ("created:*..2024-03-01T11:00:00Z", ["Checkout outage"]),
        ("closed:>=2024-03-05", ["Postmortem: checkout outage"]),
        ("comments:>=1", ["Checkout outage"]),
        ("comments:0", ["Postmortem: checkout outage", "Fix checkout", "Checkout elsewhere"]),
        ("-is:pr CHECKOUT user:other", ["Checkout elsewhere"]),
    ],
)
def test_qualifiers_match_like_github(state: State, q: str, expected: list[str]) -> None:
    assert _titles(state, q) == expected


@pytest.mark.parametrize("q", ["created:>yesterday", "comments:>many", "closed:2024-13-01"])
def test_unreadable_ranges_are_refused(q: str) -> None:
    with pytest.raises(search_query.QueryError):
        search_query.validate(parse(q))
