"""The harness runs small composite actions the way actions/runner does."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from action_runner import ActionDefinitionError, ActionInputError, Job


def make_action(folder: Path, definition: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "action.yml").open("w", encoding="utf-8") as handle:
        YAML().dump(definition, handle)
    return folder


def composite(steps: list[dict], inputs: dict | None = None, outputs: dict | None = None) -> dict:
    definition: dict = {"name": "t", "description": "t", "runs": {"using": "composite", "steps": steps}}
    if inputs:
        definition["inputs"] = inputs
    if outputs:
        definition["outputs"] = outputs
    return definition


@pytest.fixture
def job(tmp_path: Path) -> Job:
    return Job(tmp_path / "ws", temp=tmp_path / "temp", event_name="push", event={"ref": "refs/heads/main", "after": "a" * 40})


def test_inputs_outputs_env_path_and_summary(job: Job, tmp_path: Path) -> None:
    tools = tmp_path / "tools"
    tools.mkdir()
    (tools / "greet").write_text("#!/bin/sh\necho hello from PATH\n")
    (tools / "greet").chmod(0o755)
    action = make_action(
        tmp_path / "act",
        composite(
            [
                {
                    "id": "first",
                    "shell": "bash",
                    "env": {"WHO": "${{ inputs.who }}", "TOOLS": str(tools)},
                    "run": 'echo "greeting=hi $WHO" >> "$GITHUB_OUTPUT"\n'
                    'printf "multi<<EOF\\nline 1\\nline 2\\nEOF\\n" >> "$GITHUB_OUTPUT"\n'
                    'echo "EXPORTED=from-first" >> "$GITHUB_ENV"\n'
                    'echo "$TOOLS" >> "$GITHUB_PATH"\n'
                    'echo "### summary from first" >> "$GITHUB_STEP_SUMMARY"',
                },
                {
                    "id": "second",
                    "shell": "bash",
                    "env": {"GREETING": "${{ steps.first.outputs.greeting }}"},
                    "run": 'echo "$GREETING/$EXPORTED"; greet; echo "$GITHUB_ACTION_PATH $RUNNER_OS $CI $GITHUB_REF"',
                },
            ],
            inputs={"who": {"description": "w", "default": "world"}, "unused": {"description": "u", "required": False}},
            outputs={
                "greeting": {"description": "g", "value": "${{ steps.first.outputs.greeting }}"},
                "multi": {"description": "m", "value": "${{ steps.first.outputs.multi }}"},
            },
        ),
    )
    result = job.run_action(action, {"who": "octocat"})

    assert result.succeeded, result.describe()
    assert result.outputs == {"greeting": "hi octocat", "multi": "line 1\nline 2"}
    lines = result.step("second").stdout.splitlines()
    assert lines[:2] == ["hi octocat/from-first", "hello from PATH"]
    assert lines[2] == f"{action} Linux true refs/heads/main"
    assert result.summary == "### summary from first\n"
    assert job.env["EXPORTED"] == "from-first"


def test_failure_skips_later_steps_unless_their_condition_asks(job: Job, tmp_path: Path) -> None:
    action = make_action(
        tmp_path / "act",
        composite(
            [
                {"id": "boom", "shell": "bash", "run": "echo before; false; echo never"},
                {"id": "skipped", "shell": "bash", "run": "echo skipped"},
                {"id": "cleanup", "if": "${{ failure() }}", "shell": "bash", "run": "echo cleanup"},
                {"id": "always", "if": "always()", "shell": "bash", "run": "echo always"},
            ]
        ),
    )
    result = job.run_action(action)

    assert not result.succeeded
    assert [(s.id, s.outcome) for s in result.steps] == [
        ("boom", "failure"),
        ("skipped", "skipped"),
        ("cleanup", "success"),
        ("always", "success"),
    ]
    assert result.step("boom").stdout == "before\n"  # bash -e stopped at `false`
    assert job.status.value == "failure"


def test_continue_on_error_keeps_the_job_green(job: Job, tmp_path: Path) -> None:
    action = make_action(
        tmp_path / "act",
        composite(
            [
                {"id": "flaky", "shell": "bash", "continue-on-error": True, "run": "exit 3"},
                {"id": "next", "shell": "bash", "env": {"O": "${{ steps.flaky.outcome }}/${{ steps.flaky.conclusion }}"}, "run": 'echo "$O"'},
            ]
        ),
    )
    result = job.run_action(action)
    assert result.succeeded, result.describe()
    assert result.step("flaky").exit_code == 3
    assert result.step("next").stdout == "failure/success\n"


def test_workflow_commands_from_stdout_and_stderr(job: Job, tmp_path: Path) -> None:
    action = make_action(
        tmp_path / "act",
        composite(
            [
                {
                    "id": "talk",
                    "shell": "bash",
                    "run": "echo '::warning file=a.yaml,line=2::first'\n"
                    "echo '::error title=t::second' >&2\n"
                    "echo '::set-output name=legacy::v'\n"
                    "echo '::add-mask::hidden-value'\n"
                    "echo 'the hidden-value is masked in the log'\n"
                    "printf 'x\\r::notice::after a bare CR\\n'\n",
                }
            ]
        ),
    )
    result = job.run_action(action)

    stdout = [c.name for c in result.commands if c.stream == "stdout"]
    stderr = [c.name for c in result.commands if c.stream == "stderr"]
    assert (stdout, stderr) == (["warning", "set-output", "add-mask", "notice"], ["error"])
    assert result.commands_named("warning")[0].prop("FILE") == "a.yaml"
    assert result.step("talk").outputs == {"legacy": "v"}
    assert job.processor.mask(result.stdout).count("hidden-value") == 0


def test_disabled_and_malformed_commands_fail_the_step(job: Job, tmp_path: Path) -> None:
    action = make_action(
        tmp_path / "act",
        composite([{"id": "bad", "shell": "bash", "run": "echo '::set-env name=X::y'\necho 'broken<<EOF' >> \"$GITHUB_OUTPUT\""}]),
    )
    result = job.run_action(action)
    assert not result.succeeded
    errors = result.step("bad").errors
    assert "The `set-env` command is disabled." in errors
    assert any("matching delimiter not found" in e for e in errors)


def test_definition_rules(job: Job, tmp_path: Path) -> None:
    with pytest.raises(ActionDefinitionError, match="expression inside run"):
        job.run_action(make_action(tmp_path / "a", composite([{"shell": "bash", "run": "echo ${{ inputs.x }}"}])))
    with pytest.raises(ActionDefinitionError, match="needs shell"):
        job.run_action(make_action(tmp_path / "b", composite([{"run": "echo hi"}])))
    with pytest.raises(ActionDefinitionError, match="no stand-in"):
        job.run_action(make_action(tmp_path / "c", composite([{"uses": "someone/else@" + "0" * 40}])))
    node = make_action(tmp_path / "d", {"name": "n", "description": "d", "runs": {"using": "node20", "main": "x.js"}})
    with pytest.raises(ActionDefinitionError, match="only composite"):
        job.run_action(node)


def test_inputs_are_checked(job: Job, tmp_path: Path) -> None:
    action = make_action(
        tmp_path / "act",
        composite([{"shell": "bash", "run": "true"}], inputs={"needed": {"description": "n", "required": True}}),
    )
    with pytest.raises(ActionInputError, match="Unexpected input"):
        job.run_action(action, {"needed": "x", "typo": "y"})
    with pytest.raises(ActionInputError, match="required and not supplied: needed"):
        job.run_action(action)
    lenient = Job(tmp_path / "ws", temp=tmp_path / "temp2", strict_inputs=False)
    assert lenient.run_action(action, {"typo": "y"}).warnings == [
        "Unexpected input(s) 'typo', valid inputs are ['needed']",
        "Input required and not supplied: needed",
    ]


def test_stand_ins_and_nested_local_actions(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    make_action(
        workspace / "inner",
        composite(
            [{"id": "py", "shell": "bash", "run": 'echo "where=$(command -v python)" >> "$GITHUB_OUTPUT"'}],
            outputs={"where": {"description": "w", "value": "${{ steps.py.outputs.where }}"}},
        ),
    )
    job = Job(workspace, temp=tmp_path / "temp")
    result = job.run_steps(
        [
            {"uses": "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683"},
            {"id": "setup", "uses": "actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065", "with": {"python-version": "3.12"}},
            {"id": "inner", "uses": "./inner"},
            {"id": "unpinned", "uses": "actions/checkout@v4", "continue-on-error": True},
        ]
    )
    assert result.succeeded, result.describe()
    assert result.step("setup").outputs["python-path"] == sys.executable
    assert result.step("inner").outputs == {"where": str(Path(sys.executable).parent / "python")}
    assert result.step("unpinned").errors == ["actions/checkout@v4: not pinned to a full commit SHA"]


def test_event_payload_and_github_context(tmp_path: Path) -> None:
    payload = {
        "number": 12,
        "pull_request": {"number": 12, "head": {"ref": "feature", "sha": "b" * 40}, "base": {"ref": "main"}, "merge_commit_sha": "c" * 40},
        "repository": {"full_name": "acme/shop", "default_branch": "main"},
        "sender": {"login": "mona"},
    }
    job = Job(tmp_path / "ws", temp=tmp_path / "temp", event_name="pull_request", event=payload, env={"GITHUB_API_URL": "http://127.0.0.1:9/api", "GITHUB_TOKEN": "ghs_token"})
    result = job.run_steps(
        [
            {
                "env": {"NUMBER": "${{ github.event.pull_request.number }}", "TOKEN_SEEN": "${{ github.token != '' }}"},
                "run": 'echo "$GITHUB_EVENT_NAME $GITHUB_REF $GITHUB_SHA $GITHUB_HEAD_REF $GITHUB_BASE_REF $GITHUB_REPOSITORY $GITHUB_ACTOR"\n'
                'echo "$NUMBER $TOKEN_SEEN $GITHUB_API_URL"\n'
                'python3 -c "import json,os; print(json.load(open(os.environ[\'GITHUB_EVENT_PATH\']))[\'number\'])"\n'
                'echo "token=$GITHUB_TOKEN"',
            }
        ]
    )
    lines = result.steps[0].stdout.splitlines()
    assert lines[0] == f"pull_request refs/pull/12/merge {'c' * 40} feature main acme/shop mona"
    assert lines[1] == "12 true http://127.0.0.1:9/api"
    assert lines[2] == "12"
    assert job.processor.mask(lines[3]) == "token=***"
    assert json.loads(job.event_path.read_text())["number"] == 12


def test_workflow_steps_read_secrets_masked_and_an_unset_one_is_empty(tmp_path: Path) -> None:
    job = Job(tmp_path / "ws", temp=tmp_path / "temp", token="ghs_job", named_secrets={"deploy-key": "s3cret"})
    result = job.run_steps(
        [{"id": "show", "shell": "bash", "env": {"KEY": "${{ secrets.deploy-key }}", "NONE": "${{ secrets.missing }}", "TOKEN": "${{ secrets.GITHUB_TOKEN }}"},
          "run": 'echo "key=$KEY" >> "$GITHUB_OUTPUT"; echo "none=[$NONE]" >> "$GITHUB_OUTPUT"; echo "token=$TOKEN" >> "$GITHUB_OUTPUT"'}]
    )
    assert result.succeeded, result.describe()
    assert result.step("show").outputs == {"key": "s3cret", "none": "[]", "token": "ghs_job"}
    assert job.processor.masks == ["ghs_job", "s3cret"]


def test_a_composite_action_cannot_read_secrets(tmp_path: Path) -> None:
    action = tmp_path / "act"
    action.mkdir()
    (action / "action.yml").write_text(
        "name: t\ndescription: t\nruns:\n  using: composite\n  steps:\n"
        "    - shell: bash\n      env: {X: '${{ secrets.GITHUB_TOKEN }}'}\n      run: echo hi\n",
        encoding="utf-8",
    )
    result = Job(tmp_path / "ws", temp=tmp_path / "temp", token="ghs_job").run_action(action)
    assert not result.succeeded
    assert "Unrecognized named-value: 'secrets'" in result.describe()
