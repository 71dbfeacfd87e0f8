"""OpenSLO rules, one at a time: a minimal valid object of each kind passes, and each rule has a failing
case that asserts the rule id, what the message says, and the line it points at."""

from __future__ import annotations

import pytest
from openslo_support import evaluate, only

from process_gates.config import SloPolicy

ALERTING = """\
apiVersion: openslo/v1
kind: AlertPolicy
metadata:
  name: page-on-burn
spec:
  alertWhenBreaching: true
  conditions:
    - conditionRef: fast-burn
  notificationTargets:
    - targetRef: oncall
---
apiVersion: openslo/v1
kind: AlertCondition
metadata:
  name: fast-burn
spec:
  severity: page
  condition:
    kind: burnrate
    op: gte
    threshold: 14
    lookbackWindow: 1h
    alertAfter: 5m
---
apiVersion: openslo/v1
kind: AlertNotificationTarget
metadata:
  name: oncall
spec:
  target: pagerduty
"""

RATIO_SLO = """\
apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout-availability
  displayName: Checkout availability
spec:
  description: Checkout requests that succeed
  service: checkout
  indicator:
    metadata:
      name: checkout-success
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(http_requests_total{code!~"5.."}[5m]))
        total:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(http_requests_total[5m]))
  timeWindow:
    - duration: 28d
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - displayName: Availability
      target: 0.999
  alertPolicies:
    - alertPolicyRef: page-on-burn
"""

THRESHOLD_SLO = """\
apiVersion: openslo/v1
kind: SLO
metadata:
  name: search-latency
spec:
  service: search
  indicator:
    metadata:
      name: search-p99
    spec:
      thresholdMetric:
        metricSource:
          metricSourceRef: prometheus-main
          spec:
            query: histogram_quantile(0.99, sum by (le) (rate(search_seconds_bucket[5m])))
  timeWindow:
    - duration: 1M
      isRolling: false
      calendar:
        startTime: 2024-01-01 00:00:00
        timeZone: Europe/Amsterdam
  budgetingMethod: Timeslices
  objectives:
    - displayName: Fast searches
      op: lte
      value: 0.5
      target: 0.99
      timeSliceTarget: 0.95
      timeSliceWindow: 1m
  alertPolicies:
    - kind: AlertPolicy
      metadata:
        name: search-inline-policy
      spec:
        conditions:
          - kind: AlertCondition
            metadata:
              name: search-slow-burn
            spec:
              severity: ticket
              condition:
                kind: burnrate
                op: gt
                threshold: 2
                lookbackWindow: 6h
        notificationTargets:
          - kind: AlertNotificationTarget
            metadata:
              name: search-team-chat
            spec:
              target: slack
"""

SLI_BAD_TOTAL = """\
apiVersion: openslo/v1
kind: SLI
metadata:
  name: api-errors
  labels:
    team: payments
    tier: [tier-1, customer-facing]
  annotations:
    example.com/dashboard: https://grafana.example.com/d/api
spec:
  ratioMetric:
    counter: true
    bad:
      metricSource:
        type: Datadog
        spec:
          query: sum:http.errors{service:api}.as_count()
    total:
      metricSource:
        type: Datadog
        spec:
          query: sum:http.requests{service:api}.as_count()
"""

SLI_RAW = """\
apiVersion: openslo/v1
kind: SLI
metadata:
  name: precomputed-success
spec:
  ratioMetric:
    rawType: success
    raw:
      metricSource:
        type: Prometheus
        spec:
          query: job:success_ratio:rate5m
"""

SERVICE = """\
apiVersion: openslo/v1
kind: Service
metadata:
  name: checkout
spec:
  description: The checkout service
"""

DATA_SOURCE = """\
apiVersion: openslo/v1
kind: DataSource
metadata:
  name: prometheus-main
spec:
  type: Prometheus
  connectionDetails:
    url: http://prometheus:9090
"""

COMPOSITE_SLO = """\
apiVersion: openslo/v1
kind: SLO
metadata:
  name: storefront-composite
spec:
  service: storefront
  timeWindow:
    - duration: 7d
      isRolling: true
  budgetingMethod: RatioTimeslices
  objectives:
    - displayName: Checkout
      target: 0.99
      timeSliceWindow: 5m
      compositeWeight: 2
      indicatorRef: api-errors
    - displayName: Search
      target: 0.95
      timeSliceWindow: 5m
      compositeWeight: 1
      indicatorRef: precomputed-success
"""

V1ALPHA_SLO = """\
apiVersion: openslo/v1alpha
kind: SLO
metadata:
  name: sloth-slo-my-service
  displayName: Requests Availability
spec:
  service: my-service
  description: Common SLO based on availability for HTTP request responses.
  budgetingMethod: Occurrences
  objectives:
    - ratioMetrics:
        good:
          source: prometheus
          queryType: promql
          query: sum(rate(http_request_duration_seconds_count{code!~"(5..|429)"}[{{.window}}]))
        total:
          source: prometheus
          queryType: promql
          query: sum(rate(http_request_duration_seconds_count[{{.window}}]))
      target: 0.999
  timeWindows:
    - count: 30
      unit: Day
"""

V1ALPHA_THRESHOLD = """\
apiVersion: openslo/v1alpha
kind: SLO
metadata:
  name: latency
spec:
  service: web
  budgetingMethod: Occurrences
  indicator:
    thresholdMetric:
      source: prometheus
      queryType: promql
      query: latency_seconds
  objectives:
    - op: lt
      value: 2
      target: 0.99
  timeWindows:
    - count: 1
      unit: Month
      isRolling: false
      calendar:
        startTime: 2021-05-01 00:00:00
        timeZone: UTC
"""

V1ALPHA_SERVICE = """\
apiVersion: openslo/v1alpha
kind: Service
metadata:
  name: my-service
"""


def line(text: str, fragment: str, nth: int = 1) -> int:
    """The 1-based number of the nth line of ``text`` that contains ``fragment``."""
    hits = [i for i, content in enumerate(text.splitlines(), 1) if fragment in content]
    assert len(hits) >= nth, f"{fragment!r} not in the text"
    return hits[nth - 1]


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} must occur once"
    return text.replace(old, new)


def single(text: str, rule: str, *others: str):
    """Evaluate ``text`` beside the alerting objects and return its one finding, which must be ``rule``."""
    seen, _ = evaluate(text, ALERTING, *others)
    found = only(seen)
    assert found.rule == rule, seen
    return found


# --- valid objects ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "texts",
    [
        (RATIO_SLO, ALERTING),
        (THRESHOLD_SLO,),
        (SLI_BAD_TOTAL,),
        (SLI_RAW,),
        (SERVICE,),
        (DATA_SOURCE,),
        (COMPOSITE_SLO, SLI_BAD_TOTAL, SLI_RAW),
        (V1ALPHA_SLO,),
        (V1ALPHA_THRESHOLD,),
        (V1ALPHA_SERVICE,),
        ("apiVersion: openslo/v1\nkind: Service\nmetadata:\n  name: no-spec\n",),
    ],
    ids=["ratio-slo+alerting", "threshold-slo", "sli-bad-total", "sli-raw", "service", "datasource", "composite",
         "v1alpha-sloth", "v1alpha-threshold", "v1alpha-service", "service-without-spec"],
)
def test_minimal_valid_objects_pass(texts):
    seen, _ = evaluate(*texts)
    assert seen == []


def test_null_means_absent_as_in_go():
    text = edit(RATIO_SLO, "  description: Checkout requests that succeed\n", "  description:\n")
    text = edit(text, "  alertPolicies:\n    - alertPolicyRef: page-on-burn\n", "  alertPolicies:\n")
    seen, _ = evaluate(text)
    assert seen == []


# --- slo.openslo.schema ----------------------------------------------------------------------------------------


def test_unknown_field_points_at_the_key_and_suggests_the_spelling():
    text = edit(RATIO_SLO, "  budgetingMethod: Occurrences", "  budgetingMethod: Occurrences\n  budgetMethod: Occurrences")
    seen, _ = evaluate(text, ALERTING)
    found = only(seen, "slo.openslo.schema")
    assert found.message == "spec: unknown field 'budgetMethod' (did you mean 'budgetingMethod'?)"
    assert (found.line, found.column) == (line(text, "budgetMethod:"), 3)


def test_unknown_field_inside_an_inline_sli_lists_the_fields():
    text = edit(RATIO_SLO, "        counter: true", "        counter: true\n        weighted: true")
    found = single(text, "slo.openslo.schema")
    assert found.message == (
        "spec.indicator.spec.ratioMetric: unknown field 'weighted'; the fields here are counter, good, bad, total, rawType, raw"
    )
    assert found.line == line(text, "weighted:")


def test_quoted_number_is_the_wrong_type():
    text = edit(RATIO_SLO, "target: 0.999", 'target: "0.999"')
    seen, _ = evaluate(text, ALERTING)
    found = only(seen, "slo.openslo.schema")
    assert found.message == "spec.objectives[0].target must be a number, not a string ('0.999')"
    assert found.line == line(text, 'target: "0.999"')


def test_missing_required_field_points_at_its_parent():
    text = edit(RATIO_SLO, "  service: checkout\n", "")
    found = single(text, "slo.openslo.schema")
    assert found.message == "spec: missing required field 'service'"
    assert found.line == line(text, "spec:")


def test_empty_required_text():
    found = single(edit(RATIO_SLO, "service: checkout", 'service: ""'), "slo.openslo.schema")
    assert found.message == "spec.service must not be empty"
    found = single(edit(DATA_SOURCE, "type: Prometheus", "type: ''"), "slo.openslo.schema")
    assert (found.message, found.line) == ("spec.type must not be empty", 6)


def test_budgeting_method_is_case_sensitive():
    text = edit(RATIO_SLO, "budgetingMethod: Occurrences", "budgetingMethod: occurrences")
    found = single(text, "slo.openslo.schema")
    assert "must be one of 'Occurrences', 'Timeslices', 'RatioTimeslices', not 'occurrences'" in found.message
    assert "did you mean 'Occurrences'?" in found.message
    assert found.line == line(text, "budgetingMethod:")


def test_yes_is_text_not_a_boolean():
    text = edit(RATIO_SLO, "isRolling: true", "isRolling: yes")
    seen, _ = evaluate(text, ALERTING)
    found = only(seen, "slo.openslo.schema")
    assert found.message.startswith("spec.timeWindow[0].isRolling must be true or false")
    assert found.line == line(text, "isRolling: yes")


# --- slo.openslo.kind ------------------------------------------------------------------------------------------


def test_kind_is_case_sensitive():
    text = edit(SERVICE, "kind: Service", "kind: service")
    found = single(text, "slo.openslo.kind")
    assert found.message == "kind 'service' is not an openslo/v1 kind; kinds are case-sensitive: did you mean 'Service'?"
    assert found.line == 2


def test_unknown_kind_still_gets_its_name_checked():
    text = edit(edit(SERVICE, "kind: Service", "kind: Dashboard"), "name: checkout", "name: Checkout")
    seen, result = evaluate(text)
    assert sorted((s.rule, s.line) for s in seen) == [("slo.openslo.kind", 2), ("slo.openslo.name", 4)]
    assert result.definitions == []


def test_inline_alert_policy_of_the_wrong_kind():
    text = edit(THRESHOLD_SLO, "    - kind: AlertPolicy", "    - kind: AlertCondition")
    found = single(text, "slo.openslo.kind")
    assert found.message == "spec.alertPolicies[0].kind is 'AlertCondition'; an inline item here is kind AlertPolicy"
    assert found.line == line(text, "- kind: AlertCondition")


# --- slo.openslo.name -----------------------------------------------------------------------------------------------


def test_metadata_name_must_be_an_rfc1123_label():
    text = edit(SERVICE, "name: checkout", "name: Checkout_Service")
    found = single(text, "slo.openslo.name")
    assert found.message == (
        "metadata.name 'Checkout_Service' is not a valid name: it contains uppercase letters; did you mean 'checkout-service'?"
    )
    assert (found.line, found.column) == (4, 9)


def test_inline_sli_name_and_references_are_names_too():
    text = edit(RATIO_SLO, "      name: checkout-success", "      name: checkout-success-")
    found = single(text, "slo.openslo.name")
    assert found.message.startswith("spec.indicator.metadata.name 'checkout-success-' is not a valid name: it must start and end")
    text = edit(THRESHOLD_SLO, "metricSourceRef: prometheus-main", "metricSourceRef: prometheus main")
    found = single(text, "slo.openslo.name")
    assert "spec.indicator.spec.thresholdMetric.metricSource.metricSourceRef 'prometheus main' is not a valid reference" in found.message
    assert found.line == line(text, "metricSourceRef:")


def test_name_longer_than_63_characters():
    text = edit(SERVICE, "name: checkout", "name: " + "a" * 64)
    assert "it is 64 characters long, over the maximum of 63" in single(text, "slo.openslo.name").message


# --- slo.openslo.display-name, slo.openslo.description ---------------------------------------------------------


def test_display_name_over_63_characters():
    text = edit(RATIO_SLO, "displayName: Checkout availability", "displayName: " + "x" * 64)
    found = single(text, "slo.openslo.display-name")
    assert found.message == "metadata.displayName is 64 characters long, over the maximum of 63"
    assert found.line == 5


def test_description_over_1050_characters_in_an_inline_sli():
    text = edit(RATIO_SLO, "      ratioMetric:\n", "      description: " + "d" * 1051 + "\n      ratioMetric:\n")
    found = single(text, "slo.openslo.description")
    assert found.message == "spec.indicator.spec.description is 1051 characters long, over the maximum of 1050"
    assert found.line == line(text, "description: ddd")


# --- slo.openslo.label, slo.openslo.annotation ------------------------------------------------------------------


def test_label_key_and_value():
    text = edit(SLI_BAD_TOTAL, "    team: payments", "    Team: payments\n    paging: true")
    seen, _ = evaluate(text)
    assert sorted((s.rule, s.line) for s in seen) == [("slo.openslo.label", 6), ("slo.openslo.label", 7)]
    key, value = sorted(seen, key=lambda s: s.line)
    assert key.message == "label key 'Team' is not valid: it contains uppercase letters; did you mean 'team'?"
    assert value.message == "metadata.labels.paging must be text or a list of texts, not the boolean true"


def test_label_list_items_must_be_text():
    text = edit(SLI_BAD_TOTAL, "tier: [tier-1, customer-facing]", "tier: [tier-1, 2]")
    found = single(text, "slo.openslo.label")
    assert found.message == "metadata.labels.tier[1] must be text, not the number 2"


def test_annotation_key_and_value():
    text = edit(SLI_BAD_TOTAL, "    example.com/dashboard: https://grafana.example.com/d/api", "    Example.com/dashboard: x\n    example.com/budget: 5")
    seen, _ = evaluate(text)
    assert sorted((s.rule, s.line) for s in seen) == [("slo.openslo.annotation", 9), ("slo.openslo.annotation", 10)]
    first = min(seen, key=lambda s: s.line)
    assert first.message == "annotation key 'Example.com/dashboard' is not valid: it contains uppercase letters; did you mean 'example.com/dashboard'?"


# --- slo.openslo.duration -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written, fragment",
    [
        ("30D", "'30D' is not a duration: `D` is not a unit (units are case-sensitive); did you mean '30d'?"),
        ("4 weeks", "'4 weeks' is not a duration: `weeks` is not a unit (units are case-sensitive); did you mean '4w'?"),
        ("1h30m", "use a single number and unit"),
        ("0d", "the number must be positive"),
        ("90s", "seconds are not a unit here"),
    ],
)
def test_time_window_duration(written, fragment):
    text = edit(RATIO_SLO, "duration: 28d", f"duration: {written}")
    found = single(text, "slo.openslo.duration")
    assert fragment in found.message and found.message.startswith("spec.timeWindow[0].duration")
    assert found.line == line(text, "duration:")


def test_bare_number_time_slice_window():
    text = edit(THRESHOLD_SLO, "timeSliceWindow: 1m", "timeSliceWindow: 5")
    found = single(text, "slo.openslo.duration")
    assert found.message == (
        "spec.objectives[0].timeSliceWindow 5 is not a duration: it is a bare number; the reference SDK reads "
        "durations as text with a unit; did you mean '5m'?"
    )


def test_alert_condition_durations():
    text = edit(ALERTING, "lookbackWindow: 1h", "lookbackWindow: 1 hour")
    seen, _ = evaluate(text)
    found = only(seen, "slo.openslo.duration")
    assert found.message.startswith("spec.condition.lookbackWindow '1 hour' is not a duration")
    assert "did you mean '1h'?" in found.message and found.line == line(text, "lookbackWindow:")


# --- slo.openslo.one-of ------------------------------------------------------------------------------------------


def test_indicator_and_indicator_ref_together():
    text = edit(RATIO_SLO, "  service: checkout\n", "  service: checkout\n  indicatorRef: api-errors\n")
    found = single(text, "slo.openslo.one-of", SLI_BAD_TOTAL)
    assert found.message == "spec sets both indicator and indicatorRef; keep one"
    assert found.line == line(text, "spec:")


def test_neither_indicator_nor_indicator_ref():
    start, end = RATIO_SLO.index("  indicator:\n"), RATIO_SLO.index("  timeWindow:\n")
    text = RATIO_SLO[:start] + RATIO_SLO[end:]
    found = single(text, "slo.openslo.one-of")
    assert "has neither indicator (an inline SLI) nor indicatorRef" in found.message


def test_target_and_target_percent():
    text = edit(RATIO_SLO, "      target: 0.999", "      target: 0.999\n      targetPercent: 99.9")
    found = single(text, "slo.openslo.one-of")
    assert found.message == "spec.objectives[0] sets both target and targetPercent; keep one"
    assert found.line == line(text, "- displayName: Availability")
    text = edit(RATIO_SLO, "      target: 0.999\n", "")
    assert "has neither target (a fraction, 0.999) nor targetPercent (99.9)" in single(text, "slo.openslo.one-of").message


def test_threshold_and_ratio_metric_in_one_sli():
    text = edit(SLI_RAW, "\nspec:\n  ratioMetric:", "\nspec:\n  thresholdMetric:\n    metricSource: {type: Prometheus, spec: {query: up}}\n  ratioMetric:")
    found = single(text, "slo.openslo.one-of")
    assert found.message == "spec sets both thresholdMetric and ratioMetric; an SLI is one or the other"


@pytest.mark.parametrize(
    "old, new, fragment",
    [
        ("    rawType: success\n", "", "has raw but no rawType"),
        ("    rawType: success\n", "    rawType: success\n    total:\n      metricSource: {type: X, spec: {q: x}}\n", "sets both total and raw"),
    ],
)
def test_raw_ratio_combinations(old, new, fragment):
    found = single(edit(SLI_RAW, old, new), "slo.openslo.one-of")
    assert fragment in found.message and found.line == 6  # ratioMetric:


def test_raw_type_without_raw():
    text = edit(SLI_BAD_TOTAL, "    counter: true", "    counter: true\n    rawType: failure")
    found = single(text, "slo.openslo.one-of")
    assert found.message == "spec.ratioMetric.rawType only applies to raw; remove it"
    assert found.line == line(text, "rawType:")


def test_total_without_good_or_bad():
    start, end = SLI_BAD_TOTAL.index("    bad:\n"), SLI_BAD_TOTAL.index("    total:\n")
    found = single(SLI_BAD_TOTAL[:start] + SLI_BAD_TOTAL[end:], "slo.openslo.one-of")
    assert found.message == "spec.ratioMetric has total but neither good nor bad to divide by it"


def test_alert_policy_item_with_reference_and_inline_fields():
    text = edit(RATIO_SLO, "    - alertPolicyRef: page-on-burn", "    - alertPolicyRef: page-on-burn\n      kind: AlertPolicy")
    found = single(text, "slo.openslo.one-of")
    assert found.message == "spec.alertPolicies[0] sets alertPolicyRef and inline fields (kind); use one or the other"


def test_composite_objective_without_its_own_indicator():
    text = edit(COMPOSITE_SLO, "      indicatorRef: precomputed-success\n", "")
    found = single(text, "slo.openslo.one-of", SLI_BAD_TOTAL, SLI_RAW)
    assert "spec.objectives[1] has no indicator or indicatorRef: in a composite SLO every objective needs its own" == found.message
    assert found.line == line(text, "- displayName: Search")


def test_composite_objectives_and_a_spec_level_indicator():
    text = edit(COMPOSITE_SLO, "  service: storefront\n", "  service: storefront\n  indicatorRef: api-errors\n")
    found = single(text, "slo.openslo.one-of", SLI_BAD_TOTAL, SLI_RAW)
    assert "a composite SLO keeps its indicators in its objectives only" in found.message
    assert found.line == line(text, "  indicatorRef: api-errors")


# --- slo.objective.target-range -----------------------------------------------------------------------------------


def test_target_written_as_a_percentage():
    text = edit(RATIO_SLO, "target: 0.999", "target: 99.9")
    seen, _ = evaluate(text, ALERTING)
    found = only(seen, "slo.objective.target-range")
    assert found.message == "spec.objectives[0].target 99.9 is outside [0, 1): OpenSLO's target is a fraction below 1"
    assert found.line == line(text, "target: 99.9")


def test_target_percent_of_100():
    text = edit(RATIO_SLO, "target: 0.999", "targetPercent: 100")
    seen, _ = evaluate(text, ALERTING)
    found = only(seen, "slo.objective.target-range")
    assert found.message == "spec.objectives[0].targetPercent 100 is outside [0, 100)"


# --- slo.openslo.op ------------------------------------------------------------------------------------------------


def test_threshold_objective_needs_op_and_value():
    text = edit(THRESHOLD_SLO, "      op: lte\n      value: 0.5\n", "")
    found = single(text, "slo.openslo.op")
    assert found.message.startswith("spec.objectives[0] needs op and value: the SLI is a thresholdMetric")
    assert found.line == line(text, "- displayName: Fast searches")


def test_ratio_objective_takes_no_value():
    text = edit(RATIO_SLO, "      target: 0.999", "      target: 0.999\n      value: 1")
    found = single(text, "slo.openslo.op")
    assert found.message == "spec.objectives[0].value is set, but the SLI is a ratioMetric: op and value only apply to a thresholdMetric"
    assert found.line == line(text, "value: 1")


def test_operator_spelled_as_a_symbol():
    text = edit(THRESHOLD_SLO, "op: lte", "op: '<='")
    found = single(text, "slo.openslo.op")
    assert found.message == "spec.objectives[0].op '<=' is not an operator: use lt, lte, gt or gte; did you mean 'lte'?"


def test_indicator_ref_objective_is_not_judged():
    """With only a reference, the SLI's kind is unknown here: go-sdk accepts op/value either way."""
    text = edit(COMPOSITE_SLO, "      compositeWeight: 2\n", "      compositeWeight: 2\n      op: gt\n")
    seen, _ = evaluate(text, SLI_BAD_TOTAL, SLI_RAW)
    assert seen == []


# --- slo.openslo.time-slices ---------------------------------------------------------------------------------------


def test_timeslices_needs_both_fields():
    text = edit(THRESHOLD_SLO, "      timeSliceTarget: 0.95\n      timeSliceWindow: 1m\n", "")
    found = single(text, "slo.openslo.time-slices")
    assert found.message == "spec.objectives[0] needs timeSliceTarget and timeSliceWindow: budgetingMethod is Timeslices"


def test_occurrences_takes_no_time_slice_fields():
    text = edit(RATIO_SLO, "      target: 0.999", "      target: 0.999\n      timeSliceWindow: 5m")
    found = single(text, "slo.openslo.time-slices")
    assert found.message == "spec.objectives[0].timeSliceWindow is not used with budgetingMethod Occurrences"
    assert found.line == line(text, "timeSliceWindow:")


def test_ratio_timeslices_takes_no_time_slice_target():
    text = edit(COMPOSITE_SLO, "      timeSliceWindow: 5m\n      compositeWeight: 1", "      timeSliceWindow: 5m\n      timeSliceTarget: 0.9\n      compositeWeight: 1")
    found = single(text, "slo.openslo.time-slices", SLI_BAD_TOTAL, SLI_RAW)
    assert "spec.objectives[1].timeSliceTarget is only used with budgetingMethod Timeslices, and this SLO uses RatioTimeslices" == found.message


def test_time_slice_target_range():
    text = edit(THRESHOLD_SLO, "timeSliceTarget: 0.95", "timeSliceTarget: 95")
    assert single(text, "slo.openslo.time-slices").message == "spec.objectives[0].timeSliceTarget 95 is outside (0, 1]"


# --- slo.openslo.time-window ---------------------------------------------------------------------------------------


def test_missing_time_window():
    text = edit(RATIO_SLO, "  timeWindow:\n    - duration: 28d\n      isRolling: true\n", "")
    found = single(text, "slo.openslo.time-window")
    assert found.message.startswith("spec.timeWindow is missing: an SLO needs exactly one time window")
    assert found.line == line(text, "spec:")


def test_two_time_windows():
    text = edit(RATIO_SLO, "    - duration: 28d\n      isRolling: true\n", "    - duration: 28d\n      isRolling: true\n    - duration: 7d\n      isRolling: true\n")
    found = single(text, "slo.openslo.time-window")
    assert found.message == "spec.timeWindow has 2 windows; OpenSLO allows exactly one"
    assert found.line == line(text, "timeWindow:")


def test_rolling_window_with_a_calendar():
    text = edit(THRESHOLD_SLO, "isRolling: false", "isRolling: true")
    found = single(text, "slo.openslo.time-window")
    assert found.message.startswith("spec.timeWindow[0] is rolling (isRolling: true) and has a calendar")
    assert found.line == line(text, "calendar:")


def test_calendar_window_without_a_calendar():
    text = edit(RATIO_SLO, "      isRolling: true\n", "")
    found = single(text, "slo.openslo.time-window")
    assert found.message.startswith("spec.timeWindow[0] is calendar-aligned (isRolling is not set) but has no calendar")
    assert found.line == line(text, "- duration: 28d")


# --- slo.openslo.calendar ------------------------------------------------------------------------------------------


def test_iso_start_time():
    text = edit(THRESHOLD_SLO, "startTime: 2024-01-01 00:00:00", "startTime: 2024-01-01T00:00:00Z")
    found = single(text, "slo.openslo.calendar")
    assert "without `T` or a zone" in found.message and "did you mean '2024-01-01 00:00:00'?" in found.message
    assert found.line == line(text, "startTime:")


def test_start_time_that_is_no_date():
    text = edit(THRESHOLD_SLO, "startTime: 2024-01-01 00:00:00", "startTime: 2024-02-30 00:00:00")
    assert "it is not a real date and time (day is out of range for month)" in single(text, "slo.openslo.calendar").message


def test_time_zone_with_a_wrong_case_and_an_unknown_one():
    text = edit(THRESHOLD_SLO, "timeZone: Europe/Amsterdam", "timeZone: europe/amsterdam")
    found = single(text, "slo.openslo.calendar")
    assert found.message == (
        "spec.timeWindow[0].calendar.timeZone 'europe/amsterdam' is not valid: it is not a time zone of the IANA "
        "time zone database; did you mean 'Europe/Amsterdam'?"
    )
    assert found.line == line(text, "timeZone:")
    text = edit(THRESHOLD_SLO, "timeZone: Europe/Amsterdam", "timeZone: Mars/Olympus_Mons")
    assert single(text, "slo.openslo.calendar").message.endswith("not a time zone of the IANA time zone database")


# --- slo.openslo.alert-policy, slo.openslo.alert-condition -------------------------------------------------------


def test_alert_policy_with_two_conditions_and_no_targets():
    text = edit(ALERTING, "    - conditionRef: fast-burn\n", "    - conditionRef: fast-burn\n    - conditionRef: fast-burn\n")
    text = edit(text, "  notificationTargets:\n    - targetRef: oncall\n", "")
    seen, _ = evaluate(text)
    assert sorted((s.rule, s.line) for s in seen) == [("slo.openslo.alert-policy", 5), ("slo.openslo.alert-policy", 7)]
    many, missing = sorted(seen, key=lambda s: -s.line)
    assert many.message == "spec.conditions has 2 items; OpenSLO allows exactly one condition per alert policy"
    assert missing.message == "spec.notificationTargets is missing: an alert policy needs at least one notification target"


def test_bare_notification_target_name():
    text = edit(ALERTING, "    - targetRef: oncall", "    - oncall")
    seen, _ = evaluate(text)
    found = only(seen, "slo.openslo.alert-policy")
    assert found.message == "spec.notificationTargets[0] is a bare name ('oncall'); an item is a reference or an inline AlertNotificationTarget"
    assert found.line == line(text, "- oncall")


def test_alert_condition_needs_severity_and_burnrate_fields():
    text = edit(ALERTING, "  severity: page\n", "")
    text = edit(text, "    threshold: 14\n", "")
    seen, _ = evaluate(text)
    assert sorted(s.message for s in seen) == [
        "spec.condition needs threshold for a burnrate condition",
        "spec.severity is missing: say how urgent the alert is (for example `page` or `ticket`)",
    ]
    assert {s.rule for s in seen} == {"slo.openslo.alert-condition"}


def test_alert_condition_kind():
    text = edit(ALERTING, "kind: burnrate", "kind: burnRate")
    seen, _ = evaluate(text)
    found = only(seen, "slo.openslo.alert-condition")
    assert found.message == "spec.condition.kind 'burnRate' is not a condition kind: the only kind is burnrate; did you mean 'burnrate'?"
    assert found.line == line(text, "kind: burnRate")


def test_inline_condition_is_checked_like_a_top_level_one():
    text = edit(THRESHOLD_SLO, "              severity: ticket\n", "")
    found = single(text, "slo.openslo.alert-condition")
    assert found.message.startswith("spec.alertPolicies[0].spec.conditions[0].spec.severity is missing")


# --- slo.openslo.metric-source, slo.openslo.composite-weight ---------------------------------------------------


def test_metric_source_without_type_or_reference():
    text = edit(SLI_BAD_TOTAL, "        type: Datadog\n        spec:\n          query: sum:http.errors", "        spec:\n          query: sum:http.errors")
    found = single(text, "slo.openslo.metric-source")
    assert found.message == "spec.ratioMetric.bad.metricSource has neither type nor metricSourceRef: say which data source to query"
    assert found.line == line(text, "metricSource:")


def test_metric_source_with_an_empty_spec():
    text = edit(SLI_RAW, "        spec:\n          query: job:success_ratio:rate5m\n", "        spec: {}\n")
    found = single(text, "slo.openslo.metric-source")
    assert found.message == "spec.ratioMetric.raw.metricSource.spec is empty: put the query under it"


def test_composite_weight_must_be_positive():
    text = edit(COMPOSITE_SLO, "compositeWeight: 2", "compositeWeight: 0")
    found = single(text, "slo.openslo.composite-weight", SLI_BAD_TOTAL, SLI_RAW)
    assert found.message == "spec.objectives[0].compositeWeight must be greater than 0, not 0"


# --- openslo/v1alpha -------------------------------------------------------------------------------------------------


def test_v1alpha_unknown_field_and_v1_field_names():
    text = edit(V1ALPHA_SLO, "  timeWindows:", "  timeWindow:")
    seen, _ = evaluate(text)
    assert sorted((s.rule, s.line) for s in seen) == [("slo.openslo.schema", 21), ("slo.openslo.time-window", 6)]
    assert only(seen, "slo.openslo.schema").message == "spec: unknown field 'timeWindow' (did you mean 'timeWindows'?)"


def test_v1alpha_threshold_objective_needs_op_and_value():
    text = edit(V1ALPHA_THRESHOLD, "    - op: lt\n      value: 2\n      target: 0.99", "    - target: 0.99")
    found = single(text, "slo.openslo.op")
    assert found.message.startswith("spec.objectives[0] needs op and value")


def test_v1alpha_ratio_objective_may_keep_value_but_not_op():
    text = edit(V1ALPHA_SLO, "      target: 0.999", "      target: 0.999\n      value: 1")
    assert evaluate(text)[0] == []
    text = edit(V1ALPHA_SLO, "      target: 0.999", "      target: 0.999\n      op: gt")
    found = single(text, "slo.openslo.op")
    assert found.message == "spec.objectives[0].op is set, but the SLI is a ratioMetric: op only applies to a thresholdMetric"
    assert found.line == line(text, "op: gt")


def test_v1alpha_indicator_and_ratio_metrics_together():
    text = edit(V1ALPHA_SLO, "  budgetingMethod: Occurrences", "  budgetingMethod: Occurrences\n  indicator:\n    thresholdMetric: {source: prometheus, queryType: promql, query: up}")
    found = single(text, "slo.openslo.one-of")
    assert "is set and so is spec.indicator" in found.message and found.line == line(text, "- ratioMetrics:")


def test_v1alpha_windows():
    text = edit(V1ALPHA_SLO, "      unit: Day", "      unit: Day\n      isRolling: false")
    found = single(text, "slo.openslo.time-window")
    assert found.message.startswith("spec.timeWindows[0] says isRolling: false but has no calendar")
    text = edit(V1ALPHA_SLO, "count: 30", "count: 0")
    assert single(text, "slo.openslo.duration").message == "spec.timeWindows[0].count must be a positive number, not 0"
    text = edit(V1ALPHA_SLO, "unit: Day", "unit: Days")
    assert "did you mean 'Day'?" in single(text, "slo.openslo.schema").message


def test_v1alpha_timeslices_needs_time_slice_target():
    text = edit(V1ALPHA_SLO, "budgetingMethod: Occurrences", "budgetingMethod: Timeslices")
    found = single(text, "slo.openslo.time-slices")
    assert found.message == "spec.objectives[0] needs timeSliceTarget: budgetingMethod is Timeslices"


def test_v1alpha_source_must_be_a_word():
    text = edit(V1ALPHA_SLO, "          source: prometheus\n          queryType: promql\n          query: sum(rate(http_request_duration_seconds_count{code",
                "          source: prom-etheus\n          queryType: promql\n          query: sum(rate(http_request_duration_seconds_count{code")
    found = single(text, "slo.openslo.metric-source")
    assert found.message == "spec.objectives[0].ratioMetrics.good.source 'prom-etheus' must be a plain word of letters (like `prometheus`, `promql`)"


def test_v1alpha_has_only_slo_and_service():
    text = edit(V1ALPHA_SERVICE, "kind: Service", "kind: SLI")
    found = single(text, "slo.openslo.kind")
    assert found.message == "kind 'SLI' does not exist in openslo/v1alpha, which has only SLO and Service"


# --- facts for the cross-file and hygiene rules ----------------------------------------------------------------


def test_definitions_and_references():
    _, result = evaluate(RATIO_SLO, ALERTING, THRESHOLD_SLO, SERVICE, DATA_SOURCE)
    assert sorted((d.namespace, d.name) for d in result.definitions) == [
        ("openslo:AlertCondition", "fast-burn"),
        ("openslo:AlertNotificationTarget", "oncall"),
        ("openslo:AlertPolicy", "page-on-burn"),
        ("openslo:DataSource", "prometheus-main"),
        ("openslo:SLO", "checkout-availability"),
        ("openslo:SLO", "search-latency"),
        ("openslo:Service", "checkout"),
    ]
    assert sorted((r.namespace, r.name, r.field, r.required) for r in result.references) == [
        ("openslo:AlertCondition", "fast-burn", "spec.conditions[0].conditionRef", True),
        ("openslo:AlertNotificationTarget", "oncall", "spec.notificationTargets[0].targetRef", True),
        ("openslo:AlertPolicy", "page-on-burn", "spec.alertPolicies[0].alertPolicyRef", True),
        ("openslo:DataSource", "prometheus-main", "spec.indicator.spec.thresholdMetric.metricSource.metricSourceRef", False),
        ("openslo:Service", "checkout", "spec.service", False),
        ("openslo:Service", "search", "spec.service", False),
    ]


def test_dangling_reference_and_duplicate_name_across_files():
    seen, _ = evaluate(RATIO_SLO, SERVICE, SERVICE)
    assert sorted((s.rule, s.line) for s in seen) == [("slo.name.duplicate", 4), ("slo.reference.unresolved", line(RATIO_SLO, "alertPolicyRef"))]


def test_slo_facts():
    _, result = evaluate(RATIO_SLO, ALERTING, THRESHOLD_SLO)
    ratio, threshold = sorted(result.slos, key=lambda s: s.label)
    assert ratio.label == "SLO 'checkout-availability'" and ratio.service == "checkout" and ratio.has_alerting
    [objective] = ratio.objectives
    assert (objective.target, objective.label, objective.is_sla) == (0.999, "Availability", False)
    assert objective.location.line == line(RATIO_SLO, "target: 0.999")
    [pair] = ratio.queries
    assert (pair.numerator_field, pair.denominator_field) == ("good", "total")
    assert pair.location.line == line(RATIO_SLO, "ratioMetric:") and pair.numerator != pair.denominator
    [window] = ratio.windows
    assert (window.text, window.rolling, window.location.line) == ("28d", True, line(RATIO_SLO, "duration: 28d"))
    assert threshold.queries == [] and threshold.windows[0].text == "1M" and threshold.windows[0].rolling is False


def test_target_percent_is_normalised_and_sla_objectives_are_compared():
    text = edit(RATIO_SLO, "    - displayName: Availability\n      target: 0.999\n",
                "    - displayName: Availability\n      target: 0.999\n    - displayName: Customer SLA\n      targetPercent: 99.95\n")
    seen, result = evaluate(text, ALERTING)
    [slo] = result.slos
    assert [(o.target, o.is_sla) for o in slo.objectives] == [(0.999, False), (pytest.approx(0.9995), True)]
    found = only(seen, "slo.sla.stricter-than-slo")
    assert found.line == line(text, "targetPercent: 99.95")


def test_document_level_sla_by_name_or_label():
    _, result = evaluate(edit(RATIO_SLO, "name: checkout-availability", "name: checkout-sla"), ALERTING)
    assert result.slos[0].is_sla
    labelled = edit(RATIO_SLO, "  displayName: Checkout availability\n", "  labels:\n    type: [internal, sla]\n")
    _, result = evaluate(labelled, ALERTING)
    assert result.slos[0].is_sla
    _, result = evaluate(edit(RATIO_SLO, "displayName: Checkout availability", "displayName: Above our SLA"), ALERTING)
    assert not result.slos[0].is_sla


def test_identical_metric_sources_are_the_identical_queries_case():
    text = edit(RATIO_SLO, 'query: sum(rate(http_requests_total{code!~"5.."}[5m]))', "query: sum(rate(http_requests_total[5m]))")
    found = single(text, "slo.query.identical")
    assert found.line == line(text, "ratioMetric:")


def test_no_alerting_is_a_warning_at_the_spec():
    text = edit(RATIO_SLO, "  alertPolicies:\n    - alertPolicyRef: page-on-burn\n", "")
    seen, _ = evaluate(text, policy=SloPolicy())
    found = only(seen)
    assert (found.rule, found.severity, found.line) == ("slo.alerting.missing", "warning", line(text, "spec:"))


def test_v1alpha_facts():
    _, result = evaluate(V1ALPHA_SLO)
    [slo] = result.slos
    assert (slo.label, slo.service, slo.has_alerting) == ("SLO 'sloth-slo-my-service'", "my-service", False)
    assert [o.target for o in slo.objectives] == [0.999]
    assert [w.text for w in slo.windows] == ["30 Day"]
    assert len(slo.queries) == 1 and slo.queries[0].location.line == line(V1ALPHA_SLO, "- ratioMetrics:")
