"""Build, or reuse, the virtual environment that the composite actions run the process-gates engine from.

Why a cached venv keyed on the package sources: installing the engine costs seconds (a venv plus pip),
while a gate itself runs in a fraction of a second. On a self-hosted runner the tool cache survives
between jobs, so every job after the first one that runs the same engine version (and the same
interpreter) skips the install. The key is a hash of exactly what pip would build (pyproject.toml,
README.md and src/), so a changed engine can never run from a stale venv.

The venv is built in a private directory and renamed into place only when complete, so two jobs
sharing a tool cache never see half an environment. The package is installed from a copy of the
action's own checkout, never from an index, and the copy keeps build litter out of the checkout.

Run with the interpreter chosen by the action's ``python`` input; writes the output ``python`` (the
venv's interpreter) to $GITHUB_OUTPUT. Syntax stays Python 3.8-compatible so that an interpreter that
is too old gets a clear message instead of a SyntaxError.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

MINIMUM = (3, 10)
#: Bump when the layout of the cached environment changes, so that old caches are not reused.
LAYOUT = "process-gates-action-venv/1"
MARKER = "process-gates-action.ok"
SOURCE_FILES = ("pyproject.toml", "README.md", "LICENSE")
SKIP_DIRS = {"__pycache__", "build", "dist"}
#: Environments of other engine versions unused for this long are removed after an install.
STALE_AFTER_DAYS = 30


def say(line: str) -> None:
    """Print in order with the subprocesses' output (pip writes straight to the same stream)."""
    print(line, flush=True)


def source_root() -> Path:
    """The checkout the action runs from: actions/lib/ sits two levels below it."""
    return Path(__file__).resolve().parent.parent.parent


def source_files(root: Path) -> list[Path]:
    files = [root / name for name in SOURCE_FILES if (root / name).is_file()]
    for dirpath, dirnames, filenames in os.walk(root / "src"):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.endswith(".egg-info"))
        files.extend(Path(dirpath) / name for name in sorted(filenames) if not name.endswith((".pyc", ".pyo")))
    return files


def cache_key(root: Path) -> str:
    digest = hashlib.sha256()
    digest.update(LAYOUT.encode())
    digest.update(b"\0" + sys.version.encode() + b"\0" + os.path.realpath(sys.executable).encode() + b"\0")
    for path in source_files(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def cache_dir(root: Path) -> Path:
    tool_cache = os.environ.get("RUNNER_TOOL_CACHE")
    if tool_cache:
        return Path(tool_cache) / "process-gates"
    return root / ".action-venv"


def interpreter(env_dir: Path) -> Path:
    if os.name == "nt":
        return env_dir / "Scripts" / "python.exe"
    return env_dir / "bin" / "python"


def is_complete(env_dir: Path, key: str) -> bool:
    marker = env_dir / MARKER
    try:
        return marker.read_text(encoding="utf-8").strip() == key and interpreter(env_dir).exists()
    except OSError:
        return False


def prune_stale(parent: Path, keep: Path) -> None:
    """Drop environments of other engine versions not used for a month: a self-hosted runner's tool
    cache would otherwise grow by one environment per engine version, forever."""
    cutoff = time.time() - STALE_AFTER_DAYS * 86400
    for candidate in parent.glob("venv-*"):
        if candidate == keep:
            continue
        try:
            last_used = (candidate / MARKER).stat().st_mtime
        except OSError:
            continue  # not ours, or being built: leave it alone
        if last_used < cutoff:
            shutil.rmtree(candidate, ignore_errors=True)


def stage_sources(root: Path, staging: Path) -> None:
    """Copy what pip needs to build the package, without caches, build output or egg-info."""
    for name in SOURCE_FILES:
        if (root / name).is_file():
            shutil.copy2(root / name, staging / name)
    shutil.copytree(
        root / "src",
        staging / "src",
        ignore=lambda _d, names: [n for n in names if n in SKIP_DIRS or n.endswith((".egg-info", ".pyc", ".pyo"))],
    )


def build(root: Path, target: Path, key: str) -> None:
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    building = parent / f".building-{key[:16]}-{os.getpid()}-{secrets.token_hex(4)}"
    staging = Path(tempfile.mkdtemp(prefix="process-gates-src-", dir=os.environ.get("RUNNER_TEMP") or None))
    try:
        venv.EnvBuilder(with_pip=True, symlinks=os.name != "nt", clear=True).create(str(building))
        stage_sources(root, staging)
        python = str(interpreter(building))
        subprocess.run(
            [python, "-m", "pip", "install", "--no-input", "--disable-pip-version-check", "--quiet", str(staging)],
            check=True,
        )
        subprocess.run([python, "-m", "process_gates", "--version"], check=True)
        (building / MARKER).write_text(key + "\n", encoding="utf-8")
        try:
            os.rename(building, target)
        except OSError:
            # Another job finished the same environment first: use theirs, drop ours.
            if not is_complete(target, key):
                raise
            shutil.rmtree(building, ignore_errors=True)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def write_output(name: str, value: str) -> None:
    path = os.environ.get("GITHUB_OUTPUT")
    if not path:
        print(f"{name}={value}")
        return
    delimiter = "ghadelimiter_" + secrets.token_hex(16)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")


def main() -> int:
    if sys.version_info < MINIMUM:
        found = ".".join(str(v) for v in sys.version_info[:3])
        say(f"::error title=process-gates::the python input runs Python {found}; process-gates needs 3.10 or newer "
            "(use actions/setup-python before this action, or set python: to a newer interpreter)")
        return 2
    root = source_root()
    key = cache_key(root)
    target = cache_dir(root) / f"venv-{key[:32]}"
    if is_complete(target, key):
        os.utime(target / MARKER)  # last use, for prune_stale
        say(f"process-gates: reusing the engine environment {target}")
    else:
        say("::group::Installing the process-gates engine")
        try:
            build(root, target, key)
        except (subprocess.CalledProcessError, OSError) as exc:
            say("::endgroup::")
            say(f"::error title=process-gates::installing the engine failed ({type(exc).__name__}); see the log above")
            return 2
        say("::endgroup::")
        say(f"process-gates: installed the engine in {target}")
        prune_stale(target.parent, target)
    write_output("python", str(interpreter(target)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
