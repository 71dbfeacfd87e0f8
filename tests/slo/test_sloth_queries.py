"""The PromQL template checks behind slo.sloth.query-window and slo.sloth.query-syntax."""

from __future__ import annotations

import pytest

from process_gates.slo.sloth_queries import bracket_problem, has_window, query_problem, render


@pytest.mark.parametrize("query", ["x[{{.window}}]", "x[{{ .window }}]", "x[{{  .window}}]"])
def test_window_forms_sloth_accepts(query):
    assert has_window(query) and query_problem(query) is None


@pytest.mark.parametrize("query", ["x[5m]", "x[{{.Window}}]", "x[{{-.window}}]", "x[{{window}}]"])
def test_window_forms_sloth_rejects(query):
    assert not has_window(query)


def test_render_fills_the_window_like_sloth():
    assert render('sum(rate(x{a="b"}[{{ .window }}]))') == 'sum(rate(x{a="b"}[1m]))'


@pytest.mark.parametrize(
    "promql",
    [
        'sum(rate(x{code=~"(5..|429"}[1m]))',  # a bracket inside a string is not a bracket
        "sum(rate(x{code=~'(5..'}[1m]))",
        'sum(x{path="a\\"(b"})',  # escaped quote inside a string
        "sum(x{path=`(raw`})",
        "sum(x) # (unbalanced comment\n",
    ],
)
def test_brackets_in_strings_and_comments_are_ignored(promql):
    assert bracket_problem(promql) is None


@pytest.mark.parametrize(
    ("promql", "fragment"),
    [
        ("sum(rate(x[1m])", "parenthesis '(' at character 4 is never closed"),
        ("sum(rate(x[1m)))", "closing ')' at character 14 has no matching '('"),
        ('sum(x{a="b})', "never closed"),
        ("x{a='b'", "brace '{' at character 2 is never closed"),
    ],
)
def test_unbalanced(promql, fragment):
    problem = bracket_problem(promql)
    assert problem is not None and fragment in problem


def test_unclosed_template_action():
    assert "never closed with }}" in query_problem("x[{{.window]")
