"""The command-line contract every hook, action and script relies on: exit codes, options in either
place, machine-readable outputs, the light import path of the hooks, warn mode and `rules:` overrides."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from corecli import VALID_SLOTH, clean_environment, run_cli, runner_commands
from process_gates import __version__

NOT_AN_SLO = "foo: bar\n"
UNKNOWN_FORMAT_LINE = (
    "other.yaml:1:1: {severity} slo.format.unknown: not a recognised SLO document: no `apiVersion` "
    "(OpenSLO, Sloth resource, slo-generator) and no `version: prometheus/v1` (Sloth)"
)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "other.yaml").write_text(NOT_AN_SLO, encoding="utf-8")
    (tmp_path / "search.yaml").write_text(VALID_SLOTH, encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("a: [1, 2\n", encoding="utf-8")
    return tmp_path


def config(repo: Path, text: str) -> None:
    (repo / ".github").mkdir(exist_ok=True)
    (repo / ".github" / "process-gates.yml").write_text(text, encoding="utf-8")


# --- exit codes and usage -------------------------------------------------------------------------------


def test_exit_codes_passed_findings_and_input_error(repo: Path) -> None:
    assert run_cli(["slo", "validate", "search.yaml"], repo).returncode == 0
    assert run_cli(["slo", "validate", "other.yaml"], repo).returncode == 1
    assert run_cli(["slo", "validate", "broken.yaml"], repo).returncode == 2
    # Fatal beats findings: one unreadable file among bad ones still means "could not evaluate".
    assert run_cli(["slo", "validate", "other.yaml", "broken.yaml", "search.yaml"], repo).returncode == 2


@pytest.mark.parametrize(
    ("args", "complaint"),
    [
        ([], "the following arguments are required: COMMAND"),
        (["frobnicate"], "argument COMMAND: invalid choice: 'frobnicate'"),
        (["slo"], "the following arguments are required: ACTION"),
        (["slo", "frobnicate"], "argument ACTION: invalid choice: 'frobnicate'"),
        (["--format", "xml", "slo", "validate"], "argument --format: invalid choice: 'xml'"),
        (["slo", "validate", "--format", "yaml"], "argument --format: invalid choice: 'yaml'"),
        (["slo", "validate", "--nope"], "unrecognized arguments: --nope"),
        (["--config"], "argument --config: expected one argument"),
    ],
    ids=["no-command", "unknown-command", "no-action", "unknown-action", "bad-format", "bad-format-after", "unknown-option", "option-without-value"],
)
def test_usage_errors_exit_2_with_usage_on_stderr(args: list[str], complaint: str, repo: Path) -> None:
    run = run_cli(args, repo)
    assert run.returncode == 2
    assert run.stdout == ""
    assert run.stderr.startswith("usage: process-gates")
    assert complaint in run.stderr.splitlines()[-1]
    assert "Traceback" not in run.stderr


def test_usage_error_echoing_a_hostile_argument_injects_nothing(repo: Path) -> None:
    run = run_cli(["--format", "##[stop-commands]tok", "slo", "validate"], repo)
    assert run.returncode == 2
    assert runner_commands(run.stderr) == []


def test_version(repo: Path) -> None:
    run = run_cli(["--version"], repo)
    assert (run.returncode, run.stdout) == (0, f"process-gates {__version__}\n")
    assert __version__ == version("process-gates")


def test_help_documents_the_exit_codes(repo: Path) -> None:
    run = run_cli(["--help"], repo)
    assert run.returncode == 0
    assert "Exit codes: 0 passed, 1 findings, 2 usage/configuration/input error, 3 outside service failed." in " ".join(run.stdout.split())


# --- global options before and after the command --------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "json", "slo", "validate", "other.yaml"],
        ["slo", "validate", "--format", "json", "other.yaml"],
        ["slo", "validate", "other.yaml", "--format", "json"],
        ["--format", "text", "slo", "validate", "--format", "json", "other.yaml"],  # the later one wins
    ],
    ids=["before", "after-command", "after-paths", "both"],
)
def test_format_option_before_or_after_the_command(args: list[str], repo: Path) -> None:
    run = run_cli(args, repo)
    assert run.returncode == 1
    document = json.loads(run.stdout)
    assert document["gate"] == "slo-validate" and document["exit_code"] == 1
    assert [f["rule"] for f in document["findings"]] == ["slo.format.unknown"]


@pytest.mark.parametrize("place", ["before", "after"])
def test_config_option_before_or_after_the_command(place: str, repo: Path) -> None:
    (repo / "warn.yml").write_text("slo:\n  mode: warn\n", encoding="utf-8")
    option = ["--config", "warn.yml"]
    args = [*option, "slo", "validate", "other.yaml"] if place == "before" else ["slo", "validate", *option, "other.yaml"]
    run = run_cli(args, repo)
    assert run.returncode == 0, run.output
    assert run.stdout.splitlines()[0] == UNKNOWN_FORMAT_LINE.format(severity="warning")


@pytest.mark.parametrize("fmt", ["text", "github", "json", "sarif"])
def test_every_format_reports_the_same_exit_code(fmt: str, repo: Path) -> None:
    for name, code in (("search.yaml", 0), ("other.yaml", 1), ("broken.yaml", 2)):
        assert run_cli(["--format", fmt, "slo", "validate", name], repo).returncode == code


def test_github_format_writes_the_runner_files(repo: Path) -> None:
    summary, output = repo / "summary.md", repo / "output.txt"
    env = {"GITHUB_STEP_SUMMARY": str(summary), "GITHUB_OUTPUT": str(output), "GITHUB_ACTIONS": "true"}
    run = run_cli(["--format", "github", "slo", "validate", "other.yaml"], repo, env=env)
    assert run.returncode == 1
    assert run.stdout.splitlines()[0].startswith("::error file=other.yaml,line=1,")
    assert "| ❌ | other.yaml:1:1 | `slo.format.unknown` |" in summary.read_text(encoding="utf-8")
    assert "errors<<ghadelimiter_" in output.read_text(encoding="utf-8")


def test_config_schema_prints_valid_json(repo: Path) -> None:
    run = run_cli(["config", "schema"], repo)
    assert run.returncode == 0
    schema = json.loads(run.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(schema["properties"]) >= {"version", "limits", "rules", "slo"}


# --- the hooks' import path -----------------------------------------------------------------------------


def imported_modules(args: list[str], cwd: Path) -> set[str]:
    """Top-level module names a real run imported, from ``-X importtime`` (stderr, one line per module)."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "process_gates", *args],
        cwd=cwd, capture_output=True, text=True, env=clean_environment(), timeout=60,
    )
    assert proc.returncode in (0, 1, 2), proc.stderr[-2000:]
    names = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
    assert "process_gates.cli" in names, "importtime output was not captured"
    return names


@pytest.mark.parametrize(
    "args",
    [
        ["slo", "validate", "search.yaml"],
        ["slo", "validate", "other.yaml", "broken.yaml"],
        ["--format", "github", "slo", "validate", "other.yaml"],
        ["--format", "sarif", "slo", "validate", "other.yaml"],
        ["config", "validate"],
        ["slo", "require"],
        ["postmortem", "lint", "pm.md"],
    ],
    ids=["slo-validate", "slo-validate-errors", "github-format", "sarif-format", "config-validate", "slo-require", "postmortem-lint"],
)
def test_hook_paths_import_neither_pygithub_nor_requests(args: list[str], repo: Path) -> None:
    names = imported_modules(args, repo)
    heavy = sorted(n for n in names if n.split(".")[0] in {"github", "requests", "urllib3", "jsonschema"})
    assert heavy == [], f"the hook imported {heavy}"
    if "github" in args:
        assert "process_gates.github.workflow" in names  # the runner plumbing is stdlib-only and light


def test_hook_path_with_rule_overrides_stays_light(repo: Path) -> None:
    """Checking `rules:` ids imports every rule-declaring module (the catalogue): still no PyGithub."""
    config(repo, "rules:\n  slo.format.unknown: warning\n")
    names = imported_modules(["slo", "validate", "other.yaml"], repo)
    assert "process_gates.catalogue" in names
    assert sorted(n for n in names if n.split(".")[0] in {"github", "requests", "urllib3"}) == []


# --- warn mode and rules: overrides ---------------------------------------------------------------------


def test_warn_mode_downgrades_errors_and_passes(repo: Path) -> None:
    config(repo, "slo:\n  mode: warn\n")
    run = run_cli(["slo", "validate", "other.yaml"], repo)
    assert run.returncode == 0
    lines = run.stdout.splitlines()
    assert lines[0] == UNKNOWN_FORMAT_LINE.format(severity="warning")
    assert "note: warn mode: errors are reported as warnings and do not fail the gate" in lines
    assert lines[-1] == "SLO validation: passed, 0 errors, 1 warning in 1 file"


def test_warn_mode_never_downgrades_unreadable_input(repo: Path) -> None:
    config(repo, "slo:\n  mode: warn\n")
    run = run_cli(["slo", "validate", "broken.yaml"], repo)
    assert run.returncode == 2
    assert run.stdout.splitlines()[0].startswith("broken.yaml:2:1: error input.yaml-syntax: ")


@pytest.mark.parametrize(
    ("grade", "code", "severity", "headline"),
    [
        ("warning", 0, "warning", "SLO validation: passed, 0 errors, 1 warning in 1 file"),
        ("notice", 0, "notice", "SLO validation: passed, 0 errors, 0 warnings, 1 notice in 1 file"),
        ("error", 1, "error", "SLO validation: failed, 1 error, 0 warnings in 1 file"),
    ],
)
def test_rules_override_regrades_a_finding(grade: str, code: int, severity: str, headline: str, repo: Path) -> None:
    config(repo, f"rules:\n  slo.format.unknown: {grade}\n")
    run = run_cli(["slo", "validate", "other.yaml"], repo)
    assert run.returncode == code
    lines = run.stdout.splitlines()
    assert lines[0] == UNKNOWN_FORMAT_LINE.format(severity=severity)
    assert lines[-1] == headline


def test_rules_override_off_drops_the_finding(repo: Path) -> None:
    config(repo, "rules:\n  slo.format.unknown: \"off\"\n")
    run = run_cli(["slo", "validate", "other.yaml"], repo)
    assert run.returncode == 0
    assert run.stdout.splitlines() == ["SLO validation: passed, 0 errors, 0 warnings in 1 file"]


def test_rules_cannot_touch_fatal_rules(repo: Path) -> None:
    config(repo, "rules:\n  input.yaml-syntax: \"off\"\n")
    run = run_cli(["slo", "validate", "broken.yaml"], repo)
    assert run.returncode == 2
    assert run.stdout.splitlines()[0] == (
        ".github/process-gates.yml:2:3: error config.rule-not-adjustable: rules.input.yaml-syntax: this rule cannot be adjusted"
    )
    assert "broken.yaml" not in run.stdout  # the gate did not run on a configuration that tried


def test_unknown_rule_in_overrides_is_shown_with_the_gate_report(repo: Path) -> None:
    config(repo, "rules:\n  slo.no-such.rule: warning\n")
    run = run_cli(["slo", "validate", "search.yaml"], repo)
    assert run.returncode == 0
    assert run.stdout.splitlines()[0] == ".github/process-gates.yml:2:3: warning config.unknown-rule: rules.slo.no-such.rule: no such rule"


def test_overrides_apply_in_warn_mode_too(repo: Path) -> None:
    config(repo, "slo:\n  mode: warn\nrules:\n  slo.format.unknown: notice\n")
    run = run_cli(["slo", "validate", "other.yaml"], repo)
    assert run.returncode == 0
    assert run.stdout.splitlines()[0] == UNKNOWN_FORMAT_LINE.format(severity="notice")


def test_internal_errors_are_one_line_and_exit_2(repo: Path) -> None:
    """A bug must still honour the contract: one line naming the failure, exit 2, no traceback."""
    code = (
        "import sys; import process_gates.commands.slo_cmd as m\n"
        "def boom(args): raise RuntimeError('simulated ::error::bug')\n"
        "m.run_validate = boom\n"
        "from process_gates.cli import main; sys.exit(main(['slo', 'validate', 'x.yaml']))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=repo, capture_output=True, text=True, env=clean_environment(), timeout=60)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.splitlines() == [
        "process-gates: internal error: RuntimeError: simulated ::error::bug "
        "(set PROCESS_GATES_DEBUG=1 for a traceback, and please report it)"
    ]
