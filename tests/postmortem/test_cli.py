"""``process-gates postmortem lint`` end to end: exit codes, output lines, paths, configuration, and
hostile files that must cost one line, exit 2 and bounded CPU and memory."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from corecli import CPU_SECONDS_BOUND, MAX_RSS_BOUND_KB, run_cli
from pm_support import GOOD, with_section
from ruamel.yaml import YAML

PROJECT_ROOT = Path(__file__).resolve().parents[2]

BAD = with_section("Action Items", "- Add a canary gate").replace("A config deploy", "A careless config deploy")


def write(root: Path, name: str, text: str | bytes) -> str:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return name


def test_a_good_postmortem_passes(tmp_path: Path) -> None:
    write(tmp_path, "pm.md", GOOD)
    run = run_cli(["postmortem", "lint", "pm.md"], tmp_path)
    assert (run.returncode, run.stdout, run.stderr) == (0, "Postmortem lint: passed, 0 errors, 0 warnings in 1 file\n", "")


def test_findings_are_path_line_col_lines_with_hints(tmp_path: Path) -> None:
    write(tmp_path, "pm.md", BAD)
    run = run_cli(["postmortem", "lint", "pm.md"], tmp_path)
    assert run.returncode == 1
    lines = run.stdout.splitlines()
    assert lines[:3] == [
        'pm.md:5:3: error postmortem.language.blame: blaming word "careless" in "careless config deploy pointed"',
        'pm.md:23:3: error postmortem.action-item.due: action item "Add a canary gate" has no due date',
        'pm.md:23:3: error postmortem.action-item.owner: action item "Add a canary gate" has no owner',
    ]
    assert lines[3] == "how to fix:"
    assert lines[-1] == "Postmortem lint: failed, 3 errors, 0 warnings in 1 file"


def test_json_output_and_suppression_notes(tmp_path: Path) -> None:
    text = BAD.replace("- Add a canary gate", '- Add a canary gate (@bob) <!-- process-gates: allow due "date lives in OPS-7" -->')
    write(tmp_path, "pm.md", text)
    run = run_cli(["--format", "json", "postmortem", "lint", "pm.md"], tmp_path)
    assert run.returncode == 1
    report = json.loads(run.stdout)
    assert report["gate"] == "postmortem-lint"
    assert [f["rule"] for f in report["findings"]] == ["postmortem.language.blame"]
    assert report["notes"] == ["suppressed postmortem.action-item.due at pm.md:23:3: date lives in OPS-7"]
    assert report["outputs"]["suppressed"] == "1"


def test_folders_are_searched_and_readmes_and_templates_skipped(tmp_path: Path) -> None:
    write(tmp_path, "postmortems/2024/a.md", GOOD)
    write(tmp_path, "postmortems/README.md", "# Index\n")
    write(tmp_path, "postmortems/Postmortem template.md", "# T\n\n## Summary\n\nTBD\n")
    write(tmp_path, "postmortems/notes.txt", "not markdown")
    run = run_cli(["postmortem", "lint", "postmortems"], tmp_path)
    assert (run.returncode, run.stdout) == (0, "Postmortem lint: passed, 0 errors, 0 warnings in 1 file\n")


def test_without_paths_the_configured_globs_are_used(tmp_path: Path) -> None:
    write(tmp_path, "docs/incidents/bad.md", BAD)
    write(tmp_path, "docs/retro.md", BAD)
    run = run_cli(["postmortem", "lint"], tmp_path)
    assert run.returncode == 1
    assert {line.split(":")[0] for line in run.stdout.splitlines() if " error " in line} == {"docs/incidents/bad.md"}
    write(tmp_path, ".github/process-gates.yml", "postmortem:\n  lint:\n    files: ['docs/*.md']\n")
    run = run_cli(["postmortem", "lint"], tmp_path)
    assert {line.split(":")[0] for line in run.stdout.splitlines() if " error " in line} == {"docs/retro.md"}
    assert "note: files from postmortem.lint.files: docs/*.md" in run.stdout.splitlines()


def test_nothing_to_lint_says_so(tmp_path: Path) -> None:
    run = run_cli(["postmortem", "lint"], tmp_path)
    assert run.returncode == 0
    assert "note: no postmortems matched; nothing to lint" in run.stdout.splitlines()


def test_warn_mode_and_rule_overrides(tmp_path: Path) -> None:
    write(tmp_path, "pm.md", BAD)
    write(tmp_path, "warn.yml", "postmortem:\n  lint:\n    mode: warn\n")
    run = run_cli(["--config", "warn.yml", "postmortem", "lint", "pm.md"], tmp_path)
    assert run.returncode == 0
    assert run.stdout.splitlines()[-1] == "Postmortem lint: passed, 0 errors, 3 warnings in 1 file"
    write(tmp_path, "rules.yml", "rules:\n  postmortem.action-item.due: 'off'\n  postmortem.action-item.owner: 'off'\n  postmortem.language.blame: notice\n")
    run = run_cli(["--config", "rules.yml", "postmortem", "lint", "pm.md"], tmp_path)
    assert run.returncode == 0
    assert run.stdout.splitlines()[0].startswith("pm.md:5:3: notice postmortem.language.blame: ")


def test_configured_sections_types_and_words(tmp_path: Path) -> None:
    write(tmp_path, "pm.md", GOOD.replace("## Impact", "## Stats"))
    write(
        tmp_path,
        "pg.yml",
        "postmortem:\n  lint:\n    sections:\n      aliases: {Impact: [Stats]}\n    action_items:\n      types: [Prevent]\n"
        "    language:\n      blame_words: [retired]\n",
    )
    run = run_cli(["--config", "pg.yml", "postmortem", "lint", "pm.md"], tmp_path)
    assert run.returncode == 1
    assert [line.split(": ")[1].split()[1] for line in run.stdout.splitlines() if re.match(r"pm\.md:\d+", line)] == [
        "postmortem.language.blame",  # "a retired gateway endpoint" in the summary
        "postmortem.language.blame",  # "The endpoint was retired" in the root causes
        "postmortem.action-item.type",
    ]


def test_a_broken_postmortem_section_fails_closed(tmp_path: Path) -> None:
    write(tmp_path, "pm.md", GOOD)
    write(tmp_path, "pg.yml", "postmortem:\n  lint:\n    sections:\n      requried: [Summary]\n")
    run = run_cli(["--config", "pg.yml", "postmortem", "lint", "pm.md"], tmp_path)
    assert run.returncode == 2
    assert run.stdout.splitlines()[0] == (
        "pg.yml:4:7: error config.schema: postmortem.lint.sections.requried: unknown field 'requried' (did you mean 'required'?)"
    )


# --- bad and hostile input ------------------------------------------------------------------------------


def _fifo(root: Path) -> str:
    os.mkfifo(root / "pipe.md")
    return "pipe.md"


@pytest.mark.parametrize(
    ("make", "line"),
    [
        (lambda root: "missing.md", "missing.md: error input.unreadable: no such file or directory"),
        (lambda root: write(root, "bin.md", b"# T\n\x00\x01"), "bin.md:2:1: error input.binary: binary content (NUL byte); expected a text file"),
        (lambda root: write(root, "latin.md", "# Café\n".encode("latin-1")), "latin.md:1:6: error input.encoding: not valid UTF-8 (byte 0xe9); save the file as UTF-8"),
        (lambda root: write(root, "utf16.md", "# T\n".encode("utf-16")), "utf16.md:1:1: error input.encoding: file is UTF-16 encoded; save it as UTF-8"),
        (lambda root: write(root, "big.md", "# T\n" + "x" * 2000), "big.md: error input.too-large: file is 2004 bytes, over the limit of 1024 bytes"),
        (_fifo, "pipe.md: error input.unreadable: not a regular file (it is a named pipe)"),
    ],
    ids=["missing", "binary", "latin-1", "utf-16", "too-large", "fifo"],
)
def test_unreadable_input_is_one_line_and_exit_2(make, line: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    name = make(tmp_path)
    write(tmp_path, "pg.yml", "limits:\n  max_file_bytes: 1024\n")
    write(tmp_path, "good.md", GOOD.replace("18% of checkout", "18% of"))
    run = run_cli(["--config", "pg.yml", "postmortem", "lint", name], tmp_path, timeout=20)
    assert run.returncode == 2, run.output
    assert run.stdout.splitlines()[0] == line
    assert len([out for out in run.stdout.splitlines() if " error " in out]) == 1
    assert "Traceback" not in run.output


HOSTILE = {
    "deep-list": "".join("  " * i + "- item\n" for i in range(900)),
    "wide-table": "| " + " | ".join("c" for _ in range(20000)) + " |\n|" + "---|" * 20000 + "\n" + "| x " * 20000 + "|\n",
    "pipes": "## Timeline\n" + "|" * 900_000 + "\n",
    "open-comments": "<!--" * 200_000,
    "backticks": "## Root Causes\n" + "`a " * 300_000,
    "brackets": "## Action Items\n- " + "[Ab, " * 150_000 + "\n",
    "names": "## Root Causes\n" + "John and " * 100_000 + "\n",
    "phrases": "## Root Causes\n" + "should have should have " * 30_000 + "\n",
    "tags": "## Impact\n" + "<a " * 300_000 + "\n",
    "headings": "## Timeline\n" * 80_000,
    "times": "## Timeline\n" + "- 23:59 x\n- 00:01 y\n" * 25_000,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_markdown_costs_bounded_time_and_memory(name: str, tmp_path: Path) -> None:
    write(tmp_path, "pm.md", HOSTILE[name])
    run = run_cli(["postmortem", "lint", "pm.md"], tmp_path, timeout=60)
    assert not run.timed_out
    assert run.returncode in (0, 1), run.output[-2000:]
    assert "Traceback" not in run.output and "internal error" not in run.output
    assert run.cpu_seconds < CPU_SECONDS_BOUND, f"{name}: {run.cpu_seconds:.2f} s CPU"
    assert run.max_rss_kb < MAX_RSS_BOUND_KB, f"{name}: {run.max_rss_kb} kB"


# --- the hook's files pattern ----------------------------------------------------------------------------

SAMPLE_PATHS = [
    "postmortems/2024-01-01-outage.md",
    "docs/postmortem/x.md",
    "post-mortems/deep/er/y.md",
    "incidents/z.md",
    "team/incident/z.md",
    "postmortems/README.md",
    "postmortems/TEMPLATE.md",
    "postmortems/Postmortem template.md",
    "postmortems/sub/my-template-v2.md",
    "postmortems/a.markdown",
    "postmortems.md",
    "mypostmortems/a.md",
    "docs/retro.md",
    "incidents/data.json",
]


def test_postmortem_lint_files_pattern_mirrors_the_default_globs() -> None:
    from process_gates.config.model import DEFAULT_POSTMORTEM_EXCLUDE, DEFAULT_POSTMORTEM_FILES
    from process_gates.globs import matches

    hooks = YAML(typ="safe", pure=True).load((PROJECT_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [hook] = [h for h in hooks if h["id"] == "postmortem-lint"]
    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])
    for path in SAMPLE_PATHS:
        by_hook = bool(files.search(path)) and not exclude.search(path)
        by_config = matches(path, DEFAULT_POSTMORTEM_FILES) and not matches(path, DEFAULT_POSTMORTEM_EXCLUDE)
        assert by_hook == by_config, path
