"""actions/postmortem and the root action's postmortem-open / postmortem-remind, run for real through the
action-runner harness against the GitHub emulator, from the corpus's issues payloads with the label
changed to an incident label: one postmortem every time, including a double run and two concurrent runs,
checked through the emulator's state (whose search index lags, as GitHub's does)."""

from __future__ import annotations

import json
import re
import shutil
import threading
from pathlib import Path
from typing import Any, Callable

import pytest
from action_runner import Job
from action_support import PROJECT_ROOT, ROOT_ACTION
from test_action_injection import assert_nothing_injected, hostile_texts

POSTMORTEM = PROJECT_ROOT / "actions" / "postmortem"
MARKER = "<!-- process-gates:postmortem incident="


def _payload(corpus_dir: Path, tmp_path: Path, name: str, label: str, action: str | None = None) -> Path:
    data: dict[str, Any] = json.loads((corpus_dir / "webhooks" / name).read_text(encoding="utf-8"))
    if action:
        data["action"] = action
    data["label"] = {**(data.get("label") or {}), "name": label}
    data["issue"]["labels"] = [{"name": label}]
    path = tmp_path / f"{name}.{label}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def incident(github_emulator, corpus_dir: Path):
    payload = json.loads((corpus_dir / "webhooks" / "issues.labeled.payload.json").read_text(encoding="utf-8"))
    repo = payload["repository"]["full_name"]
    s = github_emulator.state
    s.add_repo(repo, default_branch="master")
    s.search_lag = 60.0  # the marker must be found without search
    issue = payload["issue"]
    made = s.create_issue(repo, issue["title"], issue["body"] or "", author=issue["user"]["login"], labels=["sev1"],
                          assignees=[a["login"] for a in issue["assignees"]], created_at=issue["created_at"])
    assert made.number == issue["number"]
    return made


@pytest.fixture
def run_postmortem(tmp_path: Path, workspace: Path, engine_tool_cache: Path, github_emulator, corpus_dir: Path) -> Callable[..., Any]:
    counter = iter(range(1000))

    def run(inputs: dict[str, str] | None = None, *, action: Path = POSTMORTEM, event_name: str = "issues",
            name: str = "issues.labeled.payload.json", label: str = "sev1", event_action: str | None = None, token: str | None = None):
        token = token or github_emulator.state.actions_token().value
        job = Job(workspace, temp=tmp_path / f"runner-temp-{next(counter)}", tool_cache=engine_tool_cache, event_name=event_name,
                  event=_payload(corpus_dir, tmp_path, name, label, event_action) if event_name == "issues" else {},
                  env=github_emulator.env(token), token=token,
                  repository="Codertocat/Hello-World")
        return job, job.run_action(action, inputs or {})

    return run


def _postmortems(github_emulator) -> list:
    repo = github_emulator.state.repo("Codertocat/Hello-World")
    return [i for i in repo.issues.values() if MARKER in (i.body or "") and any(lab.name == "postmortem" for lab in i.labels)]


def test_labeled_opens_one_postmortem_and_a_rerun_keeps_it(run_postmortem, incident, github_emulator) -> None:
    _, first = run_postmortem()
    assert first.succeeded, first.describe()
    [pm] = _postmortems(github_emulator)
    assert first.outputs["action"] == "created" and first.outputs["postmortem"] == str(pm.number)
    assert first.outputs["postmortem-url"].endswith(f"/issues/{pm.number}")
    assert pm.user.login == "github-actions[bot]"
    assert "sev1 incident &#35;1 has no postmortem yet" in first.summary

    _, again = run_postmortem()  # a re-run of the same event
    _, reopened = run_postmortem(name="issues.reopened.payload.json", event_action="reopened")
    assert again.succeeded and reopened.succeeded, again.describe() + reopened.describe()
    assert again.outputs["action"] == reopened.outputs["action"] == "kept"
    assert [p.number for p in _postmortems(github_emulator)] == [pm.number]
    assert len(incident.comments) == 1


def test_two_concurrent_runs_open_exactly_one(run_postmortem, incident, github_emulator) -> None:
    # Slow creates make the race certain: both runs have looked (and found nothing) before either creates.
    github_emulator.faults.add("slow", "POST", "/repos/{owner}/{repo}/issues", times=2, delay=1.0)
    results: list = []
    threads = [threading.Thread(target=lambda: results.append(run_postmortem()[1])) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)

    assert len(results) == 2 and all(r.succeeded for r in results), "\n".join(r.describe() for r in results)
    [pm] = _postmortems(github_emulator)
    actions = sorted(r.outputs["action"] for r in results)
    assert actions in (["created", "kept"], ["created", "created"], ["kept", "kept"]), actions
    assert {r.outputs["postmortem"] for r in results} == {str(pm.number)}
    closed = [i for i in github_emulator.state.repo("Codertocat/Hello-World").issues.values() if i.state_reason == "duplicate"]
    assert len(closed) == github_emulator.log.count("POST", "/repos/{owner}/{repo}/issues") - 1
    assert [c.body.count(f"#{pm.number}") > 0 for c in incident.comments] == [True]


def test_dry_run_through_the_root_action_writes_nothing(run_postmortem, incident, github_emulator) -> None:
    _, result = run_postmortem({"gate": "postmortem-open", "dry-run": "true"}, action=ROOT_ACTION)
    assert result.succeeded, result.describe()
    assert result.step("gate").outputs["action"] == "would create"
    assert "would open an issue titled: Postmortem: Spelling error in the README file (#1)" in result.step("gate").stdout
    assert _postmortems(github_emulator) == []
    assert [e for e in github_emulator.log.filter() if e.method not in ("GET",) and e.route != "/graphql"] == []


def test_remind_on_schedule_comments_once(run_postmortem, incident, github_emulator) -> None:
    _, opened = run_postmortem()
    assert opened.succeeded
    [pm] = _postmortems(github_emulator)
    # Time passes: the postmortem's recorded due date is long gone.
    github_emulator.state.edit_issue(pm, actor="octocat", body=re.sub(r"due=\d{4}-\d{2}-\d{2}", "due=2000-01-03", pm.body))
    _, reminded = run_postmortem({"command": "remind"}, event_name="schedule")
    assert reminded.succeeded, reminded.describe()
    assert reminded.outputs["overdue"] == "1" and reminded.outputs["reminded"] == "1"
    assert "| Owner | Item | Kind | Due | Days overdue | Reminder |" in reminded.summary
    assert [a.prop("title") for a in reminded.annotations] == ["postmortem.remind.overdue"]
    _, again = run_postmortem({"command": "remind"}, event_name="schedule")
    assert again.outputs["reminded"] == "0"
    assert sum("postmortem-remind" in c.body for c in pm.comments) == 1


@pytest.mark.parametrize("field", ["command", "dry-run"])
def test_hostile_inputs_fail_cleanly(field: str, run_postmortem, incident, github_emulator, canary: Path, shared_canary_existed: bool) -> None:
    for text in hostile_texts(canary):
        job, result = run_postmortem({field: text})
        assert not result.succeeded, f"{field}={text!r}\n{result.describe()}"
        # The runner masks the job's token from the start (as GitHub does for github.token): not an injection.
        assert job.processor.masks == [job.token]
        job.processor.masks.clear()
        assert_nothing_injected(result, job, canary, shared_canary_existed)
        errors = [a for a in result.annotations if a.name == "error"]
        assert errors and text.strip().split("\n")[0].split("\r")[0] in errors[0].message, result.describe()
    assert _postmortems(github_emulator) == []


def test_hostile_incident_title_reaches_nothing_but_text(run_postmortem, incident, github_emulator, canary: Path, shared_canary_existed: bool) -> None:
    incident.title = " ".join(hostile_texts(canary)) + " @acme/everyone"
    job, result = run_postmortem()
    assert result.succeeded, result.describe()
    assert job.processor.masks == [job.token]
    job.processor.masks.clear()
    assert_nothing_injected(result, job, canary, shared_canary_existed)
    [pm] = _postmortems(github_emulator)
    assert "@acme" not in pm.body and "\n::" not in pm.body


def test_postmortem_lint_through_the_root_action_annotates_a_real_postmortem(make_job, workspace: Path, corpus_dir: Path) -> None:
    folder = workspace / "postmortems"
    folder.mkdir()
    shutil.copy(corpus_dir / "postmortems" / "dfds__PM2021-011_log4shell.md", folder / "2021-12-log4shell.md")
    result = make_job().run_action(ROOT_ACTION, {"gate": "postmortem-lint"})

    assert not result.succeeded
    assert result.step("gate").exit_code == 1
    errors = [a for a in result.annotations if a.name == "error"]
    assert {a.prop("file") for a in errors} == {"postmortems/2021-12-log4shell.md"}
    order = [a for a in errors if a.prop("title") == "postmortem.timeline.order"]
    assert [(a.prop("line"), a.prop("col")) for a in order] == [("23", "3")]
    assert "postmortem.language.person-as-cause" in {a.prop("title") for a in result.annotations}
    assert result.outputs["errors"] == str(len(errors))
