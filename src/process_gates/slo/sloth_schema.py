"""The shape of a Sloth spec, in both spellings Sloth reads, as JSON Schema built once at import.

Sloth has two dialects of the same model (slok/sloth ``pkg/prometheus/api/v1`` and
``pkg/kubernetes/api/sloth/v1``): the ``prometheus/v1`` file spells keys in snake_case (``error_query``,
``page_alert``, ``slo_plugins``) and the ``sloth.slok.dev/v1`` PrometheusServiceLevel resource in camelCase
(``errorQuery``, ``pageAlert``, ``sloPlugins``). Both decode with Go's lenient YAML/JSON decoders, which
drop unknown keys without a word: a ``pageAlert`` block in a prometheus/v1 file disables nothing. The
schemas below close every object (``additionalProperties: false``) so that such keys are reported.

Only the shape lives here (types, required fields, the closed key sets); the rules that Sloth's own
validation applies to values (name syntax, label names, ``{{.window}}``...) live in ``sloth.py`` so that
each gets its own rule id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..schema import Validator

#: A Prometheus duration (``prommodel.Duration``): units from years to milliseconds, largest first.
PROM_DURATION = r"^(0|([0-9]+y)?([0-9]+w)?([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?([0-9]+ms)?)$"
#: Kubernetes object names (RFC 1123 subdomain) and namespaces (RFC 1123 label).
DNS1123_SUBDOMAIN = r"^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"
DNS1123_LABEL = r"^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$"


@dataclass(frozen=True)
class Dialect:
    """The key names of one spelling of Sloth's model, and its validator."""

    name: str
    error_query: str
    total_query: str
    error_ratio_query: str
    page_alert: str
    ticket_alert: str
    slo_plugins: str
    #: Path from the document root to the object holding ``service``, ``labels`` and ``slos``.
    spec_path: tuple[str, ...]
    validator: Validator

    def other_spelling(self, key: str) -> str | None:
        """The key this dialect uses where the other dialect uses ``key`` (``pageAlert`` -> ``page_alert``)."""
        twin = _TWINS.get(key)
        return twin if twin is not None and twin != key else None


_TWINS = {
    "error_query": "errorQuery", "errorQuery": "error_query",
    "total_query": "totalQuery", "totalQuery": "total_query",
    "error_ratio_query": "errorRatioQuery", "errorRatioQuery": "error_ratio_query",
    "page_alert": "pageAlert", "pageAlert": "page_alert",
    "ticket_alert": "ticketAlert", "ticketAlert": "ticket_alert",
    "slo_plugins": "sloPlugins", "sloPlugins": "slo_plugins",
}

_STRING_MAP: dict[str, Any] = {"type": "object", "additionalProperties": {"type": "string"}}


def _plugins() -> dict[str, Any]:
    """SLO plugin chains (spec level and per SLO); ``overridePrevious`` is camelCase in both dialects."""
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "overridePrevious": {"type": "boolean"},
            "chain": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["id"],
                    "properties": {
                        "id": {"type": "string", "minLength": 1},
                        "priority": {"type": "integer"},
                        "config": {},
                    },
                },
            },
        },
    }


def _alert(with_for: bool) -> dict[str, Any]:
    props: dict[str, Any] = {"disable": {"type": "boolean"}, "labels": _STRING_MAP, "annotations": _STRING_MAP}
    if with_for:
        # Read by the sloth.dev/contrib/alert_for/v1 plugin from the prometheus/v1 source only.
        props["for"] = {
            "type": "string",
            "pattern": PROM_DURATION,
            "description": "a Prometheus duration such as 5m or 1h30m",
        }
    return {"type": "object", "additionalProperties": False, "properties": props}


def _spec(snake: bool, k8s: bool) -> dict[str, Any]:
    def key(snake_key: str, camel_key: str) -> str:
        return snake_key if snake else camel_key

    sli = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "events": {
                "type": "object",
                "additionalProperties": False,
                "required": [key("error_query", "errorQuery"), key("total_query", "totalQuery")],
                "properties": {
                    key("error_query", "errorQuery"): {"type": "string"},
                    key("total_query", "totalQuery"): {"type": "string"},
                },
            },
            "raw": {
                "type": "object",
                "additionalProperties": False,
                "required": [key("error_ratio_query", "errorRatioQuery")],
                "properties": {key("error_ratio_query", "errorRatioQuery"): {"type": "string"}},
            },
            "plugin": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id"],
                "properties": {"id": {"type": "string", "minLength": 1}, "options": _STRING_MAP},
            },
        },
    }
    alerting = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "name": {"type": "string"},
            "labels": _STRING_MAP,
            "annotations": _STRING_MAP,
            key("page_alert", "pageAlert"): _alert(with_for=not k8s),
            key("ticket_alert", "ticketAlert"): _alert(with_for=not k8s),
        },
    }
    name: dict[str, Any] = {"type": "string"}
    if k8s:
        name["maxLength"] = 128  # the CRD's limit
    slo = {
        "type": "object",
        "additionalProperties": False,
        # The CRD also requires `alerting`; prometheus/v1 defaults it (both alerts on, which then need a name).
        "required": ["name", "objective", "sli"] + (["alerting"] if k8s else []),
        "properties": {
            "name": name,
            "description": {"type": "string"},
            "objective": {"type": "number"},
            "plugins": _plugins(),
            "labels": _STRING_MAP,
            "sli": sli,
            "alerting": alerting,
        },
    }
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["service", "slos"],
        "properties": {
            "service": {"type": "string"},
            "labels": _STRING_MAP,
            key("slo_plugins", "sloPlugins"): _plugins(),
            "slos": {"type": "array", "minItems": 1, "items": slo},
        },
    }


def _prometheus_v1() -> dict[str, Any]:
    schema = _spec(snake=True, k8s=False)
    schema["required"] = ["version"] + schema["required"]
    schema["properties"] = {"version": {"const": "prometheus/v1"}, **schema["properties"]}
    return schema


def _k8s_v1() -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["apiVersion", "kind", "metadata", "spec"],
        "properties": {
            "apiVersion": {"const": "sloth.slok.dev/v1"},
            "kind": {"const": "PrometheusServiceLevel"},
            "metadata": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {
                        "type": "string",
                        "pattern": DNS1123_SUBDOMAIN,
                        "description": "a Kubernetes object name (lowercase letters, digits, '-' and '.', at most 253)",
                    },
                    "namespace": {
                        "type": "string",
                        "pattern": DNS1123_LABEL,
                        "description": "a Kubernetes namespace name (lowercase letters, digits and '-', at most 63)",
                    },
                    "labels": _STRING_MAP,
                    "annotations": _STRING_MAP,
                },
            },
            "spec": _spec(snake=False, k8s=True),
            "status": {"type": "object"},
        },
    }


PROMETHEUS_V1 = Dialect(
    name="prometheus/v1",
    error_query="error_query",
    total_query="total_query",
    error_ratio_query="error_ratio_query",
    page_alert="page_alert",
    ticket_alert="ticket_alert",
    slo_plugins="slo_plugins",
    spec_path=(),
    validator=Validator(_prometheus_v1()),
)

K8S_V1 = Dialect(
    name="sloth.slok.dev/v1 PrometheusServiceLevel",
    error_query="errorQuery",
    total_query="totalQuery",
    error_ratio_query="errorRatioQuery",
    page_alert="pageAlert",
    ticket_alert="ticketAlert",
    slo_plugins="sloPlugins",
    spec_path=("spec",),
    validator=Validator(_k8s_v1()),
)
