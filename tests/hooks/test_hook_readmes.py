"""The hook catalogue documents what each hook reports, and stays in step with the rule registry."""

from __future__ import annotations

import pytest
from hook_rules import HOOK_RULES, current, render
from test_hooks_acceptance import HOOK_IDS, expected_rules


def test_every_manifest_hook_declares_its_rules() -> None:
    assert sorted(HOOK_RULES) == sorted(HOOK_IDS), "declare the rule families of each hook in tests/hooks/hook_rules.py"


@pytest.mark.parametrize("hook_id", HOOK_IDS)
def test_readme_rule_table_matches_the_registry(hook_id: str) -> None:
    table = current(hook_id)
    assert table is not None, f"hooks/{hook_id}/README.md has no generated rules table"
    assert table == render(hook_id), f"hooks/{hook_id}/README.md is stale: run `python tests/hooks/hook_rules.py`"


@pytest.mark.parametrize("hook_id", HOOK_IDS)
def test_fail_example_rules_exist_and_belong_to_the_hook(hook_id: str) -> None:
    from process_gates import catalogue
    from process_gates.findings import registered_rules

    catalogue.load_all()
    known = registered_rules()
    selected = HOOK_RULES[hook_id]
    for rule_id in expected_rules(hook_id):
        assert rule_id in known, f"hooks/{hook_id}/README.md names {rule_id}, which no module declares"
        assert selected(rule_id), f"{rule_id} is not a rule that {hook_id} reports"
