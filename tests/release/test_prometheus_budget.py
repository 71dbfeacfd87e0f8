"""The error budget against a real Prometheus (the Debian package) with backfilled history, compared with
figures worked out by hand from the traffic table in prometheus_server.py.

Hand computation, windows ending at END = 2024-03-29T12:00Z, intervals of 5 minutes:

    window  intervals  bad = sum of code="500"            total = good + bad               bad / total
    1h      12         12*24 = 288                         12*1200 = 14 400                 0.02
    12h     144        288 + 132*5 = 948                   14 400 + 132*1000 = 146 400      0.0064754098
    7d      2016       948 + 1872*1 = 2 820                146 400 + 1872*1000 = 2 018 400  0.0013971463
    28d     8064       948 + 7920*1 = 8 868                146 400 + 7920*1000 = 8 066 400  0.0010993752
    30d     8640       948 + 8496*1 = 9 444                146 400 + 8496*1000 = 8 642 400  0.0010927520

The samples sit exactly on both ends of every window, so Prometheus' increase() and rate() extrapolate
nothing and these ratios are exact (good/total is 1 - bad/total). Burn rate = (bad/total) / (1 - target);
remaining budget = 1 - burn rate over the compliance window.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from process_gates.config import Config
from process_gates.errors import ServiceError
from process_gates.release.budget_rules import Step
from process_gates.release.gather import measure
from process_gates.release.prometheus import PrometheusClient
from process_gates.release.slo_source import load_source
from prometheus_server import END, free_port
from release_cli import run_release

DATA = Path(__file__).parent / "data"
DEFAULT_STEPS = (
    Step("1 hour", 3600, 9.0, "block"),
    Step("12 hours", 43200, 3.0, "block"),
    Step("7 days", 604800, 1.5, "warn"),
    Step("28 days", 2419200, 1.0, "block"),
)


def measured(prometheus, file: str, name: str | None = None):  # type: ignore[no-untyped-def]
    source = load_source(str(DATA / file), name, Config(), longest_step=2419200)
    client = PrometheusClient(prometheus.url)
    return source, client, measure(source, client, END, DEFAULT_STEPS)


def test_sloth_events_sli_burn_rates_and_remaining_budget(prometheus) -> None:  # type: ignore[no-untyped-def]
    source, client, facts = measured(prometheus, "sloth-app.yaml", "requests-availability")
    assert (facts.target, facts.window_seconds) == (pytest.approx(0.999), 30 * 86400)
    m = facts.measurements
    # SLI = 1 - bad/total.
    assert f"{m[3600].sli:.4f}" == "0.9800"
    assert f"{m[43200].sli:.4f}" == "0.9935"  # 1 - 948/146400 = 0.99352459
    assert f"{m[604800].sli:.4f}" == "0.9986"  # 1 - 2820/2018400 = 0.99860285
    assert f"{m[2419200].sli:.4f}" == "0.9989"  # 1 - 8868/8066400 = 0.99890062
    assert (m[3600].numerator, m[3600].denominator) == (pytest.approx(288 / 3600), pytest.approx(14400 / 3600))  # rate()
    # Burn rates against a budget of 0.001: 20, 6.4754, 1.3971, 1.0994; remaining over 30d: 1 - 1.0928.
    from process_gates.release.budget import burn_rate, remaining_budget

    assert [f"{burn_rate(m[s.window_seconds].sli, 0.999):.4f}" for s in DEFAULT_STEPS] == ["20.0000", "6.4754", "1.3971", "1.0994"]
    assert f"{remaining_budget(m[30 * 86400].sli, 0.999):.4f}" == "-0.0928"
    assert client.sent[:2] == [
        'sum(rate(app_requests_total{code=~"5.."}[30d]))',
        "sum(rate(app_requests_total[30d]))",
    ]
    assert len(client.sent) == 10  # five distinct windows, two queries each


def test_openslo_counter_ratio(prometheus) -> None:  # type: ignore[no-untyped-def]
    _, client, facts = measured(prometheus, "openslo-app.yaml")
    assert (facts.target, facts.window_seconds) == (0.995, 28 * 86400)
    from process_gates.release.budget import burn_rate, remaining_budget

    m = facts.measurements
    # good/total with good = total - bad; budget 0.005: 0.02/0.005 = 4, 0.0064754/0.005 = 1.2951, ...
    assert [f"{burn_rate(m[s.window_seconds].sli, 0.995):.4f}" for s in DEFAULT_STEPS] == ["4.0000", "1.2951", "0.2794", "0.2199"]
    assert f"{remaining_budget(m[28 * 86400].sli, 0.995):.4f}" == "0.7801"  # 1 - 0.21987504
    assert client.sent[:2] == ['sum(increase(app_requests_total{code="200"}[28d]))', "sum(increase(app_requests_total[28d]))"]
    assert (m[3600].numerator, m[3600].denominator) == (14112.0, 14400.0)


def test_slo_generator_good_bad_ratio_as_slo_generator_queries_it(prometheus) -> None:  # type: ignore[no-untyped-def]
    _, client, facts = measured(prometheus, "slo-generator-app.yaml")
    from process_gates.release.budget import burn_rate, remaining_budget

    m = facts.measurements
    # good / (good + bad); budget 0.01: 2, 0.6475, 0.1397, 0.1099; window = the longest step, 28d.
    assert facts.window_seconds == 28 * 86400
    assert [f"{burn_rate(m[s.window_seconds].sli, 0.99):.4f}" for s in DEFAULT_STEPS] == ["2.0000", "0.6475", "0.1397", "0.1099"]
    assert f"{remaining_budget(m[28 * 86400].sli, 0.99):.4f}" == "0.8901"
    assert client.sent[:2] == [
        'sum(increase(app_requests_total{code="200"}[2419200s]))',
        'sum(increase(app_requests_total{code="500"}[2419200s]))',
    ]
    assert (m[43200].numerator, m[43200].denominator) == (145452.0, 948.0)


def test_sloth_raw_error_ratio(prometheus) -> None:  # type: ignore[no-untyped-def]
    _, _, facts = measured(prometheus, "sloth-app.yaml", "raw-availability")
    assert f"{facts.measurements[43200].sli:.6f}" == "0.993525"  # 1 - 948/146400


def test_no_error_series_with_traffic_counts_as_zero_errors(prometheus) -> None:  # type: ignore[no-untyped-def]
    _, _, facts = measured(prometheus, "sloth-app.yaml", "quiet-availability")
    assert {s: m.sli for s, m in facts.measurements.items()} == {s: 1.0 for s in facts.measurements}
    assert any("found no series" in note for note in facts.notes)


def test_no_data_is_no_data(prometheus) -> None:  # type: ignore[no-untyped-def]
    _, _, facts = measured(prometheus, "sloth-app.yaml", "gone-availability")
    for m in facts.measurements.values():
        assert m.sli is None
        assert m.no_data == "the query for all events returned no data"


def test_data_before_the_history_is_no_data(prometheus) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    source = load_source(str(DATA / "openslo-app.yaml"), None, Config())
    facts = measure(source, PrometheusClient(prometheus.url), END - timedelta(days=400), DEFAULT_STEPS)
    assert [m.sli for m in facts.measurements.values()] == [None] * 4


def test_a_query_prometheus_rejects_exits_3_naming_the_query(prometheus) -> None:  # type: ignore[no-untyped-def]
    client = PrometheusClient(prometheus.url, attempts=1)
    with pytest.raises(ServiceError) as raised:
        client.instant("sum(rate(app_requests_total[1h])", END)
    assert raised.value.exit_code == 3
    assert raised.value.message.startswith(
        f"Prometheus at {prometheus.url} rejected the query `sum(rate(app_requests_total[1h])` (bad_data: "
    )


# --- the command line, end to end ----------------------------------------------------------------------


def repo(tmp_path: Path, slo: str, extra: str = "") -> Path:
    (tmp_path / ".github").mkdir()
    shutil.copy(DATA / slo, tmp_path / slo)
    (tmp_path / ".github" / "process-gates.yml").write_text(
        "version: 1\nrelease:\n  timezone: Europe/Amsterdam\n  error_budget:\n"
        f"    slo: {slo}\n{extra}",
        encoding="utf-8",
    )
    return tmp_path


def test_cli_blocks_when_the_budget_burns(prometheus, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = repo(tmp_path, "sloth-app.yaml", "    slo_name: requests-availability\n")
    run = run_release(["--at", "2024-03-29T12:00Z"], root, env={"PROMETHEUS_URL": prometheus.url})
    assert run.returncode == 1, run.output
    lines = run.stdout.splitlines()
    label = "SLO 'app/requests-availability' (sloth-app.yaml)"
    assert lines[:3] == [
        f"sloth-app.yaml:4:5: error release.budget.burn-rate: {label}: the error budget burns 20.00x over the last 1h, "
        "above 9 (step '1 hour'); SLI 98.0000% against a target of 99.900%",
        f"sloth-app.yaml:4:5: error release.budget.burn-rate: {label}: the error budget burns 6.48x over the last 12h, "
        "above 3 (step '12 hours'); SLI 99.3525% against a target of 99.900%",
        f"sloth-app.yaml:4:5: error release.budget.burn-rate: {label}: the error budget burns 1.10x over the last 28d, "
        "above 1 (step '28 days'); SLI 99.8901% against a target of 99.900%",
    ]
    assert (
        f"note: {label}: SLI 99.8907% over 30d against a target of 99.900%; error budget remaining -9.28%" in lines
    )
    assert "note: step '7 days': burn rate 1.40 over 7d (SLI 99.8603%), threshold 1.5: ok" in lines
    assert lines[-1] == "Release check: failed, 3 errors, 0 warnings in 4 rules"


def test_cli_passes_a_healthy_budget_and_reports_it_as_json(prometheus, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = repo(tmp_path, "openslo-app.yaml")
    run = run_release(["--format", "json", "--at", "2024-03-29T13:00+01:00"], root, env={"PROMETHEUS_URL": prometheus.url})
    assert run.returncode == 0, run.output
    report = json.loads(run.stdout)
    assert report["findings"] == []
    assert report["outputs"]["budget_remaining"] == "0.780125"
    assert report["outputs"]["sli"] == "0.998901"
    assert report["outputs"]["burn_rate_1h"] == "4.0000"


def test_cli_no_data_fails_and_shows_the_queries(prometheus, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = repo(tmp_path, "sloth-app.yaml", "    slo_name: gone-availability\n")
    run = run_release(["--at", "2024-03-29T12:00Z"], root, env={"PROMETHEUS_URL": prometheus.url})
    assert run.returncode == 1
    first = run.stdout.splitlines()[0]
    assert first == (
        "sloth-app.yaml:24:5: error release.budget.no-data: SLO 'app/gone-availability' (sloth-app.yaml): no data over "
        "the last 1h: the query for all events returned no data (queries: "
        '`sum(rate(gone_requests_total{code=~"5.."}[1h]))`; `sum(rate(gone_requests_total[1h]))`); no data is not a pass'
    )
    assert "Release check: failed, 3 errors, 1 warning in 4 rules" in run.stdout  # the 7d step only warns


def test_cli_prometheus_down_exits_3(tmp_path: Path) -> None:
    root = repo(tmp_path, "openslo-app.yaml")
    url = f"http://127.0.0.1:{free_port()}"
    run = run_release(["--at", "2024-03-29T12:00Z"], root, env={"PROMETHEUS_URL": url})
    assert run.returncode == 3
    assert run.stdout == ""
    assert run.stderr == (
        f"process-gates: Prometheus at {url} did not answer the query "
        '`sum(increase(app_requests_total{code="200"}[28d]))` after 3 attempts: [Errno 111] Connection refused\n'
    )


def test_cli_without_a_prometheus_url_is_a_usage_error(tmp_path: Path) -> None:
    root = repo(tmp_path, "openslo-app.yaml")
    run = run_release(["--at", "2024-03-29T12:00Z"], root, env={})
    assert run.returncode == 2
    assert run.stderr == (
        "process-gates: release.error_budget needs Prometheus: pass --prometheus-url, or set "
        "release.error_budget.prometheus_url or the PROMETHEUS_URL environment variable\n"
    )
