"""OpenSLO v1alpha: the SLO and Service kinds, as the OpenSLO v1alpha model and Sloth read them.

v1alpha survives mostly because Sloth generates Prometheus rules from it (``sloth generate`` on an
``apiVersion: openslo/v1alpha`` SLO). The rules are go-sdk's ``pkg/openslo/v1alpha`` with two deliberate
exceptions, both where Sloth's own example (``examples/openslo-getting-started.yml``) differs:

- ``value`` is required on threshold objectives only; on ratioMetrics objectives it means nothing and
  Sloth's example omits it;
- a window without ``isRolling`` and without ``calendar`` is accepted as rolling (Sloth reads every window
  as a rolling count of days); a window that says ``isRolling: false`` still needs its calendar.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from ..safe_yaml import PathKey
from .openslo_common import RATIO, THRESHOLD, check_calendar, check_description, check_display_name, check_operator, present, refer_to_service
from .openslo_rules import (
    DURATION,
    METRIC_SOURCE,
    ONE_OF,
    SCHEMA,
    TARGET_RANGE,
    TIME_SLICES,
    TIME_WINDOW,
    Report,
    field_path,
)

MAX_OBJECTIVE_DISPLAY_NAME = 1050
_ALPHA = re.compile(r"[A-Za-z]+\Z")


def check_slo_spec(report: Report, spec: Mapping[str, Any]) -> None:
    path: PathKey = ("spec",)
    check_description(report, path, spec)
    refer_to_service(report, path, spec)
    objectives = spec.get("objectives")
    objectives = list(objectives) if isinstance(objectives, list) else []
    indicator = present(spec, "indicator")
    ratio_objectives = [i for i, o in enumerate(objectives) if present(o, "ratioMetrics")]
    if indicator and ratio_objectives:
        first = path + ("objectives", ratio_objectives[0], "ratioMetrics")
        report.add(
            ONE_OF,
            first,
            f"{field_path(first)} is set and so is spec.indicator: a v1alpha SLO measures either one thresholdMetric "
            "indicator or ratioMetrics per objective",
            key=True,
        )
    elif not indicator and not ratio_objectives and objectives:
        report.add(
            ONE_OF,
            path,
            "spec has neither indicator.thresholdMetric nor ratioMetrics in its objectives: say what is measured",
            key=True,
        )
    if isinstance(spec.get("indicator"), dict):
        _check_source(report, path + ("indicator", "thresholdMetric"), spec["indicator"].get("thresholdMetric"))
    if isinstance(spec.get("objectives"), list) and not objectives:
        report.add(SCHEMA, path + ("objectives",), "spec.objectives is empty: an SLO needs at least one objective", key=True)
    method = spec.get("budgetingMethod")
    for i, objective in enumerate(objectives):
        if isinstance(objective, dict):
            _check_objective(report, path + ("objectives", i), objective, indicator, ratio_objectives, method)
    _check_windows(report, path, spec)


def _check_objective(
    report: Report, path: PathKey, objective: Mapping[str, Any], indicator: bool, ratio_objectives: list[int], method: Any
) -> None:
    where = field_path(path)
    check_display_name(report, path + ("displayName",), objective.get("displayName"), MAX_OBJECTIVE_DISPLAY_NAME)
    ratio = objective.get("ratioMetrics")
    if isinstance(ratio, dict):
        for name in ("good", "total"):
            _check_source(report, path + ("ratioMetrics", name), ratio.get(name))
    elif not indicator and ratio_objectives:
        report.add(ONE_OF, path, f"{where} has no ratioMetrics, and the SLO has no indicator: nothing measures it")
    target = objective.get("target")
    if isinstance(target, (int, float)) and not isinstance(target, bool) and not 0 <= target < 1:
        hint = f"Write `target: {target / 100:g}`: target is a fraction." if 1 <= target < 100 else None
        report.add(TARGET_RANGE, path + ("target",), f"{where}.target {target:g} is outside [0, 1): the target is a fraction below 1", hint)
    sli_kind = RATIO if ratio is not None else THRESHOLD if indicator else None
    check_operator(report, path, objective, sli_kind, ratio_value_allowed=True)
    slice_target = objective.get("timeSliceTarget")
    if method == "Timeslices" and slice_target is None:
        report.add(TIME_SLICES, path, f"{where} needs timeSliceTarget: budgetingMethod is Timeslices")
    elif method == "Occurrences" and slice_target is not None:
        report.add(
            TIME_SLICES,
            path + ("timeSliceTarget",),
            f"{where}.timeSliceTarget is only used with budgetingMethod Timeslices, and this SLO uses Occurrences",
            key=True,
        )
    elif isinstance(slice_target, (int, float)) and not isinstance(slice_target, bool) and not 0 <= slice_target <= 1:
        report.add(TIME_SLICES, path + ("timeSliceTarget",), f"{where}.timeSliceTarget {slice_target:g} is outside [0, 1]")


def _check_source(report: Report, path: PathKey, source: Any) -> None:
    """v1alpha metric sources are ``{source, queryType, query}``; source and queryType are plain words."""
    if not isinstance(source, dict):
        return
    for name in ("source", "queryType"):
        value = source.get(name)
        if isinstance(value, str) and not _ALPHA.match(value):
            report.add(
                METRIC_SOURCE,
                path + (name,),
                f"{field_path(path + (name,))} {value!r} must be a plain word of letters (like `prometheus`, `promql`)",
            )
    query = source.get("query")
    if isinstance(query, str) and not query.strip():
        report.add(METRIC_SOURCE, path + ("query",), f"{field_path(path + ('query',))} is empty: write the query")


def _check_windows(report: Report, path: PathKey, spec: Mapping[str, Any]) -> None:
    windows = spec.get("timeWindows")
    where = path + ("timeWindows",)
    if windows is None or windows == []:
        report.add(
            TIME_WINDOW,
            where if "timeWindows" in spec else path,
            f"{field_path(where)} is missing: a v1alpha SLO needs exactly one time window (`- count: 28` with `unit: Day`)",
            key=True,
        )
        return
    if not isinstance(windows, list):
        return
    if len(windows) > 1:
        report.add(TIME_WINDOW, where, f"{field_path(where)} has {len(windows)} windows; OpenSLO allows exactly one", key=True)
    for i, window in enumerate(windows):
        if not isinstance(window, dict):
            continue
        wpath = where + (i,)
        count = window.get("count")
        if isinstance(count, int) and not isinstance(count, bool) and count <= 0:
            report.add(DURATION, wpath + ("count",), f"{field_path(wpath)}.count must be a positive number, not {count}")
        rolling, calendar = window.get("isRolling"), present(window, "calendar")
        if rolling is True and calendar:
            report.add(
                TIME_WINDOW,
                wpath + ("calendar",),
                f"{field_path(wpath)} is rolling (isRolling: true) and has a calendar; remove one of them",
                key=True,
            )
        elif rolling is False and not calendar:
            report.add(
                TIME_WINDOW,
                wpath,
                f"{field_path(wpath)} says isRolling: false but has no calendar: add `calendar: {{startTime: ..., "
                "timeZone: ...}}` or set `isRolling: true`",
            )
        check_calendar(report, wpath + ("calendar",), window.get("calendar"))


def check_service_spec(report: Report, spec: Mapping[str, Any]) -> None:
    check_description(report, ("spec",), spec)
