"""Economy: the report's requests grow with pages of 100, never with items (the acceptance's 5,000 issues)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from process_gates.cli import main

from report_world import REPO, UNTIL, bulk_requests, seed_bulk


@pytest.mark.parametrize(
    ("sev1", "sev2", "pulls", "deployments"),
    [(1200, 3800, 300, 250), (0, 0, 0, 0), (100, 1, 101, 99)],
)
def test_requests_follow_the_page_formula(github_emulator, tmp_path: Path, monkeypatch, capsys, sev1: int, sev2: int, pulls: int, deployments: int) -> None:
    seed_bulk(github_emulator.state, sev1=sev1, sev2=sev2, pulls=pulls, deployments=deployments)
    monkeypatch.chdir(tmp_path)
    for key, value in github_emulator.env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("GITHUB_REPOSITORY", REPO)
    config = tmp_path / "process-gates.yml"
    config.write_text("version: 1\n", encoding="utf-8")
    github_emulator.log.clear()

    assert main(["--config", str(config), "--format", "json", "report", "--until", UNTIL]) == 0

    metrics = json.loads(capsys.readouterr().out)["metrics"]
    assert metrics["incidents"]["count"] == sev1 + sev2
    assert metrics["lead_time"]["count"] == pulls and metrics["deployment_frequency"]["count"] == deployments
    expected = bulk_requests(sev1=sev1, sev2=sev2, pulls=pulls, deployments=deployments)
    assert github_emulator.log.summary() == expected
    if sev1 + sev2 == 5000:  # the acceptance's figure, by hand: 3 + 3 GraphQL pages; 12 + 38 + 1 + 1 + 3 REST pages
        assert sum(expected.values()) == 61
