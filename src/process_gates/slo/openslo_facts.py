"""What the cross-file and hygiene rules need to know about OpenSLO objects, in format-neutral facts.

SLA convention (see slo/sla.py, shared with the other formats). OpenSLO has no "this is a contract"
field, so:

- an objective is an SLA when its ``displayName`` has ``SLA`` as a word of its own
  (``displayName: SLA``, ``Customer SLA 99.9``);
- a whole SLO is an SLA when its ``metadata.name`` has ``sla`` as a word (``checkout-sla``), or a label
  ``sla: "true"``, or any label value (or item of a list value) is exactly ``sla`` (``type: sla``,
  ``tier: [sla]``), or an annotation does the same with its name part (``example.com/sla: "true"``).

A document's displayName does not count: people write "SLO to see if we are above our SLA" there.
"""

from __future__ import annotations

import json
from typing import Any, Mapping

from .model import Definition, Objective, QueryPair, SloFacts, SloObject, Window
from .openslo_common import present
from .sla import is_sla, named_as_sla


def definition(obj: SloObject, kind: str) -> Definition | None:
    meta = obj.data.get("metadata")
    name = meta.get("name") if isinstance(meta, dict) else None
    if not isinstance(name, str) or not name:
        return None
    return Definition(f"openslo:{kind}", name, obj.loc("metadata", "name"))


def _label_maps(meta: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """Labels (whose values may be lists in v1) and annotations, flattened to one-pair maps."""
    maps: list[Mapping[str, Any]] = []
    for field, strip_prefix in (("labels", False), ("annotations", True)):
        entries = meta.get(field)
        if not isinstance(entries, dict):
            continue
        for key, value in entries.items():
            name = key.rsplit("/", 1)[-1] if strip_prefix else key
            for item in value if isinstance(value, list) else [value]:
                maps.append({name: item})
    return maps


def _base(obj: SloObject) -> SloFacts:
    data = obj.data
    meta = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
    name = meta.get("name")
    spec = data.get("spec") if isinstance(data.get("spec"), dict) else {}
    service = spec.get("service")
    return SloFacts(
        obj=obj,
        label=f"SLO {name!r}" if isinstance(name, str) else "SLO",
        location=obj.loc("metadata", "name") if isinstance(name, str) else obj.loc(),
        service=service if isinstance(service, str) else None,
        is_sla=is_sla([name], _label_maps(meta)),
    )


def _objective(obj: SloObject, path: tuple, objective: Mapping[str, Any], index: int) -> Objective | None:
    label = objective.get("displayName")
    label = label if isinstance(label, str) and label else f"objectives[{index}]"
    for field, scale in (("target", 1.0), ("targetPercent", 100.0)):
        value = objective.get(field)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return Objective(value / scale, obj.loc(*path, field), label, named_as_sla(objective.get("displayName")))
    return None


def _source_text(metric: Any) -> str | None:
    """A metric source as comparable text: two identical sources are the "identical queries" case."""
    source = metric.get("metricSource") if isinstance(metric, dict) else None
    if not isinstance(source, dict) or not isinstance(source.get("spec"), dict):
        return None
    spec = source["spec"]
    if set(spec) == {"query"} and isinstance(spec["query"], str):
        return f"{source.get('metricSourceRef') or source.get('type') or ''}: {spec['query']}"
    whole = {"ref": source.get("metricSourceRef"), "type": source.get("type"), "spec": spec}
    try:
        return json.dumps(whole, sort_keys=True, default=str)
    except (TypeError, ValueError):  # keys that do not sort (data built in code, not read from YAML)
        return repr(whole)


def _ratio_pair(obj: SloObject, path: tuple, sli: Any) -> QueryPair | None:
    spec = sli.get("spec") if isinstance(sli, dict) else None
    ratio = spec.get("ratioMetric") if isinstance(spec, dict) else None
    if not isinstance(ratio, dict):
        return None
    numerator_field = "good" if present(ratio, "good") else "bad"
    numerator, denominator = _source_text(ratio.get(numerator_field)), _source_text(ratio.get("total"))
    if numerator is None or denominator is None:
        return None
    return QueryPair(numerator, denominator, obj.loc(*path, "spec", "ratioMetric", key=True), numerator_field, "total")


def v1_slo_facts(obj: SloObject) -> SloFacts:
    facts = _base(obj)
    spec = obj.data.get("spec")
    if not isinstance(spec, dict):
        return facts
    pair = _ratio_pair(obj, ("spec", "indicator"), spec.get("indicator"))
    if pair:
        facts.queries.append(pair)
    objectives = spec.get("objectives")
    for i, objective in enumerate(objectives if isinstance(objectives, list) else []):
        if not isinstance(objective, dict):
            continue
        found = _objective(obj, ("spec", "objectives", i), objective, i)
        if found:
            facts.objectives.append(found)
        pair = _ratio_pair(obj, ("spec", "objectives", i, "indicator"), objective.get("indicator"))
        if pair:
            facts.queries.append(pair)
    windows = spec.get("timeWindow")
    for i, window in enumerate(windows if isinstance(windows, list) else []):
        if isinstance(window, dict) and isinstance(window.get("duration"), str):
            rolling = window.get("isRolling")
            facts.windows.append(
                Window(
                    window["duration"],
                    obj.loc("spec", "timeWindow", i, "duration"),
                    rolling=rolling if isinstance(rolling, bool) else None,
                )
            )
    policies = spec.get("alertPolicies")
    facts.has_alerting = isinstance(policies, list) and bool(policies)
    facts.alerting_location = obj.loc("spec", "alertPolicies", key=True) if "alertPolicies" in spec else obj.loc("spec", key=True)
    return facts


def v1alpha_slo_facts(obj: SloObject) -> SloFacts:
    facts = _base(obj)
    spec = obj.data.get("spec")
    if not isinstance(spec, dict):
        return facts
    objectives = spec.get("objectives")
    for i, objective in enumerate(objectives if isinstance(objectives, list) else []):
        if not isinstance(objective, dict):
            continue
        path = ("spec", "objectives", i)
        found = _objective(obj, path, objective, i)
        if found:
            facts.objectives.append(found)
        ratio = objective.get("ratioMetrics")
        if isinstance(ratio, dict):
            good, total = ratio.get("good"), ratio.get("total")
            if isinstance(good, dict) and isinstance(total, dict):
                if isinstance(good.get("query"), str) and isinstance(total.get("query"), str):
                    facts.queries.append(
                        QueryPair(good["query"], total["query"], obj.loc(*path, "ratioMetrics", key=True))
                    )
    windows = spec.get("timeWindows")
    for i, window in enumerate(windows if isinstance(windows, list) else []):
        if isinstance(window, dict) and window.get("count") is not None and isinstance(window.get("unit"), str):
            rolling = window.get("isRolling")
            facts.windows.append(
                Window(
                    f"{window['count']} {window['unit']}",
                    obj.loc("spec", "timeWindows", i),
                    rolling=rolling if isinstance(rolling, bool) else None,
                )
            )
    # v1alpha has no alerting section (and Sloth generates no alerts for OpenSLO input).
    facts.has_alerting = False
    facts.alerting_location = obj.loc("spec", key=True)
    return facts
