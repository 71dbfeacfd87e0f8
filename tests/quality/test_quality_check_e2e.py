"""``process-gates quality check`` end to end: a real webhook payload from the corpus, the real CLI, the
real PyGithub and GraphQL clients, and the emulator standing in for GitHub (its request log counts calls)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from process_gates.cli import main

GRAPHQL = "/graphql"


def _payload(corpus_dir: Path, name: str, tmp_path: Path, **pr_changes: object) -> Path:
    data = json.loads((corpus_dir / "webhooks" / name).read_text(encoding="utf-8"))
    data.get("pull_request", {}).update(pr_changes)
    path = tmp_path / "event.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def world(github_emulator, corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Codertocat/Hello-World#2 as the corpus's pull_request.opened payload names it, seeded live."""
    s = github_emulator.state
    s.add_repo("Codertocat/Hello-World", default_branch="master")
    s.create_issue("Codertocat/Hello-World", "an issue first, so that the PR is #2")
    payload = json.loads((corpus_dir / "webhooks" / "pull_request.opened.payload.json").read_text(encoding="utf-8"))
    head_sha = payload["pull_request"]["head"]["sha"]
    pr = s.add_pull(
        "Codertocat/Hello-World", "Update the README with new information.", "body", author="Codertocat",
        head="changes", head_sha=head_sha, files=[("src/app.py", 30, 4)], labels=["wip"],
    )
    assert pr.number == 2
    monkeypatch.chdir(tmp_path)
    for key, value in github_emulator.env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("GITHUB_REPOSITORY", "Codertocat/Hello-World")
    monkeypatch.setenv("GITHUB_EVENT_NAME", "pull_request")
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(_payload(corpus_dir, "pull_request.opened.payload.json", tmp_path)))
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.delenv("GITHUB_OUTPUT", raising=False)
    return pr


def _comments(pr) -> list[str]:
    return [c.body for c in pr.comments]


def test_reads_live_labels_not_the_payload_and_writes_one_sticky_comment(github_emulator, world, capsys) -> None:
    s = github_emulator.state
    s.add_status("Codertocat/Hello-World", world.pull.head_sha, "failure", context="ci/test")
    (Path("config.yml")).write_text("quality:\n  status_checks: {required: [ci/test, lint]}\n", encoding="utf-8")

    code = main(["--config", "config.yml", "quality", "check"])
    out = capsys.readouterr().out

    assert code == 1
    assert "error quality.label.blocking: #2 is labelled `wip`, which blocks merging" in out
    assert "error quality.status.not-passed: `ci/test` has not passed on ec26c3e (failure)" in out
    assert "error quality.status.missing: `lint` has not reported on ec26c3e" in out
    assert "warning quality.tests.missing: code changed (src/app.py) but no file matching" in out
    assert "warning quality.changelog.missing" in out
    [body] = _comments(world)
    assert body.startswith("<!-- process-gates:quality -->\n### ❌ Quality gate failed")
    # Economy: the whole PR (files, labels, draft, head contexts, and the viewer and comments the sticky
    # comment needs) in one GraphQL query, then the comment's one write.
    assert github_emulator.log.summary() == {
        "POST /graphql": 1,
        "POST /repos/{owner}/{repo}/issues/{issue_number}/comments": 1,
    }


def test_more_than_a_hundred_comments_are_listed_by_the_sticky_sync_itself(github_emulator, world, capsys) -> None:
    for n in range(101):
        github_emulator.state.add_comment(world.repo, world.number, f"review note {n}", author="reviewer")
    assert main(["quality", "check"]) == 1 and len(_comments(world)) == 102
    github_emulator.log.clear()

    assert main(["quality", "check"]) == 1  # finds its own comment beyond the first 100: no duplicate
    assert len(_comments(world)) == 102
    assert github_emulator.log.count("GET", "/repos/{owner}/{repo}/issues/{issue_number}/comments") == 2
    capsys.readouterr()


def test_passes_after_fixes_and_removes_its_comment(github_emulator, world, capsys) -> None:
    s = github_emulator.state
    assert main(["quality", "check"]) == 1
    capsys.readouterr()
    assert len(_comments(world)) == 1
    s.remove_label(world, "wip", actor="Codertocat")
    s.add_labels(world, ["no-tests-needed", "skip-changelog"], actor="Codertocat")
    github_emulator.log.clear()

    code = main(["--format", "json", "quality", "check"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert _comments(world) == []
    assert github_emulator.log.count("DELETE", "/repos/{owner}/{repo}/issues/comments/{comment_id}") == 1
    assert report["findings"] == [] and report["outputs"]["comment"] == "deleted"


def test_skips_are_recorded_in_the_summary(github_emulator, world, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    github_emulator.state.remove_label(world, "wip", actor="Codertocat")
    github_emulator.state.add_labels(world, ["no-tests-needed", "skip-changelog"], actor="Codertocat")
    summary, outputs = tmp_path / "summary.md", tmp_path / "outputs"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setenv("GITHUB_OUTPUT", str(outputs))

    assert main(["--format", "github", "quality", "check"]) == 0
    text = summary.read_text(encoding="utf-8")
    assert "skipped tests: the PR carries the skip label 'no-tests-needed'" in text
    assert "skipped changelog: the PR carries the skip label 'skip-changelog'" in text
    assert "tests,changelog" in outputs.read_text(encoding="utf-8")


def test_a_fork_pr_s_read_only_token_degrades_to_a_notice(github_emulator, world, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", github_emulator.state.actions_token(read_only=True).value)
    code = main(["quality", "check"])
    out = capsys.readouterr().out
    assert code == 1
    assert "notice github.comment.forbidden: could not write the process-gates `quality` comment on #2" in out
    assert _comments(world) == []


def test_a_hundred_and_fifty_files_cost_one_more_query(github_emulator, world, capsys) -> None:
    github_emulator.state.repo("Codertocat/Hello-World")
    world.pull.files.extend(type(world.pull.files[0])(f"docs/{n}.md", 1, 0) for n in range(149))
    code = main(["quality", "check"])
    out = capsys.readouterr().out
    assert code == 1
    assert "warning quality.size.files: #2 changes 150 files, more than the 50 quality.size.max_files allows" in out
    assert github_emulator.log.count("POST", GRAPHQL) == 2  # the PR, then the second page of files


def test_merge_group_evaluates_the_queued_pr_from_its_ref(github_emulator, world, corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    data = json.loads((corpus_dir / "webhooks" / "merge_group.checks_requested.payload.json").read_text(encoding="utf-8"))
    data["merge_group"]["head_ref"] = data["merge_group"]["head_ref"].replace("pr-104-", "pr-2-")
    data["repository"]["full_name"] = "Codertocat/Hello-World"
    (tmp_path / "mg.json").write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setenv("GITHUB_EVENT_NAME", "merge_group")
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(tmp_path / "mg.json"))

    assert main(["quality", "check"]) == 1
    out = capsys.readouterr().out
    assert "quality.label.blocking: #2 is labelled `wip`" in out
    assert _comments(world) == []  # the PR's comment follows PR events, not the queue
    Path(".github").mkdir()
    Path(".github/process-gates.yml").write_text("quality: {merge_group: pass}\n", encoding="utf-8")
    assert main(["quality", "check"]) == 0
    assert "merge group passed through" in capsys.readouterr().out


def test_the_organisation_default_applies_when_the_repository_has_none(github_emulator, world, capsys) -> None:
    github_emulator.state.add_repo("Codertocat/.github", files={".github/process-gates.yml": "quality:\n  blocking_labels: {severity: warning}\n  tests: {severity: 'off'}\n  changelog: {severity: 'off'}\n"})
    assert main(["quality", "check"]) == 0
    out = capsys.readouterr().out
    assert "warning quality.label.blocking" in out
    assert "configuration: Codertocat/.github:.github/process-gates.yml" in out


def test_a_repository_file_wins_over_the_organisation_default(github_emulator, world, capsys) -> None:
    github_emulator.state.add_repo("Codertocat/.github", files={"process-gates.yml": "quality: {mode: warn}\n"})
    Path(".github").mkdir()
    Path(".github/process-gates.yml").write_text("version: 1\n", encoding="utf-8")
    assert main(["quality", "check"]) == 1
    assert github_emulator.log.count("GET", "/repos/{owner}/{repo}/contents/{path}") == 0
    assert "configuration: .github/process-gates.yml" in capsys.readouterr().out


def test_a_broken_organisation_default_fails_closed(github_emulator, world, capsys) -> None:
    github_emulator.state.add_repo("Codertocat/.github", files={"process-gates.yml": "quality: {size: {max_lines: lots}}\n"})
    assert main(["quality", "check"]) == 2
    out = capsys.readouterr().out
    assert "Codertocat/.github:process-gates.yml:1:" in out and "config.schema" in out


def test_pr_option_checks_a_pr_from_a_manual_run_and_is_needed_there(github_emulator, world, corpus_dir, tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("GITHUB_EVENT_NAME", "workflow_dispatch")
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(corpus_dir / "webhooks" / "workflow_dispatch.payload.json"))

    assert main(["quality", "check"]) == 2
    assert capsys.readouterr().err.strip() == (
        "process-gates: process-gates quality check: the `workflow_dispatch` event names no pull request; pass --pr N "
        "(the action's `pr` input) to choose the one to check"
    )

    code = main(["quality", "check", "--pr", "2"])
    out = capsys.readouterr().out
    assert code == 1, out
    assert "quality.label.blocking" in out and "#2 at " in out
    assert len(world.comments) == 1
