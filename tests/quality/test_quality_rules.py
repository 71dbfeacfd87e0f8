"""The quality rules as pure functions: facts and policy in, findings and skips out."""

from __future__ import annotations

from dataclasses import replace

import pytest

from process_gates.config.quality import QualityPolicy, quality_from_data
from process_gates.findings import Severity
from process_gates.quality.model import ChangedPath, PullRequestFacts, StatusContextFact
from process_gates.quality.rules import evaluate

SHA = "ec26c3e57ca3a959ca5aad62de7213c562f8c821"


def pr(*files: tuple, labels: tuple[str, ...] = (), draft: bool = False, contexts: tuple = ()) -> PullRequestFacts:
    return PullRequestFacts(
        repository="acme/widgets", number=7, title="t", author="carol", draft=draft, base_ref="main", head_sha=SHA,
        labels=labels, files=tuple(ChangedPath(*f) for f in files), contexts=contexts,
    )


def rules_of(evaluation) -> list[tuple[str, str]]:
    return [(f.rule, f.severity.value) for f in evaluation.findings]


def test_a_small_pr_with_code_tests_and_changelog_passes_every_default_rule() -> None:
    result = evaluate(pr(("src/a.py", 10, 2), ("tests/test_a.py", 5, 0), ("CHANGELOG.md", 1, 0)), QualityPolicy())
    assert result.findings == [] and result.skips == []
    assert result.evaluated == ["blocking_labels", "draft", "size", "tests", "changelog", "status_checks"]


def test_size_counts_lines_and_files_separately_and_ignores_lock_files() -> None:
    policy = quality_from_data({"size": {"max_lines": 100, "max_files": 2, "severity": "error"}, "tests": {"severity": "off"}, "changelog": {"severity": "off"}})
    result = evaluate(pr(("src/a.py", 60, 0), ("src/b.py", 30, 20), ("yarn.lock", 5000, 4000), ("web/vendor/x.js", 900, 0)), policy)
    assert rules_of(result) == [("quality.size.lines", "error")]
    assert result.findings[0].message == (
        "#7 changes 110 lines (+90 -20), more than the 100 quality.size.max_lines allows (2 ignored file(s) not counted)"
    )
    many = evaluate(pr(*[(f"docs/{n}.md", 1, 0) for n in range(3)]), policy)
    assert rules_of(many) == [("quality.size.files", "error")]
    assert many.findings[0].message == "#7 changes 3 files, more than the 2 quality.size.max_files allows"


def test_code_without_tests_is_reported_per_pair_and_deleted_code_needs_none() -> None:
    policy = quality_from_data({"tests": {"pairs": [{"code": ["api/**"], "tests": ["api_tests/**"]}, {"code": ["web/**"], "tests": ["web/**/*.spec.ts"]}]}, "changelog": {"severity": "off"}})
    result = evaluate(pr(("api/a.go", 3, 1), ("web/app.ts", 1, 1), ("web/app.spec.ts", 4, 0)), policy)
    assert rules_of(result) == [("quality.tests.missing", "warning")]
    assert result.findings[0].message == "code changed (api/a.go) but no file matching api_tests/** did"
    assert evaluate(pr(("api/old.go", 0, 40, "DELETED")), policy).findings == []


def test_changelog_is_asked_for_only_when_product_paths_change() -> None:
    policy = quality_from_data({"tests": {"severity": "off"}})
    assert rules_of(evaluate(pr(("src/a.py", 1, 1)), policy)) == [("quality.changelog.missing", "warning")]
    assert evaluate(pr(("docs/readme.md", 1, 1)), policy).findings == []
    assert evaluate(pr(("src/a.py", 1, 1), ("changelog.d/123.fixed.md", 1, 0)), policy).findings == []


def test_blocking_labels_compare_without_case_and_drafts_fail() -> None:
    result = evaluate(pr(labels=("WIP", "bug"), draft=True), QualityPolicy())
    assert rules_of(result) == [("quality.label.blocking", "error"), ("quality.draft", "error")]
    assert result.findings[0].message == "#7 is labelled `WIP`, which blocks merging"


@pytest.mark.parametrize(
    ("contexts", "expected"),
    [
        ((StatusContextFact("ci/test", "status", "SUCCESS"),), []),
        ((StatusContextFact("ci/test", "check", "COMPLETED", "SKIPPED"),), []),
        ((StatusContextFact("ci/test", "check", "COMPLETED", "FAILURE"),), ["`ci/test` has not passed on ec26c3e (failure)"]),
        ((StatusContextFact("ci/test", "check", "IN_PROGRESS"),), ["`ci/test` has not passed yet on ec26c3e (in progress)"]),
        ((StatusContextFact("ci/test", "status", "PENDING"),), ["`ci/test` has not passed yet on ec26c3e (pending)"]),
        ((StatusContextFact("lint", "status", "SUCCESS"),), ["`ci/test` has not reported on ec26c3e"]),
    ],
)
def test_required_contexts_must_have_passed_on_the_head_commit(contexts: tuple, expected: list[str]) -> None:
    policy = quality_from_data({"status_checks": {"required": ["ci/test"]}})
    result = evaluate(pr(contexts=contexts), policy)
    assert [f.message for f in result.findings] == expected


def test_each_rule_has_a_skip_label_and_every_skip_is_recorded() -> None:
    policy = quality_from_data({
        "size": {"max_lines": 1}, "blocking_labels": {"skip_label": "override-block"},
        "status_checks": {"required": ["ci"]},
    })
    facts = pr(("src/a.py", 5, 5), labels=("wip", "Size-Exempt", "no-tests-needed", "skip-changelog", "skip-status-checks", "override-block"))
    result = evaluate(facts, policy)
    assert result.findings == []
    assert [(s.rule, s.label) for s in result.skips] == [
        ("blocking_labels", "override-block"), ("size", "Size-Exempt"), ("tests", "no-tests-needed"),
        ("changelog", "skip-changelog"), ("status_checks", "skip-status-checks"),
    ]
    assert result.evaluated == ["draft"]


def test_severity_off_disables_a_rule_and_warning_downgrades_it() -> None:
    policy = quality_from_data({"draft": {"severity": "warning"}, "blocking_labels": {"severity": "off"}})
    result = evaluate(pr(labels=("do-not-merge",), draft=True), policy)
    assert rules_of(result) == [("quality.draft", "warning")]
    assert "blocking_labels" not in result.evaluated
    assert result.findings[0].severity is Severity.WARNING


def test_null_skip_label_means_no_escape_hatch() -> None:
    policy = quality_from_data({"draft": {"skip_label": None}, "size": {"skip_label": None, "max_files": 1}})
    assert policy.size.setting.skip_label is None
    result = evaluate(replace(pr(("a", 1, 1), ("b", 1, 1)), labels=("size-exempt",)), policy)
    assert rules_of(result) == [("quality.size.files", "warning")]
