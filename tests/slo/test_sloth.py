"""Sloth rules, one failing case each (rule id, message, line) and minimal valid specs that pass."""

from __future__ import annotations

import pytest
from openslo_support import evaluate as evaluate_with
from openslo_support import only

from process_gates.config import SloPolicy


def evaluate(*texts: str, policy: SloPolicy = SloPolicy()):
    """Every rule under the default policy: alerting is required, as in a repository without configuration."""
    return evaluate_with(*texts, policy=policy)


PROM = """\
version: "prometheus/v1"
service: "myservice"
slos:
  - name: "requests-availability"
    objective: 99.9
    sli:
      events:
        error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total[{{.window}}]))
    alerting:
      name: MyServiceHighErrorRate
"""

EVENTS = PROM.split("    sli:\n")[1].split("    alerting:")[0]

K8S = """\
apiVersion: sloth.slok.dev/v1
kind: PrometheusServiceLevel
metadata:
  name: sloth-slo-my-service
  namespace: monitoring
spec:
  service: "myservice"
  slos:
    - name: "requests-availability"
      objective: 99.9
      sli:
        events:
          errorQuery: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
          totalQuery: sum(rate(http_requests_total[{{.window}}]))
      alerting:
        name: MyServiceHighErrorRate
        pageAlert:
          labels:
            severity: page
        ticketAlert:
          disable: true
"""


def test_minimal_prometheus_v1_spec_passes_with_its_facts():
    seen, result = evaluate(PROM)
    assert seen == []
    (facts,) = result.slos
    assert facts.label == "SLO 'myservice/requests-availability'"
    assert facts.service == "myservice"
    assert [o.target for o in facts.objectives] == [pytest.approx(0.999)]
    assert facts.objectives[0].location.line == 5
    assert facts.has_alerting is True
    assert facts.windows == []
    (pair,) = facts.queries
    assert (pair.numerator_field, pair.denominator_field) == ("error_query", "total_query")
    assert [(d.namespace, d.name, d.scope, d.location.line) for d in result.definitions] == [
        ("sloth:SLO", "requests-availability", "myservice", 4)
    ]


def test_minimal_k8s_resource_passes():
    seen, result = evaluate(K8S)
    assert seen == []
    assert result.slos[0].has_alerting is True  # the page alert is still on


def test_camel_case_alert_key_in_prometheus_v1_is_reported_with_its_snake_case_spelling():
    text = PROM + "      pageAlert:\n        disable: true\n"
    seen, _ = evaluate(text)
    finding = only(seen, "slo.sloth.schema")
    assert finding.line == 12
    assert "unknown field 'pageAlert'" in finding.message
    assert "'page_alert'" in finding.message
    assert "this alert is NOT disabled" in finding.message


def test_snake_case_alert_key_in_k8s_resource_is_reported_with_its_camel_case_spelling():
    text = K8S.replace("        ticketAlert:\n", "        ticket_alert:\n")
    seen, _ = evaluate(text)
    finding = only(seen, "slo.sloth.schema")
    assert finding.line == 20
    assert "'ticketAlert'" in finding.message


def test_snake_case_query_keys_in_k8s_are_unknown_and_required_camel_keys_missing():
    text = K8S.replace("errorQuery:", "error_query:")
    seen, _ = evaluate(text)
    messages = [s.message for s in seen if s.rule == "slo.sloth.schema"]
    assert any("missing required field 'errorQuery'" in m for m in messages)
    assert any("unknown field 'error_query'" in m for m in messages)


def test_slo_plugins_and_alert_for_are_known_fields():
    text = (
        PROM.replace(
            "slos:\n",
            'slo_plugins:\n  chain:\n    - id: "sloth.dev/contrib/alert_for/v1"\n      priority: 10\n      config: {a: 1}\nslos:\n',
        )
        + "      page_alert:\n        for: 5m\n"
    )
    seen, _ = evaluate(text)
    assert seen == []


# (case id, base document, text replaced (first occurrence), replacement, rule, line, message fragment)
SINGLE_FINDING = [
    (
        "unknown top-level key",
        PROM,
        'service: "myservice"\n',
        'service: "myservice"\nowner: team-a\n',
        "slo.sloth.schema",
        3,
        "unknown field 'owner'",
    ),
    (
        "bad alert `for`",
        PROM,
        "      name: MyServiceHighErrorRate\n",
        "      name: MyServiceHighErrorRate\n      page_alert:\n        for: five minutes\n",
        "slo.sloth.schema",
        13,
        "Prometheus duration",
    ),
    (
        "label value not a string",
        PROM,
        "slos:\n",
        "labels:\n  tier: 2\nslos:\n",
        "slo.sloth.schema",
        4,
        "must be a string",
    ),
    ("quoted objective", PROM, "objective: 99.9", 'objective: "99.9"', "slo.sloth.schema", 5, "must be a number"),
    ("empty slos", PROM, PROM[PROM.index("slos:") :], "slos: []\n", "slo.sloth.schema", 3, "must not be empty"),
    (
        "k8s metadata.name",
        K8S,
        "  name: sloth-slo-my-service\n",
        "  name: Sloth_SLO\n",
        "slo.sloth.schema",
        4,
        "Kubernetes object name",
    ),
    (
        "override with empty chain",
        PROM,
        "slos:\n",
        "slo_plugins:\n  overridePrevious: true\nslos:\n",
        "slo.sloth.plugins",
        4,
        "chain is empty",
    ),
    ("empty service", PROM, 'service: "myservice"', 'service: ""', "slo.sloth.name", 2, "service is empty"),
    ("k8s empty service", K8S, 'service: "myservice"', 'service: ""', "slo.sloth.name", 7, "spec.service is empty"),
    (
        "service with a space",
        PROM,
        'service: "myservice"',
        'service: "my service"',
        "slo.sloth.name",
        2,
        "not a valid Sloth name",
    ),
    (
        "SLO name with a leading dash",
        PROM,
        'name: "requests-availability"',
        'name: "-x"',
        "slo.sloth.name",
        4,
        "not a valid Sloth name",
    ),
    (
        "one-character SLO name",
        PROM,
        'name: "requests-availability"',
        'name: "a"',
        "slo.sloth.name",
        4,
        "not a valid Sloth name",
    ),
    (
        "label key with a dash",
        PROM,
        "slos:\n",
        "labels:\n  team-name: a\nslos:\n",
        "slo.sloth.label",
        4,
        "not a valid Prometheus label name",
    ),
    (
        "label key with a leading digit",
        PROM,
        "slos:\n",
        "labels:\n  1tier: a\nslos:\n",
        "slo.sloth.label",
        4,
        "not a valid Prometheus label name",
    ),
    ("__name__ label", PROM, "slos:\n", "labels:\n  __name__: a\nslos:\n", "slo.sloth.label", 4, "reserved"),
    ("empty label value", PROM, "slos:\n", 'labels:\n  owner: ""\nslos:\n', "slo.sloth.label", 4, "value is empty"),
    ("no SLI type", PROM, "    sli:\n" + EVENTS, "    sli: {}\n", "slo.sloth.sli-kind", 6, "no SLI type"),
    (
        "two SLI types",
        PROM,
        "    alerting:",
        "      raw:\n        error_ratio_query: x[{{.window}}]\n    alerting:",
        "slo.sloth.sli-kind",
        10,
        "events and raw",
    ),
    (
        "total query without window",
        PROM,
        "http_requests_total[{{.window}}]))\n    alerting",
        "http_requests_total[5m]))\n    alerting",
        "slo.sloth.query-window",
        9,
        "total_query does not contain {{.window}}",
    ),
    (
        "raw query without window",
        PROM,
        EVENTS,
        "      raw:\n        error_ratio_query: |\n          1 - avg(up)\n",
        "slo.sloth.query-window",
        8,
        "error_ratio_query",
    ),
    (
        "unclosed parenthesis",
        PROM,
        "[{{.window}}]))\n        total",
        "[{{.window}}])\n        total",
        "slo.sloth.query-syntax",
        8,
        "never closed",
    ),
    (
        "unknown template variable",
        PROM,
        "[{{.window}}]))\n        total",
        "[{{.window}}])) / {{.total}}\n        total",
        "slo.sloth.query-syntax",
        8,
        "the only variable it provides is {{.window}}",
    ),
    (
        "identical queries (shared hygiene rule)",
        PROM,
        '{code=~"5.."}',
        "",
        "slo.query.identical",
        8,
        "error_query and total_query",
    ),
    (
        "enabled alerts without a name",
        PROM,
        "    alerting:\n      name: MyServiceHighErrorRate\n",
        "",
        "slo.sloth.alert-name",
        4,
        "page and ticket alerts are enabled",
    ),
    (
        "alert name with spaces",
        PROM,
        "name: MyServiceHighErrorRate",
        "name: My Service Alert",
        "slo.sloth.alert-name",
        11,
        "not a valid Prometheus alert name",
    ),
    (
        "annotation key with a dash",
        PROM,
        "      name: MyServiceHighErrorRate\n",
        "      name: MyServiceHighErrorRate\n      annotations:\n        runbook-url: x\n",
        "slo.sloth.label",
        13,
        "annotation key 'runbook-url'",
    ),
    (
        "empty annotation value",
        PROM,
        "      name: MyServiceHighErrorRate\n",
        '      name: MyServiceHighErrorRate\n      annotations:\n        summary: ""\n',
        "slo.sloth.label",
        13,
        "annotation value is empty",
    ),
]


@pytest.mark.parametrize(
    ("base", "old", "new", "rule_id", "line", "fragment"),
    [case[1:] for case in SINGLE_FINDING],
    ids=[case[0] for case in SINGLE_FINDING],
)
def test_single_finding(base, old, new, rule_id, line, fragment):
    assert old in base, "the case no longer applies to its base document"
    finding = only(evaluate(base.replace(old, new, 1))[0], rule_id)
    assert (finding.line, fragment in finding.message) == (line, True), finding


@pytest.mark.parametrize(
    ("objective", "severity", "fragment"),
    [
        ("101", "error", "outside (0, 100]"),
        ("0", "error", "outside (0, 100]"),
        ("-5", "error", "outside (0, 100]"),
        ("0.999", "warning", "looks like a fraction"),
    ],
)
def test_objective_range(objective, severity, fragment):
    seen, result = evaluate(PROM.replace("objective: 99.9", f"objective: {objective}"))
    finding = only(seen, "slo.objective.target-range")
    assert (finding.line, finding.severity) == (5, severity)
    assert fragment in finding.message


def test_objective_of_100_is_allowed_by_sloth_but_above_the_ceiling():
    seen, _ = evaluate(PROM.replace("objective: 99.9", "objective: 100"))
    assert [s.rule for s in seen] == ["slo.objective.unattainable"]


def test_sli_plugin_is_a_valid_sli_type():
    text = PROM.replace(
        EVENTS,
        "      plugin:\n        id: sloth-common/kubernetes/apiserver/availability\n        options:\n          filter: x\n",
    )
    seen, result = evaluate(text)
    assert seen == []
    assert result.slos[0].queries == []


def test_name_not_needed_when_both_alerts_are_disabled_but_alerting_is_missing():
    text = PROM.replace(
        "      name: MyServiceHighErrorRate\n",
        "      page_alert:\n        disable: true\n      ticket_alert:\n        disable: true\n",
    )
    seen, result = evaluate(text)
    finding = only(seen, "slo.alerting.missing")
    assert finding.severity == "warning" and finding.line == 10
    assert result.slos[0].has_alerting is False
    assert [s.rule for s in evaluate(text, policy=SloPolicy(require_alerting=False))[0]] == []


def test_a_yaml_list_of_specs_is_not_something_sloth_reads():
    text = "- " + PROM.replace("\n", "\n  ").rstrip() + "\n"
    finding = only(evaluate(text)[0], "slo.sloth.schema")
    assert finding.line == 1 and "one spec per YAML document" in finding.message


def test_duplicate_slo_names_per_service_across_files_and_documents():
    other_service = PROM.replace('service: "myservice"', 'service: "other"')
    seen, _ = evaluate(PROM, PROM + "---\n" + other_service)
    finding = only(seen, "slo.name.duplicate")
    assert finding.line == 4 and "file0.yaml:4" in finding.message


def test_sla_convention_by_name_and_label():
    sla_doc = PROM.replace("requests-availability", "requests-availability-sla").replace(
        "objective: 99.9", "objective: 99.95"
    )
    seen, result = evaluate(PROM + "---\n" + sla_doc.replace('service: "myservice"', 'service: "myservice"'))
    assert [f.is_sla for f in result.slos] == [False, True]
    finding = only(seen, "slo.sla.stricter-than-slo")
    assert finding.line == 17
    labelled = PROM.replace("    sli:\n", "    labels:\n      type: SLA\n    sli:\n")
    assert evaluate(labelled)[1].slos[0].is_sla is True
