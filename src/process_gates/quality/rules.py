"""The quality rules: pure functions of a PR's facts and the `quality:` policy.

Each rule has a severity from the policy (error, warning, off) and a skip label; a skipped rule is not
evaluated and is recorded as a Skip, so that the escape hatch always leaves a trail in the summary and
the PR comment. Label names compare without case, as GitHub treats them.
"""

from __future__ import annotations

from typing import Callable

from ..config.quality import (
    ChangelogPolicy,
    LabelsPolicy,
    QualityPolicy,
    RuleSetting,
    SizePolicy,
    StatusPolicy,
    PairedTestsPolicy,
)
from ..findings import Finding, Rule, Severity, rule
from ..globs import matches_any
from .model import Evaluation, PullRequestFacts, Skip

SIZE_LINES = rule(
    "quality.size.lines",
    "warning",
    "The PR changes more lines than `quality.size.max_lines` allows (ignored files not counted).",
    "Split the PR into smaller ones that can be reviewed on their own, or add the skip label and say why.",
)
SIZE_FILES = rule(
    "quality.size.files",
    "warning",
    "The PR changes more files than `quality.size.max_files` allows (ignored files not counted).",
    "Split the PR, add generated or vendored paths to `quality.size.ignore`, or add the skip label.",
)
TESTS_MISSING = rule(
    "quality.tests.missing",
    "warning",
    "Code changed but none of the tests paired with it in `quality.tests.pairs` did.",
    "Add or update a test for the change, or add the skip label when no test can cover it (docs, config).",
)
CHANGELOG_MISSING = rule(
    "quality.changelog.missing",
    "warning",
    "The PR changes the product but adds no changelog entry.",
    "Add an entry to one of the `quality.changelog.files`, or add the skip label for changes users do not see.",
)
BLOCKING_LABEL = rule(
    "quality.label.blocking",
    "error",
    "The PR carries a label that blocks merging (`quality.blocking_labels.labels`).",
    "Remove the label when the PR is ready to merge; the gate runs again on `unlabeled`.",
)
DRAFT = rule(
    "quality.draft",
    "error",
    "The PR is a draft.",
    "Mark it ready for review when it is; the gate runs again on `ready_for_review`.",
)
STATUS_NOT_PASSED = rule(
    "quality.status.not-passed",
    "error",
    "A required status context or check run has not passed on the PR's head commit.",
    "Fix the failing check, or wait until it finishes and re-run this check; the job summary names it.",
)
STATUS_MISSING = rule(
    "quality.status.missing",
    "error",
    "A required status context or check run has not reported on the PR's head commit.",
    "Check the name in `quality.status_checks.required` (a check run's name or a status's context) and that "
    "its workflow runs on this PR.",
)


def _grade(declared: Rule, setting: RuleSetting, message: str, **data: object) -> Finding:
    finding = declared.finding(message, severity=Severity(setting.severity))
    finding.data.update(data)
    return finding


def _counted(facts: PullRequestFacts, policy: SizePolicy):
    return [f for f in facts.files if not matches_any(f.path, policy.ignore)]


def check_size(facts: PullRequestFacts, policy: SizePolicy) -> list[Finding]:
    counted = _counted(facts, policy)
    lines = sum(f.lines for f in counted)
    ignored = len(facts.files) - len(counted)
    note = f" ({ignored} ignored file(s) not counted)" if ignored else ""
    found: list[Finding] = []
    if lines > policy.max_lines:
        found.append(_grade(
            SIZE_LINES, policy.setting,
            f"#{facts.number} changes {lines} lines (+{sum(f.additions for f in counted)} -{sum(f.deletions for f in counted)}), "
            f"more than the {policy.max_lines} quality.size.max_lines allows{note}",
            lines=lines, limit=policy.max_lines,
        ))
    if len(counted) > policy.max_files:
        found.append(_grade(
            SIZE_FILES, policy.setting,
            f"#{facts.number} changes {len(counted)} files, more than the {policy.max_files} quality.size.max_files allows{note}",
            files=len(counted), limit=policy.max_files,
        ))
    return found


def check_tests(facts: PullRequestFacts, policy: PairedTestsPolicy) -> list[Finding]:
    found: list[Finding] = []
    for pair in policy.pairs:
        tests = [f.path for f in facts.files if matches_any(f.path, pair.tests)]
        code = [
            f.path for f in facts.files
            if f.change_type != "DELETED" and matches_any(f.path, pair.code) and not matches_any(f.path, pair.tests)
        ]
        if code and not tests:
            shown = ", ".join(code[:3]) + (f" and {len(code) - 3} more" if len(code) > 3 else "")
            found.append(_grade(
                TESTS_MISSING, policy.setting,
                f"code changed ({shown}) but no file matching {', '.join(pair.tests)} did",
                code=code, tests=list(pair.tests),
            ))
    return found


def check_changelog(facts: PullRequestFacts, policy: ChangelogPolicy) -> list[Finding]:
    if not any(matches_any(f.path, policy.paths) for f in facts.files):
        return []
    if any(matches_any(f.path, policy.files) and f.change_type != "DELETED" for f in facts.files):
        return []
    return [_grade(
        CHANGELOG_MISSING, policy.setting,
        f"#{facts.number} changes {', '.join(policy.paths)} but no changelog file ({', '.join(policy.files[:4])}"
        f"{', ...' if len(policy.files) > 4 else ''})",
    )]


def check_blocking_labels(facts: PullRequestFacts, policy: LabelsPolicy) -> list[Finding]:
    blocking = {name.casefold() for name in policy.labels}
    return [
        _grade(BLOCKING_LABEL, policy.setting, f"#{facts.number} is labelled `{label}`, which blocks merging", label=label)
        for label in facts.labels
        if label.casefold() in blocking
    ]


def check_draft(facts: PullRequestFacts, setting: RuleSetting) -> list[Finding]:
    return [_grade(DRAFT, setting, f"#{facts.number} is a draft")] if facts.draft else []


def check_status(facts: PullRequestFacts, policy: StatusPolicy) -> list[Finding]:
    found: list[Finding] = []
    sha = facts.head_sha[:7]
    for name in policy.required:
        reports = [c for c in facts.contexts if c.name == name]
        if not reports:
            found.append(_grade(STATUS_MISSING, policy.setting, f"`{name}` has not reported on {sha}", context=name))
            continue
        if any(c.passed for c in reports):
            continue
        states = ", ".join(sorted({c.describe() for c in reports}))
        waiting = " yet" if not all(c.finished for c in reports) else ""
        found.append(_grade(
            STATUS_NOT_PASSED, policy.setting, f"`{name}` has not passed{waiting} on {sha} ({states})", context=name,
        ))
    return found


def _skip_label(facts: PullRequestFacts, setting: RuleSetting) -> str | None:
    if not setting.skip_label:
        return None
    wanted = setting.skip_label.casefold()
    return next((label for label in facts.labels if label.casefold() == wanted), None)


def evaluate(facts: PullRequestFacts, policy: QualityPolicy) -> Evaluation:
    """Every rule that is on and not skipped by its label, in a fixed order."""
    checks: list[tuple[str, RuleSetting, Callable[[], list[Finding]]]] = [
        ("blocking_labels", policy.blocking_labels.setting, lambda: check_blocking_labels(facts, policy.blocking_labels)),
        ("draft", policy.draft.setting, lambda: check_draft(facts, policy.draft.setting)),
        ("size", policy.size.setting, lambda: check_size(facts, policy.size)),
        ("tests", policy.tests.setting, lambda: check_tests(facts, policy.tests)),
        ("changelog", policy.changelog.setting, lambda: check_changelog(facts, policy.changelog)),
        ("status_checks", policy.status_checks.setting, lambda: check_status(facts, policy.status_checks)),
    ]
    result = Evaluation()
    for name, setting, check in checks:
        if setting.severity == "off":
            continue
        label = _skip_label(facts, setting)
        if label is not None:
            result.skips.append(Skip(name, label))
            continue
        result.evaluated.append(name)
        result.findings.extend(check())
    return result
