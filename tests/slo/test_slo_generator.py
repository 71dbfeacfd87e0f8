"""slo-generator rules: v2 SLOs, the shared config, references between them, and legacy v1 files."""

from __future__ import annotations

import pytest
from openslo_support import evaluate as evaluate_with
from openslo_support import only

from process_gates.config import SloPolicy


def evaluate(*texts: str, policy: SloPolicy = SloPolicy()):
    """Every rule under the default policy: alerting is required, as in a repository without configuration."""
    return evaluate_with(*texts, policy=policy)


CONFIG = """\
backends:
  prometheus:
    url: http://localhost:9090
exporters:
  prometheus:
    url: http://pushgateway:9091
error_budget_policies:
  default:
    steps:
    - name: 1 hour
      burn_rate_threshold: 9
      alert: true
      message_alert: Page to defend the SLO
      message_ok: Last hour on track
      window: 3600
    - name: 28 days
      burn_rate_threshold: 1
      alert: false
      message_alert: Freeze releases
      message_ok: On track
      window: 2419200
"""

SLO = """\
apiVersion: sre.google.com/v2
kind: ServiceLevelObjective
metadata:
  name: prom-metrics-availability
  labels:
    service_name: prom
    slo_name: availability
spec:
  description: 99.9% of requests succeed
  backend: prometheus
  method: good_bad_ratio
  exporters:
  - prometheus
  service_level_indicator:
    filter_good: http_requests_total{code=~"2.."}
    filter_valid: http_requests_total
  goal: 0.999
"""


def test_minimal_config_and_slo_pass_together_with_their_facts():
    seen, result = evaluate(CONFIG, SLO)
    assert seen == []
    (facts,) = result.slos
    assert facts.label == "SLO 'prom-metrics-availability'"
    assert facts.service == "prom"
    assert [(o.target, o.location.line) for o in facts.objectives] == [(0.999, 17)]
    assert facts.has_alerting is True
    (pair,) = facts.queries
    assert (pair.numerator_field, pair.denominator_field) == ("filter_good", "filter_valid")
    refs = sorted((r.namespace, r.name, r.location.line) for r in result.references)
    assert refs == [
        ("slo-generator:backend", "prometheus", 10),
        ("slo-generator:error_budget_policy", "default", 8),
        ("slo-generator:exporter", "prometheus", 13),
    ]


def test_slo_alone_reports_its_references_as_unchecked_not_missing():
    seen, result = evaluate(SLO)
    finding = only(seen, "slo.reference.unchecked")
    assert finding.severity == "notice" and finding.line == 10
    assert "backend 'prometheus', exporter 'prometheus', error_budget_policy 'default'" in finding.message
    assert result.slos[0].has_alerting is True  # unknowable without the config: no guessed warning


@pytest.mark.parametrize(
    ("old", "new", "line", "fragment"),
    [
        ("backend: prometheus", "backend: promethues", 10, "spec.backend refers to backend 'promethues'"),
        ("  - prometheus\n", "  - pushgateway\n", 13, "spec.exporters[0] refers to exporter 'pushgateway'"),
        ("  goal: 0.999\n", "  goal: 0.999\n  error_budget_policy: strict\n", 18, "error_budget_policy 'strict'"),
    ],
)
def test_references_resolve_against_the_shared_config(old, new, line, fragment):
    seen, _ = evaluate(CONFIG, SLO.replace(old, new))
    finding = only(seen, "slo.reference.unresolved")
    assert finding.line == line and fragment in finding.message


def test_implicit_default_policy_must_exist_in_the_config():
    seen, _ = evaluate(CONFIG.replace("  default:\n", "  standard:\n"), SLO)
    finding = only(seen, "slo.reference.unresolved")
    assert finding.line == 8 and "(absent, so 'default')" in finding.message


def test_alerting_comes_from_the_policy_steps_and_exporters():
    no_alert_steps = CONFIG.replace("alert: true", "alert: false")
    seen, result = evaluate(no_alert_steps, SLO)
    finding = only(seen, "slo.alerting.missing")
    assert finding.line == 8 and result.slos[0].has_alerting is False
    no_exporters = SLO.replace("  exporters:\n  - prometheus\n", "")
    assert [s.rule for s in evaluate(CONFIG, no_exporters)[0]] == ["slo.alerting.missing"]
    with_default = CONFIG.replace("exporters:\n", "default_exporters: [prometheus]\nexporters:\n", 1)
    assert evaluate(with_default, no_exporters)[0] == []


@pytest.mark.parametrize(
    ("goal", "fragment"),
    [("1", "goal 1 is outside (0, 1)"), ("99.9", "goal 99.9 is outside (0, 1)"), ("0", "goal 0 is outside")],
)
def test_goal_range(goal, fragment):
    finding = only(evaluate(CONFIG, SLO.replace("goal: 0.999", f"goal: {goal}"))[0], "slo.objective.target-range")
    assert finding.line == 17 and fragment in finding.message


def test_required_spec_fields():
    seen, _ = evaluate(
        CONFIG, SLO.replace("  method: good_bad_ratio\n", "").replace("  description: 99.9% of requests succeed\n", "")
    )
    messages = sorted(s.message for s in seen if s.rule == "slo.slo-generator.schema")
    assert messages == ["spec: missing required field 'description'", "spec: missing required field 'method'"]
    assert {s.line for s in seen if s.rule == "slo.slo-generator.schema"} == {8}


def test_unknown_spec_field():
    finding = only(
        evaluate(CONFIG, SLO.replace("  goal: 0.999\n", "  goal: 0.999\n  target: 0.99\n"))[0],
        "slo.slo-generator.schema",
    )
    assert finding.line == 18 and "unknown field 'target'" in finding.message


def test_unknown_method_for_a_builtin_backend():
    finding = only(
        evaluate(CONFIG, SLO.replace("method: good_bad_ratio", "method: good_bad_ration"))[0], "slo.slo-generator.sli"
    )
    assert finding.line == 11 and "no method 'good_bad_ration'" in finding.message and "did you mean" in finding.message


def test_good_bad_ratio_needs_bad_or_valid():
    finding = only(
        evaluate(CONFIG, SLO.replace("    filter_valid: http_requests_total\n", ""))[0], "slo.slo-generator.sli"
    )
    assert finding.line == 14 and "filter_bad or .filter_valid" in finding.message


def test_good_bad_ratio_with_bad_and_valid_warns_that_valid_is_ignored():
    text = SLO.replace("    filter_valid:", '    filter_bad: http_requests_total{code=~"5.."}\n    filter_valid:')
    finding = only(evaluate(CONFIG, text)[0], "slo.slo-generator.sli")
    assert (finding.severity, finding.line) == ("warning", 17) and "ignores filter_valid" in finding.message


def test_query_sli_needs_expression():
    finding = only(
        evaluate(CONFIG, SLO.replace("method: good_bad_ratio", "method: query_sli"))[0], "slo.slo-generator.sli"
    )
    assert "expression" in finding.message


def test_custom_backend_class_is_not_second_guessed():
    config = CONFIG.replace("backends:\n", "backends:\n  mypkg.backends.Custom: {}\n")
    text = SLO.replace("backend: prometheus", "backend: mypkg.backends.Custom").replace(
        "method: good_bad_ratio", "method: anything"
    )
    assert evaluate(config, text)[0] == []


def test_identical_good_and_valid_filters():
    text = SLO.replace('filter_good: http_requests_total{code=~"2.."}', "filter_good: http_requests_total")
    finding = only(evaluate(CONFIG, text)[0], "slo.query.identical")
    assert finding.line == 14 and "filter_good and filter_valid" in finding.message


@pytest.mark.parametrize(
    ("old", "new", "line", "fragment"),
    [
        ("      window: 3600\n", "      window: -3600\n", 15, "must be greater than 0"),
        ("      window: 3600\n", "      window: 1h\n", 15, "must be an integer"),
        ("burn_rate_threshold: 9", "burn_rate_threshold: 0", 11, "must be greater than 0"),
        ("      alert: true\n", "      alert: yes\n", 12, "must be true or false"),
        ("      message_ok: Last hour on track\n", "", 10, "missing required field 'message_ok'"),
    ],
)
def test_policy_steps_are_well_formed(old, new, line, fragment):
    finding = only(evaluate(CONFIG.replace(old, new))[0], "slo.slo-generator.schema")
    assert finding.line == line and fragment in finding.message


def test_policy_steps_order_and_repeats():
    swapped = CONFIG.replace("window: 3600", "window: 9999999")
    finding = only(evaluate(swapped)[0], "slo.slo-generator.policy-steps")
    assert (finding.severity, finding.line) == ("warning", 21) and "shorter than step 1" in finding.message
    repeated = CONFIG.replace("name: 28 days", "name: 1 hour")
    finding = only(evaluate(repeated)[0], "slo.slo-generator.policy-steps")
    assert finding.line == 16 and "repeats step 1" in finding.message


def test_unknown_config_section_and_provider():
    text = CONFIG.replace("exporters:\n", "exporter_defaults: {}\nexporters:\n  promethues/x: {}\n", 1)
    seen, _ = evaluate(text)
    schema = only(seen, "slo.slo-generator.schema")
    assert schema.line == 4 and "unknown field 'exporter_defaults'" in schema.message
    provider = only(seen, "slo.slo-generator.provider")
    assert provider.line == 6 and "did you mean 'prometheus'" in provider.message


def test_default_exporters_must_be_defined():
    finding = only(evaluate("default_exporters: [bigquery]\n" + CONFIG)[0], "slo.slo-generator.schema")
    assert finding.line == 1 and "'bigquery' is not defined under exporters" in finding.message


def test_same_keys_in_two_configs_are_not_duplicates():
    assert evaluate(CONFIG, CONFIG)[0] == []


def test_legacy_v1_is_reported_with_the_migration_command():
    text = "service_name: gae\nfeature_name: app\nslo_name: availability\nslo_target: 0.95\nbackend:\n  class: Stackdriver\n"
    finding = only(evaluate(text)[0], "slo.slo-generator.legacy-v1")
    assert finding.line == 1 and "'gae-app-availability'" in finding.message and "2.x" in finding.message


def test_sla_convention_applies_to_slo_generator():
    sla = SLO.replace("name: prom-metrics-availability", "name: prom-metrics-availability-sla").replace(
        "goal: 0.999", "goal: 0.9995"
    )
    seen, result = evaluate(CONFIG, SLO + "---\n" + sla)
    assert [s.is_sla for s in result.slos] == [False, True]
    finding = only(seen, "slo.sla.stricter-than-slo")
    assert finding.line == 35
