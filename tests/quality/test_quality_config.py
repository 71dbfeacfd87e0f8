"""The `quality:` section: validated by the shipped schema (positions in messages), typed with defaults."""

from __future__ import annotations

from pathlib import Path

from process_gates.config import load_config
from process_gates.config.quality import QualityPolicy, CodeTestPair

FULL = """\
version: 1
quality:
  mode: warn
  merge_group: pass
  comment: {enabled: false, on_pass: resolve}
  size: {severity: error, skip_label: big-but-fine, max_lines: 400, max_files: 20, ignore: ["**/*.lock"]}
  tests:
    severity: error
    skip_label: null
    pairs:
      - {code: ["services/**/*.go"], tests: ["services/**/*_test.go"]}
  changelog: {severity: "off", files: [CHANGELOG.md], paths: ["**"]}
  blocking_labels: {labels: [hold], skip_label: release-manager-override}
  draft: {severity: warning}
  status_checks: {required: [ci / test, "security/snyk"]}
"""


def test_every_key_reaches_the_typed_policy(tmp_path: Path) -> None:
    path = tmp_path / "pg.yml"
    path.write_text(FULL, encoding="utf-8")
    loaded = load_config(str(path))
    assert loaded.ok and loaded.findings == []
    q = loaded.config.quality
    assert (q.mode, q.merge_group, q.comment, q.comment_on_pass) == ("warn", "pass", False, "resolve")
    assert (q.size.setting.severity, q.size.setting.skip_label, q.size.max_lines, q.size.max_files, q.size.ignore) == (
        "error", "big-but-fine", 400, 20, ("**/*.lock",))
    assert q.tests.setting.skip_label is None and q.tests.pairs == (CodeTestPair(("services/**/*.go",), ("services/**/*_test.go",)),)
    assert q.changelog.setting.severity == "off" and q.changelog.paths == ("**",)
    assert q.blocking_labels.labels == ("hold",) and q.blocking_labels.setting.skip_label == "release-manager-override"
    assert q.draft.setting.severity == "warning"
    assert q.status_checks.required == ("ci / test", "security/snyk")


def test_a_repository_without_the_section_gets_the_defaults() -> None:
    assert load_config(None).config.quality == QualityPolicy()


def test_mistakes_fail_closed_at_their_line(tmp_path: Path) -> None:
    path = tmp_path / "pg.yml"
    path.write_text("quality:\n  size:\n    max_lines: 0\n  tests:\n    pairs:\n      - {code: [src/**]}\n  draft: {severity: fatal}\n  colour: red\n", encoding="utf-8")
    loaded = load_config(str(path))
    assert not loaded.ok
    where = sorted((f.location.line, f.message.split(":", 1)[0]) for f in loaded.findings)
    assert where == [(3, "quality.size.max_lines"), (6, "quality.tests.pairs.0"), (7, "quality.draft.severity"), (8, "quality.colour")]
