"""``process-gates report`` end to end against the emulator: a seeded world with hand-worked answers
(report_world.py), every output format, hostile titles, failures that exit 3 leaving nothing half-written."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from process_gates.cli import main
from process_gates.report.document import schema

from report_world import CONFIG, REPO, SAMPLE, UNTIL, sample_markdown, seed_report_world

ISSUES = ("GET", "/repos/{owner}/{repo}/issues")


@pytest.fixture
def world(github_emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    seed_report_world(github_emulator.state)
    monkeypatch.chdir(tmp_path)
    for key, value in github_emulator.env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("GITHUB_REPOSITORY", REPO)
    for name in ("GITHUB_EVENT_NAME", "GITHUB_EVENT_PATH", "GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT", "PROMETHEUS_URL"):
        monkeypatch.delenv(name, raising=False)
    config = tmp_path / "process-gates.yml"
    config.write_text(CONFIG, encoding="utf-8")
    return config


def _json(config: Path, capsys, *extra: str) -> dict:
    assert main(["--config", str(config), "--format", "json", "report", "--until", UNTIL, *extra]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_figures_match_the_hand_worked_values(world: Path, capsys) -> None:
    doc = _json(world, capsys)
    jsonschema.validate(doc, schema())  # the shipped schema describes every field
    assert doc["version"] == 1 and doc["repository"] == REPO and doc["default_branch"] == "main"
    assert doc["window"] == {"since": "2026-10-24T00:00:00Z", "until": "2026-11-21T00:00:00Z", "days": 28.0}
    m = doc["metrics"]
    assert m["lead_time"] == {"count": 5, "median_hours": 26.0, "p90_hours": 72.0}
    assert m["deployment_frequency"] == {
        "source": "deployments", "environment": "production", "count": 5, "per_week": 1.25, "per_day": 0.1786,
        "not_counted": {"failure": 1, "in_progress": 1},
    }
    assert m["change_failure_rate"] == {"incidents": 4, "deployments": 5, "rate": 0.8}
    assert m["time_to_restore"] == {"count": 3, "median_hours": 10.0, "p90_hours": 24.0, "open": 1}
    assert m["incidents"] == {"count": 4, "by_severity": {"sev1": 2, "sev2": 2, "sev3": 0, "incident": 0}}
    assert m["postmortems"] == {"opened": 3, "open": 2, "overdue": 1}
    assert m["action_items"] == {"open": 5, "overdue": 2}
    assert m["slo"]["configured"] is False
    assert [(w["start"][5:10], w["merges"], w["deployments"], w["incidents"]) for w in doc["weeks"]] == [
        ("10-24", 1, 2, 1), ("10-31", 2, 1, 1), ("11-07", 1, 1, 1), ("11-14", 1, 1, 1),
    ]
    assert [(o["kind"], o["due"], o["days_overdue"]) for o in doc["overdue"]] == [
        ("postmortem", "2026-10-31", 21), ("checklist", "2026-11-10", 11), ("action item", "2026-11-15", 6),
    ]


def test_releases_count_when_configured_and_auto_falls_back_to_them(github_emulator, world: Path, capsys) -> None:
    s = github_emulator.state
    s.add_release(REPO, "v1.0.1-rc1", created_at="2026-11-06T00:00:00Z", prerelease=True)
    s.add_release(REPO, "v1.1.0", created_at="2026-11-01T00:00:00Z", draft=True)
    s.add_release(REPO, "v1.0.2", created_at="2026-10-01T00:00:00Z", published_at="2026-11-07T00:00:00Z")  # an old draft, published now
    world.write_text("version: 1\nreport:\n  deployments: {source: releases}\n", encoding="utf-8")
    deploy = _json(world, capsys)["metrics"]["deployment_frequency"]
    assert (deploy["source"], deploy["count"], deploy["not_counted"]) == ("releases", 2, {"prerelease": 1})

    world.write_text("version: 1\nreport:\n  deployments: {environment: canary, include_prereleases: true}\n", encoding="utf-8")
    deploy = _json(world, capsys)["metrics"]["deployment_frequency"]
    assert (deploy["source"], deploy["environment"], deploy["count"]) == ("releases", None, 3)


def test_the_job_summary_escapes_hostile_titles_and_keeps_them_out_of_mermaid(world: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    summary, outputs = tmp_path / "summary.md", tmp_path / "outputs"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setenv("GITHUB_OUTPUT", str(outputs))
    json_path = tmp_path / "report.json"
    assert main(["--config", str(world), "--format", "github", "report", "--until", UNTIL, "--json", str(json_path)]) == 0
    out = capsys.readouterr().out
    assert out == (
        "Process health report for acme/widgets, 2026-10-24 to 2026-11-21: lead time median 26 h, 5 deployments, "
        "change failure rate 0.8, time to restore median 10 h\n"
    )
    text = summary.read_text(encoding="utf-8")
    [row] = [line for line in text.splitlines() if "Checkout down" in line]
    assert row.count("|") == 6  # the title's own | is escaped: the row keeps its five cells
    for raw in ("<img", "</details>", "```", "[link]", "(javascript"):
        assert raw not in row
    blocks = text.split("```mermaid")[1:]
    assert len(blocks) == 3 and all("Checkout" not in block.split("```")[0] and "pwned" not in block.split("```")[0] for block in blocks)
    assert text.count("<details>") == 1 and text.count("</details>") == 1
    written = outputs.read_text(encoding="utf-8")
    for name, value in (("lead-time-median-hours", "26"), ("deployments", "5"), ("change-failure-rate", "0.8"), ("mttr-hours", "10"), ("json", str(json_path))):
        assert f"{name}<<" in written and f"\n{value}\n" in written.split(f"{name}<<", 1)[1].split("ghadelimiter", 2)[1]
    assert json.loads(json_path.read_text(encoding="utf-8"))["metrics"]["change_failure_rate"]["rate"] == 0.8


def test_text_prints_the_markdown_with_no_line_a_runner_would_take_for_a_command(world: Path, capsys) -> None:
    assert main(["--config", str(world), "report", "--until", UNTIL, "--window", "4w"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("## 📊 Process health: acme/widgets\n")
    assert "the 28d (--window) up to --until" in out
    assert not any(line.lstrip().startswith("::") or "##[" in line for line in out.splitlines())


def test_the_sample_in_docs_is_current() -> None:
    assert SAMPLE.read_text(encoding="utf-8") == sample_markdown(), (
        "docs/sample-report.md is stale: run `.venv/bin/python tests/report/report_world.py --write`"
    )


def test_an_api_failure_mid_pagination_exits_3_with_one_line_and_writes_nothing(github_emulator, world: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    s = github_emulator.state
    for n in range(150):  # two pages of sev2 incidents
        s.create_issue(REPO, f"Flaky {n}", "", labels=["sev2"], created_at="2026-11-02T00:00:00Z")
    summary, json_path = tmp_path / "summary.md", tmp_path / "report.json"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    # The incident lists read sev1 (one page), then sev2: its first page answers, its second is refused
    # (a permanent error: a 5xx would end the same way, after the client's retries).
    github_emulator.faults.add("forbidden", "GET", "/repos/{owner}/{repo}/issues", times=None, skip=2, message="Repository access blocked")
    code = main(["--config", str(world), "--format", "github", "report", "--until", UNTIL, "--json", str(json_path)])
    captured = capsys.readouterr()
    assert code == 3
    [line] = captured.err.splitlines()
    assert line.startswith("process-gates: GitHub GET /repos/{owner}/{repo}/issues was refused (HTTP 403 Repository access blocked)")
    [log] = github_emulator.log.filter(status=403)
    assert log.query["labels"] == ["sev2"] and log.query["page"] == ["2"]
    # One annotation of the same line on a runner, and nothing else: no summary, no JSON, no temporary file.
    assert captured.out.startswith("::error title=process-gates::GitHub GET") and len(captured.out.splitlines()) == 1
    assert not summary.exists() and not json_path.exists()
    assert not list(tmp_path.glob(".process-gates-report-*"))


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--since", "2026-11-01", "--window", "7d"], "give --since or --window, not both"),
        (["--since", "2026-11-30", "--until", UNTIL], "the window is empty"),
        (["--until", "yesterday"], "--until 'yesterday' is not an ISO-8601 date or time"),
        (["--window", "1 month"], "--window: '1 month' is not a duration"),
    ],
)
def test_bad_flags_exit_2_with_one_line(world: Path, capsys, argv: list[str], message: str) -> None:
    assert main(["--config", str(world), "report", *argv]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert message in line


def test_the_report_section_is_validated_and_read(world: Path, capsys) -> None:
    world.write_text("version: 1\nreport:\n  window: 2w\n  deployments: {source: weekly}\n", encoding="utf-8")
    assert main(["--config", str(world), "report", "--until", UNTIL]) == 2
    assert "weekly" in capsys.readouterr().out
    world.write_text("version: 1\nreport:\n  window: 0d\n", encoding="utf-8")
    assert main(["--config", str(world), "report", "--until", UNTIL]) == 2
    assert capsys.readouterr().err == "process-gates: report.window: '0d' is zero; a duration must be positive\n"
    world.write_text("version: 1\nreport:\n  window: 2w\n", encoding="utf-8")
    doc = _json(world, capsys)
    assert doc["window"]["since"] == "2026-11-07T00:00:00Z"
