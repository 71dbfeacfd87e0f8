"""slo-generator's shared config: the backends, exporters and error-budget policies SLOs name.

Its keys become definitions that the SLOs' references resolve against (scoped to the file: the same key
in a per-environment config is no duplicate), plus two markers the SLOs' alerting is decided from:
which policies have a step with ``alert: true``, and which default exporters exist.
"""

from __future__ import annotations

from ..findings import Finding
from .model import Definition, FormatResult, SloObject
from .slo_generator_rules import (
    ALERTING_POLICY_NAMESPACE,
    BACKEND_NAMESPACE,
    CONFIG_NAMESPACE,
    DEFAULT_EXPORTER_NAMESPACE,
    EXPORTER_NAMESPACE,
    POLICY_NAMESPACE,
    POLICY_STEPS,
    PROVIDER,
    SCHEMA,
    closest,
    schema_findings,
)
from .slo_generator_schema import BACKENDS, CONFIG_VALIDATOR, EXPORTERS, provider_type


def check_config(obj: SloObject) -> FormatResult:
    data = obj.data
    result = FormatResult(findings=schema_findings(obj, CONFIG_VALIDATOR.errors(data)))
    scope = obj.path  # the same key in two configs (per environment) is no duplicate
    result.definitions.append(Definition(CONFIG_NAMESPACE, obj.path, obj.loc(), scope=scope))
    for section, namespace, known, word in (
        ("backends", BACKEND_NAMESPACE, BACKENDS, "backend"),
        ("exporters", EXPORTER_NAMESPACE, EXPORTERS, "exporter"),
    ):
        providers = data.get(section)
        if not isinstance(providers, dict):
            continue
        for key in providers:
            where = obj.loc(section, key, key=True)
            result.definitions.append(Definition(namespace, key, where, scope=scope))
            kind = provider_type(key)
            if kind is not None and kind not in known:
                result.findings.append(
                    PROVIDER.finding(
                        f"{section}.{key}: {kind!r} is not a built-in slo-generator {word}"
                        f"{closest(kind, sorted(known))}",
                        where,
                    )
                )
    exporters = data.get("exporters") if isinstance(data.get("exporters"), dict) else {}
    defaults = data.get("default_exporters")
    if isinstance(defaults, list):
        for i, name in enumerate(defaults):
            if not isinstance(name, str):
                continue
            result.definitions.append(
                Definition(DEFAULT_EXPORTER_NAMESPACE, name, obj.loc("default_exporters", i), scope=scope)
            )
            if name not in exporters:
                result.findings.append(
                    SCHEMA.finding(
                        f"default_exporters[{i}]: {name!r} is not defined under exporters{closest(name, list(exporters))}",
                        obj.loc("default_exporters", i),
                    )
                )
    policies = data.get("error_budget_policies")
    if isinstance(policies, dict):
        for key, body in policies.items():
            where = obj.loc("error_budget_policies", key, key=True)
            result.definitions.append(Definition(POLICY_NAMESPACE, key, where, scope=scope))
            steps = body.get("steps") if isinstance(body, dict) else None
            if not isinstance(steps, list):
                continue
            if any(isinstance(s, dict) and s.get("alert") is True for s in steps):
                result.definitions.append(Definition(ALERTING_POLICY_NAMESPACE, key, where, scope=scope))
            result.findings.extend(_step_findings(obj, key, steps))
    return result


def _step_findings(obj: SloObject, policy: str, steps: list) -> list[Finding]:
    out: list[Finding] = []
    names: dict[str, int] = {}
    windows: dict[int, int] = {}
    previous: tuple[int, int] | None = None
    for i, step in enumerate(steps):
        if not isinstance(step, dict):
            continue
        base = ("error_budget_policies", policy, "steps", i)
        name = step.get("name")
        if isinstance(name, str):
            if name in names:
                out.append(
                    POLICY_STEPS.finding(
                        f"error_budget_policies.{policy}: step name {name!r} repeats step {names[name] + 1}; reports "
                        "and exported metrics are labelled by step name, so the two cannot be told apart",
                        obj.loc(*base, "name"),
                    )
                )
            names.setdefault(name, i)
        window = step.get("window")
        if isinstance(window, bool) or not isinstance(window, int) or window <= 0:
            continue
        if window in windows:
            out.append(
                POLICY_STEPS.finding(
                    f"error_budget_policies.{policy}: window {window} s repeats step {windows[window] + 1}",
                    obj.loc(*base, "window"),
                )
            )
        elif previous is not None and window < previous[0]:
            out.append(
                POLICY_STEPS.finding(
                    f"error_budget_policies.{policy}: step {i + 1} window {window} s is shorter than step "
                    f"{previous[1] + 1} ({previous[0]} s); order steps from the shortest window to the longest",
                    obj.loc(*base, "window"),
                )
            )
        windows.setdefault(window, i)
        previous = (window, i)
    return out
