"""Listing and filtering issues, labels, milestones and files through PyGithub, and thread safety."""

from __future__ import annotations

import threading
from datetime import datetime, timezone

import github
import pytest

from github_emulator import GitHubEmulator


@pytest.fixture
def seeded(github_emulator: GitHubEmulator):
    state = github_emulator.state
    repo = state.add_repo("acme/widgets", labels=["bug", "incident"], files={".github/process-gates.yml": "version: 1\n", "docs/design/a.md": "# A\n"})
    milestone = state.add_milestone(repo, "Q3", due_on="2030-09-30T00:00:00Z")
    state.create_issue(repo, "Old incident", labels=["incident"], created_at="2024-01-01T00:00:00Z", state="closed", closed_at="2024-01-02T00:00:00Z")
    state.create_issue(repo, "New incident", labels=["incident", "bug"], created_at="2024-02-01T00:00:00Z", assignees=["alice"], milestone=milestone.number)
    state.add_pull(repo, "A change", created_at="2024-03-01T00:00:00Z")
    state.create_issue(repo, "Plain", created_at="2024-04-01T00:00:00Z")
    return github_emulator.pygithub().get_repo("acme/widgets")


def test_list_issues_filters_like_github(seeded) -> None:
    titles = lambda found: [i.title for i in found]  # noqa: E731
    assert titles(seeded.get_issues()) == ["Plain", "A change", "New incident"], "open by default, newest first, PRs included"
    assert seeded.get_issues()[1].pull_request is not None
    assert titles(seeded.get_issues(state="all", labels=["incident"])) == ["New incident", "Old incident"]
    assert titles(seeded.get_issues(state="all", labels=["incident", "bug"])) == ["New incident"]
    assert titles(seeded.get_issues(state="closed")) == ["Old incident"]
    assert titles(seeded.get_issues(state="all", direction="asc", sort="created")) == ["Old incident", "New incident", "A change", "Plain"]
    assert titles(seeded.get_issues(since=datetime(2024, 3, 1, tzinfo=timezone.utc))) == ["Plain", "A change"]
    assert titles(seeded.get_issues(assignee="alice")) == ["New incident"]
    assert titles(seeded.get_issues(milestone="none")) == ["Plain", "A change"]
    assert titles(seeded.get_issues(milestone=seeded.get_milestone(1))) == ["New incident"]


def test_pulls_list_by_state_and_head(seeded) -> None:
    assert [p.title for p in seeded.get_pulls()] == ["A change"]
    assert [p.title for p in seeded.get_pulls(head="acme:feature")] == ["A change"]
    assert list(seeded.get_pulls(state="closed")) == []


def test_repository_labels_and_milestones(seeded, github_emulator: GitHubEmulator) -> None:
    created = seeded.create_label("sev1", "B60205", "Severity 1")
    assert (created.name, created.color, created.description) == ("sev1", "b60205", "Severity 1")
    with pytest.raises(github.GithubException) as duplicate:
        seeded.create_label("SEV1", "ffffff")
    assert duplicate.value.status == 422 and duplicate.value.data["errors"][0]["code"] == "already_exists"
    assert [label.name for label in seeded.get_labels()] == ["bug", "incident", "sev1"]
    assert seeded.get_label("Incident").name == "incident", "label lookups ignore case"

    milestone = seeded.create_milestone("Q4", state="open", description="Freeze", due_on=datetime(2030, 12, 1).date())
    assert (milestone.number, milestone.title, milestone.open_issues) == (2, "Q4", 0)
    assert [m.title for m in seeded.get_milestones()] == ["Q3", "Q4"]
    assert seeded.get_milestone(1).open_issues == 1


def test_contents_serve_files_and_directories(seeded) -> None:
    config = seeded.get_contents(".github/process-gates.yml")
    assert config.decoded_content == b"version: 1\n" and config.path == ".github/process-gates.yml"
    listing = seeded.get_contents("docs")
    assert [(c.type, c.path) for c in listing] == [("dir", "docs/design")]
    with pytest.raises(github.UnknownObjectException):
        seeded.get_contents("missing.yml")


def test_concurrent_writers_never_share_a_number_or_lose_a_comment(github_emulator: GitHubEmulator) -> None:
    """Two gate runs racing: each API call is atomic, so numbers are unique and every write lands."""
    github_emulator.state.add_repo("acme/widgets")
    github_emulator.state.create_issue("acme/widgets", "Target")
    errors: list[BaseException] = []

    def run(worker: int) -> None:
        try:
            repo = github_emulator.pygithub().get_repo("acme/widgets")
            for n in range(5):
                repo.create_issue(f"postmortem {worker}-{n}")
                repo.get_issue(1).create_comment(f"{worker}-{n}")
        except BaseException as exc:  # surfaced below, with the worker's failure
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    repo = github_emulator.state.repo("acme/widgets")
    assert sorted(repo.issues) == list(range(1, 22))
    assert len(repo.issues[1].comments) == 20 and len({c.id for c in repo.issues[1].comments}) == 20
