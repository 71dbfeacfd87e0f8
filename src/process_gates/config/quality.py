"""The `quality:` section as typed policy, with defaults that make sense for a repository with no file.

Kept beside config/model.py rather than inside it so that the gate's many knobs have one home; the
quality gate reads these, the schema (process-gates.schema.json) documents them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("error", "warning", "off")

#: Lock files, vendored and generated code: large diffs nobody reviews line by line.
DEFAULT_SIZE_IGNORE: tuple[str, ...] = (
    "**/package-lock.json", "**/npm-shrinkwrap.json", "**/yarn.lock", "**/pnpm-lock.yaml", "**/*.lock",
    "**/go.sum", "**/*.min.js", "**/*.min.css", "**/*.snap", "**/vendor/**", "**/third_party/**",
    "**/generated/**", "**/*_pb2.py", "**/*_pb2_grpc.py", "**/*.pb.go", "**/*.generated.*",
)
DEFAULT_CHANGELOG_FILES: tuple[str, ...] = (
    "CHANGELOG*", "**/CHANGELOG*", "CHANGES*", "HISTORY*", "NEWS*", "changelog.d/**", "changes/**", ".changeset/*.md",
    "newsfragments/**",
)
DEFAULT_BLOCKING_LABELS: tuple[str, ...] = ("do-not-merge", "do not merge", "wip", "work in progress")


@dataclass(frozen=True)
class RuleSetting:
    """How one quality rule runs: ``error``, ``warning`` or ``off``, and the label that skips it."""

    severity: str
    skip_label: str | None


@dataclass(frozen=True)
class SizePolicy:
    setting: RuleSetting = RuleSetting("warning", "size-exempt")
    #: Added plus deleted lines over the files not ignored.
    max_lines: int = 800
    max_files: int = 50
    ignore: tuple[str, ...] = DEFAULT_SIZE_IGNORE


@dataclass(frozen=True)
class CodeTestPair:
    code: tuple[str, ...]
    tests: tuple[str, ...]


@dataclass(frozen=True)
class PairedTestsPolicy:
    setting: RuleSetting = RuleSetting("warning", "no-tests-needed")
    pairs: tuple[CodeTestPair, ...] = (CodeTestPair(("src/**", "lib/**"), ("tests/**", "test/**", "**/*_test.*", "**/test_*.*", "**/*.test.*", "**/*.spec.*")),)


@dataclass(frozen=True)
class ChangelogPolicy:
    setting: RuleSetting = RuleSetting("warning", "skip-changelog")
    files: tuple[str, ...] = DEFAULT_CHANGELOG_FILES
    #: An entry is asked for only when the PR changes one of these paths.
    paths: tuple[str, ...] = ("src/**", "lib/**")


@dataclass(frozen=True)
class LabelsPolicy:
    setting: RuleSetting = RuleSetting("error", None)
    labels: tuple[str, ...] = DEFAULT_BLOCKING_LABELS


@dataclass(frozen=True)
class DraftPolicy:
    setting: RuleSetting = RuleSetting("error", None)


@dataclass(frozen=True)
class StatusPolicy:
    setting: RuleSetting = RuleSetting("error", "skip-status-checks")
    #: Status contexts (commit statuses) or check-run names that must have passed on the head commit.
    required: tuple[str, ...] = ()


@dataclass(frozen=True)
class QualityPolicy:
    mode: str = "enforce"
    #: merge_group events: ``evaluate`` the queued PR again, or ``pass`` them through.
    merge_group: str = "evaluate"
    comment: bool = True
    #: What happens to the sticky comment when the gate passes: ``delete`` or ``resolve``.
    comment_on_pass: str = "delete"
    size: SizePolicy = field(default_factory=SizePolicy)
    tests: PairedTestsPolicy = field(default_factory=PairedTestsPolicy)
    changelog: ChangelogPolicy = field(default_factory=ChangelogPolicy)
    blocking_labels: LabelsPolicy = field(default_factory=LabelsPolicy)
    draft: DraftPolicy = field(default_factory=DraftPolicy)
    status_checks: StatusPolicy = field(default_factory=StatusPolicy)


def _setting(data: dict[str, Any], default: RuleSetting) -> RuleSetting:
    skip = data.get("skip_label", default.skip_label)
    return RuleSetting(severity=data.get("severity", default.severity), skip_label=skip or None)


def quality_from_data(data: dict[str, Any] | None) -> QualityPolicy:
    """Typed policy from schema-validated data; every absent key keeps its default."""
    data = data or {}
    d = QualityPolicy()
    size = data.get("size") or {}
    tests = data.get("tests") or {}
    changelog = data.get("changelog") or {}
    blocking = data.get("blocking_labels") or {}
    draft = data.get("draft") or {}
    status = data.get("status_checks") or {}
    comment = data.get("comment") or {}
    pairs = tests.get("pairs")
    return QualityPolicy(
        mode=data.get("mode", d.mode),
        merge_group=data.get("merge_group", d.merge_group),
        comment=comment.get("enabled", d.comment),
        comment_on_pass=comment.get("on_pass", d.comment_on_pass),
        size=SizePolicy(
            setting=_setting(size, d.size.setting),
            max_lines=size.get("max_lines", d.size.max_lines),
            max_files=size.get("max_files", d.size.max_files),
            ignore=tuple(size.get("ignore", d.size.ignore)),
        ),
        tests=PairedTestsPolicy(
            setting=_setting(tests, d.tests.setting),
            pairs=d.tests.pairs if pairs is None else tuple(CodeTestPair(tuple(p["code"]), tuple(p["tests"])) for p in pairs),
        ),
        changelog=ChangelogPolicy(
            setting=_setting(changelog, d.changelog.setting),
            files=tuple(changelog.get("files", d.changelog.files)),
            paths=tuple(changelog.get("paths", d.changelog.paths)),
        ),
        blocking_labels=LabelsPolicy(
            setting=_setting(blocking, d.blocking_labels.setting),
            labels=tuple(blocking.get("labels", d.blocking_labels.labels)),
        ),
        draft=DraftPolicy(setting=_setting(draft, d.draft.setting)),
        status_checks=StatusPolicy(
            setting=_setting(status, d.status_checks.setting),
            required=tuple(status.get("required", d.status_checks.required)),
        ),
    )
