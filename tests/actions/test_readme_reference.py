"""README.md documents every input, output and rule of each action and the reusable workflow, from the
files themselves (see action_docs.py)."""

from __future__ import annotations

import pytest
from action_docs import PROJECT_ROOT, README, REFERENCES, blocks, render


def test_every_action_in_the_repository_is_documented() -> None:
    actions = {str(p.relative_to(PROJECT_ROOT)) for p in (PROJECT_ROOT / "actions").glob("*/action.yml")}
    assert actions <= set(REFERENCES), "add the new action to REFERENCES in tests/actions/action_docs.py"


@pytest.mark.parametrize("name", [n for n in REFERENCES if (PROJECT_ROOT / n).is_file()])
def test_readme_reference_matches_the_file(name: str) -> None:
    found = blocks(README.read_text(encoding="utf-8")).get(name)
    assert found is not None, f"README.md has no reference block for {name}"
    assert found == render(name), f"README.md's reference of {name} is stale: run `python tests/actions/action_docs.py`"


def test_every_action_input_has_a_description() -> None:
    from action_docs import _load

    for name in REFERENCES:
        if not (PROJECT_ROOT / name).is_file() or name.startswith(".github/") or name.endswith(".md"):
            continue
        data = _load(name)
        for section in ("inputs", "outputs"):
            for key, spec in (data.get(section) or {}).items():
                assert (spec or {}).get("description"), f"{name}: {section}.{key} has no description"
