"""The only I/O of ``postmortem lint``: which files to read, and reading them safely."""

from __future__ import annotations

import os
from typing import Iterable, Iterator

from ..config.model import PostmortemLintPolicy
from ..findings import Finding, Location
from ..globs import walk_files
from ..safe_yaml import UNREADABLE, InputError, read_text_file
from .lint import LintResult, Linter

MARKDOWN_FILES = ("**/*.md", "**/*.markdown")


def expand_paths(paths: Iterable[str], policy: PostmortemLintPolicy) -> tuple[list[str], list[Finding]]:
    """Files named on the command line are taken as given; folders are searched for Markdown files
    (minus ``exclude``); a path that does not exist is one fatal finding."""
    files: list[str] = []
    missing: list[Finding] = []
    for path in paths:
        if os.path.isdir(path):
            files.extend(os.path.join(path, rel) for rel in walk_files(path, MARKDOWN_FILES, policy.exclude))
        elif os.path.lexists(path):
            files.append(path)
        else:
            missing.append(UNREADABLE.finding("no such file or directory", Location(path)))
    return files, missing


def configured_files(policy: PostmortemLintPolicy, root: str = ".") -> list[str]:
    return list(walk_files(root, policy.files, policy.exclude))


def read_markdown(path: str, max_bytes: int) -> str:
    """The text of a file, or InputError (missing, not a regular file, too large, binary, not UTF-8)."""
    return read_text_file(path, max_bytes).decode("utf-8-sig")


def _texts(paths: Iterable[str], max_bytes: int, failures: list[Finding]) -> Iterator[tuple[str, str]]:
    for path in paths:
        try:
            yield path, read_markdown(path, max_bytes)
        except InputError as exc:
            failures.append(exc.finding())


def lint_paths(paths: Iterable[str], policy: PostmortemLintPolicy, max_bytes: int) -> LintResult:
    linter = Linter(policy)
    result = LintResult()
    failures: list[Finding] = []
    for path, text in _texts(paths, max_bytes, failures):
        result.extend(linter.lint(text, path))
    result.findings.extend(failures)
    result.files += len(failures)
    return result
