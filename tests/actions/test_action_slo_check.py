"""actions/slo-check and the root action, run for real through the action-runner harness.

Each test prepares a workspace, runs the action.yml as a runner would (bash steps, GITHUB_* files, a real
pull_request webhook payload as GITHUB_EVENT_PATH) and asserts the step outcomes, the outputs, the
annotations the runner would create and the job summary.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from action_runner import ActionResult, Job
from action_support import INVALID_LINE, INVALID_SLOTH, ROOT_ACTION, SLO_CHECK, VALID_SLOTH, write

REQUIRE_CONFIG = 'version: 1\nslo:\n  require_for: ["services/*/"]\n'


def _engine_python(result: ActionResult) -> str:
    return result.step("engine").outputs["python"]


def test_valid_slos_pass_with_zero_errors_and_a_summary(make_job: Callable[..., Job], workspace: Path) -> None:
    write(workspace, "slo/checkout.yaml", VALID_SLOTH)
    result = make_job().run_action(SLO_CHECK)

    assert result.succeeded, result.describe()
    assert result.outputs == {"errors": "0", "warnings": "0"}
    assert [s.outcome for s in result.steps] == ["success", "success"]
    assert result.annotations == []
    assert "## ✅ SLO validation" in result.summary
    assert "**Passed**: 0 error(s), 0 warning(s)" in result.summary
    assert "SLO validation: passed, 0 errors, 0 warnings in 1 file" in result.step("gate").stdout


def test_invalid_slo_fails_the_step_with_an_annotation_at_the_line(make_job: Callable[..., Job], workspace: Path) -> None:
    write(workspace, "slo/checkout.yaml", VALID_SLOTH)
    write(workspace, "slo/payments.yaml", INVALID_SLOTH.replace('"checkout"', '"payments"'))
    result = make_job().run_action(SLO_CHECK, {"command": "validate"})

    assert not result.succeeded, result.describe()
    gate = result.step("gate")
    assert (gate.outcome, gate.exit_code) == ("failure", 1)
    assert int(result.outputs["errors"]) >= 1
    errors = [a for a in result.annotations if a.name == "error"]
    assert errors, result.describe()
    target = [a for a in errors if a.prop("title") == "slo.objective.target-range"]
    assert len(target) == 1, result.describe()
    annotation = target[0]
    assert annotation.prop("file") == "slo/payments.yaml"
    assert annotation.prop("line") == str(INVALID_LINE)
    assert "objective 101 is outside (0, 100]" in annotation.message
    assert "\nHow to fix: " in annotation.message
    assert not any(a.prop("file") == "slo/checkout.yaml" for a in errors)
    assert "## ❌ SLO validation" in result.summary
    assert "slo/payments.yaml:5:" in result.summary


def test_paths_input_limits_the_check_to_the_listed_files(make_job: Callable[..., Job], workspace: Path) -> None:
    write(workspace, "slo/checkout.yaml", VALID_SLOTH)
    write(workspace, "slo/payments.yaml", INVALID_SLOTH)
    result = make_job().run_action(SLO_CHECK, {"paths": "\n  slo/checkout.yaml  \n\n"})

    assert result.succeeded, result.describe()
    assert result.outputs["errors"] == "0"
    assert "in 1 file" in result.step("gate").stdout


def test_require_through_the_root_action_gate_input(make_job: Callable[..., Job], workspace: Path) -> None:
    write(workspace, ".github/process-gates.yml", REQUIRE_CONFIG)
    write(workspace, "services/checkout/slo/availability.yaml", VALID_SLOTH)
    write(workspace, "services/search/README.md", "# search\n")
    result = make_job().run_action(ROOT_ACTION, {"gate": "slo-require"})

    assert not result.succeeded, result.describe()
    assert result.outputs["errors"] == "1"
    missing = [a for a in result.annotations if a.prop("title") == "slo.require.missing"]
    assert [a.prop("file") for a in missing] == ["services/search/"]
    assert "## ❌ SLO coverage" in result.summary

    write(workspace, "services/search/search.sloth.yaml", VALID_SLOTH.replace('"checkout"', '"search"'))
    again = make_job().run_action(ROOT_ACTION, {"gate": "slo-require"})
    assert again.succeeded, again.describe()
    assert again.outputs == {"errors": "0", "warnings": "0"}
    assert "- all 2 required folder&#40;s&#41; hold a valid SLO" in again.summary


def test_slo_check_require_command_ignores_paths_with_a_notice(make_job: Callable[..., Job], workspace: Path) -> None:
    write(workspace, ".github/process-gates.yml", REQUIRE_CONFIG)
    write(workspace, "services/checkout/checkout.sloth.yaml", VALID_SLOTH)
    result = make_job().run_action(SLO_CHECK, {"command": "require", "paths": "services/checkout/"})

    assert result.succeeded, result.describe()
    notices = [a for a in result.annotations if a.name == "notice"]
    assert [n.prop("title") for n in notices] == ["process-gates"]
    assert "paths input is ignored" in notices[0].message


def test_config_validate_gate_reports_the_broken_field(make_job: Callable[..., Job], workspace: Path) -> None:
    write(workspace, ".github/process-gates.yml", "version: 1\nslo:\n  mode: strict\n")
    result = make_job().run_action(ROOT_ACTION, {"gate": "config-validate"})

    assert not result.succeeded
    assert result.step("gate").exit_code == 2
    [annotation] = result.annotations
    assert (annotation.prop("title"), annotation.prop("file"), annotation.prop("line")) == (
        "config.schema",
        ".github/process-gates.yml",
        "3",
    )
    assert result.outputs["errors"] == "1"


def test_config_input_and_working_directory_keep_annotation_paths_repository_relative(
    make_job: Callable[..., Job], workspace: Path
) -> None:
    write(workspace, "apps/shop/gates.yml", "version: 1\nslo:\n  files: ['objectives/*.yaml']\n")
    write(workspace, "apps/shop/objectives/payments.yaml", INVALID_SLOTH)
    result = make_job().run_action(
        SLO_CHECK, {"working-directory": "apps/shop", "config": "gates.yml"}
    )

    assert not result.succeeded
    [annotation] = [a for a in result.annotations if a.prop("title") == "slo.objective.target-range"]
    # The runner reads annotation paths relative to the repository, not to the step's directory.
    assert annotation.prop("file") == "apps/shop/objectives/payments.yaml"
    assert annotation.prop("line") == str(INVALID_LINE)


def test_unknown_gate_and_command_fail_with_a_clear_error(make_job: Callable[..., Job]) -> None:
    result = make_job().run_action(ROOT_ACTION, {"gate": "slo-lint"})
    assert not result.succeeded
    [annotation] = result.annotations
    assert annotation.name == "error"
    assert annotation.message == "unknown gate 'slo-lint': use one of slo-validate, slo-require, config-validate, prd-check, quality-check, postmortem-lint, postmortem-open, postmortem-remind, release-check, report, workflow-rerun"
    assert result.step("gate").exit_code == 2

    result = make_job().run_action(SLO_CHECK, {"command": "lint"})
    [annotation] = result.annotations
    assert annotation.message == "unknown command 'lint': use validate or require"


def test_missing_working_directory_fails_before_running_the_engine(make_job: Callable[..., Job]) -> None:
    result = make_job().run_action(SLO_CHECK, {"working-directory": "no/such/folder"})
    assert not result.succeeded
    [annotation] = result.annotations
    assert annotation.message.startswith("working-directory 'no/such/folder' is not a directory")


def test_python_input_must_name_an_interpreter(make_job: Callable[..., Job]) -> None:
    result = make_job().run_action(SLO_CHECK, {"python": "python-does-not-exist"})
    assert not result.succeeded
    assert result.step("engine").outcome == "failure"
    assert result.step("gate").outcome == "skipped"
    [annotation] = result.annotations
    assert "is not an interpreter on PATH" in annotation.message
    assert result.outputs == {"errors": "", "warnings": ""}


def test_engine_is_installed_once_and_reused_from_the_tool_cache(
    make_job: Callable[..., Job], workspace: Path, engine_tool_cache: Path
) -> None:
    write(workspace, "slo/checkout.yaml", VALID_SLOTH)
    first = make_job().run_action(SLO_CHECK)
    second = make_job().run_action(ROOT_ACTION, {"gate": "slo-validate"})

    assert first.succeeded and second.succeeded, first.describe() + second.describe()
    assert "reusing the engine environment" in second.step("engine").stdout
    assert _engine_python(first) == _engine_python(second)
    assert Path(_engine_python(second)).is_relative_to(engine_tool_cache / "process-gates")
    assert [p.name for p in (engine_tool_cache / "process-gates").iterdir() if p.name.startswith(".building")] == []


def test_outputs_reach_later_steps_of_the_caller(make_job: Callable[..., Job], workspace: Path) -> None:
    """A workflow step after the action reads its outputs, as the self-test workflow does."""
    write(workspace, "slo/checkout.yaml", INVALID_SLOTH)
    job = make_job(repository_root=ROOT_ACTION)
    result = job.run_steps(
        [
            {"id": "gate", "uses": "$/actions/slo-check", "continue-on-error": True},
            {
                "id": "check",
                "env": {"OUTCOME": "${{ steps.gate.outcome }}", "ERRORS": "${{ steps.gate.outputs.errors }}"},
                "run": 'echo "outcome=$OUTCOME errors=$ERRORS"',
            },
        ]
    )
    assert result.succeeded, result.describe()
    assert result.step("check").stdout == "outcome=failure errors=1\n"


def test_runs_in_the_environment_of_a_real_pull_request_event(corpus_dir: Path, tmp_path: Path, engine_tool_cache: Path) -> None:
    payload_path = corpus_dir / "webhooks" / "pull_request.opened.payload.json"
    payload = json.loads(payload_path.read_text(encoding="utf-8"))
    workspace = tmp_path / "ws"
    write(workspace, "slo/checkout.yaml", VALID_SLOTH)
    job = Job(workspace, temp=tmp_path / "temp", tool_cache=engine_tool_cache, event_name="pull_request", event=payload_path)
    result = job.run_action(SLO_CHECK)

    assert result.succeeded, result.describe()
    number = payload["number"]
    assert job.github["ref"] == f"refs/pull/{number}/merge"
    assert job.github["repository"] == payload["repository"]["full_name"]
    assert json.loads(Path(job.github["event_path"]).read_text(encoding="utf-8")) == payload

