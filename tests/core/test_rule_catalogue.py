"""The rule catalogue: every rule any gate can report is documented in docs/rules.md, in sync with the
registry, with a fix for each, and with an id the `rules:` section of the configuration can name."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from corecli import clean_environment
from process_gates.catalogue import RULE_MODULES, all_rules, anchor, render_markdown
from process_gates.config import schema_text
from process_gates.findings import Rule, Severity

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DOCS = PROJECT_ROOT / "docs" / "rules.md"
SOURCE = PROJECT_ROOT / "src" / "process_gates"
REGENERATE = "regenerate it: python -m process_gates.catalogue > docs/rules.md"


@pytest.fixture(scope="module")
def generated() -> str:
    """The catalogue as a fresh interpreter renders it: the registry of a test session may also hold
    rules that other tests' imports declared, and the published file must not depend on test order."""
    proc = subprocess.run(
        [sys.executable, "-m", "process_gates.catalogue"], capture_output=True, text=True, env=clean_environment(), timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_docs_rules_md_is_up_to_date_with_the_registry(generated: str) -> None:
    assert DOCS.is_file(), f"docs/rules.md is missing; {REGENERATE}"
    assert DOCS.read_text(encoding="utf-8") == generated, f"docs/rules.md is stale; {REGENERATE}"


def test_every_rule_has_a_row_with_its_anchor(generated: str) -> None:
    for r in all_rules():
        assert f'<a name="{anchor(r.id)}"></a>`{r.id}`' in generated, r.id


def test_every_module_that_declares_rules_is_in_the_catalogue() -> None:
    """A module that calls ``rule(...)`` at import time but is missing from RULE_MODULES would have rules
    that `rules:` overrides reject as unknown and that the docs never show."""
    declaring = set()
    for path in SOURCE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            value = getattr(node, "value", None)
            if isinstance(value, ast.Call) and getattr(value.func, "id", None) == "rule":
                parts = path.relative_to(SOURCE.parent).with_suffix("").parts
                declaring.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
                break
    assert declaring, "found no rule declarations at all"
    imported = _modules_imported_by(RULE_MODULES)
    missing = sorted(m for m in declaring if m not in imported)
    assert missing == [], f"add these to RULE_MODULES in src/process_gates/catalogue.py: {missing}"


def _modules_imported_by(names: tuple[str, ...]) -> set[str]:
    code = (
        "import importlib, json, sys\n"
        f"for name in {list(names)!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('process_gates'))))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=clean_environment(), timeout=60)
    assert proc.returncode == 0, proc.stderr
    return set(json.loads(proc.stdout))


def test_rule_ids_are_stable_lowercase_dotted_and_overridable() -> None:
    schema = json.loads(schema_text())
    pattern = re.compile(schema["properties"]["rules"]["propertyNames"]["pattern"])
    for r in all_rules():
        assert pattern.search(r.id), f"{r.id} cannot be named under rules: in the configuration"
        assert r.id == r.id.lower()


def test_every_rule_says_what_it_means_and_how_to_fix_it() -> None:
    for r in all_rules():
        assert r.summary.strip() and r.summary.rstrip().endswith((".", ")")), r.id
        assert r.hint.strip(), f"{r.id} has no fix hint: every finding must say how to make it pass"


def test_fatal_rules_are_errors_about_input_or_configuration() -> None:
    for r in all_rules():
        if r.fatal:
            assert r.severity is Severity.ERROR, r.id
            assert r.id.split(".")[0] in {"input", "config"}, f"{r.id}: only unreadable input or configuration is fatal"


def test_render_groups_rules_by_family_and_escapes_cells() -> None:
    rules = [
        Rule("zeta.one", Severity.WARNING, "Pipes | in text.", "Use `a|b` carefully."),
        Rule("alpha.two", Severity.ERROR, "Second.", "Fix it.", fatal=True),
        Rule("alpha.one", Severity.NOTICE, "First\nline.", ""),
    ]
    lines = render_markdown(rules).splitlines()
    headings = [line for line in lines if line.startswith("## ")]
    assert headings == ["## alpha (`alpha.*`)", "## zeta (`zeta.*`)"]
    assert '| <a name="alphaone"></a>`alpha.one` | notice | First line. | — |' in lines
    assert '| <a name="alphatwo"></a>`alpha.two` | error (fatal, exit 2) | Second. | Fix it. |' in lines
    assert '| <a name="zetaone"></a>`zeta.one` | warning | Pipes \\| in text. | Use `a\\|b` carefully. |' in lines
