"""The report's SLO section: release.error_budget measured on a real Prometheus (the release tests'
backfilled history, ending at END = 2024-03-29T12:00Z), or said to be not configured / not measurable.

By hand, for tests/release/data/openslo-app.yaml (target 99.5% over 28d, a budget of 0.005), from the
bad/total table in tests/release/test_prometheus_budget.py: SLI over 28d = 1 - 0.0010993752 = 0.9989;
remaining budget = 1 - 0.0010993752 / 0.005 = 0.7801; burn rates 1h 0.02/0.005 = 4.0, 12h 1.2951,
7d 0.2794, 28d 0.2199.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from process_gates.cli import main
from prometheus_server import free_port

DATA = Path(__file__).resolve().parents[1] / "release" / "data"
UNTIL = "2024-03-29T12:00:00Z"


@pytest.fixture
def repo(github_emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    github_emulator.state.add_repo("acme/widgets")
    monkeypatch.chdir(tmp_path)
    for key, value in github_emulator.env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("GITHUB_REPOSITORY", "acme/widgets")
    for name in ("GITHUB_EVENT_NAME", "GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT", "PROMETHEUS_URL"):
        monkeypatch.delenv(name, raising=False)

    def configure(slo: str | None, extra: str = "") -> Path:
        (tmp_path / ".github").mkdir(exist_ok=True)
        if slo and (DATA / slo).is_file():
            shutil.copy(DATA / slo, tmp_path / slo)
        budget = f"release:\n  error_budget:\n    slo: {slo}\n{extra}" if slo else ""
        (tmp_path / ".github" / "process-gates.yml").write_text(f"version: 1\n{budget}", encoding="utf-8")
        return tmp_path

    return configure


def _slo(capsys, *argv: str) -> dict:
    assert main(["--format", "json", "report", "--until", UNTIL, *argv]) == 0
    return json.loads(capsys.readouterr().out)["metrics"]["slo"]


def test_the_budget_matches_the_hand_worked_values(prometheus, repo, capsys) -> None:  # type: ignore[no-untyped-def]
    repo("openslo-app.yaml")
    slo = _slo(capsys, "--prometheus-url", prometheus.url)
    assert (slo["configured"], slo["target"], slo["window"], slo["sli"], slo["remaining_budget"]) == (True, 0.995, "28d", 0.9989, 0.7801)
    assert [(r["window"], r["threshold"], r["rate"]) for r in slo["burn_rates"]] == [
        ("1h", 9.0, 4.0), ("12h", 3.0, 1.2951), ("7d", 1.5, 0.2794), ("28d", 1.0, 0.2199),
    ]
    assert main(["report", "--until", UNTIL, "--prometheus-url", prometheus.url]) == 0
    text = capsys.readouterr().out
    assert "| SLO error budget | 78.01% left | SLI 99.8901% over 28d (target 99.500%) |" in text
    assert "| 1h | 4.00 | 9 |" in text


def test_no_data_is_reported_as_no_data(prometheus, repo, capsys) -> None:  # type: ignore[no-untyped-def]
    repo("sloth-app.yaml", "    slo_name: gone-availability\n")
    slo = _slo(capsys, "--prometheus-url", prometheus.url)
    assert slo["sli"] is None and slo["remaining_budget"] is None
    assert slo["no_data"] == "the query for all events returned no data"
    assert all(r["rate"] is None for r in slo["burn_rates"])


def test_not_configured_and_not_measurable_say_how_to_fix_it(repo, capsys) -> None:
    repo(None)
    assert main(["report", "--until", UNTIL]) == 0
    assert "Not configured. To report the SLI, the remaining error budget and burn rates, set `release.error_budget.slo`" in capsys.readouterr().out
    repo("missing.yaml")
    slo = _slo(capsys)
    assert slo["problem"] == "release.error_budget.slo: 'missing.yaml' does not exist or is not a regular file"


def test_prometheus_down_exits_3_and_writes_nothing(repo, tmp_path: Path, capsys) -> None:
    repo("openslo-app.yaml")
    url = f"http://127.0.0.1:{free_port()}"
    out = tmp_path / "report.json"
    assert main(["report", "--until", UNTIL, "--prometheus-url", url, "--json", str(out)]) == 3
    captured = capsys.readouterr()
    assert captured.out == "" and not out.exists()
    [line] = captured.err.splitlines()
    assert line.startswith(f"process-gates: Prometheus at {url} did not answer the query")
