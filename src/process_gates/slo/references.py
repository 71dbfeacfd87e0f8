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

UNCHECKED = rule(
    "slo.reference.unchecked",
    "notice",
    "References into a file that was not read (slo-generator's shared config with backends, exporters and "
    "error_budget_policies) could not be checked.",
    "Validate the shared config together with the SLO files, let `slo.files` match it, or set "
    "`slo.slo_generator_config` to its path.",
)

_NAMESPACE_WORDS = {
    "openslo:SLI": "SLI",
    "openslo:SLO": "SLO",
    "openslo:Service": "Service",
    "openslo:DataSource": "DataSource",
    "openslo:AlertPolicy": "AlertPolicy",
    "openslo:AlertCondition": "AlertCondition",
    "openslo:AlertNotificationTarget": "AlertNotificationTarget",
    "slo-generator:config": "slo-generator shared config",
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
    known_namespaces = {namespace for namespace, _ in known}
    unchecked: dict[tuple[str, str], list[Reference]] = {}
    for ref in references:
        if not ref.required or (ref.namespace, ref.name) in known:
            continue
        if ref.needs and ref.needs not in known_namespaces:
            unchecked.setdefault((ref.location.path, ref.needs), []).append(ref)
            continue
        findings.append(
            UNRESOLVED.finding(
                f"{ref.field} refers to {describe(ref.namespace)} {ref.name!r}, which is not defined in any SLO file",
                ref.location,
                hint=f"Define {describe(ref.namespace)} {ref.name!r} (in this file or another file matched by `slo.files`), or fix the name.",
            )
        )
    for (_, needs), refs in unchecked.items():
        names = ", ".join(f"{describe(r.namespace)} {r.name!r}" for r in refs)
        findings.append(
            UNCHECKED.finding(
                f"not checked: {names}, because no {describe(needs)} is among the files read", refs[0].location
            )
        )
    return findings


def unresolved(findings: list[Finding]) -> bool:
    """Whether some reference could not be resolved (or checked) from the given files alone, so that
    indexing the rest of the repository may help."""
    return any(f.rule in (UNRESOLVED.id, UNCHECKED.id) for f in findings)
