"""actions/lib/install_engine.py: the cache key follows exactly what pip would build, and old
environments are pruned without touching ones that are in use or being built."""

from __future__ import annotations

import importlib.util
import os
import time
from pathlib import Path
from types import ModuleType

import pytest
from action_support import PROJECT_ROOT


@pytest.fixture(scope="module")
def install_engine() -> ModuleType:
    spec = importlib.util.spec_from_file_location("install_engine", PROJECT_ROOT / "actions" / "lib" / "install_engine.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _tree(root: Path) -> Path:
    for name, text in {
        "pyproject.toml": "[project]\nname = 'x'\n",
        "README.md": "# x\n",
        "src/x/__init__.py": "VALUE = 1\n",
        "src/x/data.json": "{}\n",
        "tests/test_x.py": "def test(): pass\n",
    }.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_key_changes_with_the_package_sources_only(install_engine: ModuleType, tmp_path: Path) -> None:
    root = _tree(tmp_path / "checkout")
    key = install_engine.cache_key(root)

    (root / "src" / "x" / "__pycache__").mkdir()
    (root / "src" / "x" / "__pycache__" / "__init__.cpython-311.pyc").write_bytes(b"\0compiled")
    (root / "src" / "x.egg-info").mkdir()
    (root / "src" / "x.egg-info" / "PKG-INFO").write_text("Name: x\n")
    (root / "tests" / "test_x.py").write_text("def test(): assert True\n")
    assert install_engine.cache_key(root) == key, "caches, egg-info and tests are not part of the package"

    (root / "src" / "x" / "__init__.py").write_text("VALUE = 2\n")
    changed = install_engine.cache_key(root)
    assert changed != key
    (root / "src" / "x" / "new.py").write_text("")
    assert install_engine.cache_key(root) not in (key, changed)


def test_the_project_sources_are_exactly_the_package(install_engine: ModuleType) -> None:
    root = install_engine.source_root()
    assert root == PROJECT_ROOT
    names = {p.relative_to(root).as_posix() for p in install_engine.source_files(root)}
    assert {"pyproject.toml", "README.md", "src/process_gates/cli.py"} <= names
    assert not any("__pycache__" in n or ".egg-info" in n or n.startswith("tests/") for n in names)


def test_cache_lives_in_the_tool_cache_when_there_is_one(install_engine: ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("RUNNER_TOOL_CACHE", str(tmp_path))
    assert install_engine.cache_dir(PROJECT_ROOT) == tmp_path / "process-gates"
    monkeypatch.delenv("RUNNER_TOOL_CACHE")
    assert install_engine.cache_dir(PROJECT_ROOT) == PROJECT_ROOT / ".action-venv"


def test_prune_removes_only_long_unused_complete_environments(install_engine: ModuleType, tmp_path: Path) -> None:
    def env(name: str, age_days: float | None) -> Path:
        folder = tmp_path / name
        folder.mkdir()
        if age_days is not None:
            marker = folder / install_engine.MARKER
            marker.write_text("key\n")
            then = time.time() - age_days * 86400
            os.utime(marker, (then, then))
        return folder

    current = env("venv-current", 400)
    old = env("venv-old", 45)
    recent = env("venv-recent", 2)
    building = env("venv-no-marker", None)
    install_engine.prune_stale(tmp_path, current)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in (current, recent, building))
    assert not old.exists()
