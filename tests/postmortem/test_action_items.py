"""Action items: owner, due date and (when configured) type, in tables and lists, at each item's line."""

from __future__ import annotations

import pytest
from pm_support import lint, messages, where, with_section

from process_gates.postmortem.action_items import find_due, find_owner

ITEMS_AT = 23  # the line of the first line under "## Action Items" in GOOD after with_section()


def items(body: str, **changes: object) -> list[tuple[str, int | None, int | None]]:
    return where(lint(with_section("Action Items", body), **changes).findings, "postmortem.action-item.")


@pytest.mark.parametrize(
    "item",
    [
        "- [ ] Fix X (@alice, due 2024-05-01)",
        "- Fix X, owner: Bob Smith, due: 2024-05-01",
        "- Fix X — assigned to the payments team by May 3, 2024",
        "* Fix X [Rick] (2024-Q3)",
        "1. Fix X @acme/sre ETA 2024-W18",
        "- Fix X (@alice)\n  - deadline: sprint 42",
        "- [x] Already done, nobody needed",
    ],
    ids=["handle-due", "labels", "assigned-by", "morty-owner-quarter", "team-week", "detail-line", "done"],
)
def test_list_items_with_owner_and_due_pass(item: str) -> None:
    assert items(item) == []


def test_list_items_without_owner_or_due_are_reported_at_their_text() -> None:
    body = "- Fix X\n- [ ] Fix Y (@alice)\n- Fix Z due: soon\n  (owner: TBD)"
    assert items(body) == [
        ("postmortem.action-item.due", ITEMS_AT, 3),
        ("postmortem.action-item.owner", ITEMS_AT, 3),
        ("postmortem.action-item.due", ITEMS_AT + 1, 7),
        ("postmortem.action-item.due", ITEMS_AT + 2, 3),
        ("postmortem.action-item.owner", ITEMS_AT + 2, 3),
    ]
    result = lint(with_section("Action Items", body))
    assert messages(result.findings, "postmortem.action-item.due")[-1] == 'action item "Fix Z due: soon (owner: TBD)" has no due date: "soon" is not a date'


def test_a_bold_title_names_the_item_and_label_items_group_their_children() -> None:
    body = "- **Implement priority classes**: so that daemon sets schedule.\n- Short term:\n  - Rotate keys (@bob, 2024-05-01)\n  - Audit logs"
    result = lint(with_section("Action Items", body))
    assert where(result.findings, "postmortem.action-item.owner") == [
        ("postmortem.action-item.owner", ITEMS_AT, 3),
        ("postmortem.action-item.owner", ITEMS_AT + 3, 5),
    ]
    assert messages(result.findings, "postmortem.action-item.owner")[0] == 'action item "Implement priority classes" has no owner'


def test_table_items_find_owner_and_due_columns_by_header() -> None:
    body = (
        "| Action Item | Type (Mitigate/ Prevent) | Who | Priority | Due Date |\n"
        "|---|---|---|---|---|\n"
        "| Add canary | Prevent | @bob | P1 | 2024-05-01 |\n"
        "| Alert on skipped canary | Mitigate |  | P2 | next sprint |\n"
        "|  |  |  |  |  |\n"
    )
    assert items(body) == [
        ("postmortem.action-item.due", ITEMS_AT + 3, 3),
        ("postmortem.action-item.owner", ITEMS_AT + 3, 3),
    ]
    result = lint(with_section("Action Items", body))
    assert messages(result.findings, "postmortem.action-item.due") == [
        'action item "Alert on skipped canary" has no due date: "next sprint" is not a date'
    ]


def test_a_table_without_owner_or_due_columns_says_so() -> None:
    result = lint(with_section("Action Items", "| Task | Ticket |\n|---|---|\n| Add canary | OPS-12 |"))
    assert messages(result.findings, "postmortem.action-item.owner") == [
        'action item "Add canary" has no owner: the table has no Owner column (Owner, Who, Assignee, DRI)'
    ]
    assert messages(result.findings, "postmortem.action-item.due") == [
        'action item "Add canary" has no due date: the table has no Due column (Due, Due Date, Deadline, ETA)'
    ]


def test_types_are_required_only_when_configured() -> None:
    body = "- Add canary (@bob, 2024-05-01, Prevent)\n- Page sooner (@eve, 2024-05-01)\n- [Mitigate] Drain (@li, 2024-05-02)\n- type: process - Review (@al, 2024-05-03)"
    assert items(body) == []
    assert items(body, action_item_types=("Mitigate", "Prevent", "Process")) == [("postmortem.action-item.type", ITEMS_AT + 1, 3)]
    result = lint(with_section("Action Items", body), action_item_types=("Mitigate", "Prevent", "Process"))
    assert messages(result.findings, "postmortem.action-item.type") == [
        'action item "Page sooner (@eve, 2024-05-01)" has no type: name one of Mitigate, Prevent, Process'
    ]


def test_table_type_column() -> None:
    body = "| Action | Type | Owner | Due |\n|---|---|---|---|\n| A | Prevent | @a | 2024-05-01 |\n| B | later | @b | 2024-05-01 |"
    assert items(body, action_item_types=("Prevent",)) == [("postmortem.action-item.type", ITEMS_AT + 3, 3)]


def test_prose_outside_lists_and_tables_and_link_definitions_are_not_items() -> None:
    body = "We agreed on these follow-ups.\n\n- Fix X (@a, 2024-05-01)\n\n[PM-9]: https://example.com/pm-9"
    assert items(body) == []


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("mail alice@example.com", None),
        ("ask @alice", "@alice"),
        ("Owner: Bob, due 2024-05-01", "Bob"),
        ("owner: TBD", None),
        ("teach people who maintain X", None),
        ("Rotate keys [Rick]", "Rick"),
        ("Rotate keys [Rick, Morty]", "Rick, Morty"),
        ("See [PM-9]", None),
    ],
)
def test_find_owner(text: str, owner: str | None) -> None:
    assert find_owner(text) == owner


def test_a_reference_link_is_not_an_owner() -> None:
    assert find_owner("See [Runbook]", frozenset({"runbook"})) is None


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("due 2024-05-01", "2024-05-01"),
        ("by 1 June 2024", "1 June 2024"),
        ("(@a, Q3 2024)", "Q3 2024"),
        ("Backfill the data lost on 2024-04-30", None),
        ("due to the outage", None),
        ("we may need it", None),
    ],
)
def test_find_due(text: str, due: str | None) -> None:
    assert find_due(text)[0] == due
