"""actions/prd-gate and the root action's `prd-check`, run for real through the action-runner harness
against the GitHub emulator, starting from the corpus's real pull_request.opened payload: the root
action's wiring and hostile PR text. The issue's acceptance points live in test_prd_acceptance.py."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest
from action_runner import Job
from action_support import PROJECT_ROOT, ROOT_ACTION, write, seed_payload_pull
from test_action_injection import assert_nothing_injected, hostile_texts

PRD_GATE = PROJECT_ROOT / "actions" / "prd-gate"
CONFIG = """\
prd:
  applies_when: {paths: ["src/**"], min_changed_lines: 50}
  accept: {label_appliers: [dana], doc_links: ["https://docs.example.com/prd/*"]}
"""
WRITES = (
    "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
    "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}",
    "DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}",
)


@pytest.fixture
def pr_world(github_emulator, pr_event: Path):
    return seed_payload_pull(github_emulator, pr_event, "Retry budget", "No design yet", [("src/retry.py", 80, 10)])


@pytest.fixture
def prd_job(make_job: Callable[..., Job], github_emulator) -> Callable[..., Job]:
    def factory(token: str | None = None) -> Job:
        token = token or github_emulator.state.actions_token().value
        job = make_job(env=github_emulator.env(token), token=token)
        write(job.workspace, ".github/process-gates.yml", CONFIG)
        return job

    return factory


def _budget(log) -> tuple[int, int]:
    summary = log.summary()
    return summary.get("POST /graphql", 0), sum(summary.get(w, 0) for w in WRITES)


def test_the_root_action_runs_it_by_gate_name(prd_job, pr_world, github_emulator) -> None:
    github_emulator.state.edit_issue(pr_world, actor="Codertocat", body="PRD: https://docs.example.com/prd/retry")
    result = prd_job().run_action(ROOT_ACTION, {"gate": "prd-check"})
    assert result.succeeded, result.describe()
    assert result.step("gate").outputs["status"] == "accepted"  # the root action exposes errors and warnings only
    assert _budget(github_emulator.log) == (1, 0)


def test_hostile_pr_bodies_and_labels_inject_nothing(prd_job, pr_world, github_emulator, canary: Path, shared_canary_existed: bool) -> None:
    texts = hostile_texts(canary)
    body = "\n".join(f"Fixes {t} https://evil.example/{t.replace(' ', '')} docs/design/{t[:20]}.md" for t in texts)
    github_emulator.state.edit_issue(pr_world, actor="Codertocat", body=body)
    github_emulator.state.add_labels(pr_world, ["design-approved"], actor="Codertocat")
    job = prd_job()
    result = job.run_action(PRD_GATE)

    assert not result.succeeded
    assert job.processor.masks == [job.token]
    job.processor.masks.clear()
    assert_nothing_injected(result, job, canary, shared_canary_existed)
    [comment] = pr_world.comments
    assert "<!--" not in comment.body.split("\n", 1)[1]
