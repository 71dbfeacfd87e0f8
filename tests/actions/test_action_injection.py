"""Hostile file contents, file names and inputs execute nothing and inject no workflow command.

The harness parses the steps' stdout and stderr exactly as actions/runner does (leading whitespace
trimmed before ``::``, legacy ``##[`` anywhere in a line, stop-commands state), so "no injected command"
here means the runner would not have acted on one either. Each payload also carries a shell command
that would create a canary file if anything evaluated it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest
from action_runner import ActionResult, Job, WorkflowCommand
from action_support import ROOT_ACTION, SLO_CHECK, VALID_SLOTH, write

#: Commands the gates and the actions' own scripts may emit; anything else was injected.
ALLOWED = {"error", "warning", "notice", "group", "endgroup"}
SHARED_CANARY = Path("/tmp/pwned")


def hostile_texts(canary: Path) -> list[str]:
    return [
        f"$(touch {canary}-dollar)",
        f"`touch {canary}-backtick`",
        f'"; touch {canary}-quote; rm -rf x; "',
        "$(touch /tmp/pwned)",
        "ok\n::set-output name=errors::0",
        "ok\n::add-mask::secret-value",
        "ok\n::stop-commands::x",
        "ok\n::error::injected",
        "ok\r::error::injected-after-cr",
        "  ::warning::injected-after-spaces",
        "text ##[error]x",
    ]


def _rule_ids() -> set[str]:
    from process_gates import catalogue
    from process_gates.findings import registered_rules

    catalogue.load_all()
    return set(registered_rules())


def assert_nothing_injected(result: ActionResult, job: Job, canary: Path, shared_canary_existed: bool) -> None:
    assert not list(canary.parent.glob(canary.name + "*")), f"a payload was executed:\n{result.describe()}"
    if not shared_canary_existed:
        assert not SHARED_CANARY.exists(), "$(touch /tmp/pwned) was executed"
    unexpected = [c for c in result.commands if c.name not in ALLOWED or c.legacy]
    assert not unexpected, f"injected workflow commands: {unexpected}\n{result.describe()}"
    assert job.processor.stopped_until is None and not job.processor.ignored, "command processing was stopped"
    assert not job.processor.masks, f"masks were added: {job.processor.masks}"
    rule_ids = _rule_ids() | {"process-gates"}
    untitled = [c for c in result.annotations if c.prop("title") not in rule_ids]
    assert not untitled, f"annotations that no rule emitted: {untitled}"


def _messages(commands: list[WorkflowCommand]) -> str:
    return "\n".join(c.message for c in commands)


def test_hostile_file_contents(make_job: Callable[..., Job], workspace: Path, canary: Path, shared_canary_existed: bool) -> None:
    (workspace / "x").mkdir()
    (workspace / "x" / "keep").write_text("still here\n")
    texts = hostile_texts(canary)
    for i, text in enumerate(texts):
        quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'
        body = VALID_SLOTH.replace('"checkout"', quoted).replace('"requests-availability"', quoted).replace(
            "objective: 99.9", "objective: 101"
        )
        write(workspace, f"slo/hostile-{i}.yaml", body)
    job = make_job()
    result = job.run_action(SLO_CHECK)

    assert not result.succeeded
    assert int(result.outputs["errors"]) >= len(texts), result.describe()
    assert_nothing_injected(result, job, canary, shared_canary_existed)
    assert (workspace / "x" / "keep").read_text() == "still here\n"
    messages = _messages([a for a in result.annotations if a.prop("title") == "slo.objective.target-range"])
    for text in texts:
        # The SLO is named after the hostile text; the runner decodes the annotation back to it verbatim.
        assert f"SLO '{text}/{text}'" in messages, f"{text!r} not reported verbatim:\n{messages}"


def test_hostile_file_names(make_job: Callable[..., Job], workspace: Path, canary: Path, shared_canary_existed: bool) -> None:
    names = [t.replace("/", "∕") for t in hostile_texts(canary)] + [
        "::error::named",
        "##[stop-commands]paused",
        "a,line=1,title=forged",
        "100%0A::error::percent",
    ]
    invalid = VALID_SLOTH.replace("objective: 99.9", "objective: 101")
    for i, name in enumerate(names):
        write(workspace, f"slo/{name}.yaml", invalid.replace('"checkout"', f'"svc{i}"'))
    job = make_job()
    result = job.run_action(ROOT_ACTION, {"gate": "slo-validate"})

    assert not result.succeeded
    assert_nothing_injected(result, job, canary, shared_canary_existed)
    files = {a.prop("file") for a in result.annotations if a.prop("title") == "slo.objective.target-range"}
    assert files == {f"slo/{name}.yaml" for name in names}, result.describe()
    assert result.outputs["errors"] == str(len(names))


def test_hostile_input_values(make_job: Callable[..., Job], workspace: Path, canary: Path, shared_canary_existed: bool) -> None:
    write(workspace, "slo/checkout.yaml", VALID_SLOTH.replace("objective: 99.9", "objective: 101"))
    texts = hostile_texts(canary)
    paths = "\n".join(["slo/checkout.yaml", *texts, "-rf", "--config=/etc/passwd"])
    job = make_job()
    result = job.run_action(SLO_CHECK, {"paths": paths})

    assert not result.succeeded
    assert_nothing_injected(result, job, canary, shared_canary_existed)
    assert result.outputs["errors"] != "0"
    unreadable = {a.prop("file") for a in result.annotations if a.prop("title") == "input.unreadable"}
    # Every line of the input is one path, passed as one argument: one that starts with '-' is made
    # relative (./-rf) so that it is reported as a missing file, never taken for an option.
    assert "-rf" in unreadable and "--config=/etc/passwd" in unreadable, unreadable
    assert f"$(touch {canary}-dollar)" in unreadable
    assert "::set-output name=errors::0" in unreadable
    assert "text ##[error]x" in unreadable


@pytest.mark.parametrize("field", ["gate", "config", "working-directory", "python"])
def test_hostile_single_value_inputs(
    field: str, make_job: Callable[..., Job], workspace: Path, canary: Path, shared_canary_existed: bool
) -> None:
    write(workspace, "slo/checkout.yaml", VALID_SLOTH)
    for text in hostile_texts(canary):
        inputs = {"gate": "slo-validate", field: text}
        job = make_job()
        result = job.run_action(ROOT_ACTION, inputs)
        assert not result.succeeded, f"{field}={text!r}\n{result.describe()}"
        assert_nothing_injected(result, job, canary, shared_canary_existed)
        assert result.outputs["errors"] != "0", f"{field}={text!r}\n{result.describe()}"
        errors = [a for a in result.annotations if a.name == "error"]
        assert errors, f"{field}={text!r}: the failure must be explained\n{result.describe()}"
        if field in ("gate", "working-directory") or (field == "python" and text.strip() == text and not {"\n", "\r"} & set(text)):
            # The actions' scripts quote the hostile value, escaped, in their own message (a python
            # value with a line break is refused without quoting it).
            assert text.strip() in _messages(errors), f"{field}={text!r}\n{result.describe()}"


@pytest.mark.parametrize("action", ["actions/prd-gate", "actions/quality-gate", "root"])
def test_hostile_pr_inputs_are_refused_before_the_engine_runs(
    action: str, make_job: Callable[..., Job], canary: Path, shared_canary_existed: bool
) -> None:
    """The `pr` input reaches the engine only as digits (``--pr=N``): anything else is one quoted error."""
    for text in [*hostile_texts(canary), "12 --config=/etc/passwd", "-1", "0", "1e3"]:
        job = make_job()
        if action == "root":
            result = job.run_action(ROOT_ACTION, {"gate": "prd-check", "pr": text})
        else:
            result = job.run_action(ROOT_ACTION / action, {"pr": text})
        assert not result.succeeded, f"pr={text!r}\n{result.describe()}"
        assert result.step("gate").exit_code == 2, f"pr={text!r}\n{result.describe()}"
        assert_nothing_injected(result, job, canary, shared_canary_existed)
        [error] = [a for a in result.annotations if a.name == "error"]
        assert error.message == f"the pr input must be a pull request number such as 12, not '{text.strip()}'", result.describe()


def test_the_pr_input_applies_to_the_pr_gates_only(make_job: Callable[..., Job], workspace: Path) -> None:
    write(workspace, "slo/checkout.yaml", VALID_SLOTH)
    result = make_job().run_action(ROOT_ACTION, {"gate": "slo-validate", "pr": "12"})
    assert result.step("gate").exit_code == 2
    assert [a.message for a in result.annotations if a.name == "error"] == [
        "the pr input applies to prd-check and quality-check only, not to slo-validate"
    ]
