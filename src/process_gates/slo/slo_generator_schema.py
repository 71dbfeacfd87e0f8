"""The shape of slo-generator 2.x files, and what its built-in providers expect, built once at import.

Sources: google/slo-generator ``slo_generator/utils.py`` (how ``spec.backend``, ``spec.exporters``,
``spec.error_budget_policy`` resolve against the shared config), ``compute.py`` and ``report.py`` (the
fields each SLO and each policy step must have), ``migrations/migrator.py`` (the v2 skeleton) and the
provider pages under ``docs/providers`` (methods and service_level_indicator fields per backend).
"""

from __future__ import annotations

from typing import Any

from ..schema import Validator

SLO_V2: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["apiVersion", "kind", "metadata", "spec"],
    "properties": {
        "apiVersion": {"const": "sre.google.com/v2"},
        "kind": {"const": "ServiceLevelObjective"},
        "metadata": {
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": {"type": "string", "minLength": 1},
                "labels": {"type": "object", "additionalProperties": {"type": ["string", "number", "boolean"]}},
            },
        },
        "spec": {
            "type": "object",
            "additionalProperties": False,
            # report.py builds a dataclass whose `description` has no default: asdict() fails without it.
            "required": ["description", "backend", "method", "service_level_indicator", "goal"],
            "properties": {
                "description": {"type": "string"},
                "backend": {"type": "string", "minLength": 1},
                "method": {"type": "string", "minLength": 1},
                "exporters": {"type": "array", "items": {"type": "string", "minLength": 1}},
                "service_level_indicator": {"type": "object"},
                "goal": {"type": "number"},
                "error_budget_policy": {"type": "string", "minLength": 1},
            },
        },
    },
}

_STEP: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name", "window", "burn_rate_threshold", "alert", "message_alert", "message_ok"],
    "properties": {
        "name": {"type": "string", "minLength": 1},
        "window": {"type": "integer", "exclusiveMinimum": 0, "description": "a window in seconds"},
        "burn_rate_threshold": {"type": "number", "exclusiveMinimum": 0},
        "alert": {"type": "boolean"},
        "message_alert": {"type": "string"},
        "message_ok": {"type": "string"},
    },
}

CONFIG: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "backends": {"type": "object", "additionalProperties": {"type": "object"}},
        "exporters": {"type": "object", "additionalProperties": {"type": "object"}},
        "default_exporters": {"type": "array", "items": {"type": "string", "minLength": 1}},
        "error_budget_policies": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "required": ["steps"],
                "properties": {"steps": {"type": "array", "minItems": 1, "items": _STEP}},
            },
        },
    },
}

SLO_VALIDATOR = Validator(SLO_V2)
CONFIG_VALIDATOR = Validator(CONFIG)

#: Built-in backends and exporters of slo-generator 2.x (the part of a provider key before any "/alias").
#: A dotted key (``samples.custom.custom_backend.CustomBackend``) names a custom class and is not checked.
BACKENDS = frozenset((
    "cloud_monitoring", "cloud_monitoring_mql", "cloud_service_monitoring", "datadog", "dynatrace",
    "elasticsearch", "open_search", "prometheus", "splunk",
))
EXPORTERS = frozenset((
    "bigquery", "cloud_monitoring", "cloudevent", "datadog", "dynatrace", "prometheus", "prometheus_self",
    "prometheus_remote_write", "pubsub",
))

#: Field prefixes of the good/bad(or valid) pair that a good_bad_ratio SLI needs, by backend.
GOOD_BAD_PREFIXES = ("filter_", "query_", "search_query_")

#: Methods each built-in backend documents, with the service_level_indicator fields they read. A string is
#: the prefix of a good_bad_ratio pair; a tuple lists required fields. Backends absent here are not checked
#: beyond the generic good_bad_ratio pair.
METHODS: dict[str, dict[str, str | tuple[str, ...]]] = {
    "prometheus": {
        "good_bad_ratio": "filter_",
        "query_sli": ("expression",),
        "distribution_cut": ("expression", "threshold_bucket"),
    },
    "datadog": {"good_bad_ratio": "filter_", "query_sli": ("expression",), "query_slo": ("slo_id",)},
    "splunk": {"good_bad_ratio": "search_query_", "query_sli": ("search_query",)},
    "elasticsearch": {"good_bad_ratio": "query_"},
    "cloud_monitoring": {
        "good_bad_ratio": "filter_",
        "distribution_cut": ("filter_valid", "threshold_bucket"),
        "exponential_distribution_cut": ("filter_valid", "threshold_bucket"),
    },
}


def provider_type(key: str) -> str | None:
    """The built-in provider a backend or exporter key names (``prometheus/prod`` -> ``prometheus``), or
    None for a custom class path, which slo-generator imports by its dotted name."""
    if "." in key:
        return None
    return key.split("/", 1)[0]
