"""How GitHub reads issue references in text: closing keywords and plain mentions (pure functions).

"Fixes #12" in a pull request body links issue 12 (closingIssuesReferences); any "#12", "acme/api#12" or
issue URL in a body or comment puts a cross-reference on issue 12's timeline.
"""

from __future__ import annotations

import re

# Closing keywords GitHub recognises in a pull request body ("Fixes #12", "closes acme/api#3").
CLOSING = re.compile(
    r"\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s*:?\s+"
    r"(?:(?P<repo>[\w.-]+/[\w.-]+)#(?P<num>\d+)|#(?P<local>\d+)|https?://[^\s/]+/(?P<urepo>[\w.-]+/[\w.-]+)/issues/(?P<unum>\d+))",
    re.IGNORECASE,
)
# Any reference to an issue in text; GitHub turns each into a cross-reference on the target's timeline.
MENTION = re.compile(
    r"(?:(?<![\w/])(?P<repo>[\w.-]+/[\w.-]+)#(?P<num>\d+)|(?<![\w/#])#(?P<local>\d+)\b"
    r"|https?://[^\s/]+/(?P<urepo>[\w.-]+/[\w.-]+)/(?:issues|pull)/(?P<unum>\d+))"
)


def _references(text: str, pattern: re.Pattern[str], repo: str) -> list[tuple[str, int]]:
    """(repository full name, number) for each reference, in order, without repeats; a bare "#12"
    refers to ``repo``."""
    found: list[tuple[str, int]] = []
    for match in pattern.finditer(text):
        if match.group("local"):
            ref = (repo, int(match.group("local")))
        elif match.group("repo"):
            ref = (match.group("repo"), int(match.group("num")))
        else:
            ref = (match.group("urepo"), int(match.group("unum")))
        if ref not in found:
            found.append(ref)
    return found


def closing_issue_refs(text: str, repo: str) -> list[tuple[str, int]]:
    return _references(text, CLOSING, repo)


def mentioned_issues(text: str, repo: str) -> list[tuple[str, int]]:
    return _references(text, MENTION, repo)
