"""Checks that both OpenSLO versions share: structure, metadata, names, descriptions, durations, calendars.

Every helper takes the report, the path of the part it checks and the part itself, and tolerates any
type: the structural pass has already reported a wrong type, and a second message about the same field
would only repeat it.
"""

from __future__ import annotations

from typing import Any, Mapping

from ..safe_yaml import PathKey
from ..schema import SchemaError
from . import openslo_values as values
from .openslo_rules import (
    ANNOTATION,
    CALENDAR,
    DESCRIPTION,
    DISPLAY_NAME,
    DURATION,
    LABEL,
    NAME,
    OP,
    SCHEMA,
    Report,
    field_path,
)
from .openslo_schema import Shapes

MAX_DESCRIPTION = 1050
MAX_DISPLAY_NAME = 63


def present(part: Any, key: str) -> bool:
    """Set and not null: Go decodes ``key: null`` (or ``key:``) into "absent"."""
    return isinstance(part, dict) and part.get(key) is not None


def value_at(data: Any, path: PathKey) -> Any:
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _did_you_mean(problem: values.Problem) -> str:
    return f"; did you mean {problem.suggestion!r}?" if problem.suggestion else ""


# --- structure ---------------------------------------------------------------------------------------------


def report_structure(report: Report, shapes: Shapes, kind: str, data: Any) -> None:
    for error in shapes.errors(kind, data):
        report_schema_error(report, error, data, shapes.fields_at(kind, error.path[:-1]) if error.kind == "unknown-field" else [])


def report_schema_error(report: Report, error: SchemaError, data: Any, allowed: list[str]) -> None:
    path = error.path
    if error.kind == "unknown-field":
        listed = f"; the fields here are {', '.join(allowed)}" if allowed and "did you mean" not in error.message else ""
        report.add(
            SCHEMA,
            path,
            f"{field_path(path[:-1])}: {error.message}{listed}",
            "Remove the field or fix its spelling: OpenSLO field names are case-sensitive, and the reference "
            "SDK rejects fields it does not know.",
            key=True,
        )
        return
    if error.kind == "required":
        report.add(SCHEMA, path, f"{field_path(path)}: {error.message}", key=bool(path) and isinstance(path[-1], str))
        return
    hint = None
    if error.kind == "type":
        value = value_at(data, path)
        if "must be a string" in error.message and isinstance(value, (int, float, bool)):
            hint = "Quote the value (`\"...\"`) so that YAML reads it as text."
        elif "must be a number" in error.message and isinstance(value, str):
            hint = "Remove the quotes: a quoted number is text to YAML."
        elif "must be true or false" in error.message and isinstance(value, str):
            hint = "Write `true` or `false` without quotes (`yes`/`no` are text in YAML 1.2)."
    report.add(SCHEMA, path, f"{field_path(path)} {error.message}", hint)


# --- metadata ------------------------------------------------------------------------------------------------


def check_name(report: Report, path: PathKey, value: Any, what: str = "name") -> None:
    if not isinstance(value, str):
        return
    problem = values.name_problem(value)
    if problem is not None:
        report.add(NAME, path, f"{field_path(path)} {value!r} is not a valid {what}: {problem.reason}{_did_you_mean(problem)}")


def check_display_name(report: Report, path: PathKey, value: Any, limit: int = MAX_DISPLAY_NAME) -> None:
    if isinstance(value, str) and len(value) > limit:
        report.add(DISPLAY_NAME, path, f"{field_path(path)} is {len(value)} characters long, over the maximum of {limit}")


def check_description(report: Report, path: PathKey, part: Any) -> None:
    value = part.get("description") if isinstance(part, dict) else None
    if isinstance(value, str) and len(value) > MAX_DESCRIPTION:
        where = path + ("description",)
        report.add(
            DESCRIPTION,
            where,
            f"{field_path(where)} is {len(value)} characters long, over the maximum of {MAX_DESCRIPTION}",
        )


def check_metadata(report: Report, path: PathKey, meta: Any) -> None:
    if not isinstance(meta, dict):
        return
    check_name(report, path + ("name",), meta.get("name"))
    check_display_name(report, path + ("displayName",), meta.get("displayName"))
    labels = meta.get("labels")
    if isinstance(labels, dict):
        for key, value in labels.items():
            _check_label(report, path + ("labels", key), key, value)
    annotations = meta.get("annotations")
    if isinstance(annotations, dict):
        for key, value in annotations.items():
            where = path + ("annotations", key)
            problem = values.annotation_key_problem(key)
            if problem is not None:
                report.add(ANNOTATION, where, f"annotation key {key!r} is not valid: {problem.reason}{_did_you_mean(problem)}", key=True)
            if value is not None and not isinstance(value, str):
                report.add(
                    ANNOTATION,
                    where,
                    f"{field_path(where)} must be text, not {_kind_of(value)}",
                    "Quote the value (`\"...\"`): annotations map keys to strings.",
                )


def _check_label(report: Report, where: PathKey, key: str, value: Any) -> None:
    problem = values.label_key_problem(key)
    if problem is not None:
        report.add(LABEL, where, f"label key {key!r} is not valid: {problem.reason}{_did_you_mean(problem)}", key=True)
    if value is None or isinstance(value, str):
        return
    if isinstance(value, list):
        for i, item in enumerate(value):
            if not isinstance(item, str):
                report.add(
                    LABEL,
                    where + (i,),
                    f"{field_path(where + (i,))} must be text, not {_kind_of(item)}",
                    "Quote the item (`\"...\"`): a label value is a string or a list of strings.",
                )
        return
    report.add(
        LABEL,
        where,
        f"{field_path(where)} must be text or a list of texts, not {_kind_of(value)}",
        "Quote the value (`\"...\"`): a label value is a string or a list of strings.",
    )


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {'true' if value else 'false'}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return "a mapping" if isinstance(value, dict) else "a list" if isinstance(value, list) else type(value).__name__


def refer_to_service(report: Report, path: PathKey, spec: Mapping[str, Any]) -> None:
    """An SLO names its service; a Service object for it is optional (see openslo.py), so the reference
    is recorded (for `slo require` and readers of the facts) but need not resolve."""
    service = spec.get("service")
    if isinstance(service, str) and service:
        report.refer("openslo:Service", service, path + ("service",), required=False)


# --- durations and calendars -----------------------------------------------------------------------------


def check_duration(report: Report, path: PathKey, value: Any) -> None:
    if value is None:
        return
    problem = values.duration_problem(value)
    if problem is not None:
        report.add(DURATION, path, f"{field_path(path)} {value!r} is not a duration: {problem.reason}{_did_you_mean(problem)}")


def check_calendar(report: Report, path: PathKey, calendar: Any) -> None:
    if not isinstance(calendar, dict):
        return
    for name, problem_of in (("startTime", values.start_time_problem), ("timeZone", values.time_zone_problem)):
        value = calendar.get(name)
        problem = problem_of(value) if isinstance(value, str) else None
        if problem is not None:
            where = path + (name,)
            report.add(CALENDAR, where, f"{field_path(where)} {value!r} is not valid: {problem.reason}{_did_you_mean(problem)}")


# --- objectives: op and value ------------------------------------------------------------------------

OPERATORS = ("lt", "lte", "gt", "gte")
_OPERATOR_SPELLINGS = {"<": "lt", "<=": "lte", ">": "gt", ">=": "gte", "le": "lte", "ge": "gte", "=<": "lte", "=>": "gte"}
THRESHOLD = "threshold"
RATIO = "ratio"


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check_operator(
    report: Report, path: PathKey, part: Mapping[str, Any], sli_kind: str | None, *, ratio_value_allowed: bool = False
) -> None:
    """``op``/``value`` of an objective against its SLI; with only an indicatorRef nothing can be said.
    (v1alpha's model always carries a ``value``, so there a ratio objective may keep it.)"""
    where = field_path(path)
    op, value = part.get("op"), part.get("value")
    if isinstance(op, str) and op not in OPERATORS:
        meant = _OPERATOR_SPELLINGS.get(op) or (op.lower() if op.lower() in OPERATORS else None)
        suggestion = f"; did you mean {meant!r}?" if meant else ""
        report.add(OP, path + ("op",), f"{where}.op {op!r} is not an operator: use lt, lte, gt or gte{suggestion}")
    if sli_kind == RATIO:
        names = ("op",) if ratio_value_allowed else ("op", "value")
        fields = " and ".join(names)
        for name in names:
            if part.get(name) is not None:
                report.add(
                    OP,
                    path + (name,),
                    f"{where}.{name} is set, but the SLI is a ratioMetric: {fields} only "
                    f"{'applies' if len(names) == 1 else 'apply'} to a thresholdMetric",
                    f"Remove {' and '.join(f'`{n}`' for n in names)}: for a ratio SLI the target alone says which "
                    "share of events must be good.",
                    key=True,
                )
    elif sli_kind == THRESHOLD:
        missing = [name for name, v in (("op", op), ("value", value)) if v is None]
        if missing:
            report.add(
                OP,
                path,
                f"{where} needs {' and '.join(missing)}: the SLI is a thresholdMetric, so the objective says how "
                "to compare each measurement with `value` (op: lt, lte, gt or gte)",
            )
