"""OpenSLO v1 alerting: AlertPolicy, AlertCondition and AlertNotificationTarget specs, whether they are
objects of their own or inlined in an SLO's alertPolicies (go-sdk's ``alert_*.go``).

A list item here is a reference (``conditionRef: name``) or a complete inline object (kind, metadata,
spec), never a bare name: go-sdk decodes the item into a struct and rejects a string.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

from ..safe_yaml import PathKey
from .openslo_common import check_description, check_duration, check_metadata, check_name, check_operator, present
from .openslo_rules import ALERT_CONDITION, ALERT_POLICY, KIND, ONE_OF, SCHEMA, Report, field_path


def check_item(
    report: Report,
    path: PathKey,
    item: Any,
    ref_field: str,
    kind: str,
    namespace: str,
    check_inline: Callable[[Report, PathKey, Mapping[str, Any]], None],
) -> None:
    """A list item that is either ``{<ref_field>: name}`` or an inline object ``{kind, metadata, spec}``."""
    where = field_path(path)
    if isinstance(item, str):
        report.add(
            ALERT_POLICY,
            path,
            f"{where} is a bare name ({item!r}); an item is a reference or an inline {kind}",
            f"Write `- {ref_field}: {item}`.",
        )
        return
    if not isinstance(item, dict):
        if item is None:
            report.add(ALERT_POLICY, path, f"{where} is empty; write `{ref_field}: <name>` or an inline {kind}")
        return
    inline = [name for name in ("kind", "metadata", "spec") if present(item, name)]
    has_ref = present(item, ref_field)
    if has_ref and inline:
        report.add(ONE_OF, path, f"{where} sets {ref_field} and inline fields ({', '.join(inline)}); use one or the other")
    elif not has_ref and not inline:
        report.add(ONE_OF, path, f"{where} needs {ref_field} (a reference) or an inline {kind} (kind, metadata, spec)")
    if has_ref:
        ref = item[ref_field]
        if isinstance(ref, str):
            check_name(report, path + (ref_field,), ref, "reference")
            report.refer(namespace, ref, path + (ref_field,), required=True)
        return
    if not inline:
        return
    missing = [name for name in ("kind", "metadata", "spec") if name not in inline]
    if missing:
        report.add(SCHEMA, path, f"{where}: an inline {kind} misses {', '.join(missing)}")
    found = item.get("kind")
    if isinstance(found, str) and found != kind:
        report.add(KIND, path + ("kind",), f"{where}.kind is {found!r}; an inline item here is kind {kind}")
    check_metadata(report, path + ("metadata",), item.get("metadata"))
    if isinstance(item.get("spec"), dict):
        check_inline(report, path + ("spec",), item["spec"])


def check_alert_policy_spec(report: Report, path: PathKey, spec: Mapping[str, Any]) -> None:
    where = field_path(path)
    check_description(report, path, spec)
    conditions = spec.get("conditions")
    if isinstance(conditions, list) and len(conditions) > 1:
        report.add(
            ALERT_POLICY,
            path + ("conditions",),
            f"{where}.conditions has {len(conditions)} items; OpenSLO allows exactly one condition per alert policy",
            "Keep one condition and make one AlertPolicy per further condition (the list is there for future versions).",
            key=True,
        )
    for field, needs, ref_field, kind, check_inline in (
        ("conditions", "exactly one condition", "conditionRef", "AlertCondition", check_alert_condition_spec),
        ("notificationTargets", "at least one notification target", "targetRef", "AlertNotificationTarget",
         check_notification_target_spec),
    ):
        items = spec.get(field)
        if not items and (items is None or isinstance(items, list)):
            report.add(
                ALERT_POLICY,
                path + (field,) if field in spec else path,
                f"{where}.{field} is missing: an alert policy needs {needs}",
                f"Add `{field}: [{{{ref_field}: <{kind} name>}}]` or an inline {kind}.",
                key=True,
            )
        if isinstance(items, list):
            for i, item in enumerate(items):
                check_item(report, path + (field, i), item, ref_field, kind, f"openslo:{kind}", check_inline)


def check_alert_condition_spec(report: Report, path: PathKey, spec: Mapping[str, Any]) -> None:
    where = field_path(path)
    check_description(report, path, spec)
    if not spec.get("severity"):
        report.add(
            ALERT_CONDITION,
            path,
            f"{where}.severity is missing: say how urgent the alert is (for example `page` or `ticket`)",
            key=True,
        )
    condition = spec.get("condition")
    if condition is None:
        report.add(ALERT_CONDITION, path, f"{where}.condition is missing: say when to alert (a burnrate condition)", key=True)
        return
    if not isinstance(condition, dict):
        return
    cpath = path + ("condition",)
    kind = condition.get("kind")
    if kind is None:
        report.add(ALERT_CONDITION, cpath, f"{where}.condition.kind is missing: the only kind is burnrate", key=True)
        return
    if kind != "burnrate":
        if isinstance(kind, str):
            meant = "; did you mean 'burnrate'?" if kind.lower().replace("-", "").replace("_", "") == "burnrate" else ""
            report.add(ALERT_CONDITION, cpath + ("kind",), f"{where}.condition.kind {kind!r} is not a condition kind: the only kind is burnrate{meant}")
        return
    missing = [name for name in ("op", "threshold", "lookbackWindow") if condition.get(name) is None]
    if missing:
        report.add(
            ALERT_CONDITION,
            cpath,
            f"{where}.condition needs {', '.join(missing)} for a burnrate condition",
            key=True,
        )
    check_operator(report, cpath, condition, None)
    for name in ("lookbackWindow", "alertAfter"):
        check_duration(report, cpath + (name,), condition.get(name))


def check_notification_target_spec(report: Report, path: PathKey, spec: Mapping[str, Any]) -> None:
    check_description(report, path, spec)
