"""Shared fixtures: where the project and the real-world corpus live."""

from __future__ import annotations

from pathlib import Path

import pytest

# The GitHub emulator's fixtures (github_emulator, ghes_emulator) for every test that talks to "GitHub".
pytest_plugins = ["github_emulator.fixtures"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """../shared/corpus beside the project: present in CI, absent in a user's fresh clone."""
    if not CORPUS.is_dir():
        pytest.skip(f"the real-world corpus is not present at {CORPUS} (it ships beside the project in CI only)")
    return CORPUS
