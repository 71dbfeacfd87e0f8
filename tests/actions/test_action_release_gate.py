"""actions/release-gate and the root action's `release-check`, run for real through the action-runner
harness: the calendar against the GitHub emulator (exception labels read live from the timeline of the
PR that the corpus's pull_request.opened payload names), the error budget against a real Prometheus."""

from __future__ import annotations

import html
import shutil
from pathlib import Path
from typing import Callable

import pytest
from action_runner import Job
from action_support import PROJECT_ROOT, ROOT_ACTION, seed_payload_pull, write
from test_action_injection import assert_nothing_injected, hostile_texts

RELEASE_GATE = PROJECT_ROOT / "actions" / "release-gate"
DATA = PROJECT_ROOT / "tests" / "release" / "data"
FREEZE_CONFIG = """\
version: 1
release:
  timezone: Europe/Amsterdam
  freezes: [{name: weekend, cron: "0 17 * * FRI", duration: 64h}]
  holidays: ["12-25"]
  exceptions: {labels: [hotfix], allowed: [alice]}
"""
SATURDAY = "2024-03-30T12:00"
TIMELINE = "GET /repos/{owner}/{repo}/issues/{issue_number}/timeline"


@pytest.fixture
def pr(github_emulator, pr_event: Path):
    return seed_payload_pull(github_emulator, pr_event, "Roll back the cache", "Fixes the outage.", [("src/cache.py", 3, 40)])


@pytest.fixture
def release_job(make_job: Callable[..., Job], github_emulator) -> Callable[..., Job]:
    def factory(config: str = FREEZE_CONFIG) -> Job:
        token = github_emulator.state.actions_token().value
        job = make_job(env=github_emulator.env(token), token=token)
        write(job.workspace, ".github/process-gates.yml", config)
        return job

    return factory


def test_a_freeze_blocks_with_the_next_pass_and_an_allowed_hotfix_label_waives_it(release_job, pr, github_emulator) -> None:
    job = release_job()
    blocked = job.run_action(RELEASE_GATE, {"at": SATURDAY})

    assert not blocked.succeeded
    assert (blocked.step("gate").outcome, blocked.step("gate").exit_code) == ("failure", 1)
    assert blocked.outputs["errors"] == "1"
    # Monday 2024-04-01 09:00 CEST is 07:00Z: the freeze's end, across the spring-forward weekend.
    assert blocked.outputs["next-pass"] == "2024-04-01T07:00:00+00:00"
    assert blocked.outputs["at"] == "2024-03-30T11:00:00+00:00"
    [error] = [a for a in blocked.annotations if a.name == "error"]
    assert error.prop("title") == "release.freeze.active" and error.prop("file") == ".github/process-gates.yml"
    summary = html.unescape(blocked.summary)
    assert "the calendar rules pass again from Mon 2024-04-01 09:00 CEST" in summary

    github_emulator.state.add_labels(pr, ["hotfix"], actor="alice")
    github_emulator.log.clear()
    waived = job.run_action(RELEASE_GATE, {"at": SATURDAY})

    assert waived.succeeded, waived.describe()
    assert waived.outputs["errors"] == "0"
    assert "waived by label 'hotfix' (applied by @alice, who is in release.exceptions.allowed)" in html.unescape(waived.summary)
    assert github_emulator.log.summary() == {TIMELINE: 1}  # one read; nothing written


def test_a_hotfix_label_applied_by_someone_not_allowed_does_not_count(release_job, pr, github_emulator) -> None:
    github_emulator.state.add_labels(pr, ["hotfix"], actor="mallory")
    result = release_job().run_action(RELEASE_GATE, {"at": SATURDAY})

    assert not result.succeeded
    assert "@mallory" in html.unescape(result.summary)
    assert [e for e in github_emulator.log.filter() if e.method != "GET"] == []


def test_a_yearly_holiday_through_the_root_action_and_the_branch_input(release_job, pr) -> None:
    result = release_job().run_action(ROOT_ACTION, {"gate": "release-check", "at": "2031-12-25T10:00", "branch": "release/2031"})

    assert not result.succeeded
    [error] = [a for a in result.annotations if a.name == "error"]
    assert error.prop("title") == "release.freeze.holiday"
    assert "Thu 2031-12-25 is a holiday (every 12-25) in Europe/Amsterdam" in error.message
    assert "target branch release/2031" in html.unescape(result.summary)


def test_the_error_budget_is_read_from_the_prometheus_url_input(release_job, prometheus) -> None:  # type: ignore[no-untyped-def]
    job = release_job("version: 1\nrelease:\n  error_budget:\n    slo: openslo-app.yaml\n")
    shutil.copy(DATA / "openslo-app.yaml", job.workspace / "openslo-app.yaml")
    result = job.run_action(RELEASE_GATE, {"at": "2024-03-29T12:00Z", "prometheus-url": prometheus.url})

    assert result.succeeded, result.describe()
    # The hand-worked figures of tests/release/test_prometheus_budget.py: 30d bad/total = 0.0010993752
    # against 99.5%, so 1 - 0.0010993752 / 0.005 of the budget is left.
    assert (result.outputs["sli"], result.outputs["budget-remaining"]) == ("0.998901", "0.780125")


def test_the_at_input_is_checked_by_the_engine_and_injects_nothing(release_job, pr, canary: Path, shared_canary_existed: bool) -> None:
    for text in [*hostile_texts(canary), "--config=/etc/passwd", "yesterday"]:
        job = release_job()
        result = job.run_action(RELEASE_GATE, {"at": text})
        assert not result.succeeded, f"at={text!r}\n{result.describe()}"
        assert result.step("gate").exit_code == 2, f"at={text!r}\n{result.describe()}"
        assert job.processor.masks == [job.token]  # the runner masks the job's token, nothing else does
        job.processor.masks.clear()
        assert_nothing_injected(result, job, canary, shared_canary_existed)
        [error] = [a for a in result.annotations if a.name == "error"]
        assert error.message.startswith(("--at ", "the at input must be a single value")), f"at={text!r}: {error.message}"


@pytest.mark.parametrize("field", ["branch", "prometheus-url"])
def test_hostile_branch_and_url_inputs_inject_nothing(field: str, release_job, pr, canary: Path, shared_canary_existed: bool) -> None:
    for text in hostile_texts(canary):
        job = release_job()
        result = job.run_action(RELEASE_GATE, {field: text, "at": "2024-03-27T12:00"})  # a Wednesday: no freeze
        assert job.processor.masks == [job.token]
        job.processor.masks.clear()
        assert_nothing_injected(result, job, canary, shared_canary_existed)
        if {"\n", "\r"} & set(text.strip()):
            assert result.step("gate").exit_code == 2, f"{field}={text!r}\n{result.describe()}"
            [error] = [a for a in result.annotations if a.name == "error"]
            assert error.message == f"the {field} input must be a single value that does not start with '-'"
        else:
            # One line, passed as one --option=value argument: a (strange) branch name, or a URL the
            # configuration never asks for here. The calendar decides; nothing else happens.
            assert result.succeeded, f"{field}={text!r}\n{result.describe()}"


def test_release_inputs_are_refused_for_other_gates(make_job: Callable[..., Job]) -> None:
    result = make_job().run_action(ROOT_ACTION, {"gate": "config-validate", "at": "2024-03-30T12:00"})
    assert not result.succeeded
    [error] = [a for a in result.annotations if a.name == "error"]
    assert error.message == "the at input applies to release-check only, not to config-validate"
