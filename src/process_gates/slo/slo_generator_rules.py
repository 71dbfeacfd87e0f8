"""The rules of slo-generator files, the namespaces their names live in, and how schema errors read.

Shared by ``slo_generator.py`` (SLOs) and ``slo_generator_config.py`` (the shared config).
"""

from __future__ import annotations

import difflib

from ..findings import Finding, rule
from ..schema import SchemaError
from .model import SloObject
from .paths import field_path

SCHEMA = rule(
    "slo.slo-generator.schema",
    "error",
    "An slo-generator SLO or shared config has an unknown field, lacks a required one, or has a value of the "
    "wrong type (policy step windows are positive whole seconds, burn-rate thresholds positive numbers).",
    "Compare with slo-generator's samples: an SLO needs metadata.name and spec.description, backend, method, "
    "service_level_indicator and goal; each policy step needs name, window, burn_rate_threshold, alert, "
    "message_alert and message_ok.",
)
SLI = rule(
    "slo.slo-generator.sli",
    "error",
    "An slo-generator SLO's method or service_level_indicator does not fit its backend: an unknown method, "
    "or a field the method reads is missing.",
    "Use a method the backend provides and the fields it reads, e.g. prometheus `good_bad_ratio` with "
    "`filter_good` and `filter_valid` (or `filter_bad`).",
)
PROVIDER = rule(
    "slo.slo-generator.provider",
    "warning",
    "A backend or exporter key in the shared config names no built-in slo-generator provider, so "
    "slo-generator cannot import its class.",
    "Name built-in providers by type, optionally with an alias (`prometheus`, `cloud_monitoring/prod`), and "
    "custom ones by their dotted class path (`mypackage.backends.MyBackend`).",
)
POLICY_STEPS = rule(
    "slo.slo-generator.policy-steps",
    "warning",
    "An error-budget policy's steps repeat a name or a window, or are not ordered from the shortest window "
    "to the longest, so the reports per step are ambiguous or the policy is easy to misread.",
    "Give each step its own name and window, ordered from the shortest window (fast burn, high threshold) "
    "to the longest (slow burn, low threshold).",
)
LEGACY_V1 = rule(
    "slo.slo-generator.legacy-v1",
    "error",
    "A file is in slo-generator's v1 format, which slo-generator 2.x does not read (it skips it silently).",
    "Convert it: `slo-generator migrate -s <v1 folder> -t <target folder> -b <error_budget_policy.yaml>` "
    "writes sre.google.com/v2 SLOs and a shared config.yaml.",
)

CONFIG_NAMESPACE = "slo-generator:config"
BACKEND_NAMESPACE = "slo-generator:backend"
EXPORTER_NAMESPACE = "slo-generator:exporter"
POLICY_NAMESPACE = "slo-generator:error_budget_policy"
ALERTING_POLICY_NAMESPACE = "slo-generator:alerting-policy"
DEFAULT_EXPORTER_NAMESPACE = "slo-generator:default-exporter"
SLO_NAMESPACE = "slo-generator:ServiceLevelObjective"


def closest(word: str, options: list[str]) -> str:
    """`` (did you mean 'x'?)`` for a likely typo of one of ``options``, else nothing."""
    match = difflib.get_close_matches(word, options, n=1, cutoff=0.7)
    return f" (did you mean {match[0]!r}?)" if match else ""


def schema_findings(obj: SloObject, errors: list[SchemaError]) -> list[Finding]:
    out = []
    for err in errors:
        message = f"{field_path(err.path)}: {err.message}" if err.path else err.message
        if err.kind == "unknown-field":
            message += "; slo-generator ignores it"
        out.append(SCHEMA.finding(message, obj.loc(*err.path, key=err.at_key or err.kind == "required")))
    return out
