"""The runner's file commands: GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STATE, GITHUB_PATH, GITHUB_STEP_SUMMARY.

Parsed as actions/runner's FileCommandManager does: ``NAME=VALUE`` lines and ``NAME<<DELIMITER`` blocks
(value = the lines up to a line that equals the delimiter exactly); a missing delimiter is an error that
fails the step, never a silent truncation.
"""

from __future__ import annotations

from pathlib import Path

FILES = {
    "GITHUB_OUTPUT": "set_output_",
    "GITHUB_ENV": "set_env_",
    "GITHUB_STATE": "save_state_",
    "GITHUB_PATH": "add_path_",
    "GITHUB_STEP_SUMMARY": "step_summary_",
}
SUMMARY_LIMIT = 1024 * 1024  # docs.github.com: each step's summary is limited to 1 MiB.


class FileCommandError(ValueError):
    """The runner would fail the step: 'Unable to process file command ... successfully'."""


def _lines(text: str) -> list[str]:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def parse_key_values(text: str, what: str = "output") -> dict[str, str]:
    result: dict[str, str] = {}
    lines = _lines(text)
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if line == "":
            continue
        eq = line.find("=")
        heredoc = line.find("<<")
        if eq >= 0 and (heredoc < 0 or eq < heredoc):
            name, value = line.split("=", 1)
            if not name:
                raise FileCommandError(f"invalid {what} format {line!r}: the name must not be empty")
            result[name] = value
        elif heredoc >= 0:
            name, delimiter = line.split("<<", 1)
            if not name or not delimiter:
                raise FileCommandError(f"invalid {what} format {line!r}: name and delimiter must not be empty")
            value_lines: list[str] = []
            while True:
                if i >= len(lines):
                    raise FileCommandError(f"invalid {what} value: matching delimiter not found {delimiter!r}")
                candidate = lines[i]
                i += 1
                if candidate == delimiter:
                    break
                value_lines.append(candidate)
            result[name] = "\n".join(value_lines)
        else:
            raise FileCommandError(f"invalid {what} format {line!r}")
    return result


def parse_path_file(text: str) -> list[str]:
    return [line for line in _lines(text) if line != ""]


def read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""


def create_files(directory: Path, suffix: str) -> dict[str, Path]:
    """Fresh, empty files for one step, named like the runner's ``_runner_file_commands``."""
    directory.mkdir(parents=True, exist_ok=True)
    created = {}
    for variable, prefix in FILES.items():
        path = directory / f"{prefix}{suffix}"
        path.write_bytes(b"")
        created[variable] = path
    return created
