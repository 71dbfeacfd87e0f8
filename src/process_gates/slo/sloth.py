"""Sloth SLO specs: ``prometheus/v1`` files and ``sloth.slok.dev/v1`` PrometheusServiceLevel resources.

The rules follow Sloth's own validation (slok/sloth ``pkg/common/validation/slo.go``, the spec loaders in
``internal/storage/io``) and go further where Sloth is silent: it drops unknown keys, it accepts alert
names and label names that Prometheus will reject when it loads the generated rules, and it only checks
a query after rendering it, with messages that carry no line number.

Facts for the cross-file rules: every entry of ``slos`` is one SLO of its ``service``; its objective is a
percentage (normalised to a fraction here); Sloth has no per-SLO window (the period is a command-line
flag, 30 days by default), so no window facts; alerting is on when the page or the ticket alert is
enabled, which both are unless ``disable: true``. An SLO is an SLA by the convention in ``sla.py``.
"""

from __future__ import annotations

import re
from typing import Any

from ..config import SloPolicy
from ..findings import Finding, Severity, rule
from ..schema import SchemaError
from . import sla
from .common_rules import TARGET_RANGE
from .model import SLOTH_PROMETHEUS_V1, Definition, FormatResult, Objective, QueryPair, SloFacts, SloObject
from .paths import field_path
from .sloth_queries import has_window, query_problem
from .sloth_schema import K8S_V1, PROMETHEUS_V1, Dialect

SCHEMA = rule(
    "slo.sloth.schema",
    "error",
    "A Sloth spec has a field Sloth does not know (and silently ignores), lacks a required field, or has a "
    "value of the wrong type.",
    "Use the field names of your dialect: snake_case in `version: prometheus/v1` files (page_alert, "
    "error_query), camelCase in `kind: PrometheusServiceLevel` resources (pageAlert, errorQuery).",
)
NAME = rule(
    "slo.sloth.name",
    "error",
    "A Sloth service or SLO name is empty or not a valid Sloth name.",
    "Start and end names with a letter or digit and use only letters, digits, '.', '_' and '-' "
    "(at least two characters), e.g. `myservice` and `requests-availability`.",
)
LABEL = rule(
    "slo.sloth.label",
    "error",
    "A label or annotation of a Sloth spec has a key Prometheus rejects or an empty value.",
    "Label and annotation keys match [a-zA-Z_][a-zA-Z0-9_]* (no '-', '.', or leading digit) and are not "
    '__name__; values are non-empty strings (quote numbers: "2").',
)
SLI_KIND = rule(
    "slo.sloth.sli-kind",
    "error",
    "A Sloth SLI declares no SLI type, or more than one of events, raw and plugin.",
    "Keep exactly one of `events` (error and total queries), `raw` (an error-ratio query) or `plugin`.",
)
QUERY_WINDOW = rule(
    "slo.sloth.query-window",
    "error",
    "A Sloth SLI query does not use the {{.window}} template variable, so every window would compute the same.",
    "Use `[{{.window}}]` as the range of the query's range vectors, e.g. "
    '`sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))`.',
)
QUERY_SYNTAX = rule(
    "slo.sloth.query-syntax",
    "error",
    "A Sloth SLI query has an unclosed bracket, parenthesis, brace or string, or a template action Sloth "
    "cannot fill, so Prometheus cannot parse it.",
    "Close every (, [, { and quote; the only template variable is {{.window}}. `promtool` can check the "
    "rendered query.",
)
ALERT_NAME = rule(
    "slo.sloth.alert-name",
    "error",
    "A Sloth SLO with an enabled page or ticket alert has no alerting.name, or a name Prometheus rejects.",
    "Set `alerting.name` to a Prometheus alert name such as `MyServiceHighErrorRate`, or disable both "
    "alerts (`disable: true` under the page and ticket alert).",
)
PLUGINS = rule(
    "slo.sloth.plugins",
    "error",
    "A Sloth SLO plugin block overrides the previous plugins (overridePrevious: true) with an empty chain.",
    "Add the plugins that must run (at least Sloth's defaults: sloth.dev/core/sli_rules/v1, "
    "sloth.dev/core/metadata_rules/v1, sloth.dev/core/alert_rules/v1) or drop overridePrevious.",
)

#: Sloth's conventions.NameRegexp: start and end alphanumeric, inner '.', '_', '-'.
SLOTH_NAME = re.compile(r"^[A-Za-z0-9][-A-Za-z0-9_.]*[A-Za-z0-9]$")
#: Prometheus' portable (pre-UTF-8) label name syntax, which every Prometheus and Mimir accepts.
LABEL_NAME = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*$")
#: Prometheus' portable metric name syntax: rulefmt rejects alerting rules whose name does not match.
ALERT_NAME_SYNTAX = re.compile(r"^[a-zA-Z_:][a-zA-Z0-9_:]*$")


def check(obj: SloObject, policy: SloPolicy) -> FormatResult:
    dialect = PROMETHEUS_V1 if obj.format == SLOTH_PROMETHEUS_V1 else K8S_V1
    result = FormatResult()
    if obj.base:
        result.findings.append(
            SCHEMA.finding(
                "Sloth reads one spec per YAML document, not a list of specs",
                obj.loc(),
                hint="Split the list into documents separated by `---`.",
            )
        )
    data = obj.data
    result.findings.extend(_schema_finding(obj, dialect, err) for err in dialect.validator.errors(data))
    spec = _at(data, dialect.spec_path)
    if not isinstance(spec, dict):
        return result
    base = dialect.spec_path
    service = spec.get("service")
    if isinstance(service, str):
        result.findings.extend(_name_findings(obj, base + ("service",), service, "service"))
    result.findings.extend(_label_findings(obj, base + ("labels",), spec.get("labels"), "label"))
    result.findings.extend(_plugin_findings(obj, base + (dialect.slo_plugins,), spec.get(dialect.slo_plugins)))
    slos = spec.get("slos")
    if isinstance(slos, list):
        for i, slo in enumerate(slos):
            if isinstance(slo, dict):
                result.extend(_check_slo(obj, dialect, base + ("slos", i), slo, service, spec.get("labels")))
    return result


def _at(data: Any, path: tuple) -> Any:
    """The node at ``path`` (keys and list indexes), or None where the document has another shape."""
    for part in path:
        if isinstance(part, int) and isinstance(data, list) and 0 <= part < len(data):
            data = data[part]
        elif isinstance(part, str) and isinstance(data, dict):
            data = data.get(part)
        else:
            return None
    return data


def _schema_finding(obj: SloObject, dialect: Dialect, err: SchemaError) -> Finding:
    message = f"{field_path(err.path)}: {err.message}" if err.path else err.message
    hint = None
    if err.kind == "unknown-field":
        key = str(err.path[-1])
        twin = dialect.other_spelling(key)
        if twin is not None:
            message = f"{field_path(err.path)}: unknown field {key!r}: a {dialect.name} spec spells it {twin!r}"
        message += "; Sloth silently ignores unknown fields, so nothing under it takes effect"
        value = _at(obj.data, err.path)
        if twin is not None and isinstance(value, dict) and value.get("disable") is True:
            message += " (this alert is NOT disabled)"
        hint = f"Rename it to {twin!r}." if twin else "Remove it, or fix its spelling."
    elif err.kind == "type" and ("labels" in err.path or "annotations" in err.path or "options" in err.path):
        hint = 'Quote the value so that YAML reads it as a string: `tier: "2"`.'
    return SCHEMA.finding(message, obj.loc(*err.path, key=err.at_key or err.kind == "required"), hint=hint)


def _name_findings(obj: SloObject, path: tuple, name: str, what: str) -> list[Finding]:
    if name == "":
        return [NAME.finding(f"{field_path(path)} is empty: Sloth requires a {what} name", obj.loc(*path))]
    if not SLOTH_NAME.match(name):
        return [
            NAME.finding(
                f"{what} name {name!r} is not a valid Sloth name: it must start and end with a letter or digit "
                "and contain only letters, digits, '.', '_' and '-'",
                obj.loc(*path),
            )
        ]
    return []


def _label_findings(obj: SloObject, path: tuple, labels: Any, what: str) -> list[Finding]:
    if not isinstance(labels, dict):
        return []
    out: list[Finding] = []
    for key, value in labels.items():
        if key == "__name__" and what == "label":
            out.append(
                LABEL.finding(
                    f"{field_path(path)}: the {what} key '__name__' is reserved for the metric name",
                    obj.loc(*path, key, key=True),
                )
            )
        elif not LABEL_NAME.match(key):
            out.append(
                LABEL.finding(
                    f"{field_path(path)}: {what} key {key!r} is not a valid Prometheus label name "
                    "(letters, digits and '_', not starting with a digit)",
                    obj.loc(*path, key, key=True),
                )
            )
        if value == "":
            out.append(
                LABEL.finding(
                    f"{field_path(path + (key,))}: the {what} value is empty; Sloth requires one", obj.loc(*path, key)
                )
            )
    return out


def _plugin_findings(obj: SloObject, path: tuple, plugins: Any) -> list[Finding]:
    if isinstance(plugins, dict) and plugins.get("overridePrevious") is True and not plugins.get("chain"):
        return [
            PLUGINS.finding(
                f"{field_path(path)}: overridePrevious is true but the chain is empty, so no rules would be generated",
                obj.loc(*path, "overridePrevious"),
            )
        ]
    return []


def _check_slo(
    obj: SloObject, dialect: Dialect, path: tuple, slo: dict, service: Any, spec_labels: Any
) -> FormatResult:
    result = FormatResult()
    findings = result.findings
    name = slo.get("name")
    if isinstance(name, str):
        findings.extend(_name_findings(obj, path + ("name",), name, "SLO"))
    findings.extend(_label_findings(obj, path + ("labels",), slo.get("labels"), "label"))
    findings.extend(_plugin_findings(obj, path + ("plugins",), slo.get("plugins")))
    label = f"SLO '{service if isinstance(service, str) and service else '?'}/{name if isinstance(name, str) and name else '?'}'"
    objective = _objective(obj, path, slo.get("objective"), label, findings)
    queries = _check_sli(obj, dialect, path, slo.get("sli"), label, findings)
    enabled = _check_alerting(obj, dialect, path, slo, label, findings)
    is_sla = sla.is_sla([name], [slo.get("labels"), spec_labels])
    facts = SloFacts(
        obj=obj,
        label=label,
        location=obj.loc(*path),
        queries=queries,
        has_alerting=enabled,
        alerting_location=obj.loc(*path, "alerting", key=True) if "alerting" in slo else obj.loc(*path),
        service=service if isinstance(service, str) else None,
        is_sla=is_sla,
    )
    if objective is not None:
        facts.objectives.append(
            Objective(
                objective, obj.loc(*path, "objective"), label=name if isinstance(name, str) else "", is_sla=is_sla
            )
        )
    result.slos.append(facts)
    if isinstance(name, str) and name and isinstance(service, str):
        result.definitions.append(Definition("sloth:SLO", name, obj.loc(*path, "name"), scope=service))
    return result


def _objective(obj: SloObject, path: tuple, value: Any, label: str, findings: list[Finding]) -> float | None:
    """The objective as a fraction, or None when it is missing or unusable (reported here or by the schema)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    where = obj.loc(*path, "objective")
    if not 0 < value <= 100:
        findings.append(
            TARGET_RANGE.finding(
                f"{label}: objective {value:g} is outside (0, 100]; Sloth objectives are percentages (99.9 means 99.9%)",
                where,
            )
        )
        return None
    if value <= 1:
        findings.append(
            TARGET_RANGE.finding(
                f"{label}: objective {value:g} means {value:g}%, not {value * 100:g}%; Sloth objectives are "
                "percentages, so this looks like a fraction",
                where,
                severity=Severity.WARNING,
                hint=f"Write `objective: {value * 100:g}` for {value * 100:g}%.",
            )
        )
    return value / 100.0


def _check_sli(
    obj: SloObject, dialect: Dialect, path: tuple, sli: Any, label: str, findings: list[Finding]
) -> list[QueryPair]:
    if not isinstance(sli, dict):
        return []
    sli_path = path + ("sli",)
    kinds = [k for k in ("events", "raw", "plugin") if k in sli]
    if not kinds:
        findings.append(
            SLI_KIND.finding(f"{label}: sli declares no SLI type; add one of events, raw or plugin", obj.loc(*sli_path))
        )
    elif len(kinds) > 1:
        findings.append(
            SLI_KIND.finding(
                f"{label}: sli declares {' and '.join(kinds)}; Sloth allows exactly one SLI type",
                obj.loc(*sli_path, kinds[1], key=True),
            )
        )
    pairs: list[QueryPair] = []
    events = sli.get("events")
    if isinstance(events, dict):
        error = events.get(dialect.error_query)
        total = events.get(dialect.total_query)
        for key, query in ((dialect.error_query, error), (dialect.total_query, total)):
            if isinstance(query, str):
                findings.extend(_query_findings(obj, sli_path + ("events", key), query, label))
        if isinstance(error, str) and isinstance(total, str):
            pairs.append(
                QueryPair(error, total, obj.loc(*sli_path, "events"), dialect.error_query, dialect.total_query)
            )
    raw = sli.get("raw")
    if isinstance(raw, dict) and isinstance(raw.get(dialect.error_ratio_query), str):
        key = dialect.error_ratio_query
        findings.extend(_query_findings(obj, sli_path + ("raw", key), raw[key], label))
    return pairs


def _query_findings(obj: SloObject, path: tuple, query: str, label: str) -> list[Finding]:
    where = obj.loc(*path)
    field = path[-1]
    if not query.strip():
        return [QUERY_SYNTAX.finding(f"{label}: {field} is empty", where)]
    out: list[Finding] = []
    if not has_window(query):
        out.append(QUERY_WINDOW.finding(f"{label}: {field} does not contain {{{{.window}}}}", where))
    problem = query_problem(query)
    if problem:
        out.append(QUERY_SYNTAX.finding(f"{label}: {field}: {problem}", where))
    return out


def _check_alerting(
    obj: SloObject, dialect: Dialect, path: tuple, slo: dict, label: str, findings: list[Finding]
) -> bool:
    """Report alerting problems; return whether any alert (page or ticket) is enabled."""
    alerting = slo.get("alerting") if isinstance(slo.get("alerting"), dict) else {}
    a_path = path + ("alerting",)
    enabled = []
    for key, word in ((dialect.page_alert, "page"), (dialect.ticket_alert, "ticket")):
        alert = alerting.get(key)
        alert = alert if isinstance(alert, dict) else {}
        if alert.get("disable") is not True:
            enabled.append(word)
        findings.extend(_label_findings(obj, a_path + (key, "labels"), alert.get("labels"), "label"))
        findings.extend(_label_findings(obj, a_path + (key, "annotations"), alert.get("annotations"), "annotation"))
    findings.extend(_label_findings(obj, a_path + ("labels",), alerting.get("labels"), "label"))
    findings.extend(_label_findings(obj, a_path + ("annotations",), alerting.get("annotations"), "annotation"))
    name = alerting.get("name")
    if enabled and (name is None or name == ""):
        which = " and ".join(enabled) + (" alerts are" if len(enabled) > 1 else " alert is")
        if "name" in alerting:
            where = obj.loc(*a_path, "name")
        else:
            where = obj.loc(*a_path, key=True) if "alerting" in slo else obj.loc(*path)
        findings.append(
            ALERT_NAME.finding(
                f"{label}: the {which} enabled (Sloth enables both unless `disable: true`) but alerting.name is missing",
                where,
            )
        )
    elif enabled and isinstance(name, str) and not ALERT_NAME_SYNTAX.match(name):
        findings.append(
            ALERT_NAME.finding(
                f"{label}: alerting.name {name!r} is not a valid Prometheus alert name (letters, digits, '_' and ':', "
                "not starting with a digit); Prometheus would refuse the generated rules",
                obj.loc(*a_path, "name"),
            )
        )
    return bool(enabled)
