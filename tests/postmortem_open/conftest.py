"""An incident world in the emulator: the corpus's issues.labeled payload with the label turned into an
incident label, its repository and issue seeded live, and the runner's variables pointing at the emulator."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import pytest

from incident_support import REPO


def incident_payload(corpus_dir: Path, tmp_path: Path, label: str = "sev2", action: str = "labeled", name: str = "issues.labeled.payload.json") -> Path:
    """The corpus payload with its label changed to an incident label (what the acceptance asks for)."""
    data: dict[str, Any] = json.loads((corpus_dir / "webhooks" / name).read_text(encoding="utf-8"))
    data["action"] = action
    if "label" in data or action == "labeled":
        data["label"] = {**(data.get("label") or {}), "name": label}
    data["issue"]["labels"] = [{**(data["issue"]["labels"] or [{}])[0], "name": label}] if data["issue"].get("labels") else [{"name": label}]
    path = tmp_path / f"event-{action}-{label}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def incident_world(github_emulator, corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Any]:
    """Seed Codertocat/Hello-World#1 as the payload describes it, carrying ``labels``; set the env."""

    def seed(labels: tuple[str, ...] = ("bug", "sev2"), action: str = "labeled", title: str | None = None, assignees: tuple[str, ...] = ("Codertocat",)):
        payload = json.loads((corpus_dir / "webhooks" / "issues.labeled.payload.json").read_text(encoding="utf-8"))
        issue = payload["issue"]
        s = github_emulator.state
        s.add_repo(REPO, default_branch="master")
        incident = s.create_issue(
            REPO, title or issue["title"], issue["body"] or "", author=issue["user"]["login"],
            labels=list(labels), assignees=list(assignees), created_at=issue["created_at"],
        )
        assert incident.number == issue["number"] == 1
        event = incident_payload(corpus_dir, tmp_path, labels[-1], action)
        monkeypatch.chdir(tmp_path)
        for key, value in github_emulator.env().items():
            monkeypatch.setenv(key, value)
        monkeypatch.setenv("GITHUB_REPOSITORY", REPO)
        monkeypatch.setenv("GITHUB_EVENT_NAME", "issues")
        monkeypatch.setenv("GITHUB_EVENT_PATH", str(event))
        for name in ("GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT"):
            monkeypatch.delenv(name, raising=False)
        return incident

    return seed
