"""The organisation default's lookup and its failure modes, with the real client against the emulator.

The PR gates (`quality check`, `prd check`) read it inside their first GraphQL query; the postmortem
commands read it over REST (fetch_org_default). Either way: no `.github` repository or no file in it
means the built-in defaults, a token that may not read it is a warning (and the built-in defaults), a
broken file fails closed with its position, GitHub failing is exit 3 naming the repository. Never a
traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from process_gates.cli import main

REPO = "Codertocat/Hello-World"
CONTENTS = "/repos/{owner}/{repo}/contents/{path}"


@pytest.fixture
def world(github_emulator, corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Codertocat/Hello-World#2 as the corpus's pull_request.opened payload names it, labelled `wip`
    (an error under the built-in defaults), and no configuration file in the checkout."""
    s = github_emulator.state
    s.add_repo(REPO, default_branch="master")
    s.create_issue(REPO, "an issue first, so that the PR is #2")
    payload = json.loads((corpus_dir / "webhooks" / "pull_request.opened.payload.json").read_text(encoding="utf-8"))
    pr = s.add_pull(REPO, "Update", "body", author="Codertocat", head="changes", head_sha=payload["pull_request"]["head"]["sha"],
                    files=[("src/app.py", 3, 1), ("tests/test_app.py", 2, 0), ("CHANGELOG.md", 1, 0)], labels=["wip"])
    monkeypatch.chdir(tmp_path)
    for key, value in github_emulator.env(s.actions_token().value).items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("GITHUB_REPOSITORY", REPO)
    monkeypatch.setenv("GITHUB_EVENT_NAME", "pull_request")
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(corpus_dir / "webhooks" / "pull_request.opened.payload.json"))
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.delenv("GITHUB_OUTPUT", raising=False)
    return pr


def _run(capsys) -> tuple[int, str, str]:
    code = main(["quality", "check"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


WRITE = "POST /repos/{owner}/{repo}/issues/{issue_number}/comments"


def test_no_github_repository_means_the_built_in_defaults_at_no_extra_request(github_emulator, world, capsys) -> None:
    code, out, _ = _run(capsys)
    assert code == 1  # `wip` blocks under the built-in defaults
    assert "error quality.label.blocking: #2 is labelled `wip`" in out
    assert "configuration: built-in defaults (no .github/process-gates.yml)" in out
    assert "config.org-default-unreadable" not in out
    # The lookup rode along in the PR query: GitHub's NOT_FOUND for `<org>/.github` is no failure.
    assert github_emulator.log.summary() == {"POST /graphql": 1, WRITE: 1}


def test_a_github_repository_without_the_file_means_the_built_in_defaults(github_emulator, world, capsys) -> None:
    github_emulator.state.add_repo("Codertocat/.github", files={"profile/README.md": "# Codertocat\n"})
    code, out, _ = _run(capsys)
    assert code == 1
    assert "configuration: built-in defaults (no .github/process-gates.yml)" in out
    assert github_emulator.log.summary() == {"POST /graphql": 1, WRITE: 1}


def test_the_organisation_default_is_read_in_the_pr_query(github_emulator, world, capsys) -> None:
    github_emulator.state.add_repo("Codertocat/.github", files={"process-gates.yml": "quality: {mode: warn}\n"})
    code, out, _ = _run(capsys)
    assert code == 0
    assert "configuration: Codertocat/.github:process-gates.yml" in out and "warning quality.label.blocking" in out
    assert github_emulator.log.summary() == {"POST /graphql": 1, WRITE: 1}


# ------------------------------------------------------------------------------ the REST lookup (postmortem commands)


def _client(github_emulator):  # type: ignore[no-untyped-def]
    from process_gates.github.client import GitHubClient
    from process_gates.github.retry import RetryPolicy

    fast = RetryPolicy(budget=2, base_delay=0.01, max_delay=0.02, max_attempts=3)
    return GitHubClient(github_emulator.token, api_url=github_emulator.url, graphql_url=github_emulator.graphql_url, policy=fast)


def test_the_rest_lookup_without_a_repository_or_a_file_is_none_after_both_places(github_emulator, world) -> None:
    from process_gates.config.org_default import fetch_org_default

    with _client(github_emulator) as client:
        assert fetch_org_default(client, "Codertocat") is None
        github_emulator.state.add_repo("Codertocat/.github", files={"profile/README.md": "# Codertocat\n"})
        assert fetch_org_default(client, "Codertocat") is None
    assert [e.status for e in github_emulator.log.entries if e.route == CONTENTS] == [404, 404, 404, 404]


def test_the_rest_lookup_with_a_token_that_may_not_read_it_warns(github_emulator, world) -> None:
    from process_gates.config.org_default import fetch_org_default

    github_emulator.state.add_repo("Codertocat/.github", files={".github/process-gates.yml": "quality: {mode: warn}\n"})
    github_emulator.faults.add("forbidden", "GET", "/repos/Codertocat/.github/contents/*", times=None,
                               message="Resource not accessible by integration")
    with _client(github_emulator) as client:
        loaded = fetch_org_default(client, "Codertocat")
    assert loaded is not None and loaded.ok and loaded.config.quality.mode == "enforce"  # the built-in defaults
    [warning] = loaded.findings
    assert (warning.rule, str(warning.location)) == ("config.org-default-unreadable", "Codertocat/.github:.github/process-gates.yml")
    assert warning.message == "this token may not read it: HTTP 403 Resource not accessible by integration"
    assert "Make `<org>/.github` readable to this workflow's token" in warning.hint


def test_a_broken_file_fails_closed_with_its_position(github_emulator, world, capsys) -> None:
    github_emulator.state.add_repo("Codertocat/.github", files={"process-gates.yml": "quality:\n  mode: sometimes\n"})
    code, out, _ = _run(capsys)
    assert code == 2
    assert "Codertocat/.github:process-gates.yml:2:" in out and "config.schema" in out
    assert world.comments == []  # no gate was evaluated, nothing was written


def test_github_failing_after_retries_names_the_organisation_s_repository(github_emulator, world) -> None:
    """Exit 3 (ServiceError) with the repository named: the route template alone would not say which."""
    from process_gates.config.org_default import fetch_org_default
    from process_gates.errors import ServiceError

    github_emulator.faults.add("500", "GET", "/repos/Codertocat/.github/contents/*", times=None)
    with _client(github_emulator) as client:
        with pytest.raises(ServiceError) as failed:
            fetch_org_default(client, "Codertocat")
    assert int(failed.value.exit_code) == 3
    assert failed.value.message.startswith(
        "reading the organisation's default configuration Codertocat/.github:.github/process-gates.yml: GitHub GET "
    )
    assert "HTTP 500 after 3 attempts" in failed.value.message


# ------------------------------------------------------------------------------ the PRD gate reads it in its own query

ORG_PRD = "prd:\n  applies_when: {paths: ['src/**'], min_changed_lines: 1}\n  accept: {label_appliers: [dana]}\n"


def _prd(capsys) -> tuple[int, str]:
    code = main(["prd", "check"])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_the_prd_gate_takes_the_organisation_default_inside_its_first_read(github_emulator, world, capsys) -> None:
    github_emulator.state.add_repo("Codertocat/.github", files={"process-gates.yml": ORG_PRD})
    code, out = _prd(capsys)
    assert code == 1, out
    assert "configuration: Codertocat/.github:process-gates.yml" in out
    assert "have @dana (never the PR's author) add the label `design-approved`" in out
    # The organisation's file came with the PR: one GraphQL read, the comment's one write, no REST read.
    assert github_emulator.log.summary() == {"POST /graphql": 1, "POST /repos/{owner}/{repo}/issues/{issue_number}/comments": 1}


def test_the_prd_gate_prefers_the_github_folder_and_the_repository_s_own_file(github_emulator, world, capsys) -> None:
    github_emulator.state.add_repo("Codertocat/.github", files={".github/process-gates.yml": ORG_PRD, "process-gates.yml": "prd: {mode: warn}\n"})
    code, out = _prd(capsys)
    assert code == 1 and "configuration: Codertocat/.github:.github/process-gates.yml" in out
    Path(".github").mkdir()
    Path(".github/process-gates.yml").write_text("version: 1\n", encoding="utf-8")
    github_emulator.log.clear()
    code, out = _prd(capsys)
    assert code == 0 and "configuration: .github/process-gates.yml" in out  # 4 lines outside tests and docs: no design needed by default
    [request] = [e for e in github_emulator.log.entries if e.route == "/graphql"]
    assert request.body["variables"]["orgDefault"] is False  # a repository's own file wins: not even asked


def test_the_prd_gate_without_an_organisation_default_uses_the_built_in_defaults(github_emulator, world, capsys) -> None:
    code, out = _prd(capsys)
    assert code == 0, out
    assert "configuration: built-in defaults (no .github/process-gates.yml)" in out
    assert "PRD not required for #2: 4 changed line(s) in 1 matching file(s) is below prd.applies_when.min_changed_lines (200)" in out
    assert github_emulator.log.summary() == {"POST /graphql": 1}


def test_the_prd_gate_fails_closed_on_a_broken_organisation_default(github_emulator, world, capsys) -> None:
    github_emulator.state.add_repo("Codertocat/.github", files={"process-gates.yml": "prd:\n  mode: sometimes\n"})
    code, out = _prd(capsys)
    assert code == 2, out
    assert "Codertocat/.github:process-gates.yml:2:" in out and "config.schema" in out
    assert "no gate was evaluated" in out and world.comments == []


def test_the_organisation_default_read_inside_a_gate_s_graphql_query() -> None:
    """Read 1's `orgDefault` alias as GitHub may answer it: FORBIDDEN (an SSO-protected organisation), a
    binary blob (no text), the first place found winning, and nothing there."""
    from process_gates.config.org_default import org_default_from_graphql

    def org_default_from_read(owner, node, errors):  # type: ignore[no-untyped-def]
        return org_default_from_graphql(owner, {"orgDefault": node}, errors, "pull request")

    forbidden = org_default_from_read("acme", None, [{"type": "FORBIDDEN", "path": ["orgDefault"], "message": "Resource protected by organization SAML enforcement."}])
    assert forbidden is not None and forbidden.ok and forbidden.config.source is None
    [warning] = forbidden.findings
    assert (warning.rule, str(warning.location)) == ("config.org-default-unreadable", "acme/.github:.github/process-gates.yml")
    assert warning.message == "this token may not read it: Resource protected by organization SAML enforcement."

    binary = org_default_from_read("acme", {"path0": {"text": None, "isBinary": True}, "path1": None}, [])
    assert binary is not None and "GitHub sends no text for it" in binary.findings[0].message

    both = org_default_from_read("acme", {"path0": {"text": "prd: {mode: warn}\n", "isBinary": False}, "path1": {"text": "version: 1\n", "isBinary": False}}, [])
    assert both is not None and both.config.source == "acme/.github:.github/process-gates.yml" and both.config.prd.mode == "warn"

    assert org_default_from_read("acme", {"path0": None, "path1": None}, []) is None
    assert org_default_from_read("acme", None, [{"type": "NOT_FOUND", "path": ["orgDefault"]}]) is None

    from process_gates.github.graphql import GraphQLQueryError

    with pytest.raises(GraphQLQueryError) as theirs:  # an error outside the alias is the query's own
        org_default_from_read("acme", None, [{"type": "NOT_FOUND", "path": ["repository", "pullRequest"], "message": "Could not resolve to a PullRequest with the number of 9."}])
    assert str(theirs.value) == "GitHub POST /graphql (pull request) answered with GraphQL errors: Could not resolve to a PullRequest with the number of 9."
