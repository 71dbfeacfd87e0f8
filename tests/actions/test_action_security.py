"""DESIGN.md's security rules for actions and workflows, checked by the tools that define them.

zizmor (pedantic persona, offline) audits every action and workflow; the vendored GitHub schemas that
check-jsonschema ships accept them; no ``${{ }}`` reaches a ``run:`` script; third-party actions are
pinned by full commit SHA with a version comment; every workflow job declares its permissions.
These tools come with the ``test`` extra; a missing tool fails the test rather than skipping it, so
that a security check can never silently disappear from CI.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from action_runner import ActionDefinitionError, check_no_run_expressions, load_yaml
from action_runner.expressions import has_expression

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ACTIONS = sorted([PROJECT_ROOT / "action.yml", *(PROJECT_ROOT / "actions").glob("*/action.yml")])
WORKFLOWS = sorted((PROJECT_ROOT / ".github" / "workflows").glob("*.y*ml"))
PINNED = re.compile(r"^\s*(?:-\s*)?uses:\s*(?P<ref>[^\s#]+)\s*(?P<comment>#.*)?$")


def tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: install the test extra (pip install -e '.[test]')")
    return found


def _rel(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(PROJECT_ROOT)) for p in paths]


def test_there_is_something_to_audit() -> None:
    assert {"action.yml", "actions/slo-check/action.yml", "actions/quality-gate/action.yml", "actions/gates-rerun/action.yml"} <= set(_rel(ACTIONS))
    assert {"ci.yml", "selftest.yml"} <= {p.name for p in WORKFLOWS}


def test_zizmor_pedantic_reports_nothing() -> None:
    result = subprocess.run(
        [tool("zizmor"), "--offline", "--persona", "pedantic", "--no-progress", *_rel(ACTIONS), *_rel(WORKFLOWS)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout, result.stdout + result.stderr


@pytest.mark.parametrize(("schema", "files"), [("vendor.github-actions", ACTIONS), ("vendor.github-workflows", WORKFLOWS)])
def test_vendored_github_schemas_accept_the_files(schema: str, files: list[Path]) -> None:
    result = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", schema, *_rel(files)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _run_scripts(document: dict) -> list[tuple[str, str]]:
    """(where, script) for every run: in an action's steps or a workflow's jobs."""
    found: list[tuple[str, str]] = []
    steps = ((document.get("runs") or {}).get("steps")) or []
    found += [(f"runs.steps[{i}]", s["run"]) for i, s in enumerate(steps) if isinstance(s, dict) and "run" in s]
    for job_id, job in (document.get("jobs") or {}).items():
        for i, s in enumerate(job.get("steps") or []):
            if isinstance(s, dict) and "run" in s:
                found.append((f"jobs.{job_id}.steps[{i}]", s["run"]))
    return found


@pytest.mark.parametrize("path", ACTIONS + WORKFLOWS, ids=lambda p: str(p.relative_to(PROJECT_ROOT)))
def test_no_expression_inside_any_run_script(path: Path) -> None:
    document = load_yaml(path)
    offending = [where for where, script in _run_scripts(document) if has_expression(script)]
    assert not offending, f"{path.name}: ${{{{ }}}} inside run: at {offending}; pass the value through env:"


def test_the_harness_refuses_an_expression_inside_run(tmp_path: Path) -> None:
    action = {"runs": {"using": "composite", "steps": [{"run": "echo ${{ inputs.name }}", "shell": "bash"}]}}
    with pytest.raises(ActionDefinitionError, match="expression inside run"):
        check_no_run_expressions(tmp_path / "action.yml", action)
    for path in ACTIONS:
        check_no_run_expressions(path, load_yaml(path))


@pytest.mark.parametrize("path", ACTIONS + WORKFLOWS, ids=lambda p: str(p.relative_to(PROJECT_ROOT)))
def test_third_party_actions_are_pinned_by_commit_with_a_version_comment(path: Path) -> None:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        match = PINNED.match(line)
        if not match or match.group("ref").startswith(("./", "$/")):
            continue
        ref = match.group("ref")
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", ref), f"{path.name}:{number}: {ref} is not pinned to a commit"
        comment = match.group("comment") or ""
        assert re.fullmatch(r"# v\d+(\.\d+)*", comment.strip()), f"{path.name}:{number}: add the version, e.g. '# v4.2.2'"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_grant_nothing_by_default_and_each_job_declares_permissions(path: Path) -> None:
    document = load_yaml(path)
    assert document.get("permissions") == {}, f"{path.name}: set `permissions: {{}}` at the top"
    for job_id, job in document["jobs"].items():
        assert "permissions" in job, f"{path.name}: job {job_id} must declare its permissions"
        granted = job["permissions"] or {}
        # Write access only where the gate needs it (a PR comment, a re-run), each said why on its line.
        text = path.read_text(encoding="utf-8")
        for scope, level in granted.items():
            assert level in ("read", "none", "write"), f"{path.name}: job {job_id}: {scope}: {level}"
            if level == "write":
                assert re.search(rf"^\s+{re.escape(scope)}: write # \S", text, re.M), (
                    f"{path.name}: job {job_id} asks for {scope}: write without a comment saying why"
                )
