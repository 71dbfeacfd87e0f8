"""Helpers for the OpenSLO tests: evaluate YAML text purely, or run the real command line."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from process_gates.cli import main
from process_gates.config import SloPolicy
from process_gates.safe_yaml import load_bytes
from process_gates.slo.loading import classify
from process_gates.slo.model import FormatResult
from process_gates.slo.validate import evaluate_objects


@dataclass(frozen=True)
class Seen:
    """A finding reduced to what the tests assert on."""

    rule: str
    severity: str
    line: int | None
    column: int | None
    message: str


def evaluate(*texts: str, policy: SloPolicy = SloPolicy(require_alerting=False)) -> tuple[list[Seen], FormatResult]:
    """Every rule (format, references, hygiene) over YAML texts, each its own file, without I/O.

    Alerting is not required by default here, so that a unit test sees only the rule it is about."""
    objects = []
    seen: list[Seen] = []
    for i, text in enumerate(texts):
        for doc in load_bytes(text, f"file{i}.yaml"):
            found, problems = classify(doc)
            objects.extend(found)
            seen.extend(_seen(f) for f in problems)
    result = evaluate_objects(objects, policy)
    seen.extend(_seen(f) for f in result.findings)
    return seen, result


def _seen(f) -> Seen:
    loc = f.location
    return Seen(f.rule, f.severity.value, loc.line if loc else None, loc.column if loc else None, f.message)


def only(seen: list[Seen], rule: str | None = None) -> Seen:
    """The one finding (of ``rule``); fails listing every finding when there is not exactly one."""
    matching = [s for s in seen if rule is None or s.rule == rule]
    assert len(matching) == 1, f"expected one {rule or 'finding'}, got {seen}"
    return matching[0]


def run_cli(capsys, *paths: str) -> tuple[int, list[dict]]:
    """``process-gates --format json slo validate PATHS`` through the real entry point."""
    code = main(["--format", "json", "slo", "validate", *paths])
    document = json.loads(capsys.readouterr().out)
    return code, document["findings"]


def line_of(path: str | Path, line: int) -> str:
    return Path(path).read_text(encoding="utf-8").splitlines()[line - 1]
