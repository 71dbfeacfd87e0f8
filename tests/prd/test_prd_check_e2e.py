"""``process-gates prd check`` end to end: real webhook payloads from the corpus, the real CLI and GraphQL
client, the emulator standing in for GitHub. Its request log proves the budget: at most two reads and
one write per evaluation."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from process_gates.cli import main

REPO = "Codertocat/Hello-World"
GRAPHQL = "POST /graphql"
CREATE = "POST /repos/{owner}/{repo}/issues/{issue_number}/comments"
EDIT = "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}"
DELETE = "DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}"

CONFIG = """\
version: 1
prd:
  applies_when: {paths: ["src/**"], min_changed_lines: 100, labels_any: [feature]}
  accept:
    approval_labels: [design-approved]
    label_appliers: ["@Codertocat/design-reviewers", "dana"]
    doc_links: ["https://docs.example.com/prd/*", "docs/design/*.md"]
    linked_issue_labels: [prd-approved]
  exempt: {authors: ["dependabot[bot]"], labels: [trivial], branches: ["revert-*"]}
"""


def _write_event(corpus_dir: Path, tmp_path: Path, name: str) -> Path:
    data = json.loads((corpus_dir / "webhooks" / name).read_text(encoding="utf-8"))
    path = tmp_path / f"event-{name}"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def world(github_emulator, corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Codertocat/Hello-World#2 as the corpus's pull_request payloads name it, seeded live: a 150-line
    feature in src/, which the policy above asks a design for."""
    s = github_emulator.state
    s.add_repo(REPO, default_branch="master", labels=["feature", "design-approved", "prd-approved", "trivial"])
    s.add_team("Codertocat", "design-reviewers", members=["alice"])
    s.create_issue(REPO, "PRD: retry budget")
    payload = json.loads((corpus_dir / "webhooks" / "pull_request.opened.payload.json").read_text(encoding="utf-8"))
    pr = s.add_pull(
        REPO, "Add the retry budget", "Adds the retry budget.", author="Codertocat", head="changes",
        head_sha=payload["pull_request"]["head"]["sha"], files=[("src/retry.py", 120, 30), ("docs/retry.md", 400, 0)],
        labels=["feature"],
    )
    assert pr.number == 2
    monkeypatch.chdir(tmp_path)
    Path("prd.yml").write_text(CONFIG, encoding="utf-8")
    for key, value in github_emulator.env(s.actions_token().value).items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("GITHUB_REPOSITORY", REPO)
    monkeypatch.setenv("GITHUB_EVENT_NAME", "pull_request")
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(_write_event(corpus_dir, tmp_path, "pull_request.opened.payload.json")))
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.delenv("GITHUB_OUTPUT", raising=False)
    return pr


def _run(capsys, *extra: str) -> tuple[int, str]:
    code = main(["--config", "prd.yml", *extra, "prd", "check"])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _bodies(pr) -> list[str]:
    return [c.body for c in pr.comments]


def _within_budget(log, reads: int, writes: int) -> None:
    summary = log.summary()
    assert summary.get(GRAPHQL, 0) == reads, summary
    assert sum(summary.get(w, 0) for w in (CREATE, EDIT, DELETE)) == writes, summary
    assert set(summary) <= {GRAPHQL, CREATE, EDIT, DELETE}, summary


def test_missing_design_fails_with_how_to_pass_and_one_comment(github_emulator, world, capsys) -> None:
    code, out = _run(capsys)

    assert code == 1
    assert "error prd.missing: PR #2 needs an approved PRD or design (150 changed line(s) in 1 file(s) matching src/**" in out
    [body] = _bodies(world)
    assert body.startswith("<!-- process-gates:prd -->\n❌ **PRD check**: this PR needs an approved PRD or design.")
    # PR-controlled text is escaped, and no one is pinged: `@` is an entity GitHub does not link.
    assert "@" not in body.replace("<!--", "")
    assert "**How to pass:** Do one of: have @Codertocat/design-reviewers, @dana (never the PR's author) add the label `design-approved`" in html.unescape(body)
    assert world.comments[0].user.login == "github-actions[bot]"
    _within_budget(github_emulator.log, reads=1, writes=1)


def _app_token(github_emulator) -> str:
    """A GitHub App installation token that may read the organization's teams (GITHUB_TOKEN may not)."""
    perms = {"issues": "write", "pull_requests": "write", "contents": "read", "members": "read"}
    return github_emulator.state.add_token("process-gates[bot]", kind="installation", permissions=perms).value


def test_label_applied_by_a_team_member_passes_and_removes_the_comment(github_emulator, world, monkeypatch, capsys) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", _app_token(github_emulator))
    assert _run(capsys)[0] == 1
    github_emulator.state.add_labels(world, ["design-approved"], actor="alice")
    github_emulator.log.clear()

    code, out = _run(capsys)

    assert code == 0, out
    assert "notice prd.accepted: approved design found: label `design-approved` applied by @alice (@codertocat/design-reviewers)" in out
    assert _bodies(world) == []
    _within_budget(github_emulator.log, reads=2, writes=1)


def test_with_github_token_a_team_cannot_be_read_and_the_message_says_what_to_do(github_emulator, world, capsys) -> None:
    github_emulator.state.add_labels(world, ["design-approved"], actor="alice")
    code, out = _run(capsys)
    assert code == 1, out
    assert (
        "error prd.label.appliers-unreadable: the approval label `design-approved` was applied by @alice, who is not "
        "listed by login, and the members of @codertocat/design-reviewers could not be read (Resource not accessible by integration)"
    ) in out
    assert "list the reviewers' logins in prd.accept.label_appliers" in out


def test_label_applied_by_someone_not_allowed_does_not_count(github_emulator, world, monkeypatch, capsys) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", _app_token(github_emulator))
    github_emulator.state.add_labels(world, ["design-approved"], actor="mallory")

    code, out = _run(capsys)

    assert code == 1
    assert (
        "error prd.label.not-allowed: the approval label `design-approved` was applied by @mallory, who may not approve "
        "designs; it may be applied by @Codertocat/design-reviewers, @dana (never the PR's author)"
    ) in out
    _within_budget(github_emulator.log, reads=2, writes=1)


def test_label_applied_by_the_author_does_not_count_even_if_allowed(github_emulator, world, capsys) -> None:
    github_emulator.state.add_labels(world, ["design-approved"], actor="Codertocat")
    code, out = _run(capsys)
    assert code == 1, out
    assert "was applied by @Codertocat, the PR's author, and does not count" in out


def test_a_user_listed_by_login_passes_without_reading_the_team(github_emulator, world, capsys) -> None:
    github_emulator.state.add_labels(world, ["design-approved"], actor="dana")
    code, out = _run(capsys)
    assert code == 0, out
    assert "label `design-approved` applied by @dana" in out


def test_valid_doc_url_passes_after_one_read(github_emulator, world, capsys) -> None:
    github_emulator.state.edit_issue(world, actor="Codertocat", body="PRD: https://docs.example.com/prd/retry-budget.")
    code, out = _run(capsys)
    assert code == 0, out
    assert "approved design found: document link https://docs.example.com/prd/retry-budget" in out
    _within_budget(github_emulator.log, reads=1, writes=0)


def test_doc_url_with_the_wrong_pattern_is_named_in_the_failure(github_emulator, world, capsys) -> None:
    github_emulator.state.edit_issue(world, actor="Codertocat", body="PRD: https://wiki.example.com/prd/retry-budget")
    code, out = _run(capsys)
    assert code == 1, out
    assert "links in the description that match no prd.accept.doc_links pattern: https://wiki.example.com/prd/retry-budget" in out


def test_repo_doc_in_draft_fails_and_approved_passes(github_emulator, world, capsys) -> None:
    s = github_emulator.state
    s.set_file(REPO, "docs/design/retry.md", "---\ntitle: Retry budget\nstatus: draft\n---\n# Retry budget\n")
    s.edit_issue(world, actor="Codertocat", body="Design: [retry budget](docs/design/retry.md)")

    code, out = _run(capsys)
    assert code == 1, out
    assert "docs/design/retry.md:1: error prd.doc.not-approved: the design `docs/design/retry.md` has `status: draft`, not `status: approved`" in out
    _within_budget(github_emulator.log, reads=2, writes=1)

    s.set_file(REPO, "docs/design/retry.md", "---\ntitle: Retry budget\nstatus: Approved\n---\n# Retry budget\n")
    github_emulator.log.clear()
    code, out = _run(capsys)
    assert code == 0, out
    assert "approved design found: document `docs/design/retry.md` (status: approved)" in out
    assert _bodies(world) == []


def test_repo_doc_that_does_not_exist_at_the_head(github_emulator, world, capsys) -> None:
    github_emulator.state.edit_issue(world, actor="Codertocat", body="Design: `docs/design/nope.md`")
    code, out = _run(capsys)
    assert code == 1, out
    assert "error prd.doc.not-found: the PR description links `docs/design/nope.md`, which does not exist at the PR's head" in out


def test_linked_issue_with_and_without_approval(github_emulator, world, capsys) -> None:
    s = github_emulator.state
    s.edit_issue(world, actor="Codertocat", body="Closes #1")
    code, out = _run(capsys)
    assert code == 1, out
    assert "error prd.issue.not-approved: the PR closes Codertocat/Hello-World#1, which has none of the labels `prd-approved` (its labels: none)" in out
    _within_budget(github_emulator.log, reads=1, writes=1)

    s.add_labels(s.issue(REPO, 1), ["prd-approved"], actor="dana")
    github_emulator.log.clear()
    code, out = _run(capsys)
    assert code == 0, out
    assert "linked issue Codertocat/Hello-World#1 (closes it; label `prd-approved` applied by @dana)" in out
    # The issue's label is present: its timeline (who applied it) is the second read; the old comment goes.
    _within_budget(github_emulator.log, reads=2, writes=1)


@pytest.mark.parametrize(
    ("applier", "why"),
    [
        ("Codertocat", "was applied by @Codertocat, the PR's author, and does not count"),
        ("mallory", "was applied by @mallory, who may not approve designs"),
    ],
)
def test_a_linked_issue_s_approval_label_counts_only_from_an_allowed_person(github_emulator, world, monkeypatch, capsys, applier, why) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", _app_token(github_emulator))
    s = github_emulator.state
    s.add_labels(s.issue(REPO, 1), ["prd-approved"], actor=applier)
    s.edit_issue(world, actor="Codertocat", body="Closes #1")

    code, out = _run(capsys)

    assert code == 1, out
    assert (
        f"error prd.issue.label-not-allowed: the PR closes Codertocat/Hello-World#1, whose approval label `prd-approved` {why}; "
        "it may be applied by @Codertocat/design-reviewers, @dana (never the PR's author)"
    ) in out
    [body] = _bodies(world)
    assert "prd.issue.label-not-allowed" in body
    _within_budget(github_emulator.log, reads=2, writes=1)


@pytest.mark.parametrize(
    ("applier", "reference", "code", "expected", "writes"),
    [
        ("dana", "https://github.com/Codertocat/prds/issues/{n}", 0,
         "notice prd.accepted: approved design found: linked issue Codertocat/prds#{n} (references it; label `prd-approved` applied by @dana)", 0),
        ("mallory", "Codertocat/prds#{n}", 1,
         "error prd.issue.label-not-allowed: the PR references Codertocat/prds#{n}, whose approval label `prd-approved` was applied "
         "by @mallory, who may not approve designs", 1),
    ],
)
def test_linked_issue_in_a_pr_into_a_non_default_branch_is_read_from_the_body(
    github_emulator, world, monkeypatch, capsys, applier, reference, code, expected, writes
) -> None:
    """GitHub links no closing issues for a PR into another branch: the description is parsed, and the
    issue's timeline (in the same second read) says who applied its approval label."""
    monkeypatch.setenv("GITHUB_TOKEN", _app_token(github_emulator))
    s = github_emulator.state
    s.add_repo("Codertocat/prds")
    prd = s.create_issue("Codertocat/prds", "PRD: retry budget", author=applier, labels=["prd-approved"])
    world.pull.base_ref = "release/1.x"
    s.edit_issue(world, actor="Codertocat", body=f"Fixes {reference.format(n=prd.number)}")

    result, out = _run(capsys)

    assert result == code, out
    assert expected.format(n=prd.number) in out
    _within_budget(github_emulator.log, reads=2, writes=writes)


def test_a_bot_author_is_exempt_and_the_summary_says_so(github_emulator, world, capsys, tmp_path: Path, monkeypatch) -> None:
    world.user = github_emulator.state.user("dependabot[bot]")
    github_emulator.state.add_labels(world, ["design-approved"], actor="dependabot[bot]")  # no timeline read for it
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))

    code, out = _run(capsys, "--format", "github")

    assert code == 0, out
    assert "PRD not required for #2: the author `dependabot[bot]` is exempt by prd.exempt.authors" in html.unescape(summary.read_text(encoding="utf-8"))
    _within_budget(github_emulator.log, reads=1, writes=0)


def test_not_required_passes_with_one_line(github_emulator, world, capsys) -> None:
    github_emulator.state.remove_label(world, "feature", actor="Codertocat")
    code, out = _run(capsys)
    assert code == 0
    assert "notice prd.not-required: PRD not required for #2: the PR has none of the labels in prd.applies_when.labels_any (feature)" in out


def test_merge_group_resolves_the_pr_and_evaluates_it_again(github_emulator, world, corpus_dir: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    s = github_emulator.state
    s.add_repo("octo-org/octo-repo")
    for _ in range(103):
        s.create_issue("octo-org/octo-repo", "filler")
    queued = s.add_pull("octo-org/octo-repo", "Queued", "No design", author="carol", files=[("src/a.py", 300, 0)], labels=["feature"])
    assert queued.number == 104
    monkeypatch.setenv("GITHUB_REPOSITORY", "octo-org/octo-repo")
    monkeypatch.setenv("GITHUB_EVENT_NAME", "merge_group")
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(_write_event(corpus_dir, tmp_path, "merge_group.checks_requested.payload.json")))

    code, out = _run(capsys)
    assert code == 1, out
    assert "error prd.missing: PR #104 needs an approved PRD or design" in out
    assert queued.comments == []  # the merge queue does not comment
    _within_budget(github_emulator.log, reads=1, writes=0)

    Path("prd.yml").write_text(CONFIG.replace("prd:\n", "prd:\n  merge_group: pass\n"), encoding="utf-8")
    github_emulator.log.clear()
    code, out = _run(capsys)
    assert code == 0
    assert "notice prd.merge-group.passed: merge queue: PR #104 passes by policy (prd.merge_group: pass)" in out
    assert github_emulator.log.summary() == {}


def test_a_fork_pr_s_read_only_token_degrades_to_a_notice(github_emulator, world, monkeypatch, capsys) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", github_emulator.state.actions_token(read_only=True).value)
    code, out = _run(capsys)
    assert code == 1, out
    assert "notice github.comment.forbidden: could not write the process-gates `prd` comment on #2" in out
    assert _bodies(world) == []


def test_label_added_after_the_run_is_seen_by_the_rerun_of_the_old_payload(github_emulator, world, corpus_dir, tmp_path, monkeypatch, capsys) -> None:
    # The payload (pull_request.labeled for `bug`) is replayed unchanged: the verdict must follow live state.
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(_write_event(corpus_dir, tmp_path, "pull_request.labeled.payload.json")))
    assert _run(capsys)[0] == 1
    github_emulator.state.add_labels(world, ["design-approved"], actor="dana")
    assert _run(capsys)[0] == 0
    assert _bodies(world) == []


def test_a_rerun_does_not_duplicate_or_rewrite_the_comment(github_emulator, world, capsys) -> None:
    assert _run(capsys)[0] == 1
    first = world.comments[0]
    github_emulator.log.clear()

    assert _run(capsys)[0] == 1

    assert [c.id for c in world.comments] == [first.id] and world.comments[0].body == first.body
    _within_budget(github_emulator.log, reads=1, writes=0)


def test_warn_mode_reports_but_passes(github_emulator, world, capsys) -> None:
    Path("prd.yml").write_text(CONFIG + "  mode: warn\n", encoding="utf-8")
    code, out = _run(capsys)
    assert code == 0
    assert "warning prd.missing" in out
    assert _bodies(world)[0].startswith("<!-- process-gates:prd -->\n⚠️ **PRD check** (warn mode, not blocking)")


def test_on_pass_resolve_edits_the_comment_instead_of_deleting_it(github_emulator, world, capsys) -> None:
    Path("prd.yml").write_text(CONFIG + "  comment: {on_pass: resolve}\n", encoding="utf-8")
    assert _run(capsys)[0] == 1
    github_emulator.state.add_labels(world, ["design-approved"], actor="dana")
    github_emulator.log.clear()

    assert _run(capsys)[0] == 0

    [body] = _bodies(world)
    assert body == "<!-- process-gates:prd -->\n✅ **prd**: the gate passes now; the findings this comment reported are resolved.\n"
    _within_budget(github_emulator.log, reads=2, writes=1)
    github_emulator.log.clear()
    assert _run(capsys)[0] == 0  # resolved and unchanged: nothing to write
    _within_budget(github_emulator.log, reads=2, writes=0)


def test_more_than_a_hundred_files_cost_one_more_read_per_hundred(github_emulator, world, capsys) -> None:
    world.pull.files.extend(type(world.pull.files[0])(f"src/gen/m{n}.py", 1, 0) for n in range(149))
    code, out = _run(capsys)
    assert code == 1
    assert "299 changed line(s) in 150 file(s) matching src/**" in out
    _within_budget(github_emulator.log, reads=2, writes=1)


def test_a_manual_run_names_the_pr_with_the_pr_option(github_emulator, world, corpus_dir, tmp_path, monkeypatch, capsys) -> None:
    """workflow_dispatch (the corpus's real payload) names no PR: --pr does, and the PR gets its comment."""
    monkeypatch.setenv("GITHUB_EVENT_NAME", "workflow_dispatch")
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(_write_event(corpus_dir, tmp_path, "workflow_dispatch.payload.json")))

    code, out = _run(capsys)
    assert code == 2
    assert out.strip().splitlines() == [
        "process-gates: process-gates prd check: the `workflow_dispatch` event names no pull request; pass --pr N "
        "(the action's `pr` input) to choose the one to check"
    ]
    assert github_emulator.log.summary() == {}

    code = main(["--config", "prd.yml", "prd", "check", "--pr", "2"])
    out = capsys.readouterr().out
    assert code == 1, out
    assert "error prd.missing: PR #2 needs an approved PRD or design" in out
    assert len(world.comments) == 1
    _within_budget(github_emulator.log, reads=1, writes=1)


def test_a_scheduled_run_with_the_pr_option_and_a_bad_number(github_emulator, world, monkeypatch, capsys) -> None:
    monkeypatch.setenv("GITHUB_EVENT_NAME", "schedule")
    monkeypatch.delenv("GITHUB_EVENT_PATH")
    github_emulator.state.add_labels(world, ["design-approved"], actor="dana")
    assert main(["--config", "prd.yml", "prd", "check", "--pr=2"]) == 0
    assert "approved design found: label `design-approved` applied by @dana" in capsys.readouterr().out

    assert main(["--config", "prd.yml", "prd", "check", "--pr=0"]) == 2
    assert capsys.readouterr().err.strip() == (
        "process-gates: process-gates prd check: --pr 0 is not a pull request number; pass a positive number, e.g. --pr 12"
    )
