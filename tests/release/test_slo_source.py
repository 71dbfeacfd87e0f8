"""From SLO files (ours and the real-world corpus) to targets, windows and the PromQL sent, per format."""

from __future__ import annotations

from pathlib import Path

import pytest

from process_gates.config import Config
from process_gates.release import budget
from process_gates.release.slo_source import SourceError, load_source, openslo_query, slo_generator_query

DATA = Path(__file__).parent / "data"


# --- how each format takes a window ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "operators", "labels", "expected"),
    [
        # slo-generator's PrometheusBackend._fmt_query: append [Ns], wrap in the operators in order.
        ('http_total{code="200"}', ("increase", "sum"), {}, 'sum(increase(http_total{code="200"}[3600s]))'),
        # "[window" is its placeholder; the rest of the range syntax is kept.
        ("rate(http_total[window])", (), {}, "rate(http_total[3600s])"),
        # distribution_cut adds the bucket label to every selector.
        ('latency_bucket{job="api"}', ("increase", "sum"), {"le": "0.25"}, 'sum(increase(latency_bucket{job="api", le="0.25"}[3600s]))'),
    ],
)
def test_slo_generator_query_is_formatted_as_slo_generator_does(query, operators, labels, expected) -> None:  # type: ignore[no-untyped-def]
    assert slo_generator_query(query, 3600, operators, labels) == expected


@pytest.mark.parametrize(
    ("query", "counter", "expected"),
    [
        ('http_total{code="200"}', True, 'sum(increase(http_total{code="200"}[7d]))'),
        ('sum(http_total{code=~"2..", job="a}b"})', True, 'sum(increase(http_total{code=~"2..", job="a}b"}[7d]))'),
        ("sum by (job) (http_total)", True, "sum(increase(http_total[7d]))"),
        ("sum(rate(http_total[5m]))", False, "sum(rate(http_total[7d]))"),
        ("sum(rate(a[1m])) + sum(rate(b[30s]))", True, "sum(rate(a[7d])) + sum(rate(b[7d]))"),
        ("job:http_requests:rate5m", False, "sum(sum_over_time(job:http_requests:rate5m[7d]))"),
        ("sum(job:http_requests:rate5m)", False, "sum(sum_over_time((sum(job:http_requests:rate5m))[7d:5m]))"),
        ("sum(a) - sum(b)", True, "sum(increase((sum(a) - sum(b))[7d:5m]))"),
        ("max_over_time(x[5m:1m])", False, "sum(sum_over_time((max_over_time(x[5m:1m]))[7d:5m]))"),
        ("sum(rate(x[{{.window}}]))", False, "sum(rate(x[7d]))"),
    ],
)
def test_openslo_queries_get_the_window(query: str, counter: bool, expected: str) -> None:
    assert openslo_query(query, 7 * 86400, counter=counter) == expected


# --- our files --------------------------------------------------------------------------------------------


def test_sloth_events_and_raw() -> None:
    source = load_source(str(DATA / "sloth-app.yaml"), "requests-availability", Config())
    assert (source.form, source.target, source.window_seconds) == (budget.BAD_TOTAL, pytest.approx(0.999), 30 * 86400)
    assert source.window_origin == "Sloth's default period (Sloth specs name no window)"
    assert source.queries(3600) == (
        'sum(rate(app_requests_total{code=~"5.."}[1h]))',
        "sum(rate(app_requests_total[1h]))",  # `{{ .window }}` with spaces, as Go templates allow
    )
    raw = load_source(str(DATA / "sloth-app.yaml"), "raw-availability", Config())
    assert raw.form == budget.ERROR_RATIO
    assert raw.queries(43200) == ('sum(rate(app_requests_total{code=~"5.."}[12h])) / sum(rate(app_requests_total[12h]))',)
    assert raw.queries(43200)[0] in raw.numerator.render(43200)


def test_window_override_and_longest_step() -> None:
    source = load_source(str(DATA / "sloth-app.yaml"), "requests-availability", Config(), window_override=28 * 86400)
    assert (source.window_seconds, source.window_origin) == (28 * 86400, "release.error_budget.window")
    slogen = load_source(str(DATA / "slo-generator-app.yaml"), None, Config(), longest_step=7 * 86400)
    assert (slogen.window_seconds, slogen.form) == (7 * 86400, budget.GOOD_BAD)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (None, "holds 4 SLOs ('requests-availability', 'quiet-availability', 'gone-availability', 'raw-availability'); name one in release.error_budget.slo_name"),
        ("nope", "has no SLO named 'nope' (it has 'requests-availability', 'quiet-availability', 'gone-availability', 'raw-availability')"),
    ],
)
def test_choosing_the_slo(name: str | None, message: str) -> None:
    with pytest.raises(SourceError) as raised:
        load_source(str(DATA / "sloth-app.yaml"), name, Config())
    assert raised.value.message == f"{DATA / 'sloth-app.yaml'} {message}"


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "slo.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        (
            "apiVersion: sre.google.com/v2\nkind: ServiceLevelObjective\nmetadata: {name: x}\nspec:\n  backend: datadog\n"
            "  method: good_bad_ratio\n  service_level_indicator: {filter_good: a, filter_valid: b}\n  goal: 0.99\n",
            "SLO 'x' ({path}): backend 'datadog' is not Prometheus; only prometheus backends can be measured here",
            5,
        ),
        (
            "version: prometheus/v1\nservice: s\nslos:\n  - name: p\n    objective: 99\n    sli:\n      plugin: {id: x}\n",
            "SLO 's/p' ({path}): only events (error_query/total_query) and raw (error_ratio_query) SLIs can be measured; "
            "a plugin SLI's query is generated by Sloth",
            4,
        ),
        (
            "apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: t}\nspec:\n  service: s\n  budgetingMethod: Timeslices\n"
            "  timeWindow: [{duration: 28d, isRolling: true}]\n  indicatorRef: i\n  objectives: [{target: 0.99}]\n",
            "SLO 't' ({path}): budgetingMethod Timeslices counts good time slices, not events; only Occurrences budgets can "
            "be measured here",
            6,
        ),
        (
            "apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: r}\nspec:\n  service: s\n"
            "  timeWindow: [{duration: 28d, isRolling: true}]\n  indicatorRef: missing\n  objectives: [{target: 0.99}]\n",
            "SLO 'r' ({path}): indicatorRef 'missing' names no SLI in {path} or the files of slo.files",
            7,
        ),
        (
            "apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: d}\nspec:\n  service: s\n"
            "  timeWindow: [{duration: 28d, isRolling: true}]\n  objectives: [{target: 0.99}]\n  indicator:\n"
            "    metadata: {name: i}\n    spec:\n      ratioMetric:\n        counter: true\n"
            "        good: {metricSource: {type: Datadog, spec: {query: a}}}\n"
            "        total: {metricSource: {type: Datadog, spec: {query: b}}}\n",
            "SLO 'd' ({path}): the good metric comes from Datadog, not Prometheus",
            8,
        ),
        ("foo: [1, 2\n", "cannot read {path}: ", 2),
        ("version: prometheus/v1\nservice: s\nslos: []\n", "{path} holds no SLO", 1),
    ],
    ids=["slogen-datadog", "sloth-plugin", "openslo-timeslices", "openslo-dangling-ref", "openslo-datadog", "unreadable", "empty"],
)
def test_slos_that_cannot_be_measured_say_why_and_where(tmp_path: Path, monkeypatch, text: str, message: str, line: int) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, text)
    with pytest.raises(SourceError) as raised:
        load_source(path, None, Config())
    assert raised.value.message.startswith(message.format(path=path))
    assert raised.value.location is not None
    assert (raised.value.location.path, raised.value.location.line or 1) == (path, line)


# --- the real-world corpus -----------------------------------------------------------------------------


def test_corpus_sloth_examples(corpus_dir: Path) -> None:
    started = load_source(str(corpus_dir / "slo/sloth/getting-started.yml"), None, Config())
    assert started.target == pytest.approx(0.999)
    assert started.queries(3600) == (
        'sum(rate(http_request_duration_seconds_count{job="myservice",code=~"(5..|429)"}[1h]))',
        'sum(rate(http_request_duration_seconds_count{job="myservice"}[1h]))',
    )
    k8s = load_source(str(corpus_dir / "slo/sloth/k8s-getting-started.yml"), None, Config())
    assert k8s.form == budget.BAD_TOTAL and "[1h]" in k8s.queries(3600)[0]
    wifi = load_source(str(corpus_dir / "slo/sloth/raw-home-wifi.yml"), "wifi-client-satisfaction", Config())
    assert (wifi.form, wifi.target) == (budget.ERROR_RATIO, pytest.approx(0.95))
    assert "sum(sum_over_time(unifipoller_client_satisfaction_ratio[1h]))" in wifi.queries(3600)[0]


def test_corpus_sloth_openslo_v1alpha(corpus_dir: Path) -> None:
    source = load_source(str(corpus_dir / "slo/sloth/openslo-getting-started.yml"), None, Config())
    assert (source.form, source.target, source.window_seconds) == (budget.GOOD_TOTAL, 0.999, 30 * 86400)
    assert source.queries(43200) == (
        'sum(rate(http_request_duration_seconds_count{job="myservice",code!~"(5..|429)"}[12h]))',
        'sum(rate(http_request_duration_seconds_count{job="myservice"}[12h]))',
    )


def test_corpus_slo_generator_prometheus_sample(corpus_dir: Path) -> None:
    source = load_source(str(corpus_dir / "slo/slo-generator/slo_prom_metrics_availability_ratio.yaml"), None, Config())
    assert (source.form, source.target) == (budget.GOOD_TOTAL, 0.999)  # filter_good over filter_valid
    assert source.queries(3600) == (
        'sum(increase(prometheus_http_requests_total{handler="/metrics", code=~"2.."}[3600s]))',
        'sum(increase(prometheus_http_requests_total{handler="/metrics"}[3600s]))',
    )


def test_corpus_openslo_examples_that_cannot_be_budgeted(corpus_dir: Path) -> None:
    with pytest.raises(SourceError) as threshold:
        load_source(str(corpus_dir / "slo/openslo/occurences-slo.yaml"), None, Config())
    assert "only ratioMetric SLIs (good or bad over total) can be measured" in threshold.value.message
    with pytest.raises(SourceError) as timeslices:
        load_source(str(corpus_dir / "slo/go-sdk/v1_slo.yaml"), "my-slo-1", Config())
    assert "budgetingMethod Timeslices" in timeslices.value.message
