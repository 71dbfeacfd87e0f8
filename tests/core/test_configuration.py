"""The configuration file: `config validate` reports each problem at its line, every other command fails
closed (exit 2) on a broken configuration, and our mini validator agrees with the real `jsonschema` on the
schema we ship (which is itself a valid 2020-12 schema)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from corecli import run_cli
from process_gates.config import load_config, schema_text
from process_gates.schema import Validator


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return name


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("slo:\n  mdoe: warn\n", "pg.yml:2:3: error config.schema: slo.mdoe: unknown field 'mdoe' (did you mean 'mode'?)"),
        ("limits:\n  max_depth: \"deep\"\n", "pg.yml:2:14: error config.schema: limits.max_depth: must be an integer, not a string ('deep')"),
        ("slo:\n  mode: strict\n", "pg.yml:2:9: error config.schema: slo.mode: must be one of 'enforce', 'warn', not 'strict'"),
        ("rules:\n  slo.format.unknown: loud\n", "pg.yml:2:23: error config.schema: rules.slo.format.unknown: must be one of 'error', 'warning', 'notice', 'off', not 'loud'"),
        ("rules:\n  Bad_Rule: warning\n", "pg.yml:2:3: error config.schema: rules.Bad_Rule: key 'Bad_Rule' does not match a rule id such as slo.alerting.missing"),
        ("rules:\n  input.yaml-syntax: \"off\"\n", "pg.yml:2:3: error config.rule-not-adjustable: rules.input.yaml-syntax: this rule cannot be adjusted"),
        ("version: 1\n---\nversion: 1\n", "pg.yml:3:1: error config.documents: holds 2 YAML documents; expected one"),
        ("version: 2\n", "pg.yml:1:10: error config.schema: version: must be 1, not 2"),
        ("- a\n- b\n", "pg.yml:1:1: error config.schema: (top level): must be a mapping, not a list"),
        ("limits:\n  max_file_bytes: 10\n", "pg.yml:2:19: error config.schema: limits.max_file_bytes: must be at least 1024, not 10"),
        ("limts:\n  max_depth: 10\n", "pg.yml:1:1: error config.schema: limts: unknown field 'limts' (did you mean 'limits'?)"),
        ("slo:\n  require-for: [services/*/]\n", "pg.yml:2:3: error config.schema: slo.require-for: unknown field 'require-for' (did you mean 'require_for'?)"),
        ("slo:\n  files: [\"\"]\n", "pg.yml:2:11: error config.schema: slo.files.0: must not be empty"),
        ("postmortem:\n  holidays: ['12-25', {date: '02-30'}]\n", "pg.yml:2:30: error config.postmortem: postmortem.holidays[1]: '02-30' is not a yearly day that exists (MM-DD)"),
        ("postmortem:\n  holidays: ['25 Dec']\n", "pg.yml:2:14: error config.schema: postmortem.holidays.0: '25 Dec' does not match a day written YYYY-MM-DD (once) or MM-DD (every year)"),
    ],
    ids=[
        "unknown-key", "wrong-type", "bad-enum", "bad-override", "bad-rule-id", "fatal-override", "two-documents",
        "version", "top-level-list", "below-minimum", "misspelt-section", "dash-for-underscore", "empty-glob",
        "holiday-that-does-not-exist", "holiday-in-words",
    ],
)
def test_config_validate_reports_schema_errors_at_their_place(text: str, line: str, tmp_path: Path) -> None:
    write(tmp_path, "pg.yml", text)
    run = run_cli(["config", "validate", "pg.yml"], tmp_path)
    assert run.returncode == 2, run.output
    assert run.stdout.splitlines()[0] == line
    assert run.stdout.splitlines()[-1] == "Configuration: failed, 1 error, 0 warnings in 1 file"
    assert run.stderr == ""


def test_one_holiday_list_serves_releases_and_postmortems_through_an_anchor(tmp_path: Path) -> None:
    write(tmp_path, "pg.yml", "release:\n  holidays: &days ['12-25', {date: '2026-11-26', name: Thanksgiving}]\npostmortem:\n  holidays: *days\n")
    loaded = load_config(str(tmp_path / "pg.yml"))
    assert loaded.findings == []
    assert loaded.config.postmortem.open.holidays == ("12-25", "2026-11-26")
    assert [h.date for h in loaded.config.release.holidays] == ["12-25", "2026-11-26"]


def test_every_schema_error_is_reported_not_only_the_first(tmp_path: Path) -> None:
    write(tmp_path, "pg.yml", "slo:\n  files: \"slo/*.yaml\"\n  target_ceiling: 0\n  unknown: 1\n")
    run = run_cli(["config", "validate", "pg.yml"], tmp_path)
    assert run.returncode == 2
    assert run.stdout.splitlines()[:3] == [
        "pg.yml:2:10: error config.schema: slo.files: must be a list, not a string ('slo/*.yaml')",
        "pg.yml:3:19: error config.schema: slo.target_ceiling: must be greater than 0, not 0",
        "pg.yml:4:3: error config.schema: slo.unknown: unknown field 'unknown'",
    ]


def test_unknown_rule_id_warns_but_passes(tmp_path: Path) -> None:
    write(tmp_path, "pg.yml", "rules:\n  slo.nope.never: warning\n")
    run = run_cli(["config", "validate", "pg.yml"], tmp_path)
    assert run.returncode == 0
    assert run.stdout.splitlines()[0] == "pg.yml:2:3: warning config.unknown-rule: rules.slo.nope.never: no such rule"


@pytest.mark.parametrize("text", ["", "# defaults for now\n", "---\n", "version: 1\n"], ids=["empty", "comment", "marker", "version-only"])
def test_empty_or_minimal_configuration_means_defaults(text: str, tmp_path: Path) -> None:
    write(tmp_path, "pg.yml", text)
    run = run_cli(["config", "validate", "pg.yml"], tmp_path)
    assert (run.returncode, run.stdout) == (0, "Configuration: passed, 0 errors, 0 warnings in 1 file\n")
    loaded = load_config(str(tmp_path / "pg.yml"))
    assert loaded.ok and loaded.findings == []
    assert loaded.config.slo.mode == "enforce" and loaded.config.limits.max_bytes == 1024 * 1024


def test_config_validate_finds_the_repository_file(tmp_path: Path) -> None:
    write(tmp_path, ".github/process-gates.yml", "slo:\n  mode: loud\n")
    run = run_cli(["config", "validate"], tmp_path)
    assert run.returncode == 2
    assert run.stdout.splitlines()[0].startswith(".github/process-gates.yml:2:9: error config.schema: slo.mode: ")


def test_config_validate_without_a_file_says_defaults_apply(tmp_path: Path) -> None:
    run = run_cli(["config", "validate"], tmp_path)
    assert run.returncode == 0
    assert run.stdout.splitlines() == [
        "note: no configuration file (.github/process-gates.yml or .github/process-gates.yaml); every gate uses its defaults",
        "Configuration: passed, 0 errors, 0 warnings",
    ]


@pytest.mark.parametrize("discovered", [False, True], ids=["--config", "repository-file"])
def test_other_commands_fail_closed_on_a_broken_configuration(discovered: bool, tmp_path: Path) -> None:
    name = write(tmp_path, ".github/process-gates.yml" if discovered else "pg.yml", "slo:\n  mdoe: warn\n")
    write(tmp_path, "other.yaml", "foo: bar\n")
    options = [] if discovered else ["--config", name]
    run = run_cli([*options, "slo", "validate", "other.yaml"], tmp_path)
    assert run.returncode == 2, run.output
    lines = run.stdout.splitlines()
    assert lines[0] == f"{name}:2:3: error config.schema: slo.mdoe: unknown field 'mdoe' (did you mean 'mode'?)"
    assert f"note: the configuration {name} is invalid; no gate was evaluated" in lines
    assert "other.yaml" not in run.output  # nothing was evaluated with a configuration we cannot trust


def test_missing_config_path_is_one_clear_line(tmp_path: Path) -> None:
    run = run_cli(["--config", "nowhere.yml", "slo", "validate", "x.yaml"], tmp_path)
    assert run.returncode == 2
    named = run.lines_naming("nowhere.yml")
    assert named[0] == "nowhere.yml: error input.unreadable: no such file"
    assert len([line for line in run.stdout.splitlines() if " error " in line]) == 1


def test_broken_yaml_in_the_configuration_is_reported_at_its_place(tmp_path: Path) -> None:
    write(tmp_path, "pg.yml", "slo:\n  mode: warn\n  mode: enforce\n")
    run = run_cli(["--config", "pg.yml", "slo", "validate", "x.yaml"], tmp_path)
    assert run.returncode == 2
    assert run.stdout.splitlines()[0] == "pg.yml:3:3: error input.yaml-duplicate-key: duplicate key 'mode' (first at line 2)"


# --- the shipped schema, and our validator against the real one --------------------------------------------


@pytest.fixture(scope="module")
def shipped_schema() -> dict[str, Any]:
    return json.loads(schema_text())


def test_shipped_schema_is_a_valid_2020_12_schema(shipped_schema: dict[str, Any]) -> None:
    assert shipped_schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(shipped_schema)


DIFFERENTIAL_CONFIGS: list[Any] = [
    {},
    {"version": 1},
    {"version": 2},
    {"version": "1"},
    {"version": 1.0},
    {"limits": {"max_file_bytes": 1024, "max_depth": 4, "max_nodes": 100}},
    {"limits": {"max_file_bytes": 1023}},
    {"limits": {"max_file_bytes": 104857601}},
    {"limits": {"max_depth": 64.0}},
    {"limits": {"max_depth": 64.5}},
    {"limits": {"max_depth": True}},
    {"limits": {"max_nodes": None}},
    {"limits": {"unknown": 1}},
    {"limits": []},
    {"rules": {}},
    {"rules": {"slo.format.unknown": "notice", "input.binary": "off"}},
    {"rules": {"slo.format.unknown": "loud"}},
    {"rules": {"slo": "warning"}},
    {"rules": {"Slo.Format": "warning"}},
    {"rules": {"a-b.c-d.e": "error"}},
    {"rules": {"slo.format.unknown": None}},
    {"slo": {"mode": "warn", "files": ["slo/**/*.yaml"], "exclude": [], "require_for": ["services/*/"]}},
    {"slo": {"mode": "Warn"}},
    {"slo": {"files": "slo/*.yaml"}},
    {"slo": {"files": [""]}},
    {"slo": {"files": [1]}},
    {"slo": {"target_ceiling": 100}},
    {"slo": {"target_ceiling": 100.0001}},
    {"slo": {"target_ceiling": 0}},
    {"slo": {"target_ceiling": 1e-9}},
    {"slo": {"require_alerting": "yes"}},
    {"slo": {"require_alerting": False, "slo_generator_config": "slo/config.yaml"}},
    {"slo": {"slo_generator_config": ""}},
    {"slo": None},
    {"postmortem": {"lint": {"mode": "warn", "files": ["pm/*.md"], "sections": {"required": ["Summary"], "aliases": {"Impact": ["Stats"]}}}}},
    {"postmortem": {"lint": {"action_items": {"types": ["Mitigate", "Prevent"]}, "language": {"blame_words": [], "person_names": ["Zed"]}}}},
    {"postmortem": {"lint": {"sections": {"required": ["Summary", "Summary"]}}}},
    {"postmortem": {"lint": {"sections": {"aliases": {"Impact": "Stats"}}}}},
    {"postmortem": {"lint": {"language": {"counterfactuals": [""]}}}},
    {"postmortem": {"lint": {"timeline": {}}}},
    {"unknown": {}},
    [],
    "version: 1",
    None,
]


@pytest.mark.parametrize("config", DIFFERENTIAL_CONFIGS, ids=[json.dumps(c)[:60] for c in DIFFERENTIAL_CONFIGS])
def test_mini_validator_agrees_with_jsonschema(config: Any, shipped_schema: dict[str, Any]) -> None:
    ours = Validator(shipped_schema).errors(config)
    theirs = list(jsonschema.Draft202012Validator(shipped_schema).iter_errors(config))
    assert (ours == []) == (theirs == []), (
        f"ours: {[e.message for e in ours]}; jsonschema: {[e.message for e in theirs]}"
    )


def test_the_differential_set_exercises_both_outcomes(shipped_schema: dict[str, Any]) -> None:
    valid = [c for c in DIFFERENTIAL_CONFIGS if not Validator(shipped_schema).errors(c)]
    assert 8 <= len(valid) <= len(DIFFERENTIAL_CONFIGS) - 15
    assert len(DIFFERENTIAL_CONFIGS) >= 30


def test_config_schema_command_prints_the_shipped_schema(tmp_path: Path, shipped_schema: dict[str, Any]) -> None:
    run = run_cli(["config", "schema"], tmp_path)
    assert run.returncode == 0
    assert json.loads(run.stdout) == shipped_schema


def test_the_readme_configuration_example_is_valid(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    start = readme.index("# .github/process-gates.yml\nversion: 1\n")
    example = readme[start : readme.index("```", start)]
    write(tmp_path, "pg.yml", example)
    run = run_cli(["config", "validate", "pg.yml"], tmp_path)
    assert (run.returncode, run.stdout) == (0, "Configuration: passed, 0 errors, 0 warnings in 1 file\n"), run.output
    loaded = load_config(str(tmp_path / "pg.yml"))
    assert loaded.config.postmortem.open.holidays == tuple(h.date for h in loaded.config.release.holidays)
