"""The sticky comment end to end: create, no-op, update, resolve, delete, fork degrade, healing, re-runs;
every request counted from the emulator's log (these counts are the figures in benchmarks/README.md)."""

from __future__ import annotations

import io
import threading

import pytest

from process_gates.findings import ExitCode, Severity
from process_gates.github.sticky import marker, render_body, resolved_text, sync_sticky
from process_gates.reporters import Report, render

REPO = "acme/widgets"
COMMENTS = "/repos/{owner}/{repo}/issues/{issue_number}/comments"
EDIT = "/repos/{owner}/{repo}/issues/comments/{comment_id}"


@pytest.fixture
def pr(github_emulator) -> int:
    state = github_emulator.state
    state.add_repo(REPO)
    return state.add_pull(REPO, "Feature", "body", author="carol").number


def bodies(emu, number: int, author: str | None = None) -> list[str]:
    return [
        c.body for c in emu.state.issue(REPO, number).comments
        if marker("prd") in c.body and (author is None or c.user.login == author)
    ]


def calls(emu) -> dict[str, int]:
    counts = emu.log.summary()
    emu.log.clear()
    return counts


def test_lifecycle_with_request_counts(github_emulator, pr, make_client) -> None:
    emu = github_emulator
    run = lambda text, **kw: sync_sticky(make_client(emu), REPO, pr, "prd", text, **kw)  # a fresh client per run

    created = run("Link a PRD.")
    assert created.action == "created" and created.url and created.url.startswith(emu.web_url)
    assert bodies(emu, pr) == [render_body("prd", "Link a PRD.")]
    assert calls(emu) == {"GET /user": 1, f"GET {COMMENTS}": 1, f"POST {COMMENTS}": 1}

    assert run("Link a PRD.").action == "unchanged"  # a re-run: no write
    assert calls(emu) == {"GET /user": 1, f"GET {COMMENTS}": 1}

    updated = run("Link a PRD and get it approved.")
    assert updated.action == "updated" and updated.comment.id == created.comment.id  # in place
    assert calls(emu) == {"GET /user": 1, f"GET {COMMENTS}": 1, f"PATCH {EDIT}": 1}

    resolved = run(None, on_pass="resolve")
    assert resolved.action == "resolved" and bodies(emu, pr) == [render_body("prd", resolved_text("prd"))]
    assert calls(emu) == {"GET /user": 1, f"GET {COMMENTS}": 1, f"PATCH {EDIT}": 1}
    assert run(None, on_pass="resolve").action == "unchanged"
    calls(emu)

    assert run(None).action == "deleted" and bodies(emu, pr) == []
    assert calls(emu) == {"GET /user": 1, f"GET {COMMENTS}": 1, f"DELETE {EDIT}": 1}
    assert run(None).action == "absent"  # passing with nothing to take back: no write
    assert calls(emu) == {"GET /user": 1, f"GET {COMMENTS}": 1}


def test_found_on_the_third_page_and_updated_in_place(github_emulator, pr, make_client) -> None:
    emu = github_emulator
    client = make_client(emu)
    for i in range(120):
        emu.state.add_comment(REPO, pr, f"review {i}", author="bob")
    first = sync_sticky(client, REPO, pr, "prd", "v1")
    for i in range(120):
        emu.state.add_comment(REPO, pr, f"more {i}", author="bob")
    calls(emu)
    second = sync_sticky(client, REPO, pr, "prd", "v2")  # same client: the identity is cached
    assert second.action == "updated" and second.comment.id == first.comment.id
    assert bodies(emu, pr) == [render_body("prd", "v2")]
    pages = [e.page for e in emu.log.filter("GET", COMMENTS)]
    assert pages == [1, 2, 3]
    assert calls(emu) == {f"GET {COMMENTS}": 3, f"PATCH {EDIT}": 1}


def test_someone_elses_comment_with_our_marker_is_never_touched(github_emulator, pr, make_client) -> None:
    emu = github_emulator
    quoted = render_body("prd", "quoted from the bot")
    emu.state.add_comment(REPO, pr, quoted, author="mallory")
    assert sync_sticky(make_client(emu), REPO, pr, "prd", "Link a PRD.").action == "created"
    assert sync_sticky(make_client(emu), REPO, pr, "prd", None).action == "deleted"
    assert bodies(emu, pr) == [quoted]


def test_gates_keep_separate_comments(github_emulator, pr, make_client) -> None:
    emu = github_emulator
    client = make_client(emu)
    sync_sticky(client, REPO, pr, "prd", "Link a PRD.")
    sync_sticky(client, REPO, pr, "quality", "Add tests.")
    sync_sticky(client, REPO, pr, "prd", None)
    left = [c.body for c in emu.state.issue(REPO, pr).comments]
    assert left == [render_body("quality", "Add tests.")]


def test_actions_token_comments_as_the_bot_and_finds_them_again(github_emulator, pr, make_client) -> None:
    emu = github_emulator
    token = emu.state.actions_token().value
    assert sync_sticky(make_client(emu, token), REPO, pr, "prd", "Link a PRD.").action == "created"
    assert calls(emu) == {"POST /graphql": 1, f"GET {COMMENTS}": 1, f"POST {COMMENTS}": 1}
    assert sync_sticky(make_client(emu, token), REPO, pr, "prd", "Link a PRD.").action == "unchanged"
    assert bodies(emu, pr, author="github-actions[bot]") == [render_body("prd", "Link a PRD.")]


def test_fork_pr_degrades_to_a_notice(github_emulator, pr, make_client) -> None:
    """A fork PR's read-only GITHUB_TOKEN: no comment, one notice, and the gate's verdict unchanged."""
    emu = github_emulator
    read_only = emu.state.actions_token(read_only=True).value
    outcome = sync_sticky(make_client(emu, read_only), REPO, pr, "prd", "Link a PRD.")
    assert outcome.action == "degraded" and bodies(emu, pr) == []
    (notice,) = outcome.findings
    assert notice.rule == "github.comment.forbidden" and notice.severity is Severity.NOTICE
    assert notice.message == (
        f"could not write the process-gates `prd` comment on #{pr} (HTTP 403 Resource not accessible by "
        "integration); the findings are in this job's summary and annotations instead"
    )
    report = Report(gate="prd", title="PRD check", findings=list(outcome.findings))
    out = io.StringIO()
    render(report, "github", out, environ={})
    assert report.exit_code is ExitCode.PASSED
    assert out.getvalue().startswith("::notice title=github.comment.forbidden::could not write")


def test_duplicates_are_healed_keeping_the_oldest(github_emulator, pr, make_client) -> None:
    emu = github_emulator
    emu.state.add_comment(REPO, pr, render_body("prd", "old"), author="octocat", at="2024-01-01T00:00:00Z")
    emu.state.add_comment(REPO, pr, render_body("prd", "old"), author="octocat", at="2024-01-02T00:00:00Z")
    oldest = emu.state.issue(REPO, pr).comments[0].id
    outcome = sync_sticky(make_client(emu), REPO, pr, "prd", "new")
    assert (outcome.action, outcome.duplicates_removed, outcome.comment.id) == ("updated", 1, oldest)
    assert bodies(emu, pr) == [render_body("prd", "new")]


def test_concurrent_runs_then_a_rerun_leave_one_comment(github_emulator, pr, make_client) -> None:
    """Two jobs racing may both create (GitHub has no idempotency key); the next run heals it."""
    emu = github_emulator
    clients = [make_client(emu) for _ in range(3)]
    barrier = threading.Barrier(2)

    def run(client) -> None:
        barrier.wait()
        sync_sticky(client, REPO, pr, "prd", "Link a PRD.")

    threads = [threading.Thread(target=run, args=(c,)) for c in clients[:2]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert 1 <= len(bodies(emu, pr)) <= 2
    assert sync_sticky(clients[2], REPO, pr, "prd", "Link a PRD.").action == "unchanged"
    assert bodies(emu, pr) == [render_body("prd", "Link a PRD.")]


def test_works_on_issues_too(github_emulator, make_client) -> None:
    emu = github_emulator
    emu.state.add_repo(REPO)
    incident = emu.state.create_issue(REPO, "Outage", "", author="alice").number
    assert sync_sticky(make_client(emu), REPO, incident, "postmortem", "Write the postmortem by Friday.").action == "created"
    assert [c.body for c in emu.state.issue(REPO, incident).comments] == [
        render_body("postmortem", "Write the postmortem by Friday.")
    ]
