"""actions/quality-gate and the root action's `quality-check`, run for real through the action-runner
harness against the GitHub emulator, starting from the corpus's real pull_request.opened payload."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

import pytest
from action_runner import Job
from action_support import PROJECT_ROOT, ROOT_ACTION, write, seed_payload_pull
from test_action_injection import assert_nothing_injected, hostile_texts

QUALITY_GATE = PROJECT_ROOT / "actions" / "quality-gate"


@pytest.fixture
def pr_world(github_emulator, pr_event: Path):
    return seed_payload_pull(github_emulator, pr_event, "Update the README", "body", [("src/app.py", 30, 4), ("tests/test_app.py", 9, 0), ("CHANGELOG.md", 1, 0)])


@pytest.fixture
def quality_job(make_job: Callable[..., Job], github_emulator) -> Callable[..., Job]:
    def factory(token: str | None = None) -> Job:
        return make_job(env=github_emulator.env(token), token=token or github_emulator.token)

    return factory


def test_a_clean_pr_passes_and_writes_no_comment(quality_job, pr_world, github_emulator) -> None:
    result = quality_job().run_action(QUALITY_GATE)

    assert result.succeeded, result.describe()
    assert result.outputs == {"errors": "0", "warnings": "0", "skipped": "", "comment": "absent"}
    assert "## ✅ Quality gate" in result.summary
    assert github_emulator.log.count("POST", "/graphql") == 1
    assert pr_world.comments == []


def test_a_draft_with_a_blocking_label_fails_with_annotations_and_one_comment(quality_job, pr_world, github_emulator) -> None:
    pr_world.pull.draft = True
    github_emulator.state.add_labels(pr_world, ["do-not-merge", "size-exempt"], actor="Codertocat")
    job = quality_job(github_emulator.state.actions_token().value)
    result = job.run_action(QUALITY_GATE)

    assert not result.succeeded
    gate = result.step("gate")
    assert (gate.outcome, gate.exit_code) == ("failure", 1)
    assert result.outputs["errors"] == "2" and result.outputs["skipped"] == "size"
    titles = sorted(a.prop("title") for a in result.annotations if a.name == "error")
    assert titles == ["quality.draft", "quality.label.blocking"]
    [comment] = pr_world.comments
    assert comment.user.login == "github-actions[bot]"
    assert "quality.label.blocking" in comment.body and "Skipped by label: size (`size-exempt`)" in comment.body
    assert "skipped size: the PR carries the skip label" in result.summary and "size-exempt" in result.summary


def test_the_root_action_runs_it_by_gate_name_and_ignores_paths(quality_job, pr_world) -> None:
    result = quality_job().run_action(ROOT_ACTION, {"gate": "quality-check", "paths": "src/app.py"})
    assert result.succeeded, result.describe()
    notices = [a for a in result.annotations if a.name == "notice"]
    assert [n.message for n in notices] == ["the gate quality-check reads the pull request from GitHub; the paths input is ignored"]


def test_hostile_label_names_inject_nothing(quality_job, pr_world, github_emulator, canary: Path, shared_canary_existed: bool) -> None:
    texts = [t.replace("\r", " ").replace("\n", " ") for t in hostile_texts(canary)]
    config = "quality:\n  blocking_labels:\n    labels:\n" + "".join(f"      - {json.dumps(t)}\n" for t in texts)
    job = quality_job()
    write(job.workspace, ".github/process-gates.yml", config)
    github_emulator.state.add_labels(pr_world, [t[:50] for t in texts], actor="Codertocat")
    result = job.run_action(QUALITY_GATE)

    assert not result.succeeded
    # The runner masks the job's token from the start (as GitHub does for github.token): not an injection.
    assert job.processor.masks == [job.token]
    job.processor.masks.clear()
    assert_nothing_injected(result, job, canary, shared_canary_existed)
    [comment] = pr_world.comments
    assert "<!--" not in comment.body.split("\n", 1)[1]


@pytest.mark.parametrize("field", ["config", "working-directory", "python"])
def test_hostile_single_value_inputs_inject_nothing(field: str, quality_job, pr_world, canary: Path, shared_canary_existed: bool) -> None:
    for text in hostile_texts(canary):
        job = quality_job()
        result = job.run_action(QUALITY_GATE, {field: text})
        assert not result.succeeded, f"{field}={text!r}\n{result.describe()}"
        assert job.processor.masks == [job.token]
        job.processor.masks.clear()
        assert_nothing_injected(result, job, canary, shared_canary_existed)
        assert [a for a in result.annotations if a.name == "error"], f"{field}={text!r}: the failure must be explained"
        assert pr_world.comments == []
