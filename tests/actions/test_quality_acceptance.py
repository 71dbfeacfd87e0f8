"""Issue #4's quality-gate points that test_action_quality_gate.py does not already cover, through
actions/quality-gate run for real against the GitHub emulator, each from a REAL webhook payload in
../shared/corpus/webhooks: size limits with ignore globs, tests with code (path pairs), a changelog entry
and its skip label (recorded in the summary), required status contexts, and the merge queue.

Each point asserts the outcome, the outputs, the annotations that matter, the summary, the PR's comments
and the request log's budget (one GraphQL read, at most one write).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from action_runner import Job
from action_support import PROJECT_ROOT, seed_payload_pull, write

QUALITY_GATE = PROJECT_ROOT / "actions" / "quality-gate"
CONFIG = """\
quality:
  size: {severity: error, max_lines: 100, max_files: 5, ignore: ["**/package-lock.json", "generated/**"]}
  tests: {severity: error, pairs: [{code: ["src/**"], tests: ["tests/**"]}]}
  changelog: {severity: error}
  status_checks: {required: [ci/test, lint]}
"""
GRAPHQL = "POST /graphql"
CREATE = "POST /repos/{owner}/{repo}/issues/{issue_number}/comments"
#: A PR that passes every rule: code with its test and a changelog entry.
CLEAN = [("src/app.py", 30, 4), ("tests/test_app.py", 9, 0), ("CHANGELOG.md", 1, 0)]
SHA = "ec26c3e"  # the corpus pull_request payloads' head, abbreviated as the messages show it


def green(s, pr) -> None:  # type: ignore[no-untyped-def]
    """The required contexts: a commit status and a check run, both passed on the PR's head."""
    s.add_status(pr.repo, pr.pull.head_sha, "success", context="ci/test")
    s.add_check_run(pr.repo, pr.pull.head_sha, "lint", conclusion="success")


def labels(*names: str) -> Callable:
    def arrange(s, pr) -> None:  # type: ignore[no-untyped-def]
        green(s, pr)
        s.add_labels(pr, list(names), actor="Codertocat")

    return arrange


def statuses(s, pr) -> None:  # type: ignore[no-untyped-def]
    s.add_status(pr.repo, pr.pull.head_sha, "failure", context="ci/test", description="2 tests failed")


@dataclass(frozen=True)
class Point:
    id: str
    event: str
    files: list
    arrange: Callable
    #: (rule id, text its error annotation carries), one per annotation; empty: the gate passes.
    findings: tuple[tuple[str, str], ...] = ()
    skipped: str = ""
    #: Text the job summary must carry.
    summary: str = ""
    comment: str = "created"
    reads: int = 1
    writes: int = 1


POINTS = [
    Point("size-ignores-lock-files-and-generated-code", "pull_request.synchronize",
          [*CLEAN, ("package-lock.json", 4000, 900), ("generated/api.py", 700, 0)], green,
          summary="rules evaluated: blocking_labels, draft, size, tests, changelog, status_checks", comment="absent", writes=0),
    Point("size-over-the-line-limit", "pull_request.synchronize",
          [("src/app.py", 150, 20), ("tests/test_app.py", 9, 0), ("CHANGELOG.md", 1, 0), ("package-lock.json", 4000, 900)], green,
          (("quality.size.lines", "#2 changes 180 lines (+160 -20), more than the 100 quality.size.max_lines allows "
                                  "(1 ignored file(s) not counted)"),)),
    Point("size-over-the-file-limit", "pull_request.synchronize",
          [*CLEAN, *[(f"src/m{n}.py", 1, 0) for n in range(3)], *[(f"tests/test_m{n}.py", 1, 0) for n in range(3)]], green,
          (("quality.size.files", "#2 changes 9 files, more than the 5 quality.size.max_files allows"),)),
    Point("size-skip-label-is-recorded", "pull_request.labeled",
          [("src/app.py", 150, 20), ("tests/test_app.py", 9, 0), ("CHANGELOG.md", 1, 0)], labels("size-exempt"),
          skipped="size", summary="skipped size: the PR carries the skip label 'size-exempt'", comment="absent", writes=0),
    Point("code-without-its-paired-tests", "pull_request.synchronize", [("src/app.py", 30, 4), ("CHANGELOG.md", 1, 0)], green,
          (("quality.tests.missing", "code changed (src/app.py) but no file matching tests/** did"),)),
    Point("no-changelog-entry", "pull_request.opened", [("src/app.py", 30, 4), ("tests/test_app.py", 9, 0)], green,
          (("quality.changelog.missing", "#2 changes src/**, lib/** but no changelog file (CHANGELOG*"),)),
    Point("changelog-skip-label-is-recorded", "pull_request.labeled", [("src/app.py", 30, 4), ("tests/test_app.py", 9, 0)],
          labels("skip-changelog"), skipped="changelog",
          summary="skipped changelog: the PR carries the skip label 'skip-changelog'", comment="absent", writes=0),
    Point("required-status-contexts", "pull_request.opened", CLEAN, statuses,
          (("quality.status.not-passed", f"`ci/test` has not passed on {SHA} (failure)"),
           ("quality.status.missing", f"`lint` has not reported on {SHA}"))),
    Point("merge-group-evaluates-the-queued-pr-again", "merge_group.checks_requested", [("src/app.py", 30, 4)], lambda s, pr: None,
          (("quality.changelog.missing", "#104 changes src/**"), ("quality.status.missing", "`ci/test` has not reported"),
           ("quality.status.missing", "`lint` has not reported"), ("quality.tests.missing", "code changed (src/app.py)")),
          summary="merge queue: refs/heads/gh-readonly-queue/main/pr-104-929f8209d40f77f4abc622a499c93a83babdbe64 holds #104; "
                  "it is evaluated again with live state", comment="", writes=0),
]


@pytest.fixture
def gate(make_job: Callable[..., Job], github_emulator, corpus_dir: Path) -> Callable[[str], Job]:
    def factory(event: str) -> Job:
        token = github_emulator.state.actions_token().value
        job = make_job(env=github_emulator.env(token), token=token, event_name=event.split(".")[0],
                       event=corpus_dir / "webhooks" / f"{event}.payload.json")
        write(job.workspace, ".github/process-gates.yml", CONFIG)
        return job

    return factory


@pytest.mark.parametrize("point", POINTS, ids=[p.id for p in POINTS])
def test_quality_acceptance_point(point: Point, gate, github_emulator, corpus_dir: Path) -> None:
    pr = seed_payload_pull(github_emulator, corpus_dir / "webhooks" / f"{point.event}.payload.json", "Update", "body", point.files)
    point.arrange(github_emulator.state, pr)
    github_emulator.log.clear()

    result = gate(point.event).run_action(QUALITY_GATE)

    assert result.step("gate").exit_code == (1 if point.findings else 0), result.describe()
    expected = {"errors": str(len(point.findings)), "warnings": "0", "skipped": point.skipped, "comment": point.comment}
    assert result.outputs == expected, result.describe()
    errors = sorted((a.prop("title"), a.message) for a in result.annotations if a.name == "error")
    assert [rule for rule, _ in errors] == sorted(rule for rule, _ in point.findings), result.describe()
    for rule, text in point.findings:
        assert any(title == rule and text in message for title, message in errors), (rule, text, errors)
    summary = html.unescape(result.summary)
    assert ("## ❌ Quality gate" if point.findings else "## ✅ Quality gate") in summary
    assert point.summary in summary
    if point.comment == "created":
        [comment] = pr.comments
        assert comment.body.startswith("<!-- process-gates:quality -->")
        assert all(rule in comment.body for rule, _ in point.findings)
    else:
        assert pr.comments == []
    log = github_emulator.log.summary()
    assert set(log) <= {GRAPHQL, CREATE}, log
    assert (log.get(GRAPHQL, 0), log.get(CREATE, 0)) == (point.reads, point.writes)
