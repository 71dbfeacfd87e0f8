"""``slo require``: every service folder the policy names holds at least one valid SLO.

"Valid" means: a YAML file below the folder holds an SLO in a format we read (OpenSLO SLO, a Sloth
spec or resource, an slo-generator SLO) and the file has no error findings. YAML files below the folder
that are not SLO documents (Kubernetes manifests, CI files) are ignored here, not reported.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from ..config import Config
from ..findings import Finding, Location, Severity, rule
from ..globs import matching_dirs
from .loading import UNKNOWN_FORMAT, load_objects
from .validate import evaluate_objects

MISSING = rule(
    "slo.require.missing",
    "error",
    "A folder that `slo.require_for` selects holds no SLO file.",
    "Add an SLO for the service (OpenSLO, Sloth or slo-generator) in that folder; "
    "`process-gates slo validate` checks it.",
)
INVALID_ONLY = rule(
    "slo.require.invalid",
    "error",
    "A folder that `slo.require_for` selects holds SLO files, but none of them is valid.",
    "Run `process-gates slo validate <folder>` and fix the errors it reports.",
)


@dataclass
class RequireOutcome:
    folders: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _yaml_files(folder: str) -> list[str]:
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "node_modules")
        found += [os.path.join(dirpath, n) for n in sorted(filenames) if n.endswith((".yaml", ".yml"))]
    return found


def check_required(root: str, config: Config) -> RequireOutcome:
    outcome = RequireOutcome()
    patterns = config.slo.require_for
    if not patterns:
        outcome.notes.append("slo.require_for is empty: no folder is required to hold an SLO")
        return outcome
    outcome.folders = matching_dirs(root, patterns)
    if not outcome.folders:
        outcome.notes.append(f"no folder matches slo.require_for ({', '.join(patterns)})")
    for folder in outcome.folders:
        display = folder.rstrip("/") + "/"
        files = _yaml_files(os.path.join(root, folder))
        loaded = load_objects(files, config.limits)
        slo_objects = [o for o in loaded.objects if _is_slo(o)]
        if not slo_objects:
            outcome.missing.append(display)
            outcome.findings.append(
                MISSING.finding(
                    f"{display} has no SLO (looked in {len(files)} YAML file(s) for OpenSLO, Sloth or slo-generator SLOs)",
                    Location(display),
                )
            )
            continue
        result = evaluate_objects(slo_objects, config.slo)
        errors_by_file: dict[str, int] = {}
        for f in result.findings + [f for f in loaded.findings if f.rule != UNKNOWN_FORMAT.id]:
            if f.severity is Severity.ERROR and f.location:
                errors_by_file[f.location.path] = errors_by_file.get(f.location.path, 0) + 1
        valid = [o for o in slo_objects if o.path not in errors_by_file]
        if not valid:
            outcome.missing.append(display)
            listing = ", ".join(f"{os.path.relpath(p, root)} ({n} error{'s' if n != 1 else ''})" for p, n in sorted(errors_by_file.items()))
            outcome.findings.append(
                INVALID_ONLY.finding(f"{display} has SLO files but none is valid: {listing}", Location(display))
            )
    if outcome.missing:
        outcome.notes.append("services without a valid SLO: " + ", ".join(outcome.missing))
    elif outcome.folders:
        outcome.notes.append(f"all {len(outcome.folders)} required folder(s) hold a valid SLO")
    return outcome


def _is_slo(obj) -> bool:
    from . import model

    if obj.format in (model.OPENSLO_V1, model.OPENSLO_V1ALPHA):
        return obj.kind == "SLO"
    if obj.format in (model.SLOTH_PROMETHEUS_V1, model.SLOTH_K8S_V1):
        return True
    return obj.format in (model.SLO_GENERATOR_V2, model.SLO_GENERATOR_V1)
