"""``prd check``'s contract at the edges: exit 2 for a wrong environment or configuration, exit 3 when
GitHub cannot answer, each with one line that says what to do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from process_gates.cli import main


@pytest.fixture
def env(github_emulator, corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for key, value in github_emulator.env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("GITHUB_REPOSITORY", "Codertocat/Hello-World")
    monkeypatch.setenv("GITHUB_EVENT_NAME", "pull_request")
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(corpus_dir / "webhooks" / "pull_request.opened.payload.json"))
    return tmp_path


def test_an_unhandled_event_is_a_usage_error(env, corpus_dir: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("GITHUB_EVENT_NAME", "issues")
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(corpus_dir / "webhooks" / "issues.opened.payload.json"))
    assert main(["prd", "check"]) == 2
    err = capsys.readouterr().err
    assert err == "process-gates: process-gates prd check does not handle the `issues` event; trigger it on: pull_request, pull_request_target, merge_group, workflow_dispatch, schedule\n"


def test_a_broken_prd_section_fails_closed_before_any_call(env, github_emulator, capsys) -> None:
    Path("bad.yml").write_text("prd:\n  merge_group: sometimes\n  accept: {approval_labels: design-approved}\n", encoding="utf-8")
    assert main(["--config", "bad.yml", "--format", "json", "prd", "check"]) == 2
    report = json.loads(capsys.readouterr().out)
    assert {f["rule"] for f in report["findings"]} == {"config.schema"}
    assert github_emulator.log.entries == []


def test_a_pull_request_github_does_not_know_is_exit_3(env, github_emulator, capsys) -> None:
    github_emulator.state.add_repo("Codertocat/Hello-World", default_branch="master")
    assert main(["prd", "check"]) == 3
    err = capsys.readouterr().err
    assert err.startswith("process-gates: GitHub POST /graphql (pull request) answered with GraphQL errors: Could not resolve to a PullRequest with the number of 2.")
