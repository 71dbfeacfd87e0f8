"""The reusable workflow's job, run step by step through the action-runner harness against the emulator:
it chooses the gates, runs every selected one even after a failure, and fails the one check if any failed."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import pytest
from action_runner import Job, load_yaml

PROJECT_ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = PROJECT_ROOT / ".github" / "workflows" / "process-gates.yml"
COMPANION = PROJECT_ROOT / ".github" / "workflows" / "process-gates-rerun.yml"


def _steps(path: Path, job: str) -> list[dict[str, Any]]:
    return load_yaml(path)["jobs"][job]["steps"]


@pytest.fixture
def pr(github_emulator, corpus_dir: Path):
    payload = json.loads((corpus_dir / "webhooks" / "pull_request.opened.payload.json").read_text(encoding="utf-8"))
    s = github_emulator.state
    s.add_repo(payload["repository"]["full_name"], default_branch="master")
    s.create_issue(payload["repository"]["full_name"], "filler")
    return s.add_pull(payload["repository"]["full_name"], "Update", "body", head="changes", head_sha=payload["pull_request"]["head"]["sha"],
                      files=[("src/app.py", 3, 1), ("tests/test_app.py", 2, 0), ("CHANGELOG.md", 1, 0)])


@pytest.fixture
def job(tmp_path: Path, github_emulator, corpus_dir: Path, engine_tool_cache: Path):
    def factory(**options: Any) -> Job:
        workspace = tmp_path / "workspace"
        workspace.mkdir(exist_ok=True)
        settings: dict[str, Any] = {
            "temp": tmp_path / "runner-temp", "tool_cache": engine_tool_cache, "event_name": "pull_request",
            "event": corpus_dir / "webhooks" / "pull_request.opened.payload.json", "env": github_emulator.env(),
            "token": github_emulator.token, "repository_root": PROJECT_ROOT,
        }
        settings.update(options)
        return Job(workspace, **settings)

    return factory


def test_the_default_gates_pass_on_a_clean_pr(job, pr) -> None:
    result = job().run_steps(_steps(WORKFLOW, "process-gates"), inputs={})
    assert result.conclusion == "success", result.describe()
    assert "## ✅ Quality gate" in result.summary and "Configuration" in result.summary
    # The PRD gate runs by default too; a 7-line change needs no design under the default policy.
    assert "## ✅ PRD check" in result.summary and "PRD not required for #2" in html.unescape(result.summary)


def _job_token(emulator) -> str:
    """An installation token with exactly the permissions the workflow's job declares: if a gate needed
    more, the run below would fail on a refused call."""
    declared = load_yaml(WORKFLOW)["jobs"]["process-gates"]["permissions"]
    permissions = {scope.replace("-", "_"): level for scope, level in declared.items()} | {"metadata": "read"}
    return emulator.state.add_token("github-actions[bot]", kind="installation", permissions=permissions).value


PRD_CONFIG = """\
prd:
  applies_when: {paths: ["src/**"], min_changed_lines: 1}
  accept: {label_appliers: [dana]}
"""


def test_a_pr_that_needs_a_design_fails_the_check_until_an_allowed_person_approves_it(job, pr, github_emulator) -> None:
    token = _job_token(github_emulator)

    def run():  # a fresh job per run, as GitHub starts one per event
        fresh = job(env=github_emulator.env(token), token=token)
        (fresh.workspace / ".github").mkdir(exist_ok=True)
        (fresh.workspace / ".github" / "process-gates.yml").write_text(PRD_CONFIG, encoding="utf-8")
        return fresh.run_steps(_steps(WORKFLOW, "process-gates"), inputs={"gates": "prd-check quality-check"})

    result = run()
    assert result.conclusion == "failure"
    assert (_outcomes(result)["PRD gate"], _outcomes(result)["Quality gate"]) == ("failure", "success"), result.describe()
    [missing] = [a for a in result.annotations if a.prop("title") == "prd.missing"]
    assert "have @dana (never the PR's author) add the label `design-approved`" in missing.message
    assert "## ❌ PRD check" in result.summary and "## ✅ Quality gate" in result.summary
    assert [c.body.split("\n", 1)[0] for c in pr.comments] == ["<!-- process-gates:prd -->"]

    github_emulator.state.add_labels(pr, ["design-approved"], actor="mallory")
    result = run()
    assert result.conclusion == "failure"
    assert "prd.label.not-allowed" in {a.prop("title") for a in result.annotations}, result.describe()

    github_emulator.state.remove_label(pr, "design-approved", actor="dana")
    github_emulator.state.add_labels(pr, ["design-approved"], actor="dana")
    result = run()

    assert result.conclusion == "success", result.describe()
    assert "## ✅ PRD check" in result.summary and "label `design-approved` applied by @dana" in html.unescape(result.summary)
    assert pr.comments == []  # the gate's comment goes once it passes


def _outcomes(result) -> dict[str, str]:
    return {step.name: step.outcome for step in result.steps}


def test_every_selected_gate_runs_after_a_failure_and_the_check_fails(job, pr, github_emulator) -> None:
    github_emulator.state.add_labels(pr, ["do-not-merge"], actor="octocat")
    result = job().run_steps(_steps(WORKFLOW, "process-gates"), inputs={"gates": "quality-check,\n  slo-validate", "config": "", "python-version": "3.12"})

    assert result.conclusion == "failure"
    outcomes = _outcomes(result)
    assert (outcomes["Configuration"], outcomes["Quality gate"], outcomes["SLO files"], outcomes["SLO coverage"]) == (
        "skipped", "failure", "success", "skipped"), result.describe()
    assert "quality.label.blocking" in {a.prop("title") for a in result.annotations}
    assert "## ❌ Quality gate" in result.summary and "SLO validation" in result.summary


def test_a_release_freeze_fails_the_check_and_the_other_gates_still_run(job, pr, github_emulator) -> None:
    token = _job_token(github_emulator)
    run = job(env=github_emulator.env(token), token=token)
    (run.workspace / ".github").mkdir()
    (run.workspace / ".github" / "process-gates.yml").write_text(
        "release:\n  freezes: [{name: migration, from: '2000-01-01', to: '2999-12-31'}]\n", encoding="utf-8"
    )
    result = run.run_steps(_steps(WORKFLOW, "process-gates"), inputs={"gates": "release-check quality-check"})

    assert result.conclusion == "failure"
    outcomes = _outcomes(result)
    assert (outcomes["Release gate"], outcomes["Quality gate"]) == ("failure", "success"), result.describe()
    [freeze] = [a for a in result.annotations if a.prop("title") == "release.freeze.active"]
    assert "freeze 'migration' is on" in freeze.message


def test_an_unknown_gate_fails_the_check_with_one_clear_line(job, pr) -> None:
    result = job().run_steps(_steps(WORKFLOW, "process-gates"), inputs={"gates": "quality-check prd-chek"})
    assert result.conclusion == "failure"
    assert [a.message for a in result.annotations] == [
        "unknown gate prd-chek: use prd-check, quality-check, release-check, slo-validate, slo-require or config-validate"
    ]
    assert set(_outcomes(result).values()) == {"failure", "skipped"}


def test_the_companion_re_runs_the_gates_for_a_labelled_issue_s_prs(job, github_emulator, corpus_dir: Path) -> None:
    payload = corpus_dir / "webhooks" / "issues.labeled.payload.json"
    repo = json.loads(payload.read_text(encoding="utf-8"))["repository"]["full_name"]
    s = github_emulator.state
    s.add_repo(repo, default_branch="master")
    s.create_issue(repo, "Spelling error in the README file")
    pr = s.add_pull(repo, "Fix the spelling", "Fixes #1", head="fix")
    run = s.add_workflow_run(repo, "process-gates.yml", pr.pull.head_sha, conclusion="failure")
    token = s.add_token("github-actions[bot]", kind="installation",
                        permissions={"actions": "write", "issues": "read", "pull_requests": "read"}).value

    result = job(event_name="issues", event=payload, env=github_emulator.env(token), token=token).run_steps(
        _steps(COMPANION, "rerun"), inputs={"workflow": "process-gates.yml", "python-version": "3.12"}
    )
    assert result.conclusion == "success", result.describe()
    assert run.attempts == 2
    assert result.steps[-1].outputs.get("rerun") == str(pr.number) or f"#{pr.number}: re-ran run {run.id}" in result.summary
