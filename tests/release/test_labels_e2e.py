"""Exception labels read live from GitHub (the emulator) during a freeze: who applied them, team
membership, a token that may not read teams, and no API call at all when nothing blocks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from process_gates.cli import main

REPO = "Codertocat/Hello-World"
TIMELINE = "GET /repos/{owner}/{repo}/issues/{issue_number}/timeline"
MEMBERSHIP = "GET /orgs/{org}/teams/{team_slug}/memberships/{username}"
CONFIG = """\
version: 1
release:
  timezone: Europe/Amsterdam
  freezes: [{name: weekend, cron: "0 17 * * FRI", duration: 64h}]
  exceptions:
    labels: [hotfix]
    allowed: [alice, "@Codertocat/release-managers"]
"""
SATURDAY = "2024-03-30T12:00"


@pytest.fixture
def pr(github_emulator, corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Codertocat/Hello-World#2, the pull request of the corpus's pull_request.opened payload."""
    s = github_emulator.state
    s.add_repo(REPO, default_branch="master", labels=["hotfix", "docs"])
    s.add_org("Codertocat", members=["bob", "carol"])
    s.add_team("Codertocat", "release-managers", members=["bob"])
    s.create_issue(REPO, "Checkout is down", "The incident this hotfix is for.", labels=[])
    pull = s.add_pull(REPO, "Fix the outage", "Rolls back the cache.", author="carol", head="fix")
    assert pull.number == 2
    monkeypatch.chdir(tmp_path)
    Path("release.yml").write_text(CONFIG, encoding="utf-8")
    event = tmp_path / "event.json"
    event.write_text((corpus_dir / "webhooks" / "pull_request.opened.payload.json").read_text(encoding="utf-8"), encoding="utf-8")
    for key, value in github_emulator.env().items():  # octocat's token: it may read team membership
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("GITHUB_REPOSITORY", REPO)
    monkeypatch.setenv("GITHUB_EVENT_NAME", "pull_request")
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(event))
    monkeypatch.setenv("GITHUB_BASE_REF", json.loads(event.read_text())["pull_request"]["base"]["ref"])
    for name in ("GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT", "PROMETHEUS_URL"):
        monkeypatch.delenv(name, raising=False)
    return pull


def run(capsys, at: str = SATURDAY) -> tuple[int, list[str]]:  # type: ignore[no-untyped-def]
    code = main(["--config", "release.yml", "release", "check", "--at", at])
    captured = capsys.readouterr()
    return code, (captured.out + captured.err).splitlines()


FREEZE = "freeze 'weekend' is on from Fri 2024-03-29 17:00 CET to Mon 2024-04-01 09:00 CEST"


def test_hotfix_applied_by_an_allowed_login_waives_the_freeze(github_emulator, pr, capsys) -> None:  # type: ignore[no-untyped-def]
    github_emulator.state.add_labels(pr, ["hotfix"], actor="alice")
    code, lines = run(capsys)
    assert code == 0
    assert lines[0] == (
        "release.yml:4:13: notice release.exception.applied: waived by label 'hotfix' (applied by @alice, who is in "
        f"release.exceptions.allowed): {FREEZE}"
    )
    assert f"note: labels read from the timeline of {REPO}#2" in lines
    assert github_emulator.log.summary() == {TIMELINE: 1}  # alice is listed by login: no team lookup


def test_hotfix_applied_by_a_team_member_waives_the_freeze(github_emulator, pr, capsys) -> None:  # type: ignore[no-untyped-def]
    github_emulator.state.add_labels(pr, ["hotfix"], actor="alice")
    github_emulator.state.remove_label(pr, "hotfix", actor="alice")
    github_emulator.state.add_labels(pr, ["hotfix"], actor="bob")  # the last applier is the one that counts
    code, lines = run(capsys)
    assert code == 0
    assert "(applied by @bob, a member of @codertocat/release-managers)" in lines[0]
    assert github_emulator.log.summary() == {TIMELINE: 1, MEMBERSHIP: 1}


def test_hotfix_applied_by_someone_else_does_not_count(github_emulator, pr, capsys) -> None:  # type: ignore[no-untyped-def]
    github_emulator.state.add_labels(pr, ["hotfix"], actor="carol")
    code, lines = run(capsys)
    assert code == 1
    assert lines[:2] == [
        f"release.yml:4:13: error release.freeze.active: {FREEZE}",
        "release.yml:4:13: warning release.exception.not-counted: label 'hotfix' does not waive the freeze or train: "
        "applied by @carol, who is not in release.exceptions.allowed (alice, @Codertocat/release-managers)",
    ]


def test_a_token_that_may_not_read_teams_degrades_to_not_counting(github_emulator, pr, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("GITHUB_TOKEN", github_emulator.state.actions_token().value)
    github_emulator.state.add_labels(pr, ["hotfix"], actor="bob")
    code, lines = run(capsys)
    assert code == 1
    assert any(
        line.startswith("note: cannot read the members of @codertocat/release-managers (")
        and line.endswith("a workflow's GITHUB_TOKEN may not, so pass a token with read access to the organization's members")
        for line in lines
    ), lines


def test_nothing_blocks_so_github_is_not_asked(github_emulator, pr, capsys) -> None:  # type: ignore[no-untyped-def]
    github_emulator.state.add_labels(pr, ["hotfix"], actor="alice")
    github_emulator.log.clear()
    code, lines = run(capsys, at="2024-04-02T12:00")
    assert (code, lines[-1]) == (0, "Release check: passed, 0 errors, 0 warnings in 1 rule")
    assert github_emulator.log.summary() == {}
