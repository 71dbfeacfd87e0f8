"""The `release:` section: the shipped schema (our validator and `jsonschema` agree on it), typed defaults,
and an error budget whose SLO cannot be measured failing closed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from process_gates.config import schema_text
from process_gates.config.release import DEFAULT_BUDGET_STEPS, BudgetStep, release_from_data
from process_gates.schema import Validator
from release_cli import run_release

DATA = Path(__file__).parent / "data"

RELEASE_CONFIGS: list[tuple[Any, bool]] = [
    ({}, True),
    ({"timezone": "Europe/Amsterdam", "mode": "warn"}, True),
    ({"freezes": [{"cron": "0 17 * * FRI", "duration": "64h"}]}, True),
    ({"freezes": [{"name": "x", "from": "2024-12-20", "to": "2025-01-02T09:30", "action": "warn"}]}, True),
    ({"freezes": [{"cron": "0 17 * * FRI"}]}, False),
    ({"freezes": [{"cron": "0 17 * * FRI", "duration": "64h", "from": "2024-12-20"}]}, False),
    ({"freezes": [{"cron": "0 17 * * FRI", "duration": "64 hours"}]}, False),
    ({"freezes": [{"from": "20-12-2024", "to": "2025-01-02"}]}, False),
    ({"freezes": [{"cron": "* * * * *", "duration": "1h", "action": "stop"}]}, False),
    ({"holidays": ["2024-12-25", {"date": "2024-12-26", "name": "Boxing Day", "action": "warn"}]}, True),
    ({"holidays": ["25 Dec"]}, False),
    ({"holidays": [{"name": "no date"}]}, False),
    ({"trains": [{"name": "weekly", "departs": "0 10 * * TUE", "branches": ["main"], "window": "2h"}]}, True),
    ({"trains": [{"name": "weekly", "departs": "0 10 * * TUE", "branches": []}]}, False),
    ({"exceptions": {"labels": ["hotfix"], "allowed": ["alice", "@acme/release-managers", "dependabot[bot]"]}}, True),
    ({"exceptions": {"allowed": ["@acme/"]}}, False),
    ({"error_budget": {"slo": "slo/app.yaml", "steps": [{"window": "1h", "burn_rate": 14.4}]}}, True),
    ({"error_budget": {"slo": "slo/app.yaml", "prometheus_url": "prometheus:9090"}}, False),
    ({"error_budget": {"slo": "slo/app.yaml", "steps": [{"window": "1h", "burn_rate": 0}]}}, False),
    ({"error_budget": {"slo": "slo/app.yaml", "steps": []}}, False),
    ({"error_budget": {"prometheus_url": "http://p:9090"}}, False),
    ({"error_budget": {"slo": "s.yaml", "prometheus_url_env": "1BAD"}}, False),
    ({"unknown": 1}, False),
]


@pytest.mark.parametrize(("release", "valid"), RELEASE_CONFIGS, ids=[json.dumps(c)[:70] for c, _ in RELEASE_CONFIGS])
def test_the_schema_means_the_same_to_both_validators(release: Any, valid: bool) -> None:
    schema = json.loads(schema_text())
    document = {"version": 1, "release": release}
    ours = Validator(schema).errors(document)
    theirs = list(jsonschema.Draft202012Validator(schema).iter_errors(document))
    assert (ours == [], theirs == []) == (valid, valid), [e.message for e in ours]


def test_typed_defaults() -> None:
    policy = release_from_data({})
    assert (policy.mode, policy.timezone, policy.freezes, policy.error_budget) == ("enforce", "UTC", (), None)
    assert policy.exceptions.labels == ("hotfix", "incident") and policy.exceptions.allowed == ()
    budget = release_from_data({"error_budget": {"slo": "s.yaml"}}).error_budget
    assert budget is not None
    # slo-generator's shipped default policy, with what each step means for a release.
    assert budget.steps == DEFAULT_BUDGET_STEPS == (
        BudgetStep("1 hour", "1h", 9.0, "block"),
        BudgetStep("12 hours", "12h", 3.0, "block"),
        BudgetStep("7 days", "7d", 1.5, "warn"),
        BudgetStep("28 days", "28d", 1.0, "block"),
    )
    assert (budget.exempt_labels, budget.prometheus_url_env) == (("reliability", "security"), "PROMETHEUS_URL")
    custom = release_from_data({"error_budget": {"slo": "s.yaml", "steps": [{"window": "6h", "burn_rate": 6}]}}).error_budget
    assert custom is not None and custom.steps == (BudgetStep("6h", "6h", 6.0, "block"),)


def test_an_slo_that_cannot_be_measured_fails_closed(tmp_path: Path) -> None:
    (tmp_path / ".github").mkdir()
    (tmp_path / "slo.yaml").write_text(
        "apiVersion: sre.google.com/v2\nkind: ServiceLevelObjective\nmetadata: {name: x}\nspec:\n  backend: datadog\n"
        "  method: good_bad_ratio\n  service_level_indicator: {filter_good: a, filter_valid: b}\n  goal: 0.99\n",
        encoding="utf-8",
    )
    (tmp_path / ".github" / "process-gates.yml").write_text("release:\n  error_budget: {slo: slo.yaml}\n", encoding="utf-8")
    run = run_release(["--at", "2024-03-29T12:00Z"], tmp_path, env={"PROMETHEUS_URL": "http://127.0.0.1:9"})
    assert run.returncode == 2
    assert run.stdout.splitlines()[0] == (
        "slo.yaml:5:12: error config.release-slo: SLO 'x' (slo.yaml): backend 'datadog' is not Prometheus; only "
        "prometheus backends can be measured here"
    )


def test_a_missing_slo_file_fails_closed(tmp_path: Path) -> None:
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "process-gates.yml").write_text("release:\n  error_budget: {slo: slo/nope.yaml}\n", encoding="utf-8")
    run = run_release(["--at", "2024-03-29T12:00Z"], tmp_path, env={"PROMETHEUS_URL": "http://127.0.0.1:9"})
    assert run.returncode == 2
    assert run.stdout.splitlines()[0] == (
        ".github/process-gates.yml: error config.path-missing: release.error_budget.slo: 'slo/nope.yaml' does not exist "
        "or is not a regular file"
    )


def test_the_configured_url_wins_and_the_token_stays_secret(tmp_path: Path) -> None:
    (tmp_path / ".github").mkdir()
    shutil.copy(DATA / "openslo-app.yaml", tmp_path / "slo.yaml")
    (tmp_path / ".github" / "process-gates.yml").write_text(
        "release:\n  error_budget:\n    slo: slo.yaml\n    prometheus_url: http://127.0.0.1:9\n"
        "    prometheus_token_env: PROM_TOKEN\n",
        encoding="utf-8",
    )
    run = run_release(
        ["--at", "2024-03-29T12:00Z"], tmp_path, env={"PROMETHEUS_URL": "http://elsewhere:1", "PROM_TOKEN": "t0ps3cret"}
    )
    assert run.returncode == 3
    assert "Prometheus at http://127.0.0.1:9 did not answer" in run.stderr
    assert "t0ps3cret" not in run.output
