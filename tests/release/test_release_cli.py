"""``process-gates release check`` end to end (a real child process): exit codes, exact lines, the summary,
configuration that fails closed at its line, and a light import path."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from release_cli import environment, run_release

CONFIG = """\
version: 1
release:
  timezone: Europe/Amsterdam
  freezes:
    - name: weekend
      cron: "0 17 * * FRI"
      duration: 64h
    - {name: year end, from: "2024-12-20", to: "2025-01-02"}
  holidays:
    - {date: "2024-04-01", name: Easter Monday}
  trains:
    - {name: weekly, departs: "0 10 * * TUE", branches: [main, "release/*"], window: 2h}
"""


def repo(tmp_path: Path, text: str = CONFIG) -> Path:
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "process-gates.yml").write_text(text, encoding="utf-8")
    return tmp_path


def test_weekend_freeze_holiday_and_train_block_with_the_next_pass(tmp_path: Path) -> None:
    run = run_release(["--at", "2024-03-30T12:00", "--branch", "main"], repo(tmp_path))
    assert run.returncode == 1
    assert run.stdout.splitlines() == [
        ".github/process-gates.yml:5:7: error release.freeze.active: freeze 'weekend' is on from Fri 2024-03-29 17:00 CET "
        "to Mon 2024-04-01 09:00 CEST",
        ".github/process-gates.yml:12:7: error release.train.closed: branch 'main' leaves with train 'weekly' only, and "
        "boarding is closed until Tue 2024-04-02 10:00 CEST",
        "note: at Sat 2024-03-30 12:00 CET (2024-03-30T11:00Z), target branch main",
        # The freeze ends Monday 09:00, Monday is a holiday, and the train next departs on Tuesday.
        "note: the calendar rules pass again from Tue 2024-04-02 10:00 CEST",
        "note: not running in GitHub Actions (GITHUB_EVENT_NAME is unset), so no label can waive a block",
        "how to fix:",
        "  release.freeze.active: Release after the freeze ends (the message says when), or apply an exception label "
        "(release.exceptions.labels) as someone in release.exceptions.allowed.",
        "  release.train.closed: Release within the train's window after a departure (the message says when the next "
        "one is), or apply an exception label as someone in release.exceptions.allowed.",
        "Release check: failed, 2 errors, 0 warnings in 4 rules",
    ]
    assert run.stderr == ""


def test_within_the_train_window_it_passes(tmp_path: Path) -> None:
    run = run_release(["--at", "2024-04-02T11:59+02:00", "--branch", "release/2024.4"], repo(tmp_path))
    assert (run.returncode, run.stdout.splitlines()[-1]) == (0, "Release check: passed, 0 errors, 0 warnings in 4 rules")


def test_the_branch_comes_from_the_runner_variables(tmp_path: Path) -> None:
    root = repo(tmp_path)
    # A pull request into main: GITHUB_BASE_REF. A push: GITHUB_REF_NAME. A branch the trains do not cover passes.
    pr = run_release(["--at", "2024-04-03T12:00"], root, env={"GITHUB_BASE_REF": "main"})
    push = run_release(["--at", "2024-04-03T12:00"], root, env={"GITHUB_REF": "refs/heads/feature/x", "GITHUB_REF_NAME": "feature/x"})
    queue = run_release(
        ["--at", "2024-04-03T12:00"], root, env={"GITHUB_REF": "refs/heads/gh-readonly-queue/main/pr-7-" + "a" * 40}
    )
    assert (pr.returncode, push.returncode, queue.returncode) == (1, 0, 1)
    assert "target branch main" in pr.stdout and "target branch feature/x" in push.stdout and "target branch main" in queue.stdout


def test_year_end_freeze_in_json_with_outputs(tmp_path: Path) -> None:
    run = run_release(["--format", "json", "--at", "2025-01-01T00:30", "--branch", "hotfix/1"], repo(tmp_path))
    assert run.returncode == 1
    report = json.loads(run.stdout)
    assert [(f["rule"], f["line"]) for f in report["findings"]] == [("release.freeze.active", 8)]
    assert report["findings"][0]["message"] == (
        "freeze 'year end' is on from Fri 2024-12-20 00:00 CET to Fri 2025-01-03 00:00 CET"
    )
    assert report["outputs"]["next_pass"] == "2025-01-02T23:00:00+00:00"


def test_github_format_annotates_and_writes_the_summary(tmp_path: Path) -> None:
    root = repo(tmp_path)
    summary, output = tmp_path / "summary.md", tmp_path / "output.txt"
    run = run_release(
        ["--format", "github", "--at", "2024-04-01T10:00"],
        root,
        env={"GITHUB_STEP_SUMMARY": str(summary), "GITHUB_OUTPUT": str(output), "GITHUB_BASE_REF": "feature"},
    )
    assert run.returncode == 1
    assert run.stdout.startswith("::error file=.github/process-gates.yml,line=10,endLine=10,col=7,endColumn=48,title=release.freeze.holiday::Mon 2024-04-01 is a holiday (Easter Monday) in Europe/Amsterdam")
    assert "Easter Monday" in summary.read_text(encoding="utf-8")
    lines = output.read_text(encoding="utf-8").splitlines()
    assert lines[lines.index(next(line for line in lines if line.startswith("next_pass<<"))) + 1] == "2024-04-01T22:00:00+00:00"


def test_warn_mode_reports_and_passes(tmp_path: Path) -> None:
    root = repo(tmp_path, CONFIG.replace("release:\n", "release:\n  mode: warn\n"))
    run = run_release(["--at", "2024-03-30T12:00", "--branch", "feature"], root)
    assert run.returncode == 0
    assert run.stdout.splitlines()[0].startswith(".github/process-gates.yml:6:7: warning release.freeze.active: ")


def test_no_release_section_passes_and_says_nothing_is_configured(tmp_path: Path) -> None:
    run = run_release(["--at", "2024-03-30T12:00"], repo(tmp_path, "version: 1\n"))
    assert run.returncode == 0
    assert "note: no freezes, holidays, trains or error budget are configured under release:" in run.stdout.splitlines()


@pytest.mark.parametrize(
    ("at", "complaint"),
    [
        ("tomorrow", "--at 'tomorrow' is not an ISO-8601 date and time; write e.g. 2024-12-24T16:30 (the repository's time zone, Europe/Amsterdam) or 2024-12-24T15:30Z"),
        ("2024-02-30T10:00", "--at '2024-02-30T10:00': day is out of range for month"),
    ],
)
def test_a_bad_at_is_a_usage_error(tmp_path: Path, at: str, complaint: str) -> None:
    run = run_release(["--at", at], repo(tmp_path))
    assert (run.returncode, run.stdout, run.stderr) == (2, "", f"process-gates: {complaint}\n")


@pytest.mark.parametrize(
    ("setting", "line", "message"),
    [
        ("  timezone: Europe/Amsterdan\n", "3:13", "release.timezone: timezone 'Europe/Amsterdan' is not an IANA time zone (e.g. Europe/Amsterdam, America/New_York, UTC)"),
        ("  freezes: [{cron: '0 17 * * FRY', duration: 64h}]\n", "3:20", "release.freezes[0].cron: cron '0 17 * * FRY': day of week: 'FRY' is not a number from 0 to 7 (or a name: SUN, MON, TUE, WED, THU, FRI, SAT)"),
        ("  freezes: [{cron: '0 17 * *', duration: 64h}]\n", "3:20", "release.freezes[0].cron: cron '0 17 * *': 4 fields; write five: minute hour day-of-month month day-of-week (seconds and years are not cron)"),
        ("  freezes: [{from: '2024-12-20', to: '2024-12-01'}]\n", "3:38", "release.freezes[0].to: the freeze ends (2024-12-01) before it starts (2024-12-20)"),
        ("  holidays: ['2024-02-30']\n", "3:14", "release.holidays[0]: '2024-02-30' is not a date that exists (YYYY-MM-DD)"),
        ("  trains: [{name: t, departs: '61 * * * *', branches: [main]}]\n", "3:31", "release.trains[0].departs: cron '61 * * * *': minute: 61 is outside 0-59"),
    ],
)
def test_unusable_settings_fail_closed_at_their_line(tmp_path: Path, setting: str, line: str, message: str) -> None:
    root = repo(tmp_path, "version: 1\nrelease:\n" + setting)
    check = run_release(["--at", "2024-03-30T12:00"], root)
    validate = subprocess.run(
        [sys.executable, "-m", "process_gates", "config", "validate"], cwd=root, env=environment(), capture_output=True, text=True
    )
    expected = f".github/process-gates.yml:{line}: error config.release: {message}"
    for run in (check, validate):
        assert run.returncode == 2
        assert run.stdout.splitlines()[0] == expected


def test_a_freeze_with_half_of_each_shape_is_a_schema_error(tmp_path: Path) -> None:
    run = run_release(["--at", "2024-03-30T12:00"], repo(tmp_path, "version: 1\nrelease:\n  freezes: [{cron: '0 17 * * FRI'}]\n"))
    assert run.returncode == 2
    assert run.stdout.splitlines()[0].startswith(".github/process-gates.yml:3:13: error config.schema: release.freezes.0: ")


def test_a_blocked_check_without_github_imports_neither_pygithub_nor_requests(tmp_path: Path) -> None:
    root = repo(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "process_gates", "release", "check", "--at", "2024-03-30T12:00"],
        cwd=root, env=environment(), capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 1
    names = {line.rsplit("|", 1)[1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:") and "|" in line}
    assert "process_gates.release.windows" in names
    assert sorted(n for n in names if n.split(".")[0] in {"github", "requests", "urllib3"}) == []


def test_without_at_the_injected_clock_decides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from datetime import datetime, timezone

    from process_gates.cli import build_parser
    from process_gates.commands.release_cmd import run_check

    monkeypatch.chdir(repo(tmp_path))
    args = build_parser().parse_args(["release", "check", "--branch", "feature"])
    saturday = datetime(2024, 3, 30, 11, 0, tzinfo=timezone.utc)
    monday = datetime(2024, 4, 1, 7, 0, tzinfo=timezone.utc)
    assert run_check(args, clock=lambda: saturday, environ={}) == 1
    assert "note: at Sat 2024-03-30 12:00 CET (2024-03-30T11:00Z), target branch feature" in capsys.readouterr().out
    # Monday 09:00 CEST is the Easter Monday holiday; Tuesday at the same time passes.
    assert run_check(args, clock=lambda: monday, environ={}) == 1
    assert "error release.freeze.holiday: Mon 2024-04-01 is a holiday (Easter Monday) in Europe/Amsterdam" in capsys.readouterr().out
    assert run_check(args, clock=lambda: monday.replace(day=2), environ={}) == 0
