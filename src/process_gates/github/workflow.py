"""Workflow commands and runner files: the only way our output reaches the Actions runner.

Everything that came from a PR title, a label, a branch name or a file is hostile. The runner reads any
stdout line that starts with ``::`` (or the legacy ``##[``) as a command, so every value we print goes
through the escaping here, and values that must not appear in logs are masked first. Stdlib only: the
hooks import this module too.
"""

from __future__ import annotations

import os
from typing import IO, Mapping

SUMMARY_LIMIT = 1024 * 1024  # GitHub rejects step summaries over 1 MiB.
_TRUNCATION_NOTE = "\n\n> **Note:** this summary was truncated to stay under GitHub's 1 MiB limit.\n"


def escape_data(value: str) -> str:
    """Escape the message part of a workflow command (after the final ``::``)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a property value (``file=``, ``title=``): also ``:`` and ``,`` which delimit properties."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def neutralize_line(line: str) -> str:
    """Make a free-text line safe to print on a runner.

    The runner (actions/runner, ``ActionCommand.cs``) takes a line as a command in two ways: ``::name::``
    at the start *after trimming leading whitespace* (so a leading space protects nothing), and the
    legacy ``##[name]`` *anywhere* in the line (``##[stop-commands]token`` in a file name or a YAML key
    would silence every later annotation and output of the step). So: no line breaks or control
    characters, no ``##[`` left intact, and a visible backslash before a line that starts with ``::``.
    """
    line = line.replace("\r", "\\r").replace("\n", "\\n")
    line = "".join(c if _printable(c) else _escaped(c) for c in line)
    line = line.replace("##[", "#\\#[")
    if line.lstrip().startswith("::"):
        line = "\\" + line
    return line


def _printable(char: str) -> bool:
    """Tab and visible text; not C0/C1 controls, DEL, or the Unicode line and paragraph separators."""
    return char == "\t" or (" " <= char < "\x7f") or (char > "\x9f" and char not in "\u2028\u2029")


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def command(name: str, message: str = "", properties: Mapping[str, object] | None = None) -> str:
    props = ""
    if properties:
        rendered = ",".join(
            f"{key}={escape_property(str(value))}" for key, value in properties.items() if value not in (None, "")
        )
        if rendered:
            props = " " + rendered
    return f"::{name}{props}::{escape_data(message)}"


def annotation(
    level: str,
    message: str,
    *,
    file: str | None = None,
    line: int | None = None,
    col: int | None = None,
    end_line: int | None = None,
    end_column: int | None = None,
    title: str | None = None,
) -> str:
    """An ``::error``/``::warning``/``::notice`` line; GitHub ignores end positions it cannot use."""
    props: dict[str, object] = {}
    if file:
        props["file"] = file
        if line:
            props["line"] = line
            if end_line:
                props["endLine"] = end_line
            if col:
                props["col"] = col
                if end_column and end_line == line:
                    props["endColumn"] = end_column
    if title:
        props["title"] = title
    return command(level, message, props)


def add_mask(value: str) -> str:
    """The ``::add-mask::`` line for a secret; one per line of a multi-line secret."""
    return "\n".join(command("add-mask", part) for part in value.splitlines() if part.strip())


def _append(path: str, text: str) -> None:
    with open(path, "a", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def set_output(name: str, value: str, environ: Mapping[str, str] | None = None) -> bool:
    """Append one output to $GITHUB_OUTPUT in the delimiter form, which no value can break out of.

    The delimiter is random and checked against the value, as the runner's own toolkit does.
    Returns False when not running under a runner (no GITHUB_OUTPUT).
    """
    env = os.environ if environ is None else environ
    path = env.get("GITHUB_OUTPUT")
    if not path:
        return False
    if "\n" in name or "\r" in name or "=" in name or "<<" in name:
        raise ValueError(f"invalid output name {name!r}")
    import secrets  # lazily: it pulls in hashlib and hmac, which no hook needs

    while True:
        delimiter = f"ghadelimiter_{secrets.token_hex(16)}"
        if delimiter not in value:
            break
    _append(path, f"{name}<<{delimiter}\n{value}\n{delimiter}\n")
    return True


def append_summary(markdown: str, environ: Mapping[str, str] | None = None) -> bool:
    """Append Markdown to $GITHUB_STEP_SUMMARY, keeping the whole file under GitHub's 1 MiB limit."""
    env = os.environ if environ is None else environ
    path = env.get("GITHUB_STEP_SUMMARY")
    if not path:
        return False
    try:
        existing = os.path.getsize(path)
    except OSError:
        existing = 0
    budget = SUMMARY_LIMIT - existing
    encoded = markdown.encode("utf-8")
    if len(encoded) > budget:
        note = _TRUNCATION_NOTE.encode("utf-8")
        keep = max(0, budget - len(note))
        encoded = encoded[:keep]
        text = encoded.decode("utf-8", "ignore")
        # Do not leave half a table row or an open code fence behind.
        text = text[: text.rfind("\n") + 1] if "\n" in text else ""
        markdown = text + (_TRUNCATION_NOTE if budget >= len(note) else "")
    if markdown:
        _append(path, markdown)
    return True


def write_lines(stream: IO[str], lines: list[str]) -> None:
    for line in lines:
        stream.write(line + "\n")
