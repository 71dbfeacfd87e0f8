"""actions/report (and the root action's `report` gate) run for real through the action-runner harness
against the GitHub emulator, on a schedule event, over the seeded world of tests/report/report_world.py."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Callable

import pytest
from action_runner import Job
from action_support import PROJECT_ROOT, ROOT_ACTION
from test_action_injection import assert_nothing_injected, hostile_texts

sys.path.insert(0, str(PROJECT_ROOT / "tests" / "report"))
from report_world import REPO, UNTIL, seed_report_world  # noqa: E402

REPORT = PROJECT_ROOT / "actions" / "report"


@pytest.fixture
def run_report(tmp_path: Path, workspace: Path, engine_tool_cache: Path, github_emulator) -> Callable[..., Any]:
    seed_report_world(github_emulator.state)
    counter = iter(range(1000))

    def run(inputs: dict[str, str], *, action: Path = REPORT):
        token = github_emulator.state.actions_token().value
        job = Job(workspace, temp=tmp_path / f"runner-temp-{next(counter)}", tool_cache=engine_tool_cache, event_name="schedule",
                  event={}, env=github_emulator.env(token), token=token, repository=REPO)
        return job, job.run_action(action, inputs)

    return run


def test_a_scheduled_report_writes_the_summary_the_json_and_the_outputs(run_report, workspace: Path, github_emulator) -> None:
    _, result = run_report({"until": UNTIL, "json": "process-health.json"})
    assert result.succeeded, result.describe()
    assert result.outputs["lead-time-median-hours"] == "26" and result.outputs["deployments"] == "5"
    assert result.outputs["change-failure-rate"] == "0.8" and result.outputs["mttr-hours"] == "10"
    assert result.outputs["postmortems-overdue"] == "1" and result.outputs["action-items-overdue"] == "2"
    assert result.outputs["json"] == "process-health.json"
    document = json.loads((workspace / "process-health.json").read_text(encoding="utf-8"))
    assert document["version"] == 1 and document["metrics"]["deployment_frequency"]["per_week"] == 1.25
    assert "## 📊 Process health: acme/widgets" in result.summary and "xychart-beta" in result.summary
    assert result.annotations == []
    # Read-only: the report wrote nothing to the repository.
    assert [e for e in github_emulator.log.filter() if e.method != "GET" and e.route != "/graphql"] == []


def test_the_root_action_runs_the_report_gate(run_report) -> None:
    _, result = run_report({"gate": "report", "until": UNTIL, "window": "2w"}, action=ROOT_ACTION)
    assert result.succeeded, result.describe()
    assert "2026-11-07 00:00 UTC to 2026-11-21 00:00 UTC (14 days)" in result.summary


@pytest.mark.parametrize("field", ["since", "until", "window", "json"])
def test_hostile_inputs_inject_nothing(field: str, run_report, canary: Path, shared_canary_existed: bool) -> None:
    for text in hostile_texts(canary):
        inputs = {"until": UNTIL, field: text} if field != "until" else {field: text}
        job, result = run_report(inputs)
        if field != "json":  # a hostile file name may still be a file name; a date or duration may not
            assert not result.succeeded, f"{field}={text!r}\n{result.describe()}"
        assert job.processor.masks == [job.token]
        job.processor.masks.clear()
        assert_nothing_injected(result, job, canary, shared_canary_existed)
