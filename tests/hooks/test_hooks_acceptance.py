"""Every hook in .pre-commit-hooks.yaml, run by the real pre-commit over its pass/ and fail/ examples.

In the spirit of check-jsonschema's acceptance tests: the hook list comes from the manifest (a new hook
without examples fails here), each example tree is copied into a fresh git repository, and
``pre-commit try-repo <project> <hook-id> --all-files`` runs it exactly as a user would try it.

Why a snapshot of the project: try-repo clones the repository it is given, and its shadow copy of a
dirty tree carries staged and modified tracked files but not untracked ones; a snapshot commit of the
working tree (tracked and untracked files, .gitignore respected) tests what is on disk now.
Note that try-repo always installs the hook environment into a private temporary store
(pre_commit/commands/try_repo.py: ``Store(tempdir)``), so PRE_COMMIT_HOME only keeps the runs away from
the user's cache; each run builds the environment once (about 7 s here).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

PROJECT_ROOT = Path(__file__).resolve().parents[2]
MANIFEST = PROJECT_ROOT / ".pre-commit-hooks.yaml"
HOOKS_DIR = PROJECT_ROOT / "hooks"
EXPECTED_LINE = re.compile(r"^The `fail/` example reports: (?P<rules>.+)\.$", re.MULTILINE)


def manifest_hooks() -> list[dict]:
    return YAML(typ="safe", pure=True).load(MANIFEST.read_text(encoding="utf-8"))


HOOK_IDS = [hook["id"] for hook in manifest_hooks()]


def expected_rules(hook_id: str) -> list[str]:
    """The rule ids hooks/<id>/README.md promises for its fail/ example (the test holds the doc true)."""
    readme = (HOOKS_DIR / hook_id / "README.md").read_text(encoding="utf-8")
    match = EXPECTED_LINE.search(readme)
    assert match, f"hooks/{hook_id}/README.md needs a line 'The `fail/` example reports: `rule.id`, ...'."
    return re.findall(r"`([a-z0-9.-]+)`", match.group("rules"))


def _git_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_AUTHOR_NAME="hook-tests",
        GIT_AUTHOR_EMAIL="hook-tests@example.invalid",
        GIT_COMMITTER_NAME="hook-tests",
        GIT_COMMITTER_EMAIL="hook-tests@example.invalid",
        PRE_COMMIT_HOME=str(home),
        PRE_COMMIT_COLOR="never",
    )
    # The hook runs in its own environment built by pre-commit, never from the test session's venv.
    env.pop("VIRTUAL_ENV", None)
    return env


def _git(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def _init_repo(path: Path, env: dict[str, str], *, commit: bool) -> None:
    _git(["init", "--quiet", "--initial-branch=main"], path, env)
    _git(["add", "--all"], path, env)
    if commit:
        _git(["commit", "--quiet", "--no-verify", "--message", "snapshot"], path, env)


@pytest.fixture(scope="session")
def hook_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    if shutil.which("git") is None:
        pytest.skip("git is not installed; pre-commit needs it")
    return _git_env(tmp_path_factory.mktemp("pre-commit-home"))


@pytest.fixture(scope="session")
def project_snapshot(tmp_path_factory: pytest.TempPathFactory, hook_env: dict[str, str]) -> Path:
    """The project's working tree (tracked and untracked files, .gitignore respected) as one commit."""
    listing = _git(["ls-files", "-z", "--cached", "--others", "--exclude-standard"], PROJECT_ROOT, hook_env)
    snapshot = tmp_path_factory.mktemp("project-snapshot")
    for name in filter(None, listing.split("\0")):
        source = PROJECT_ROOT / name
        if source.is_file():
            target = snapshot / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    _init_repo(snapshot, hook_env, commit=True)
    return snapshot


def try_repo(snapshot: Path, hook_id: str, example: Path, workdir: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    shutil.copytree(example, workdir, dirs_exist_ok=True)
    _init_repo(workdir, env, commit=False)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(snapshot), hook_id, "--all-files"],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_manifest_is_valid_for_pre_commit() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(MANIFEST)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


SAMPLE_PATHS = [
    "slo/a.yaml",
    "slo/deep/b.yml",
    "services/pay/slo/c.yaml",
    "slos/d.yaml",
    "x/slos/e.yml",
    "pay.slo.yaml",
    "svc/pay.openslo.yml",
    "svc/pay.sloth.yaml",
    ".slo.yaml",
    "slo.yaml",
    "myslo/a.yaml",
    "slo/readme.md",
    "deploy/slo-deployment.yaml",
    "services/pay/deployment.yaml",
    "slopes/a.yaml",
    "a.slo.json",
]


def test_slo_validate_files_pattern_mirrors_the_default_slo_globs() -> None:
    from process_gates.config.model import DEFAULT_SLO_FILES
    from process_gates.globs import matches

    [hook] = [h for h in manifest_hooks() if h["id"] == "slo-validate"]
    pattern = re.compile(hook["files"])
    for path in SAMPLE_PATHS:
        assert bool(pattern.search(path)) == matches(path, DEFAULT_SLO_FILES), path


@pytest.mark.parametrize("hook_id", HOOK_IDS)
def test_every_hook_has_a_catalogue_entry(hook_id: str) -> None:
    folder = HOOKS_DIR / hook_id
    assert (folder / "README.md").is_file(), f"hooks/{hook_id}/README.md is missing"
    for example in ("pass", "fail"):
        files = [p for p in (folder / example).rglob("*") if p.is_file()]
        assert files, f"hooks/{hook_id}/{example}/ holds no example files"
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert f"id: {hook_id}" in readme, f"hooks/{hook_id}/README.md lacks a .pre-commit-config.yaml snippet with `id: {hook_id}`"
    assert expected_rules(hook_id), f"hooks/{hook_id}/README.md names no rule for its fail/ example"


@pytest.mark.parametrize("hook_id", HOOK_IDS)
def test_hook_passes_on_its_pass_example(hook_id: str, project_snapshot: Path, hook_env: dict[str, str], tmp_path: Path) -> None:
    result = try_repo(project_snapshot, hook_id, HOOKS_DIR / hook_id / "pass", tmp_path / "repo", hook_env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert re.search(r"\.+Passed$", output, re.MULTILINE), output


@pytest.mark.parametrize("hook_id", HOOK_IDS)
def test_hook_fails_on_its_fail_example(hook_id: str, project_snapshot: Path, hook_env: dict[str, str], tmp_path: Path) -> None:
    result = try_repo(project_snapshot, hook_id, HOOKS_DIR / hook_id / "fail", tmp_path / "repo", hook_env)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert re.search(r"\.+Failed$", output, re.MULTILINE), output
    assert f"- hook id: {hook_id}" in output, output
    for rule_id in expected_rules(hook_id):
        # The text format: "path:line:col: error rule-id: message" (or "folder/: error rule-id: ...").
        assert re.search(rf": error {re.escape(rule_id)}: ", output), f"{rule_id} not reported:\n{output}"
    assert "internal error" not in output, output


def test_project_readme_names_every_hook() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    missing = [hook_id for hook_id in HOOK_IDS if hook_id not in readme]
    assert not missing, f"README.md does not mention the hook(s) {missing} from .pre-commit-hooks.yaml"
