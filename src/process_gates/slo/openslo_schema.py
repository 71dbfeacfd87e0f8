"""The shape of every OpenSLO kind: which fields exist, which are required, and of what type.

Only structure lives here (what the reference SDK's strict JSON decoding rejects: unknown fields, wrong
types, missing fields); the rules about values and combinations are Python in openslo_v1 / openslo_v1alpha,
because they need messages a schema cannot give. Field sets follow go-sdk's Go structs
(``pkg/openslo/v1/*.go``, ``pkg/openslo/v1alpha/*.go``).

Go decodes ``null`` into a field as "absent", so optional fields accept null; required ones do not.
Free-form parts (metricSource.spec, DataSource connectionDetails) accept anything.

The validators are built once, at import: a hook validates a thousand files with them.
"""

from __future__ import annotations

from typing import Any

from ..safe_yaml import PathKey
from ..schema import SchemaError
from .openslo_shape import Check, Compiler

Schema = dict[str, Any]


def _opt(*types: str, **more: Any) -> Schema:
    """An optional field of the given types (null allowed: Go reads it as absent)."""
    return {"type": [*types, "null"], **more}


def _req(*types: str, **more: Any) -> Schema:
    return {"type": list(types) if len(types) > 1 else types[0], **more}


def _object(properties: dict[str, Schema], required: tuple[str, ...] = (), *, nullable: bool = False) -> Schema:
    return {
        "type": ["object", "null"] if nullable else "object",
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
    }


def _ref(name: str) -> Schema:
    return {"$ref": f"#/$defs/{name}"}


def _items(item: Schema) -> Schema:
    return {"type": ["array", "null"], "items": item}


def _either(properties: dict[str, Schema]) -> Schema:
    """A list item that is a reference or an inline object. No ``type``: a bare string or null item gets
    a message of its own from the semantic checks, which can say what to write instead."""
    return {"properties": properties, "additionalProperties": False}


_TEXT = _opt("string")
_FLAG = _opt("boolean")
_NUMBER = _opt("number")
#: Durations are text, but a bare number gets a message of its own ("write 5m") from the value checks.
_DURATION = _opt("string", "number")

V1_DEFS: dict[str, Schema] = {
    "metadata": _object(
        {
            "name": _req("string"),
            "displayName": _TEXT,
            # Keys and values are checked in Python, where the messages can name the key.
            "labels": _opt("object"),
            "annotations": _opt("object"),
        },
        ("name",),
    ),
    "metricSource": _object(
        {"metricSourceRef": _TEXT, "type": _TEXT, "spec": _req("object")},
        ("spec",),
    ),
    "metricSpec": _object({"metricSource": _ref("metricSource")}, ("metricSource",)),
    "ratioMetric": _object(
        {
            "counter": _FLAG,
            "good": _ref("metricSpec"),
            "bad": _ref("metricSpec"),
            "total": _ref("metricSpec"),
            "rawType": _TEXT,  # its values are checked with raw, where the message can explain them
            "raw": _ref("metricSpec"),
        }
    ),
    "sliSpec": _object(
        {"description": _TEXT, "thresholdMetric": _ref("metricSpec"), "ratioMetric": _ref("ratioMetric")}
    ),
    "inlineSli": _object({"metadata": _ref("metadata"), "spec": _ref("sliSpec")}, ("metadata", "spec")),
    "calendar": _object({"startTime": _req("string"), "timeZone": _req("string")}, ("startTime", "timeZone")),
    "timeWindow": _object(
        {"duration": _req("string", "number"), "isRolling": _FLAG, "calendar": _ref("calendar")},
        ("duration",),
    ),
    "objective": _object(
        {
            "displayName": _TEXT,
            "op": _TEXT,
            "value": _NUMBER,
            "target": _NUMBER,
            "targetPercent": _NUMBER,
            "timeSliceTarget": _NUMBER,
            "timeSliceWindow": _DURATION,
            "indicator": _ref("inlineSli"),
            "indicatorRef": _TEXT,
            "compositeWeight": _NUMBER,
        }
    ),
    "alertConditionType": _object(
        {"kind": _TEXT, "op": _TEXT, "threshold": _NUMBER, "lookbackWindow": _DURATION, "alertAfter": _DURATION}
    ),
    "alertConditionSpec": _object(
        {"description": _TEXT, "severity": _TEXT, "condition": _ref("alertConditionType")}
    ),
    "notificationTargetSpec": _object({"description": _TEXT, "target": _req("string", minLength=1)}, ("target",)),
    "alertPolicySpec": _object(
        {
            "description": _TEXT,
            "alertWhenNoData": _FLAG,
            "alertWhenBreaching": _FLAG,
            "alertWhenResolved": _FLAG,
            "conditions": _items(
                _either(
                    {
                        "conditionRef": _TEXT,
                        "kind": _TEXT,
                        "metadata": _ref("metadata"),
                        "spec": _ref("alertConditionSpec"),
                    }
                )
            ),
            "notificationTargets": _items(
                _either(
                    {
                        "targetRef": _TEXT,
                        "kind": _TEXT,
                        "metadata": _ref("metadata"),
                        "spec": _ref("notificationTargetSpec"),
                    }
                )
            ),
        }
    ),
    "sloSpec": _object(
        {
            "description": _TEXT,
            "service": _req("string", minLength=1),
            "indicator": _ref("inlineSli"),
            "indicatorRef": _TEXT,
            "budgetingMethod": _req("string", enum=["Occurrences", "Timeslices", "RatioTimeslices"]),
            "timeWindow": _items(_ref("timeWindow")),
            "objectives": _req("array", items=_ref("objective")),
            "alertPolicies": _items(
                _either(
                    {
                        "alertPolicyRef": _TEXT,
                        "kind": _TEXT,
                        "metadata": _ref("metadata"),
                        "spec": _ref("alertPolicySpec"),
                    }
                )
            ),
        },
        ("service", "budgetingMethod", "objectives"),
    ),
    "serviceSpec": _object({"description": _TEXT}, nullable=True),
    "dataSourceSpec": _object(
        {"description": _TEXT, "type": _req("string", minLength=1), "connectionDetails": {}},
        ("type", "connectionDetails"),
    ),
}

V1_SPECS = {
    "SLO": "sloSpec",
    "SLI": "sliSpec",
    "Service": "serviceSpec",
    "DataSource": "dataSourceSpec",
    "AlertPolicy": "alertPolicySpec",
    "AlertCondition": "alertConditionSpec",
    "AlertNotificationTarget": "notificationTargetSpec",
}

V1ALPHA_DEFS: dict[str, Schema] = {
    "metadata": _object({"name": _req("string"), "displayName": _TEXT}, ("name",)),
    "source": _object(
        {"source": _req("string"), "queryType": _req("string"), "query": _req("string")},
        ("source", "queryType", "query"),
    ),
    "ratioMetrics": _object(
        # `counter` is the OpenSLO/oslo v1alpha model's name, `incremental` go-sdk's: both exist in the wild.
        {"good": _ref("source"), "total": _ref("source"), "counter": _FLAG, "incremental": _FLAG},
        ("good", "total"),
    ),
    "objective": _object(
        {
            "displayName": _TEXT,
            "value": _NUMBER,
            "ratioMetrics": _ref("ratioMetrics"),
            "target": _req("number"),
            "timeSliceTarget": _NUMBER,
            "op": _TEXT,
        },
        ("target",),
    ),
    "timeWindow": _object(
        {
            "unit": _req("string", enum=["Second", "Day", "Week", "Month", "Quarter"]),
            "count": _req("integer"),
            "isRolling": _FLAG,
            "calendar": _object({"startTime": _req("string"), "timeZone": _req("string")}, ("startTime", "timeZone")),
        },
        ("unit", "count"),
    ),
    "sloSpec": _object(
        {
            "description": _TEXT,
            "service": _req("string", minLength=1),
            "indicator": _object({"thresholdMetric": _ref("source")}, ("thresholdMetric",), nullable=True),
            "budgetingMethod": _req("string", enum=["Occurrences", "Timeslices"]),
            "timeWindows": _items(_ref("timeWindow")),
            "objectives": _req("array", items=_ref("objective")),
        },
        ("service", "budgetingMethod", "objectives"),
    ),
    "serviceSpec": _object({"description": _TEXT}, nullable=True),
}

V1ALPHA_SPECS = {"SLO": "sloSpec", "Service": "serviceSpec"}


def _document(defs_spec: str, spec_required: bool) -> Schema:
    return _object(
        {
            "apiVersion": _req("string"),
            "kind": _req("string"),
            "metadata": _ref("metadata"),
            "spec": _ref(defs_spec),
        },
        ("apiVersion", "kind", "metadata", "spec") if spec_required else ("apiVersion", "kind", "metadata"),
    )


class Shapes:
    """One OpenSLO version's document schemas (by kind), and their compiled checks."""

    def __init__(self, defs: dict[str, Schema], specs: dict[str, str]):
        self.defs = defs
        self.documents = {kind: _document(spec, spec_required=kind != "Service") for kind, spec in specs.items()}
        # Kinds we do not know still get their metadata checked: the name rules hold for every object.
        self.documents[""] = {"type": "object", "properties": {"metadata": _ref("metadata")}}
        compiler = Compiler(defs)
        self.checks: dict[str, Check] = {kind: compiler.compile(doc) for kind, doc in self.documents.items()}

    def errors(self, kind: str, data: Any) -> list[SchemaError]:
        out: list[SchemaError] = []
        self.checks[kind](data, (), out)
        return out

    def fields_at(self, kind: str, path: PathKey) -> list[str]:
        """The field names allowed at ``path``, to list beside an unknown field."""
        node: Any = self.documents[kind]
        for step in (*path, None):
            while isinstance(node, dict) and "$ref" in node:
                node = self.defs[node["$ref"].rsplit("/", 1)[-1]]
            if step is None or not isinstance(node, dict):
                break
            node = node.get("items", {}) if isinstance(step, int) else node.get("properties", {}).get(step, {})
        return list(node.get("properties", {})) if isinstance(node, dict) else []


V1 = Shapes(V1_DEFS, V1_SPECS)
V1ALPHA = Shapes(V1ALPHA_DEFS, V1ALPHA_SPECS)
