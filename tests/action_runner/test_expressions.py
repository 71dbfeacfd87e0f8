"""The expression evaluator against the rules in GitHub's documentation ("Evaluate expressions")."""

from __future__ import annotations

import hashlib
import math
from pathlib import Path

import pytest

from action_runner.expressions import (
    ExpressionError,
    Status,
    condition_expression,
    evaluate,
    evaluate_condition,
    interpolate,
    split_template,
    to_string,
)

CONTEXTS = {
    "github": {
        "event_name": "pull_request",
        "event": {"pull_request": {"number": 7, "labels": [{"name": "Bug"}, {"name": "docs"}], "draft": False}},
        "workspace": "/nonexistent",
    },
    "inputs": {"gate": "slo-validate", "count": "3", "empty": ""},
    "steps": {"engine": {"outputs": {"python": "/venv/bin/python"}, "outcome": "success", "conclusion": "success"}},
    "env": {"NAME": "value"},
}


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("null", None),
        ("true && 'yes'", "yes"),
        ("false || 'fallback'", "fallback"),
        ("'' || 'fallback'", "fallback"),
        ("'it''s'", "it's"),
        ("0x1F", 31.0),
        ("-2.5e1", -25.0),
        ("github.event_name == 'PULL_REQUEST'", True),  # string equality ignores case
        ("github.EVENT_NAME", "pull_request"),  # so do property names
        ("github.event.pull_request.number == '7'", True),  # string coerced to number
        ("null == 0", True),
        ("'' == 0", True),
        ("true == 1", True),
        ("'abc' == 0", False),  # NaN
        ("inputs.count > 2 && inputs.count < 4", True),
        ("'b' > 'A'", True),
        ("!inputs.empty", True),
        ("github.missing.deeper", None),
        ("contains(github.event.pull_request.labels.*.name, 'bug')", True),
        ("contains('Hello world', 'WORLD')", True),
        ("startsWith(inputs.gate, 'SLO-')", True),
        ("endsWith(inputs.gate, 'validate')", True),
        ("format('{0}/{1} {{literal}}', inputs.gate, 2)", "slo-validate/2 {literal}"),
        ("join(github.event.pull_request.labels.*.name, ', ')", "Bug, docs"),
        ("join('single')", "single"),
        ("fromJSON('{\"a\": [1, 2]}').a[1]", 2.0),
        ("fromJSON('true')", True),
        ("steps.engine.outputs.python", "/venv/bin/python"),
        ("steps['engine'].outcome", "success"),
        ("github.event.pull_request.labels[0].name", "Bug"),
        ("github.event.pull_request.labels[5]", None),
    ],
)
def test_values(expression: str, expected: object) -> None:
    assert evaluate(expression, CONTEXTS) == expected


def test_to_json_is_indented_like_the_runner() -> None:
    assert evaluate("toJSON(steps.engine.outputs)", CONTEXTS) == '{\n  "python": "/venv/bin/python"\n}'
    assert evaluate("toJSON(fromJSON('[1, 2.5]'))", CONTEXTS) == "[\n  1,\n  2.5\n]"


def test_string_conversion() -> None:
    assert [to_string(v) for v in (None, True, False, 3.0, 2.5, "x", [1], {"a": 1})] == [
        "",
        "true",
        "false",
        "3",
        "2.5",
        "x",
        "Array",
        "Object",
    ]
    assert to_string(math.nan) == "NaN"


def test_interpolation_keeps_type_only_for_a_lone_expression() -> None:
    assert interpolate("${{ inputs.count > 2 }}", CONTEXTS) is True
    assert interpolate("n=${{ inputs.count }}, ok=${{ inputs.count > 2 }}", CONTEXTS) == "n=3, ok=true"
    assert interpolate("no expression", CONTEXTS) == "no expression"
    assert interpolate("${{ '}}' }}", CONTEXTS) == "}}"
    assert split_template("a${{ x }}b") == [("text", "a"), ("expr", "x"), ("text", "b")]


@pytest.mark.parametrize(
    ("condition", "expression"),
    [
        (None, "success()"),
        ("inputs.gate == 'x'", "success() && (inputs.gate == 'x')"),
        ("${{ inputs.gate == 'x' }}", "success() && (inputs.gate == 'x')"),
        ("failure() || always()", "failure() || always()"),
        ("${{ always() }}", "always()"),
        ("${{ false }} ", "success() && (false)"),
    ],
)
def test_conditions_get_the_implicit_success_check(condition: object, expression: str) -> None:
    assert condition_expression(condition) == expression


def test_status_functions_follow_the_status() -> None:
    failing = Status("failure")
    assert evaluate_condition("failure()", CONTEXTS, failing) is True
    assert evaluate_condition("true", CONTEXTS, failing) is False  # implicit success()
    assert evaluate_condition("always()", CONTEXTS, failing) is True
    assert evaluate_condition(None, CONTEXTS, Status()) is True
    assert evaluate_condition("cancelled()", CONTEXTS, Status("cancelled")) is True
    # Text around an expression makes a non-empty string: always true (GitHub's documented trap).
    assert evaluate_condition("${{ false }} and more", CONTEXTS, Status()) is True


@pytest.mark.parametrize(
    "expression",
    ["secrets.TOKEN", "nosuchfunction()", "inputs.gate ==", "(1", "1 - 1", "format('{0}')", "fromJSON('{')", "contains('a')"],
)
def test_errors_the_runner_would_raise(expression: str) -> None:
    with pytest.raises(ExpressionError):
        evaluate(expression, CONTEXTS)


def test_hash_files_hashes_each_file_then_the_digests(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("alpha")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("beta")
    contexts = {"github": {"workspace": str(tmp_path)}}
    inner = [hashlib.sha256(b"alpha").digest(), hashlib.sha256(b"beta").digest()]
    assert evaluate("hashFiles('**/*.txt')", contexts) == hashlib.sha256(b"".join(inner)).hexdigest()
    assert evaluate("hashFiles('**/*.txt', '!sub/**')", contexts) == hashlib.sha256(inner[0]).hexdigest()
    assert evaluate("hashFiles('*.none')", contexts) == ""
