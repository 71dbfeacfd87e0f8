"""Issue #4's acceptance list for the PRD gate, point by point, through actions/prd-gate run for real by
the action-runner harness against the GitHub emulator.

Every run starts from a REAL webhook payload in ../shared/corpus/webhooks (pull_request.opened, .labeled,
.synchronize, merge_group.checks_requested); the emulator is seeded with the PR that payload names, and
the gate reads that PR's live state. Each point asserts the outcome, the action's outputs, the annotation
and summary text a reader needs, the emulator's state (the PR's comments) and the request log's budget:
at most two GraphQL reads and one write per evaluation.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from action_runner import ActionResult, Job
from action_support import PROJECT_ROOT, seed_payload_pull, write

PRD_GATE = PROJECT_ROOT / "actions" / "prd-gate"
REPO = "Codertocat/Hello-World"
CONFIG = """\
prd:
  applies_when: {paths: ["src/**"], min_changed_lines: 50}
  accept:
    label_appliers: ["@Codertocat/design-reviewers", dana]
    doc_links: ["https://docs.example.com/prd/*", "docs/design/*.md"]
"""
APPLIERS = "it may be applied by @Codertocat/design-reviewers, @dana (never the PR's author)"
GRAPHQL = "POST /graphql"
WRITES = (
    "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
    "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}",
    "DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}",
)


def budget(log) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """(GraphQL reads, comment writes); nothing else may be called at all."""
    summary = log.summary()
    assert set(summary) <= {GRAPHQL, *WRITES}, summary
    return summary.get(GRAPHQL, 0), sum(summary.get(w, 0) for w in WRITES)


# ------------------------------------------------------------------------------------------ arrangements
# Each one changes the live state after the payload was written: the gate must read it, not the payload.


def label_by(actor: str) -> Callable:
    def arrange(s, pr) -> None:  # type: ignore[no-untyped-def]
        s.add_labels(pr, ["design-approved"], actor=actor)

    return arrange


def body(text: str) -> Callable:
    def arrange(s, pr) -> None:  # type: ignore[no-untyped-def]
        s.edit_issue(pr, actor="Codertocat", body=text)

    return arrange


def design_doc(status: str) -> Callable:
    def arrange(s, pr) -> None:  # type: ignore[no-untyped-def]
        s.set_file(REPO, "docs/design/retry.md", f"---\ntitle: Retry budget\nstatus: {status}\n---\n# Retry budget\n")
        s.edit_issue(pr, actor="Codertocat", body="Design: [retry budget](docs/design/retry.md)")

    return arrange


def linked_issue(applier: str | None, base: str | None = None) -> Callable:
    """`Closes #1`; issue #1 labelled `prd-approved` by ``applier`` (None: unlabelled); ``base``: the PR's
    base branch when it is not the default one (GitHub then links no closing issues: the body counts)."""

    def arrange(s, pr) -> None:  # type: ignore[no-untyped-def]
        if applier:
            s.add_labels(s.issue(REPO, 1), ["prd-approved"], actor=applier)
        if base:
            pr.pull.base_ref = base
        s.edit_issue(pr, actor="Codertocat", body="Retry budget.\n\nCloses #1")

    return arrange


def bot_author(s, pr) -> None:  # type: ignore[no-untyped-def]
    pr.user = s.user("dependabot[bot]")


def nothing(s, pr) -> None:  # type: ignore[no-untyped-def]
    return None


@dataclass(frozen=True)
class Point:
    """One acceptance point: what changes live, whose token, and everything the run must show."""

    id: str
    event: str
    arrange: Callable
    status: str
    #: The annotation that matters (title = rule id) and text its message and the summary carry.
    rule: str
    text: str
    accepted_by: str = ""
    #: "actions" (GITHUB_TOKEN), "app" (an App token that may read teams), "fork" (read-only GITHUB_TOKEN).
    token: str = "actions"
    comment: str = "created"
    comments: int = 1
    reads: int = 1
    writes: int = 1
    #: The file an annotation points at, when it has one.
    file: str | None = None

    @property
    def exit_code(self) -> int:
        return 1 if self.status == "missing" else 0


OPENED, LABELED, SYNCHRONIZE = "pull_request.opened", "pull_request.labeled", "pull_request.synchronize"
MERGE_GROUP = "merge_group.checks_requested"
PASSED = {"comment": "absent", "comments": 0, "writes": 0}

POINTS = [
    # An approval label added by an allowed and by a disallowed person (the timeline says who).
    Point("label-by-an-allowed-login", LABELED, label_by("dana"), "accepted", "prd.accepted",
          "approved design found: label `design-approved` applied by @dana",
          accepted_by="label `design-approved` applied by @dana", reads=2, **PASSED),
    Point("label-by-an-allowed-team-member", LABELED, label_by("alice"), "accepted", "prd.accepted",
          "label `design-approved` applied by @alice (@codertocat/design-reviewers)",
          accepted_by="label `design-approved` applied by @alice (@codertocat/design-reviewers)", token="app", reads=2, **PASSED),
    Point("label-by-a-disallowed-person", LABELED, label_by("mallory"), "missing", "prd.label.not-allowed",
          f"the approval label `design-approved` was applied by @mallory, who may not approve designs; {APPLIERS}",
          token="app", reads=2),
    Point("label-by-the-author", LABELED, label_by("Codertocat"), "missing", "prd.label.not-allowed",
          f"the approval label `design-approved` was applied by @Codertocat, the PR's author, and does not count; {APPLIERS}",
          reads=2),
    # A doc link that is valid, one with the wrong pattern, a repo doc still in draft (and then approved).
    Point("doc-link-valid", SYNCHRONIZE, body("PRD: https://docs.example.com/prd/retry-budget."), "accepted", "prd.accepted",
          "approved design found: document link https://docs.example.com/prd/retry-budget",
          accepted_by="document link https://docs.example.com/prd/retry-budget", **PASSED),
    Point("doc-link-wrong-pattern", SYNCHRONIZE, body("PRD: https://wiki.example.com/prd/retry-budget"), "missing", "prd.missing",
          "links in the description that match no prd.accept.doc_links pattern: https://wiki.example.com/prd/retry-budget"),
    Point("repo-doc-in-draft", SYNCHRONIZE, design_doc("draft"), "missing", "prd.doc.not-approved",
          "the design `docs/design/retry.md` has `status: draft`, not `status: approved`", reads=2, file="docs/design/retry.md"),
    Point("repo-doc-approved", SYNCHRONIZE, design_doc("approved"), "accepted", "prd.accepted",
          "approved design found: document `docs/design/retry.md` (status: approved)",
          accepted_by="document `docs/design/retry.md` (status: approved)", reads=2, **PASSED),
    # A linked issue with and without approval, and one labelled by someone who may not approve.
    Point("linked-issue-approved", OPENED, linked_issue("dana"), "accepted", "prd.accepted",
          "linked issue Codertocat/Hello-World#1 (closes it; label `prd-approved` applied by @dana)",
          accepted_by="linked issue Codertocat/Hello-World#1 (closes it; label `prd-approved` applied by @dana)", reads=2, **PASSED),
    Point("linked-issue-not-approved", OPENED, linked_issue(None), "missing", "prd.issue.not-approved",
          "the PR closes Codertocat/Hello-World#1, which has none of the labels `prd-approved` (its labels: none)"),
    Point("linked-issue-labelled-by-a-disallowed-person", OPENED, linked_issue("mallory"), "missing", "prd.issue.label-not-allowed",
          f"the PR closes Codertocat/Hello-World#1, whose approval label `prd-approved` was applied by @mallory, who may not "
          f"approve designs; {APPLIERS}", token="app", reads=2),
    # ... into a non-default branch: no closingIssuesReferences there, so the description is parsed.
    Point("non-default-branch-linked-issue-approved", OPENED, linked_issue("dana", base="release/1.x"), "accepted", "prd.accepted",
          "linked issue Codertocat/Hello-World#1 (references it; label `prd-approved` applied by @dana)",
          accepted_by="linked issue Codertocat/Hello-World#1 (references it; label `prd-approved` applied by @dana)", reads=2, **PASSED),
    Point("non-default-branch-linked-issue-not-approved", OPENED, linked_issue(None, base="release/1.x"), "missing",
          "prd.issue.not-approved", "the PR references Codertocat/Hello-World#1, which has none of the labels `prd-approved`", reads=2),
    # A bot author: exempt, and the summary keeps the trail.
    Point("bot-author", OPENED, bot_author, "exempt", "prd.exempt",
          "PRD not required for #2: the author `dependabot[bot]` is exempt by prd.exempt.authors",
          accepted_by="exempt (author dependabot[bot])", **PASSED),
    # merge_group: the PR is resolved from the queue's ref and evaluated again; the queue gets no comment.
    Point("merge-group", MERGE_GROUP, nothing, "missing", "prd.missing", "PR #104 needs an approved PRD or design",
          comment="none", comments=0, writes=0),
    # A fork PR's read-only token: the comment cannot be written; annotations and summary carry it all.
    Point("fork-pr-read-only-token", OPENED, nothing, "missing", "prd.missing", "PR #2 needs an approved PRD or design",
          token="fork", comment="degraded", comments=0),
]


@pytest.fixture
def corpus_event(corpus_dir: Path) -> Callable[[str], Path]:
    def path(name: str) -> Path:
        return corpus_dir / "webhooks" / f"{name}.payload.json"

    return path


@pytest.fixture
def gate(make_job: Callable[..., Job], github_emulator, corpus_event) -> Callable[..., Job]:
    """A job for actions/prd-gate on the named corpus event, with the acceptance configuration."""
    state = github_emulator.state
    tokens = {
        "actions": lambda: state.actions_token().value,
        "fork": lambda: state.actions_token(read_only=True).value,
        "app": lambda: state.add_token(
            "process-gates[bot]", kind="installation",
            permissions={"contents": "read", "issues": "read", "pull_requests": "write", "members": "read", "metadata": "read"},
        ).value,
    }

    def factory(event: str, token: str = "actions") -> Job:
        value = tokens[token]()
        job = make_job(env=github_emulator.env(value), token=value, event_name=event.split(".")[0], event=corpus_event(event))
        write(job.workspace, ".github/process-gates.yml", CONFIG)
        return job

    return factory


def seed(github_emulator, corpus_event, event: str):  # type: ignore[no-untyped-def]
    """The PR the payload names, live: a 90-line change in src/, which the configuration asks a design for."""
    github_emulator.state.add_team("Codertocat", "design-reviewers", members=["alice"])
    return seed_payload_pull(github_emulator, corpus_event(event), "Retry budget", "No design yet", [("src/retry.py", 80, 10)])


def annotations(result: ActionResult, rule: str) -> list:
    return [a for a in result.annotations if a.prop("title") == rule]


@pytest.mark.parametrize("point", POINTS, ids=[p.id for p in POINTS])
def test_acceptance_point(point: Point, gate, github_emulator, corpus_event) -> None:
    pr = seed(github_emulator, corpus_event, point.event)
    point.arrange(github_emulator.state, pr)
    github_emulator.log.clear()

    result = gate(point.event, point.token).run_action(PRD_GATE)

    step = result.step("gate")
    assert step.exit_code == point.exit_code, result.describe()
    errors = "1" if point.status == "missing" else "0"
    required = "false" if point.status in ("exempt", "not-required") else "true"
    assert result.outputs == {
        "errors": errors, "warnings": "0", "status": point.status, "required": required,
        "accepted-by": point.accepted_by, "comment": point.comment,
    }, result.describe()
    [annotation] = annotations(result, point.rule)
    assert point.text in annotation.message, annotation.message
    assert annotation.name == ("error" if point.exit_code else "notice")
    if point.file:
        assert (annotation.prop("file"), annotation.prop("line")) == (point.file, "1")
    summary = html.unescape(result.summary)
    assert ("## ❌ PRD check" if point.exit_code else "## ✅ PRD check") in summary
    assert point.text in summary
    if point.status == "missing":
        # What was checked and exactly how to pass, on the one screen the reader opens.
        assert "PRD required for #" in summary and "checked: approval labels design-approved" in summary
        assert "How to fix: " in annotation.message and "design-approved" in annotation.message.split("How to fix: ", 1)[1]
    assert len(pr.comments) == point.comments
    if point.comments:
        [comment] = pr.comments
        assert comment.user.login == ("process-gates[bot]" if point.token == "app" else "github-actions[bot]")
        assert comment.body.startswith("<!-- process-gates:prd -->")
        assert f"`{point.rule}`" in comment.body and "**How to pass:**" in comment.body
    if point.token == "fork":
        assert [a.prop("title") for a in result.annotations if a.name == "notice"] == ["github.comment.forbidden"]
    assert budget(github_emulator.log) == (point.reads, point.writes)


def test_a_label_added_after_the_run_passes_on_the_rerun_and_the_comment_goes(gate, github_emulator, corpus_event) -> None:
    """The re-run replays the same, now stale, pull_request.labeled payload (it names the label `bug`):
    the verdict follows the live labels and their timeline."""
    pr = seed(github_emulator, corpus_event, LABELED)
    job = gate(LABELED)
    first = job.run_action(PRD_GATE)
    assert first.outputs["status"] == "missing" and first.outputs["comment"] == "created"
    github_emulator.state.add_labels(pr, ["design-approved"], actor="dana")
    github_emulator.log.clear()

    result = gate(LABELED).run_action(PRD_GATE)

    assert result.succeeded, result.describe()
    assert (result.outputs["status"], result.outputs["comment"]) == ("accepted", "deleted")
    assert result.outputs["accepted-by"] == "label `design-approved` applied by @dana"
    assert pr.comments == []
    assert budget(github_emulator.log) == (2, 1)


def test_a_rerun_does_not_duplicate_or_rewrite_the_comment(gate, github_emulator, corpus_event) -> None:
    pr = seed(github_emulator, corpus_event, SYNCHRONIZE)
    gate(SYNCHRONIZE).run_action(PRD_GATE)
    before = [(c.id, c.body, c.updated_at) for c in pr.comments]
    assert len(before) == 1
    github_emulator.log.clear()

    result = gate(SYNCHRONIZE).run_action(PRD_GATE)

    assert result.step("gate").exit_code == 1 and result.outputs["comment"] == "unchanged"
    assert [(c.id, c.body, c.updated_at) for c in pr.comments] == before
    assert budget(github_emulator.log) == (1, 0)
