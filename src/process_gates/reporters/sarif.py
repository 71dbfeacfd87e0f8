"""SARIF 2.1.0 as GitHub code scanning accepts it (upload with github/codeql-action/upload-sarif).

Code scanning needs every result to have a location with a 1-based startLine, rules described in
``tool.driver.rules``, and stable fingerprints so that alerts survive unrelated edits.
"""

from __future__ import annotations

import hashlib
import json
from typing import IO, Any, Mapping
from urllib.parse import quote

from .. import __version__
from ..findings import Finding, Severity, lookup_rule
from . import Report

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTICE: "note"}
INFORMATION_URI = "https://github.com/process-gates/process-gates"
#: Where a finding that has no file of its own is shown: the policy that produced it.
FALLBACK_ARTIFACT = ".github/process-gates.yml"


def _rule_descriptor(rule_id: str, example: Finding) -> dict[str, Any]:
    declared = lookup_rule(rule_id)
    summary = declared.summary if declared else example.message
    hint = declared.hint if declared else example.hint
    level = _LEVEL[declared.severity if declared else example.severity]
    return {
        "id": rule_id,
        "name": "".join(part.capitalize() for part in rule_id.replace("-", ".").split(".")),
        "shortDescription": {"text": summary},
        "fullDescription": {"text": summary},
        "help": {"text": hint or summary, "markdown": hint or summary},
        "helpUri": f"{INFORMATION_URI}/blob/main/docs/rules.md#{rule_id.replace('.', '')}",
        "defaultConfiguration": {"level": level},
        "properties": {"tags": [rule_id.split(".")[0]]},
    }


def _location(f: Finding) -> dict[str, Any]:
    loc = f.location
    path = loc.path if loc and loc.path and loc.path not in ("-", ".") else FALLBACK_ARTIFACT
    region: dict[str, int] = {"startLine": max(1, loc.line or 1) if loc else 1}
    if loc and loc.column:
        region["startColumn"] = loc.column
    if loc and loc.end_line and loc.end_line >= region["startLine"]:
        region["endLine"] = loc.end_line
        if loc.end_column and (loc.end_line > region["startLine"] or loc.end_column > (loc.column or 0)):
            region["endColumn"] = loc.end_column
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": quote(path.lstrip("./") if path.startswith("./") else path), "uriBaseId": "%SRCROOT%"},
            "region": region,
        }
    }


def _fingerprint(f: Finding) -> str:
    loc = f.location
    basis = "\0".join([f.rule, loc.path if loc else "", f.message])
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:32]


def sarif_document(report: Report) -> dict[str, Any]:
    findings = report.sorted_findings
    rule_ids: list[str] = []
    examples: dict[str, Finding] = {}
    for f in findings:
        if f.rule not in examples:
            examples[f.rule] = f
            rule_ids.append(f.rule)
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    results = []
    for f in findings:
        text = f.message + (f" How to fix: {f.hint}" if f.hint else "")
        results.append(
            {
                "ruleId": f.rule,
                "ruleIndex": index[f.rule],
                "level": _LEVEL[f.severity],
                "message": {"text": text},
                "locations": [_location(f)],
                "partialFingerprints": {"processGates/v1": _fingerprint(f)},
            }
        )
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "process-gates",
                        "semanticVersion": __version__,
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule_descriptor(r, examples[r]) for r in rule_ids],
                    }
                },
                "automationDetails": {"id": f"process-gates/{report.gate}/"},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render_sarif(report: Report, stream: IO[str], environ: Mapping[str, str]) -> None:
    json.dump(sarif_document(report), stream, indent=2, ensure_ascii=False)
    stream.write("\n")
