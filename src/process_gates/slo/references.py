"""Across files: every reference resolves, and no name is defined twice."""

from __future__ import annotations

from ..findings import Finding, rule
from .model import Definition, Reference

UNRESOLVED = rule(
    "slo.reference.unresolved",
    "error",
    "A reference (indicatorRef, alertPolicyRef, conditionRef, targetRef, metricSourceRef, a service, "
    "an slo-generator backend or policy) names an object that exists in none of the SLO files.",
    "Define the referenced object (in this file or another file matched by `slo.files`), or fix the name.",
)
DUPLICATE = rule(
    "slo.name.duplicate",
    "error",
    "Two objects of the same kind share a name, so references to it are ambiguous.",
    "Rename one of them; names must be unique per kind (per service for Sloth SLOs).",
)

_NAMESPACE_WORDS = {
    "openslo:SLI": "SLI",
    "openslo:SLO": "SLO",
    "openslo:Service": "Service",
    "openslo:DataSource": "DataSource",
    "openslo:AlertPolicy": "AlertPolicy",
    "openslo:AlertCondition": "AlertCondition",
    "openslo:AlertNotificationTarget": "AlertNotificationTarget",
}


def describe(namespace: str) -> str:
    return _NAMESPACE_WORDS.get(namespace, namespace.split(":", 1)[-1])


def check_references(
    definitions: list[Definition], references: list[Reference], extra: list[Definition] = ()
) -> list[Finding]:
    findings: list[Finding] = []
    first: dict[tuple[str, str, str], Definition] = {}
    for d in definitions:
        key = (d.namespace, d.scope, d.name)
        if key in first:
            prior = first[key].location
            where = f"{prior.path}:{prior.line}" if prior.path != d.location.path else f"line {prior.line}"
            scope = f" in {d.scope}" if d.scope else ""
            findings.append(
                DUPLICATE.finding(f"{describe(d.namespace)} {d.name!r}{scope} is already defined at {where}", d.location)
            )
        else:
            first[key] = d
    known = {(d.namespace, d.name) for d in definitions} | {(d.namespace, d.name) for d in extra}
    for ref in references:
        if not ref.required or (ref.namespace, ref.name) in known:
            continue
        findings.append(
            UNRESOLVED.finding(
                f"{ref.field} refers to {describe(ref.namespace)} {ref.name!r}, which is not defined in any SLO file",
                ref.location,
                hint=f"Define {describe(ref.namespace)} {ref.name!r} (in this file or another file matched by `slo.files`), or fix the name.",
            )
        )
    return findings


def unresolved(findings: list[Finding]) -> bool:
    return any(f.rule == UNRESOLVED.id for f in findings)
