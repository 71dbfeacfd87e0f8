"""Cheap, certain checks of Sloth's PromQL query templates, without a PromQL parser.

Sloth renders each query as a Go template with ``window`` set and then parses it as PromQL
(``pkg/common/validation``). We do not ship a PromQL parser (it would cost more start-up time than the
whole hook may spend), so we check what can be checked exactly and fails most often in review: the
``{{.window}}`` variable Sloth requires (matched with Sloth's own regex), template actions that Sloth
cannot fill, and brackets or quotes that never close.
"""

from __future__ import annotations

import re

#: Sloth's conventions.TplWindowRegex, verbatim.
WINDOW = re.compile(r"{{ *\.window *}}")
_ACTION = re.compile(r"{{(.*?)}}", re.DOTALL)
_WINDOW_ACTION = re.compile(r"^-? *\.window *-?$")
_PAIRS = {")": "(", "]": "[", "}": "{"}
_NAMES = {"(": "parenthesis", "[": "bracket", "{": "brace"}


def has_window(query: str) -> bool:
    return WINDOW.search(query) is not None


def template_problem(query: str) -> str | None:
    """Why Sloth's Go template step would fail or render nonsense, or None."""
    for match in _ACTION.finditer(query):
        inner = match.group(1).strip()
        if not _WINDOW_ACTION.match(inner):
            return (
                f"template action {{{{{match.group(1)}}}}} is not one Sloth fills: the only variable it "
                "provides is {{.window}}"
            )
    rest = _ACTION.sub("", query)
    if "{{" in rest:
        return "a template action opened with {{ is never closed with }}"
    return None


def render(query: str) -> str:
    """The query as Sloth renders it for validation (window = 1m)."""
    return _ACTION.sub("1m", query)


def bracket_problem(promql: str) -> str | None:
    """The first unbalanced bracket or unterminated string of a PromQL expression, or None.

    Strings ("...", '...' with backslash escapes, `...` raw) and ``#`` comments are skipped, as PromQL's
    lexer does, so that a regex like ``code=~"(5..|429)"`` never counts as a bracket.
    """
    stack: list[tuple[str, int]] = []
    i = 0
    n = len(promql)
    while i < n:
        c = promql[i]
        if c in "\"'`":
            end = _string_end(promql, i)
            if end is None:
                return f"the string starting at character {i + 1} ({promql[i:i + 20]!r}...) is never closed"
            i = end + 1
            continue
        if c == "#":
            newline = promql.find("\n", i)
            i = n if newline == -1 else newline + 1
            continue
        if c in "([{":
            stack.append((c, i))
        elif c in ")]}":
            if not stack or stack[-1][0] != _PAIRS[c]:
                return f"the closing {c!r} at character {i + 1} has no matching {_PAIRS[c]!r}"
            stack.pop()
        i += 1
    if stack:
        opener, at = stack[-1]
        return f"the {_NAMES[opener]} {opener!r} at character {at + 1} is never closed"
    return None


def _string_end(text: str, start: int) -> int | None:
    quote = text[start]
    i = start + 1
    while i < len(text):
        c = text[i]
        if c == "\\" and quote != "`":
            i += 2
            continue
        if c == quote:
            return i
        if c == "\n" and quote != "`":
            return None
        i += 1
    return None


def query_problem(query: str) -> str | None:
    """Template or bracket trouble in a Sloth query, described for a person; None when it looks sound."""
    problem = template_problem(query)
    if problem:
        return problem
    return bracket_problem(render(query))
