"""OpenSLO v1: the rules of every kind beyond its shape, as the reference SDK (go-sdk) enforces them.

Where go-sdk and the spec text differ, go-sdk wins (it is what ``oslo validate`` runs), except where the
spec is stricter and the looser reading would hide a real mistake:

- time-slice fields are rejected where the budgeting method ignores them (go-sdk ignores them silently:
  an Occurrences SLO with a timeSliceWindow is someone who thinks they have time slices);
- a metric source without ``metricSourceRef`` must say its ``type`` (the spec says so; go-sdk does not check);
- in a composite SLO every objective needs its own indicator (go-sdk only checks the ones that have one).
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

from ..safe_yaml import PathKey
from .openslo_alerting import (
    check_alert_condition_spec,
    check_alert_policy_spec,
    check_item,
    check_notification_target_spec,
)
from .openslo_common import (
    RATIO,
    THRESHOLD,
    check_calendar,
    check_description,
    check_duration,
    check_metadata,
    check_name,
    check_operator,
    is_number,
    present,
    refer_to_service,
)
from .openslo_rules import (
    COMPOSITE_WEIGHT,
    METRIC_SOURCE,
    ONE_OF,
    SCHEMA,
    TARGET_RANGE,
    TIME_SLICES,
    TIME_WINDOW,
    Report,
    field_path,
)


def check_spec(report: Report, kind: str, spec: Any) -> None:
    """Semantic rules of one v1 object's spec (its shape has been checked already)."""
    if not isinstance(spec, dict):
        return
    path: PathKey = ("spec",)
    _SPEC_CHECKS[kind](report, path, spec)


# --- SLI -----------------------------------------------------------------------------------------------------


def check_sli_spec(report: Report, path: PathKey, spec: Mapping[str, Any]) -> str | None:
    """Returns the SLI's kind (threshold or ratio) when it has exactly one, for the objectives' rules."""
    check_description(report, path, spec)
    threshold, ratio = present(spec, "thresholdMetric"), present(spec, "ratioMetric")
    if threshold and ratio:
        report.add(ONE_OF, path, f"{field_path(path)} sets both thresholdMetric and ratioMetric; an SLI is one or the other", key=True)
    elif not threshold and not ratio:
        report.add(
            ONE_OF,
            path,
            f"{field_path(path)} has neither thresholdMetric nor ratioMetric: say how the SLI is measured",
            key=True,
        )
    if threshold:
        _check_metric(report, path + ("thresholdMetric",), spec["thresholdMetric"])
    if ratio and isinstance(spec["ratioMetric"], dict):
        _check_ratio(report, path + ("ratioMetric",), spec["ratioMetric"])
    if threshold != ratio:
        return THRESHOLD if threshold else RATIO
    return None


def _check_ratio(report: Report, path: PathKey, ratio: Mapping[str, Any]) -> None:
    where = field_path(path)
    numerators = [name for name in ("good", "bad") if present(ratio, name)]
    total, raw = present(ratio, "total"), present(ratio, "raw")
    if len(numerators) == 2:
        report.add(ONE_OF, path, f"{where} sets both good and bad; use good with total, or bad with total", key=True)
    if raw and numerators:
        report.add(
            ONE_OF,
            path,
            f"{where} sets raw together with {' and '.join(numerators)}: raw is a precomputed ratio and stands alone",
            key=True,
        )
    if total and raw:
        report.add(ONE_OF, path, f"{where} sets both total and raw; use good/bad with total, or raw alone", key=True)
    elif not total and not raw:
        report.add(ONE_OF, path, f"{where} needs total (with good or bad) or raw (with rawType)", key=True)
    elif total and not numerators:
        report.add(ONE_OF, path, f"{where} has total but neither good nor bad to divide by it", key=True)
    raw_type = ratio.get("rawType")
    if raw and raw_type is None:
        report.add(ONE_OF, path, f"{where} has raw but no rawType: say whether the ratio counts successes or failures", key=True)
    elif raw_type is not None and not raw:
        report.add(ONE_OF, path + ("rawType",), f"{where}.rawType only applies to raw; remove it", key=True)
    elif isinstance(raw_type, str) and raw_type not in ("success", "failure"):
        report.add(
            SCHEMA,
            path + ("rawType",),
            f"{where}.rawType must be 'success' or 'failure', not {raw_type!r}",
        )
    for name in ("good", "bad", "total", "raw"):
        if present(ratio, name):
            _check_metric(report, path + (name,), ratio[name])


def _check_metric(report: Report, path: PathKey, metric: Any) -> None:
    source = metric.get("metricSource") if isinstance(metric, dict) else None
    if not isinstance(source, dict):
        return
    where = path + ("metricSource",)
    ref = source.get("metricSourceRef")
    if isinstance(ref, str) and ref:
        check_name(report, where + ("metricSourceRef",), ref, "reference")
        # DataSource objects are optional: the reference SDK does not resolve metricSourceRef when it
        # inlines references (go-sdk/v1_slo.yaml, valid with its inlined references, names a DataSource
        # that no file defines), and the data source usually lives in the SLO platform itself.
        report.refer("openslo:DataSource", ref, where + ("metricSourceRef",), required=False)
    elif not source.get("type"):
        report.add(
            METRIC_SOURCE,
            where,
            f"{field_path(where)} has neither type nor metricSourceRef: say which data source to query",
            key=True,
        )
    spec = source.get("spec")
    if isinstance(spec, dict) and not spec:
        report.add(METRIC_SOURCE, where + ("spec",), f"{field_path(where)}.spec is empty: put the query under it", key=True)


# --- SLO -----------------------------------------------------------------------------------------------------


def check_slo_spec(report: Report, path: PathKey, spec: Mapping[str, Any]) -> None:
    check_description(report, path, spec)
    refer_to_service(report, path, spec)
    objectives = spec.get("objectives")
    objectives = [o for o in objectives] if isinstance(objectives, list) else []
    composite = any(present(o, "indicator") or present(o, "indicatorRef") for o in objectives)
    sli_kind = _check_indicator(report, path, spec, composite)
    method = spec.get("budgetingMethod")
    _check_time_windows(report, path, spec)
    if "objectives" in spec and not objectives and isinstance(spec.get("objectives"), list):
        report.add(SCHEMA, path + ("objectives",), f"{field_path(path)}.objectives is empty: an SLO needs at least one objective", key=True)
    for i, objective in enumerate(objectives):
        if isinstance(objective, dict):
            _check_objective(report, path + ("objectives", i), objective, sli_kind, method, composite)
    policies = spec.get("alertPolicies")
    if isinstance(policies, list):
        for i, item in enumerate(policies):
            check_item(
                report, path + ("alertPolicies", i), item, "alertPolicyRef", "AlertPolicy", "openslo:AlertPolicy", check_alert_policy_spec
            )


def _check_indicator(report: Report, path: PathKey, spec: Mapping[str, Any], composite: bool) -> str | None:
    inline, ref = present(spec, "indicator"), present(spec, "indicatorRef")
    if composite and (inline or ref):
        report.add(
            ONE_OF,
            path + ("indicator" if inline else "indicatorRef",),
            f"{field_path(path)} sets {'indicator' if inline else 'indicatorRef'} and its objectives set their own "
            "indicators: a composite SLO keeps its indicators in its objectives only",
            key=True,
        )
    elif inline and ref:
        report.add(ONE_OF, path, f"{field_path(path)} sets both indicator and indicatorRef; keep one", key=True)
    elif not composite and not inline and not ref:
        report.add(
            ONE_OF,
            path,
            f"{field_path(path)} has neither indicator (an inline SLI) nor indicatorRef (the name of an SLI)",
            key=True,
        )
    return _check_sli_part(report, path, spec)


def _check_sli_part(report: Report, path: PathKey, part: Mapping[str, Any]) -> str | None:
    """An ``indicator``/``indicatorRef`` pair (on the SLO, or on a composite objective)."""
    sli_kind = None
    indicator = part.get("indicator")
    if isinstance(indicator, dict):
        check_metadata(report, path + ("indicator", "metadata"), indicator.get("metadata"))
        sli_spec = indicator.get("spec")
        if isinstance(sli_spec, dict):
            sli_kind = check_sli_spec(report, path + ("indicator", "spec"), sli_spec)
    ref = part.get("indicatorRef")
    if isinstance(ref, str):
        check_name(report, path + ("indicatorRef",), ref, "reference")
        report.refer("openslo:SLI", ref, path + ("indicatorRef",), required=True)
    return sli_kind


def _check_time_windows(report: Report, path: PathKey, spec: Mapping[str, Any]) -> None:
    windows = spec.get("timeWindow")
    where = path + ("timeWindow",)
    if not isinstance(windows, list) or not windows:
        if windows is None or isinstance(windows, list):
            report.add(
                TIME_WINDOW,
                where if "timeWindow" in spec else path,
                f"{field_path(where)} is missing: an SLO needs exactly one time window "
                "(for example `- duration: 28d` with `isRolling: true`)",
                key=True,
            )
        return
    if len(windows) > 1:
        report.add(TIME_WINDOW, where, f"{field_path(where)} has {len(windows)} windows; OpenSLO allows exactly one", key=True)
    for i, window in enumerate(windows):
        if isinstance(window, dict):
            check_time_window(report, where + (i,), window)


def check_time_window(report: Report, path: PathKey, window: Mapping[str, Any]) -> None:
    if "duration" in window:
        check_duration(report, path + ("duration",), window["duration"])
    rolling = window.get("isRolling") is True
    calendar = present(window, "calendar")
    if rolling and calendar:
        report.add(
            TIME_WINDOW,
            path + ("calendar",),
            f"{field_path(path)} is rolling (isRolling: true) and has a calendar: a rolling window has no start; "
            "remove calendar or set isRolling: false",
            key=True,
        )
    elif not rolling and not calendar and isinstance(window.get("isRolling"), (bool, type(None))):
        said = "isRolling is false" if window.get("isRolling") is False else "isRolling is not set"
        report.add(
            TIME_WINDOW,
            path,
            f"{field_path(path)} is calendar-aligned ({said}) but has no calendar: add "
            "`calendar: {startTime: ..., timeZone: ...}` or set `isRolling: true`",
        )
    check_calendar(report, path + ("calendar",), window.get("calendar"))


def _check_objective(
    report: Report, path: PathKey, objective: Mapping[str, Any], sli_kind: str | None, method: Any, composite: bool
) -> None:
    where = field_path(path)
    _check_target(report, path, objective)
    if composite:
        inline, ref = present(objective, "indicator"), present(objective, "indicatorRef")
        if inline and ref:
            report.add(ONE_OF, path, f"{where} sets both indicator and indicatorRef; keep one")
        elif not inline and not ref:
            report.add(ONE_OF, path, f"{where} has no indicator or indicatorRef: in a composite SLO every objective needs its own")
        sli_kind = _check_sli_part(report, path, objective)
        weight = objective.get("compositeWeight")
        if isinstance(weight, (int, float)) and not isinstance(weight, bool) and weight <= 0:
            report.add(COMPOSITE_WEIGHT, path + ("compositeWeight",), f"{where}.compositeWeight must be greater than 0, not {weight}")
    check_operator(report, path, objective, sli_kind)
    _check_time_slices(report, path, objective, method)


def _check_target(report: Report, path: PathKey, objective: Mapping[str, Any]) -> None:
    where = field_path(path)
    target, percent = objective.get("target"), objective.get("targetPercent")
    if target is not None and percent is not None:
        report.add(ONE_OF, path, f"{where} sets both target and targetPercent; keep one")
    elif target is None and percent is None:
        report.add(ONE_OF, path, f"{where} has neither target (a fraction, 0.999) nor targetPercent (99.9)")
    if is_number(target) and not 0 <= target < 1:
        hint = None
        if 1 <= target < 100:
            hint = f"Write `target: {target / 100:g}` or `targetPercent: {target:g}`: target is a fraction."
        report.add(TARGET_RANGE, path + ("target",), f"{where}.target {target:g} is outside [0, 1): OpenSLO's target is a fraction below 1", hint)
    if is_number(percent) and not 0 <= percent < 100:
        report.add(TARGET_RANGE, path + ("targetPercent",), f"{where}.targetPercent {percent:g} is outside [0, 100)")

def _check_time_slices(report: Report, path: PathKey, objective: Mapping[str, Any], method: Any) -> None:
    where = field_path(path)
    if method not in ("Occurrences", "Timeslices", "RatioTimeslices"):
        return
    target, window = objective.get("timeSliceTarget"), objective.get("timeSliceWindow")
    if target is not None and method != "Timeslices":
        report.add(
            TIME_SLICES,
            path + ("timeSliceTarget",),
            f"{where}.timeSliceTarget is only used with budgetingMethod Timeslices, and this SLO uses {method}",
            "Remove timeSliceTarget, or set `budgetingMethod: Timeslices` if the SLO counts good time slices.",
            key=True,
        )
    elif is_number(target) and not 0 < target <= 1:
        report.add(TIME_SLICES, path + ("timeSliceTarget",), f"{where}.timeSliceTarget {target:g} is outside (0, 1]")
    if window is not None and method == "Occurrences":
        report.add(
            TIME_SLICES,
            path + ("timeSliceWindow",),
            f"{where}.timeSliceWindow is not used with budgetingMethod Occurrences",
            "Remove timeSliceWindow, or set `budgetingMethod: Timeslices` (or RatioTimeslices).",
            key=True,
        )
    elif window is not None:
        check_duration(report, path + ("timeSliceWindow",), window)
    missing = []
    if method == "Timeslices" and target is None:
        missing.append("timeSliceTarget")
    if method in ("Timeslices", "RatioTimeslices") and window is None:
        missing.append("timeSliceWindow")
    if missing:
        report.add(
            TIME_SLICES,
            path,
            f"{where} needs {' and '.join(missing)}: budgetingMethod is {method}",
            "Add `timeSliceWindow: 1m` (the slice length) and, for Timeslices, `timeSliceTarget: 0.95` "
            "(the share of good events that makes a slice good).",
        )


def _check_service_spec(report: Report, path: PathKey, spec: Mapping[str, Any]) -> None:
    check_description(report, path, spec)


def _check_data_source_spec(report: Report, path: PathKey, spec: Mapping[str, Any]) -> None:
    check_description(report, path, spec)
    if "connectionDetails" in spec and spec["connectionDetails"] is None:
        report.add(SCHEMA, path + ("connectionDetails",), f"{field_path(path)}.connectionDetails is empty: give the connection settings", key=True)


def _check_sli(report: Report, path: PathKey, spec: Mapping[str, Any]) -> None:
    check_sli_spec(report, path, spec)


_SPEC_CHECKS: dict[str, Callable[[Report, PathKey, Mapping[str, Any]], None]] = {
    "SLO": check_slo_spec,
    "SLI": _check_sli,
    "Service": _check_service_spec,
    "DataSource": _check_data_source_spec,
    "AlertPolicy": check_alert_policy_spec,
    "AlertCondition": check_alert_condition_spec,
    "AlertNotificationTarget": check_notification_target_spec,
}
