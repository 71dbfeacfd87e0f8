"""`process-gates slo validate` against check-jsonschema, on 1 file and on 1000 files, in the same run.

check-jsonschema with a self-contained schema is what a team would otherwise put in its pre-commit
config for SLO files. It checks structure only; we check structure *and* the semantic, cross-file and
hygiene rules it cannot, so being faster is a design constraint, not a given.

Runs are interleaved (ours, theirs, ours, theirs...) so that load on the machine hits both alike, and the
median of the repeats is reported. Usage:

    .venv/bin/python benchmarks/bench_slo_validate.py            # print the table
    .venv/bin/python benchmarks/bench_slo_validate.py --write    # and update benchmarks/README.md
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / ".work"
SCHEMA = HERE / "schemas" / "openslo-v1.schema.json"
MARK_BEGIN = "<!-- bench_slo_validate:begin -->"
MARK_END = "<!-- bench_slo_validate:end -->"

sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402


def _bin(name: str) -> str:
    local = Path(sys.executable).parent / name
    if local.exists():
        return str(local)
    found = shutil.which(name)
    if not found:
        sys.exit(f"bench: {name} not found; run ./scripts/bootstrap first")
    return found


def _run(cmd: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user+sys of the child) and exit code of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd[:3])}... exited {proc.returncode}:\n{err[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, proc.returncode


def measure(files: list[str], repeats: int, cwd: Path) -> dict[str, dict[str, float]]:
    ours = [_bin("process-gates"), "slo", "validate", *files]
    theirs = [_bin("check-jsonschema"), "--schemafile", str(SCHEMA), *files]
    _run(ours, cwd), _run(theirs, cwd)  # warm the page cache and .pyc files for both
    samples: dict[str, list[tuple[float, float, int]]] = {"process-gates": [], "check-jsonschema": []}
    for _ in range(repeats):
        samples["process-gates"].append(_run(ours, cwd))
        samples["check-jsonschema"].append(_run(theirs, cwd))
    return {
        tool: {"wall": statistics.median(s[0] for s in runs), "cpu": statistics.median(s[1] for s in runs)}
        for tool, runs in samples.items()
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats-one", type=int, default=15)
    parser.add_argument("--repeats-many", type=int, default=7)
    parser.add_argument("--many", type=int, default=1000)
    parser.add_argument("--write", action="store_true", help="update the figures in benchmarks/README.md")
    args = parser.parse_args()

    # Compile our modules to bytecode as `pip install` (and pre-commit's hook install) does for every
    # installed package, check-jsonschema included: an editable checkout under PYTHONDONTWRITEBYTECODE
    # would otherwise recompile every module on every run and measure the compiler, not the tool.
    import compileall
    import process_gates

    compileall.compile_dir(os.path.dirname(process_gates.__file__), quiet=1)
    shutil.rmtree(WORK, ignore_errors=True)
    one = generate(str(WORK / "one"), 1)
    many = generate(str(WORK / "many"), args.many)
    rel_one = [os.path.relpath(p, WORK) for p in one]
    rel_many = [os.path.relpath(p, WORK) for p in many]
    results = {
        "1 file": measure(rel_one, args.repeats_one, WORK),
        f"{args.many} files": measure(rel_many, args.repeats_many, WORK),
    }
    targets = {"1 file": 0.5, f"{args.many} files": 0.3}
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; median of {args.repeats_one} (1 file) and {args.repeats_many} "
        f"({args.many} files) interleaved runs. Command: `.venv/bin/python benchmarks/bench_slo_validate.py`.",
        "",
        "| input | process-gates wall | check-jsonschema wall | ratio (wall) | target | process-gates CPU | check-jsonschema CPU | ratio (CPU) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for label, r in results.items():
        ours, theirs = r["process-gates"], r["check-jsonschema"]
        ratio = ours["wall"] / theirs["wall"]
        cpu_ratio = ours["cpu"] / theirs["cpu"]
        verdict = "met" if ratio <= targets[label] else "MISSED"
        lines.append(
            f"| {label} | {ours['wall']:.3f} s | {theirs['wall']:.3f} s | {ratio:.2f}x | <= {targets[label]}x ({verdict}) "
            f"| {ours['cpu']:.3f} s | {theirs['cpu']:.3f} s | {cpu_ratio:.2f}x |"
        )
    table = "\n".join(lines)
    print(table)
    print(json.dumps(results, indent=2), file=sys.stderr)
    if args.write:
        readme = HERE / "README.md"
        text = readme.read_text("utf-8")
        begin, end = text.index(MARK_BEGIN) + len(MARK_BEGIN), text.index(MARK_END)
        readme.write_text(text[:begin] + "\n" + table + "\n" + text[end:], "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
