"""Fixtures for running the project's composite actions through tests/action_runner.

One RUNNER_TOOL_CACHE per test session: the actions' setup step installs the engine into it once
(a venv keyed on the package sources) and every later run in the session reuses it, exactly as a
self-hosted runner with a persistent tool cache would.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import pytest
from action_runner import Job
from action_support import PROJECT_ROOT


@pytest.fixture(scope="session")
def engine_tool_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("runner-tool-cache")


#: Used only where ../shared/corpus is absent: the fields of a pull_request.opened payload the runner reads.
MINIMAL_PR_EVENT = {
    "action": "opened",
    "number": 1,
    "pull_request": {"number": 1, "head": {"ref": "feature", "sha": "1" * 40}, "base": {"ref": "main", "sha": "2" * 40}},
    "repository": {"full_name": "octo-org/octo-repo", "default_branch": "main"},
    "sender": {"login": "octocat"},
}
CORPUS_PR_EVENT = PROJECT_ROOT.parent / "shared" / "corpus" / "webhooks" / "pull_request.opened.payload.json"


@pytest.fixture(scope="session")
def pr_event(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """GITHUB_EVENT_PATH: the real pull_request.opened webhook payload (octokit/webhooks) from the corpus,
    or, in a fresh clone without the corpus, a minimal payload (the gates here read files, not the event)."""
    if CORPUS_PR_EVENT.is_file():
        return CORPUS_PR_EVENT
    path = tmp_path_factory.mktemp("event") / "pull_request.opened.json"
    path.write_text(json.dumps(MINIMAL_PR_EVENT), encoding="utf-8")
    return path


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "workspace"
    ws.mkdir()
    return ws


@pytest.fixture
def make_job(tmp_path: Path, workspace: Path, engine_tool_cache: Path, pr_event: Path) -> Callable[..., Job]:
    def factory(**options: Any) -> Job:
        settings: dict[str, Any] = {
            "temp": tmp_path / "runner-temp",
            "tool_cache": engine_tool_cache,
            "event_name": "pull_request",
            "event": pr_event,
        }
        settings.update(options)
        return Job(workspace, **settings)

    return factory


@pytest.fixture
def canary(tmp_path: Path) -> Path:
    """Where an executed injection payload would leave a file (its folder exists, the file must not)."""
    path = tmp_path / "canary" / "pwned"
    path.parent.mkdir()
    return path


@pytest.fixture
def shared_canary_existed() -> bool:
    """Whether /tmp/pwned (the payload that names no test folder) was there before the test ran."""
    from test_action_injection import SHARED_CANARY

    return SHARED_CANARY.exists()
