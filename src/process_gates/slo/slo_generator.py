"""slo-generator: ``sre.google.com/v2`` ServiceLevelObjective files, the shared config, and legacy v1 files.

An SLO names its backend, exporters and error-budget policy by key; slo-generator looks them up in a
separate shared config (``config.yaml``: ``backends``, ``exporters``, ``error_budget_policies``,
``default_exporters``) and stops, or silently skips an exporter, when a key is missing
(``slo_generator/utils.py``). We report those references, resolved against every shared config read in
the same run or found through ``slo.files`` / ``slo.slo_generator_config``. When no shared config was
read at all, a missing key is unknowable rather than wrong, so the references are only reported as
unchecked (a notice, ``slo.reference.unchecked``), never as errors.

Alerting: slo-generator computes burn rates per policy step and sends them through exporters; an SLO has
alerting when its policy has a step with ``alert: true`` and it has an exporter (its own or a default
one). Without the shared config this is unknowable and assumed present, so that no warning is guessed.

Legacy v1 files (top-level ``service_name``/``slo_name``/``backend``) are not read by slo-generator 2.x:
its ``compute`` loads only documents whose ``kind`` is ``ServiceLevelObjective``; ``slo-generator
migrate`` converts them. We report them as errors so that a silently ignored SLO cannot pass a gate.

The shared config's own checks live in ``slo_generator_config.py``, the rules in ``slo_generator_rules.py``.
"""

from __future__ import annotations

import json
from typing import Any

from ..config import SloPolicy
from ..findings import Finding, Severity
from . import sla
from .common_rules import TARGET_RANGE
from .model import (
    SLO_GENERATOR_CONFIG,
    SLO_GENERATOR_V1,
    SLO_GENERATOR_V2,
    Definition,
    FormatResult,
    Objective,
    QueryPair,
    Reference,
    SloFacts,
    SloObject,
)
from .slo_generator_config import check_config
from .slo_generator_rules import (
    ALERTING_POLICY_NAMESPACE,
    BACKEND_NAMESPACE,
    CONFIG_NAMESPACE,
    DEFAULT_EXPORTER_NAMESPACE,
    EXPORTER_NAMESPACE,
    LEGACY_V1,
    POLICY_NAMESPACE,
    SLI,
    SLO_NAMESPACE,
    closest,
    schema_findings,
)
from .slo_generator_schema import GOOD_BAD_PREFIXES, METHODS, SLO_VALIDATOR, provider_type


def check(obj: SloObject, policy: SloPolicy) -> FormatResult:
    if obj.format == SLO_GENERATOR_CONFIG:
        return check_config(obj)
    if obj.format == SLO_GENERATOR_V1:
        return _check_v1(obj)
    assert obj.format == SLO_GENERATOR_V2, obj.format
    return _check_slo(obj)


def link(result: FormatResult, extra: list[Definition]) -> list[Finding]:
    """Complete each v2 SLO's alerting fact from the shared config's policies, once all files are read."""
    definitions = result.definitions + list(extra)
    if not any(d.namespace == CONFIG_NAMESPACE for d in definitions):
        return []
    alerting = {d.name for d in definitions if d.namespace == ALERTING_POLICY_NAMESPACE}
    has_defaults = any(d.namespace == DEFAULT_EXPORTER_NAMESPACE for d in definitions)
    for facts in result.slos:
        if facts.obj.format != SLO_GENERATOR_V2:
            continue
        spec = facts.obj.data.get("spec")
        if not isinstance(spec, dict):
            continue
        policy = spec.get("error_budget_policy", "default")
        exporters = spec.get("exporters")
        facts.has_alerting = policy in alerting and (bool(exporters) or has_defaults)
    return []


# --- legacy v1 ------------------------------------------------------------------------------------------


def _check_v1(obj: SloObject) -> FormatResult:
    data = obj.data
    name = "-".join(str(data.get(k)) for k in ("service_name", "feature_name", "slo_name") if data.get(k) is not None)
    return FormatResult(
        findings=[
            LEGACY_V1.finding(
                f"slo-generator v1 SLO config{f' {name!r}' if name else ''} (top-level slo_name/backend): "
                "slo-generator 2.x only reads `apiVersion: sre.google.com/v2` `kind: ServiceLevelObjective` "
                "documents and skips this one, so this SLO is never computed",
                obj.loc(),
            )
        ]
    )


# --- v2 SLO ---------------------------------------------------------------------------------------------


def _check_slo(obj: SloObject) -> FormatResult:
    data = obj.data
    result = FormatResult(findings=schema_findings(obj, SLO_VALIDATOR.errors(data)))
    metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
    spec = data.get("spec")
    name = metadata.get("name") if isinstance(metadata.get("name"), str) and metadata.get("name") else None
    labels = metadata.get("labels") if isinstance(metadata.get("labels"), dict) else {}
    if name is not None:
        result.definitions.append(Definition(SLO_NAMESPACE, name, obj.loc("metadata", "name")))
    if not isinstance(spec, dict):
        return result
    label = f"SLO '{name or '?'}'"
    is_sla = sla.is_sla([name, labels.get("slo_name")], [labels])
    facts = SloFacts(
        obj=obj,
        label=label,
        location=obj.loc("metadata", "name") if name else obj.loc(),
        has_alerting=True,  # unknowable without the shared config; link() decides when it is read
        alerting_location=(
            obj.loc("spec", "error_budget_policy") if "error_budget_policy" in spec else obj.loc("spec", key=True)
        ),
        service=str(labels["service_name"]) if labels.get("service_name") is not None else None,
        is_sla=is_sla,
    )
    goal = spec.get("goal")
    if isinstance(goal, (int, float)) and not isinstance(goal, bool):
        if 0 < goal < 1:
            facts.objectives.append(Objective(float(goal), obj.loc("spec", "goal"), label=name or "", is_sla=is_sla))
        else:
            hint = f"Write `goal: {goal / 100:g}` for {goal:g}%." if 1 < goal <= 100 else None
            result.findings.append(
                TARGET_RANGE.finding(
                    f"{label}: goal {goal:g} is outside (0, 1); slo-generator goals are fractions (0.999 means 99.9%)",
                    obj.loc("spec", "goal"),
                    hint=hint,
                )
            )
    result.findings.extend(_method_findings(obj, spec, label, facts))
    result.slos.append(facts)
    result.references.extend(_references(obj, spec))
    return result


def _references(obj: SloObject, spec: dict) -> list[Reference]:
    refs: list[Reference] = []
    backend = spec.get("backend")
    if isinstance(backend, str) and backend:
        refs.append(
            Reference(BACKEND_NAMESPACE, backend, obj.loc("spec", "backend"), "spec.backend", needs=CONFIG_NAMESPACE)
        )
    exporters = spec.get("exporters")
    if isinstance(exporters, list):
        for i, exporter in enumerate(exporters):
            if isinstance(exporter, str) and exporter:
                refs.append(
                    Reference(
                        EXPORTER_NAMESPACE,
                        exporter,
                        obj.loc("spec", "exporters", i),
                        f"spec.exporters[{i}]",
                        needs=CONFIG_NAMESPACE,
                    )
                )
    if "error_budget_policy" in spec:
        policy = spec["error_budget_policy"]
        if isinstance(policy, str) and policy:
            refs.append(
                Reference(
                    POLICY_NAMESPACE,
                    policy,
                    obj.loc("spec", "error_budget_policy"),
                    "spec.error_budget_policy",
                    needs=CONFIG_NAMESPACE,
                )
            )
    else:
        refs.append(
            Reference(
                POLICY_NAMESPACE,
                "default",
                obj.loc("spec", key=True),
                "spec.error_budget_policy (absent, so 'default')",
                needs=CONFIG_NAMESPACE,
            )
        )
    return refs


def _method_findings(obj: SloObject, spec: dict, label: str, facts: SloFacts) -> list[Finding]:
    backend = spec.get("backend")
    method = spec.get("method")
    sli = spec.get("service_level_indicator")
    if not isinstance(backend, str) or not isinstance(method, str) or not isinstance(sli, dict):
        return []
    kind = provider_type(backend)
    if kind is None:
        return []  # a custom backend class defines its own methods and fields
    out: list[Finding] = []
    documented = METHODS.get(kind)
    if documented is not None and method not in documented:
        out.append(
            SLI.finding(
                f"{label}: the {kind} backend has no method {method!r} (it provides {', '.join(sorted(documented))})"
                f"{closest(method, sorted(documented))}",
                obj.loc("spec", "method"),
            )
        )
        return out
    needs = documented.get(method) if documented is not None else ("" if method == "good_bad_ratio" else None)
    if isinstance(needs, tuple):
        missing = [f for f in needs if f not in sli]
        if missing:
            out.append(
                SLI.finding(
                    f"{label}: method {method} of the {kind} backend reads service_level_indicator."
                    + " and ".join(missing)
                    + ", which is missing",
                    obj.loc("spec", "service_level_indicator", key=True),
                )
            )
    elif isinstance(needs, str):
        out.extend(_good_bad(obj, sli, needs, label, facts))
    return out


def _good_bad(obj: SloObject, sli: dict, prefix: str, label: str, facts: SloFacts) -> list[Finding]:
    """A good_bad_ratio SLI needs `<prefix>good` and `<prefix>bad` or `<prefix>valid` (bad wins if both)."""
    prefixes = (prefix,) if prefix else GOOD_BAD_PREFIXES
    found = next((p for p in prefixes if p + "good" in sli), None)
    sli_loc = obj.loc("spec", "service_level_indicator", key=True)
    if found is None:
        if not prefix:
            return []  # an unlisted backend with other field names: nothing certain to say
        return [
            SLI.finding(
                f"{label}: method good_bad_ratio reads service_level_indicator.{prefix}good, which is missing",
                sli_loc,
            )
        ]
    bad, valid = found + "bad", found + "valid"
    if bad not in sli and valid not in sli:
        return [
            SLI.finding(
                f"{label}: method good_bad_ratio needs service_level_indicator.{bad} or .{valid} beside {found}good",
                sli_loc,
            )
        ]
    out: list[Finding] = []
    if bad in sli and valid in sli:
        out.append(
            SLI.finding(
                f"{label}: both {bad} and {valid} are set; slo-generator uses {bad} and ignores {valid}",
                obj.loc("spec", "service_level_indicator", valid, key=True),
                severity=Severity.WARNING,
                hint=f"Keep one of {bad} and {valid}.",
            )
        )
    other = bad if bad in sli else valid
    facts.queries.append(
        QueryPair(
            _text(sli[found + "good"]),
            _text(sli[other]),
            obj.loc("spec", "service_level_indicator", key=True),
            numerator_field=found + "good",
            denominator_field=other,
        )
    )
    return out


def _text(query: Any) -> str:
    """A query as comparable text: Elasticsearch and Dynatrace queries are mappings, not strings."""
    return query if isinstance(query, str) else json.dumps(query, sort_keys=True, default=str)
