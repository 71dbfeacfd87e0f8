"""``postmortem remind`` end to end against the emulator: overdue postmortems, action-item issues and
checklist lines; one comment per issue and day; a cap on writes; a summary table grouped by owner."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from process_gates.cli import main
from process_gates.postmortem.open_plan import marker

from incident_support import REPO

COMMENT = ("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments")


@pytest.fixture
def overdue_world(github_emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    s = github_emulator.state
    s.add_repo(REPO, default_branch="master")
    s.create_issue(REPO, "Outage", "", labels=["sev1"])
    pm_body = marker(1, "sev1", dt.date(2026, 11, 2), dt.date(2026, 11, 5)) + (
        "\n## Action Items\n- [ ] Add a canary stage @alice 2026-11-10\n- [x] Page the right team @bob 2026-11-03\n"
        "- [ ] Runbook for failover @carol 2026-12-24\n"
    )
    pm = s.create_issue(REPO, "Postmortem: Outage (#1)", pm_body, labels=["postmortem", "sev1"], assignees=["dana"])
    item = s.create_issue(REPO, "Rate-limit the <script> endpoint", "Due: 2026-11-15\n", labels=["action-item"], assignees=["erin"])
    s.create_issue(REPO, "Later item", "Due: 2026-12-31\n", labels=["action-item"])
    s.create_issue(REPO, "Closed item", "Due: 2026-01-01\n", labels=["action-item"], state="closed")
    monkeypatch.chdir(tmp_path)
    for key, value in github_emulator.env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("GITHUB_REPOSITORY", REPO)
    monkeypatch.setenv("GITHUB_EVENT_NAME", "schedule")
    monkeypatch.delenv("GITHUB_EVENT_PATH", raising=False)
    monkeypatch.delenv("GITHUB_OUTPUT", raising=False)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    return pm, item, summary


def test_reminds_once_a_day_grouped_by_owner(github_emulator, overdue_world, capsys) -> None:
    pm, item, summary = overdue_world
    assert main(["--format", "github", "postmortem", "remind", "--at", "2026-11-20T06:00:00Z"]) == 0
    out = capsys.readouterr().out

    assert out.count("::warning title=postmortem.remind.overdue::") == 1
    assert out.count("::warning title=postmortem.remind.action-item-overdue::") == 2
    [pm_comment] = [c.body for c in pm.comments]
    assert pm_comment.startswith("<!-- process-gates:postmortem-remind day=2026-11-20 -->")
    assert "- @alice:\n  - checklist: Add a canary stage @\u200balice 2026-11-10 — due 2026-11-10 (10 days overdue)" in pm_comment
    assert "- @dana:\n  - postmortem: Postmortem: Outage \\(\\#1\\) — due 2026-11-05 (15 days overdue)" in pm_comment
    assert "carol" not in pm_comment and "bob" not in pm_comment  # not due yet / done
    [item_comment] = [c.body for c in item.comments]
    assert "- @erin:\n  - action item: Rate-limit the &lt;script\\> endpoint — due 2026-11-15 (5 days overdue)" in item_comment
    table = summary.read_text(encoding="utf-8")
    assert "| Owner | Item | Kind | Due | Days overdue | Reminder |" in table
    ours = table.split("### Overdue postmortems and action items\n\n", 1)[1].split("\n\n", 1)[0]
    rows = ours.splitlines()[2:]
    assert [row.split(" | ")[0] for row in rows] == ["| alice", "| dana", "| erin"]
    assert all(row.endswith("| reminded |") for row in rows)

    # The same day again: nothing new is written.
    github_emulator.log.clear()
    assert main(["postmortem", "remind", "--at", "2026-11-20T18:00:00Z"]) == 0
    assert github_emulator.log.count(*COMMENT) == 0
    assert "already reminded today" in capsys.readouterr().out
    # The next day: one more each.
    assert main(["postmortem", "remind", "--at", "2026-11-21"]) == 0
    assert len(pm.comments) == 2 and len(item.comments) == 2


def test_the_cap_defers_the_rest_to_the_next_run(github_emulator, overdue_world, capsys) -> None:
    pm, item, _ = overdue_world
    assert main(["postmortem", "remind", "--at", "2026-11-20", "--max-operations", "1"]) == 0
    out = capsys.readouterr().out
    assert github_emulator.log.count(*COMMENT) == 1
    assert "1 issue(s) deferred to the next run: the cap of 1 comments per run was reached" in out
    assert main(["postmortem", "remind", "--at", "2026-11-20", "--max-operations", "1"]) == 0
    assert len(pm.comments) == 1 and len(item.comments) == 1


def test_dry_run_lists_and_writes_nothing(github_emulator, overdue_world, capsys) -> None:
    assert main(["postmortem", "remind", "--dry-run", "--at", "2026-11-20"]) == 0
    out = capsys.readouterr().out
    assert "would remind" in out and "dry run: nothing was written" in out
    assert [e for e in github_emulator.log.filter() if e.method != "GET"] == []
