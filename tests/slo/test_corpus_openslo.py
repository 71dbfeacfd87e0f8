"""Every OpenSLO file of the real-world corpus (openslo/, oslo/, go-sdk/) gets the outcome its MANIFEST gives.

Run through the real command line (``process-gates --format json slo validate PATH``) from an empty
working directory, so that no other file takes part in resolving references. Each expected error names
its rule and line, and the test reads that line to check it holds the culprit.

Where the MANIFEST says VALID only "per the removed JSON schema test" or "likely INVALID per go-sdk", the
decision follows go-sdk (the reference SDK, which ``oslo validate`` runs) and is written beside the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openslo_support import line_of, run_cli


@pytest.fixture
def corpus(corpus_dir, tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return corpus_dir / "slo"


def check(capsys, path: Path, expected_code: int, expected: list[tuple[str, int, str]], warnings: list[tuple[str, int]] = ()):
    """Exit code, the exact (rule, line) of every error, the culprit on each line, and the warnings."""
    code, findings = run_cli(capsys, str(path))
    errors = sorted((f["rule"], f["line"]) for f in findings if f["severity"] == "error")
    assert errors == sorted((rule, line) for rule, line, _ in expected), findings
    for rule, line, culprit in expected:
        assert culprit in line_of(path, line), (rule, line, line_of(path, line))
    assert sorted((f["rule"], f["line"]) for f in findings if f["severity"] == "warning") == sorted(warnings)
    assert code == expected_code
    for f in findings:
        assert f["path"] == str(path) and f["column"] >= 1 and f["message"] and f["hint"]
    return findings


# --- OpenSLO/OpenSLO examples -------------------------------------------------------------------------


def test_occurrences_example_is_valid_and_only_warns_that_its_alert_policies_are_empty(corpus, capsys):
    path = corpus / "openslo" / "occurences-slo.yaml"
    check(capsys, path, 0, [], warnings=[("slo.alerting.missing", 29)])
    assert line_of(path, 29).startswith("  alertPolicies:")


def test_ratio_timeslices_sets_op_on_a_ratio_objective(corpus, capsys):
    path = corpus / "openslo" / "ratio-timeslices.yaml"
    findings = check(
        capsys,
        path,
        1,
        [
            ("slo.openslo.op", 32, "op: gt"),
            # The example's good and total sources are the same placeholder (type Any, query Any).
            ("slo.query.identical", 15, "ratioMetric:"),
        ],
        warnings=[("slo.alerting.missing", 7)],
    )
    op = next(f for f in findings if f["rule"] == "slo.openslo.op")
    assert "spec.objectives[0].op" in op["message"] and "ratioMetric" in op["message"]


def test_timeslices_example_minute_window_and_op_on_ratio(corpus, capsys):
    path = corpus / "openslo" / "timeslices-slo.yaml"
    findings = check(
        capsys,
        path,
        1,
        [
            ("slo.window.minute-not-month", 27, "duration: 1m"),
            ("slo.openslo.op", 35, "op: gt"),
            ("slo.query.identical", 15, "ratioMetric:"),
        ],
        warnings=[("slo.alerting.missing", 43)],
    )
    # Its SLA objective (0.99) is looser than the internal one (0.995): the healthy pattern, no finding.
    assert not [f for f in findings if f["rule"] == "slo.sla.stricter-than-slo"]


# --- OpenSLO/OpenSLO removed schema tests -------------------------------------------------------------------


def test_alert_condition_without_severity(corpus, capsys):
    path = corpus / "openslo" / "schema-test_alert-condition-no-sev.yaml"
    [finding] = check(capsys, path, 1, [("slo.openslo.alert-condition", 6, "spec:")])
    assert "spec.severity is missing" in finding["message"]


def test_alert_notification_target_without_target(corpus, capsys):
    path = corpus / "openslo" / "schema-test_alert-notification-target-no-target.yaml"
    [finding] = check(capsys, path, 1, [("slo.openslo.schema", 5, "spec:")])
    assert finding["message"] == "spec: missing required field 'target'"


def test_alert_policy_with_nine_conditions(corpus, capsys):
    """Fails on the count (exactly one condition) and, per go-sdk's strict decoding, on `operator`, a
    field the removed JSON schema let through; the condition it names exists in no file."""
    path = corpus / "openslo" / "schema-test_alert-policy-many-cond.yaml"
    condition_lines = range(12, 30, 2)
    check(
        capsys,
        path,
        1,
        [("slo.openslo.alert-policy", 11, "conditions:")]
        + [("slo.openslo.schema", line, "operator: and") for line in condition_lines]
        + [("slo.reference.unresolved", line + 1, "conditionRef: cpu-usage-breach") for line in condition_lines]
        + [("slo.reference.unresolved", 31, "targetRef: on-call-devops-mail-notification")],
    )


def test_alert_policy_without_notification_targets(corpus, capsys):
    path = corpus / "openslo" / "schema-test_alert-policy-no-notification.yaml"
    check(
        capsys,
        path,
        1,
        [
            ("slo.openslo.alert-policy", 6, "spec:"),
            ("slo.openslo.schema", 12, "operator: and"),
            ("slo.reference.unresolved", 13, "conditionRef: cpu-usage-breach"),
        ],
    )


def test_alert_policy_is_invalid_per_go_sdk(corpus, capsys):
    """MANIFEST: VALID per the removed JSON-schema test. Decided INVALID: go-sdk decodes with
    DisallowUnknownFields and AlertPolicyCondition has no `operator` field; and the condition and
    target it references exist in no file, which go-sdk's ReferenceInliner (oslo's inlining) rejects."""
    path = corpus / "openslo" / "schema-test_alert-policy.yaml"
    findings = check(
        capsys,
        path,
        1,
        [
            ("slo.openslo.schema", 12, "operator: and"),
            ("slo.reference.unresolved", 13, "conditionRef: cpu-usage-breach"),
            ("slo.reference.unresolved", 15, "targetRef: on-call-devops-mail-notification"),
        ],
    )
    unknown = next(f for f in findings if f["rule"] == "slo.openslo.schema")
    assert unknown["message"] == (
        "spec.conditions[0]: unknown field 'operator'; the fields here are conditionRef, kind, metadata, spec"
    )


def test_alert_policy_passes_its_own_checks_when_its_references_resolve(corpus, capsys):
    """With the files that define what it references, only `operator` is left against the policy."""
    policy = corpus / "openslo" / "schema-test_alert-policy.yaml"
    code, findings = run_cli(
        capsys,
        str(policy),
        str(corpus / "go-sdk" / "v1_slo.yaml"),  # defines AlertCondition cpu-usage-breach
        str(corpus / "openslo" / "schema-test_alert-notification-target-no-target.yaml"),
    )
    assert code == 1
    against_policy = sorted((f["rule"], f["line"]) for f in findings if f["path"] == str(policy))
    assert against_policy == [("slo.openslo.schema", 12)]


def test_v1alpha_api_version_with_a_v1_only_kind(corpus, capsys):
    path = corpus / "openslo" / "schema-test_invalid-apiversion.yaml"
    findings = check(
        capsys,
        path,
        1,
        [("slo.openslo.kind", 2, "kind: AlertNotificationTarget"), ("slo.openslo.name", 4, "OnCallDevopsMailNotification")],
    )
    kind = next(f for f in findings if f["rule"] == "slo.openslo.kind")
    assert "openslo/v1alpha" in kind["message"] and "apiVersion: openslo/v1" in kind["hint"]
    name = next(f for f in findings if f["rule"] == "slo.openslo.name")
    assert "did you mean 'on-call-devops-mail-notification'?" in name["message"]


def test_service_description_over_1050_characters(corpus, capsys):
    path = corpus / "openslo" / "schema-test_service-long-description.yaml"
    [finding] = check(capsys, path, 1, [("slo.openslo.description", 7, "description: Lorem ipsum")])
    assert "1418 characters long, over the maximum of 1050" in finding["message"]


def test_sli_with_both_good_and_bad(corpus, capsys):
    """Not in the schema test table; go-sdk's MutuallyExclusive(raw, good, bad) and the spec reject it.
    Its metricSourceRef names a DataSource defined nowhere, which is allowed (DataSources are optional)."""
    path = corpus / "openslo" / "schema-test_sli-ratio-good-and-bad.yaml"
    [finding] = check(capsys, path, 1, [("slo.openslo.one-of", 8, "ratioMetric:")])
    assert "sets both good and bad" in finding["message"]


def test_slo_with_indicator_ref_and_bare_alert_policy_name(corpus, capsys):
    """MANIFEST: VALID per the removed JSON schema, "likely INVALID per go-sdk". Decided INVALID: go-sdk
    decodes an alertPolicies item into {alertPolicyRef} or an inline AlertPolicy, never a bare string;
    and the SLI named by indicatorRef exists in no file (go-sdk's inliner fails on it)."""
    path = corpus / "openslo" / "schema-test_slo-indicatorref-rolling-alerts.yaml"
    findings = check(
        capsys,
        path,
        1,
        [
            ("slo.reference.unresolved", 9, "indicatorRef: indicator-ref-string"),
            ("slo.openslo.alert-policy", 18, "- foo-alert-policy"),
        ],
    )
    bare = next(f for f in findings if f["rule"] == "slo.openslo.alert-policy")
    assert bare["hint"] == "Write `- alertPolicyRef: foo-alert-policy`."


def test_slo_with_calendar_and_bare_alert_policy_name(corpus, capsys):
    """Same decision as above; the rest of the file (inline ratio SLI, calendar window) is valid."""
    path = corpus / "openslo" / "schema-test_slo-no-indicatorref-calendar-alerts.yaml"
    check(capsys, path, 1, [("slo.openslo.alert-policy", 39, "- foo-alert-policy")])


# --- OpenSLO/oslo test inputs -----------------------------------------------------------------------------------


def test_oslo_invalid_api_version(corpus, capsys):
    path = corpus / "oslo" / "invalid-apiversion.yaml"
    check(capsys, path, 1, [("slo.format.unknown", 1, "apiVersion: foo")])


def test_oslo_unknown_field(corpus, capsys):
    path = corpus / "oslo" / "unknown-field.yaml"
    findings = check(
        capsys, path, 1, [("slo.openslo.schema", 6, "markdown:"), ("slo.openslo.name", 4, "name: my-rad service")]
    )
    unknown = next(f for f in findings if f["rule"] == "slo.openslo.schema")
    assert unknown["message"] == "spec: unknown field 'markdown'; the fields here are description"
    assert unknown["column"] == 3  # the key itself


def test_oslo_v1_list_of_objects(corpus, capsys):
    """oslo's expected output: op forbidden on the ratio objective, and 'example service'. (Its time zone
    error is an artefact of oslo's test container without tzdata.) List-valued labels are fine."""
    path = corpus / "oslo" / "v1.yaml"
    check(
        capsys,
        path,
        1,
        [("slo.openslo.op", 40, "op: gt"), ("slo.openslo.name", 59, "name: example service")],
        warnings=[("slo.alerting.missing", 12)],
    )


def test_oslo_v1alpha_mixed_list_and_documents(corpus, capsys):
    """oslo's expected output: the Service name, and timeSliceTarget missing under Timeslices. oslo also
    requires `value` on the ratio objective; we do not (see openslo_v1alpha: Sloth's own example omits
    it). Its good and total queries are the same text, which no SLI can measure anything with."""
    path = corpus / "oslo" / "v1alpha.yaml"
    check(
        capsys,
        path,
        1,
        [
            ("slo.openslo.name", 4, "name: my-rad service"),
            ("slo.openslo.time-slices", 22, "- ratioMetrics:"),
            ("slo.query.identical", 22, "- ratioMetrics:"),
        ],
        warnings=[("slo.alerting.missing", 18), ("slo.alerting.missing", 45)],
    )


# --- OpenSLO/go-sdk test data ---------------------------------------------------------------------------------


def test_go_sdk_valid_slo_with_references_resolves_everything(corpus, capsys):
    """Inline and referenced SLI, alert policies, conditions and targets all resolve within the file; the
    DataSource `my-prometheus` and Service `web` are defined nowhere, which is allowed."""
    path = corpus / "go-sdk" / "v1_slo.yaml"
    check(capsys, path, 0, [], warnings=[("slo.alerting.missing", 5)])
    assert line_of(path, 5).strip() == "spec:"


def test_go_sdk_dangling_indicator_ref(corpus, capsys):
    path = corpus / "go-sdk" / "v1_slo_invalid_sli.yaml"
    findings = check(
        capsys, path, 1, [("slo.reference.unresolved", 7, "indicatorRef: no-sli")], warnings=[("slo.alerting.missing", 5)]
    )
    [dangling] = [f for f in findings if f["severity"] == "error"]
    assert dangling["message"] == "spec.indicatorRef refers to SLI 'no-sli', which is not defined in any SLO file"


# --- the MANIFEST itself -----------------------------------------------------------------------------------------


def test_every_openslo_manifest_entry_is_covered(corpus):
    """A new corpus file in these folders must get a test above."""
    covered = {
        "openslo/occurences-slo.yaml", "openslo/ratio-timeslices.yaml", "openslo/timeslices-slo.yaml",
        "openslo/schema-test_alert-condition-no-sev.yaml", "openslo/schema-test_alert-notification-target-no-target.yaml",
        "openslo/schema-test_alert-policy-many-cond.yaml", "openslo/schema-test_alert-policy-no-notification.yaml",
        "openslo/schema-test_alert-policy.yaml", "openslo/schema-test_invalid-apiversion.yaml",
        "openslo/schema-test_service-long-description.yaml", "openslo/schema-test_sli-ratio-good-and-bad.yaml",
        "openslo/schema-test_slo-indicatorref-rolling-alerts.yaml",
        "openslo/schema-test_slo-no-indicatorref-calendar-alerts.yaml", "oslo/invalid-apiversion.yaml",
        "oslo/unknown-field.yaml", "oslo/v1.yaml", "oslo/v1alpha.yaml", "go-sdk/v1_slo.yaml",
        "go-sdk/v1_slo_invalid_sli.yaml",
    }
    listed = {
        line.split("|")[0].strip()
        for line in (corpus / "MANIFEST.txt").read_text(encoding="utf-8").splitlines()
        if line.split("/")[0] in ("openslo", "oslo", "go-sdk")
    }
    assert listed == covered
