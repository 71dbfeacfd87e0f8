"""Path globs with the semantics users know from GitHub Actions' path filters and .gitignore.

``*`` stays within one path segment, ``**`` crosses any number of them, ``?`` is one character, ``[...]``
a class, and a leading ``!`` negates (the last matching pattern wins, as in ``paths:`` filters).
Compiled once per pattern: gates match thousands of changed paths against a handful of patterns.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import Iterable, Iterator, Sequence


@lru_cache(maxsize=1024)
def compile_glob(pattern: str) -> re.Pattern[str]:
    """Translate one glob (without a leading ``!``) to an anchored regular expression."""
    pat = pattern.lstrip("/")
    if pat.startswith("./"):
        pat = pat[2:]
    directory_only = pat.endswith("/")
    if directory_only:
        pat = pat.rstrip("/")
    out: list[str] = []
    i, n = 0, len(pat)
    while i < n:
        c = pat[i]
        if c == "*":
            if pat.startswith("**", i):
                at_start = i == 0 or pat[i - 1] == "/"
                j = i + 2
                if at_start and (j == n or pat[j] == "/"):
                    # '**/' matches zero or more whole segments; a trailing '**' matches everything below.
                    if j == n:
                        out.append(".*")
                    else:
                        out.append("(?:.*/)?")
                        j += 1
                    i = j
                    continue
                out.append(".*")
                i = j
                continue
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            end = pat.find("]", i + 2 if i + 1 < n and pat[i + 1] in "!^" else i + 1)
            if end == -1:
                out.append(re.escape(c))
            else:
                body = pat[i + 1 : end]
                if body[:1] in ("!", "^"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = end
        else:
            out.append(re.escape(c))
        i += 1
    suffix = "(?:/.*)?" if directory_only else ""
    return re.compile("".join(out) + suffix + r"\Z", re.DOTALL)


def normalize(path: str) -> str:
    path = path.replace(os.sep, "/") if os.sep != "/" else path
    while path.startswith("./"):
        path = path[2:]
    return path


def matches(path: str, patterns: Sequence[str]) -> bool:
    """True when the last pattern that matches ``path`` is not a negation."""
    path = normalize(path)
    result = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        body = pattern[1:] if negated else pattern
        if compile_glob(body).match(path):
            result = not negated
    return result


def matches_any(path: str, patterns: Iterable[str]) -> bool:
    path = normalize(path)
    return any(compile_glob(p).match(path) for p in patterns)


def walk_files(root: str, include: Sequence[str], exclude: Sequence[str] = ()) -> Iterator[str]:
    """Files below ``root`` (relative paths, sorted) that the patterns select; VCS and venv dirs skipped."""
    skip = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache"}
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in skip)
        rel_dir = os.path.relpath(dirpath, root)
        for name in filenames:
            rel = name if rel_dir == "." else normalize(os.path.join(rel_dir, name))
            if matches(rel, include) and not matches(rel, exclude):
                found.append(rel)
    yield from sorted(found)


def matching_dirs(root: str, patterns: Sequence[str]) -> list[str]:
    """Directories below ``root`` that match folder globs such as ``services/*/``."""
    skip = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__"}
    compiled = [(p.startswith("!"), compile_glob((p[1:] if p.startswith("!") else p).rstrip("/") or ".")) for p in patterns]
    found: list[str] = []
    for dirpath, dirnames, _ in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in skip)
        rel = normalize(os.path.relpath(dirpath, root))
        if rel == ".":
            continue
        selected = False
        for negated, rx in compiled:
            if rx.match(rel):
                selected = not negated
        if selected:
            found.append(rel)
    return sorted(found)
