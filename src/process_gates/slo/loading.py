"""From paths to SLO objects: read files safely, split documents and lists, recognise each format."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..findings import Finding, rule
from ..safe_yaml import InputError, Limits, YamlDocument, load_file
from . import model

UNKNOWN_FORMAT = rule(
    "slo.format.unknown",
    "error",
    "A document in an SLO file is not OpenSLO, Sloth or slo-generator.",
    "Start the document with `apiVersion: openslo/v1` (or `version: prometheus/v1` for Sloth, "
    "`apiVersion: sre.google.com/v2` for slo-generator), or exclude the file from `slo.files`.",
)
UNSUPPORTED_VERSION = rule(
    "slo.format.version",
    "error",
    "A document names a version of a known SLO format that does not exist or is not supported.",
    "Use openslo/v1 (or openslo/v1alpha for Sloth's subset), sloth.slok.dev/v1, prometheus/v1 or sre.google.com/v2.",
)
NOT_A_MAPPING = rule(
    "slo.format.shape",
    "error",
    "An SLO document (or an item of a top-level list) is not a mapping.",
    "Each document holds one mapping object, or a list of mapping objects.",
)


@dataclass
class Loaded:
    """Objects found in the given files, plus findings about files that could not be read."""

    objects: list[model.SloObject] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    documents: list[YamlDocument] = field(default_factory=list)


def expand_paths(paths: Iterable[str], include: tuple[str, ...], exclude: tuple[str, ...]) -> tuple[list[str], list[Finding]]:
    """Files named on the command line are taken as given; folders are searched for YAML files."""
    from ..globs import matches
    from ..safe_yaml import UNREADABLE

    result: list[str] = []
    findings: list[Finding] = []
    for path in paths:
        if os.path.isdir(path):
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "node_modules")
                for name in sorted(filenames):
                    if name.endswith((".yaml", ".yml")):
                        full = os.path.join(dirpath, name)
                        if not matches(os.path.relpath(full), exclude):
                            result.append(full)
        elif os.path.lexists(path):
            result.append(path)
        else:
            findings.append(UNREADABLE.finding("no such file or directory", _loc(path)))
    return result, findings


def _loc(path: str):
    from ..findings import Location

    return Location(path)


def load_objects(paths: Iterable[str], limits: Limits) -> Loaded:
    loaded = Loaded()
    for path in paths:
        loaded.files += 1
        try:
            documents = load_file(path, limits)
        except InputError as exc:
            loaded.findings.append(exc.finding())
            continue
        loaded.documents.extend(documents)
        for doc in documents:
            objects, findings = classify(doc)
            loaded.objects.extend(objects)
            loaded.findings.extend(findings)
    return loaded


def classify(doc: YamlDocument) -> tuple[list[model.SloObject], list[Finding]]:
    """The SLO objects in one document; an empty document (``---`` at the end) holds none."""
    data = doc.data
    if data is None:
        return [], []
    if isinstance(data, list):
        objects: list[model.SloObject] = []
        findings: list[Finding] = []
        for i, item in enumerate(data):
            obj, problem = _classify_one(doc, item, (i,))
            if obj is not None:
                objects.append(obj)
            if problem is not None:
                findings.append(problem)
        return objects, findings
    obj, problem = _classify_one(doc, data, ())
    return ([obj] if obj else []), ([problem] if problem else [])


def _classify_one(doc: YamlDocument, data: Any, base: tuple) -> tuple[model.SloObject | None, Finding | None]:
    if not isinstance(data, dict):
        return None, NOT_A_MAPPING.finding(
            "expected a mapping (an SLO object), found " + type(data).__name__.replace("str", "a string"),
            doc.location(base),
        )
    api = data.get("apiVersion")
    kind = data.get("kind")
    version = data.get("version")
    if isinstance(api, str):
        if api == "openslo/v1":
            return model.SloObject(model.OPENSLO_V1, str(kind), doc, base), None
        if api == "openslo/v1alpha":
            return model.SloObject(model.OPENSLO_V1ALPHA, str(kind), doc, base), None
        if api.startswith("openslo/"):
            return None, UNSUPPORTED_VERSION.finding(
                f"apiVersion {api!r} is not an OpenSLO version this tool reads (openslo/v1, openslo/v1alpha)",
                doc.location(base + ("apiVersion",)),
            )
        if api == "sloth.slok.dev/v1":
            return model.SloObject(model.SLOTH_K8S_V1, str(kind), doc, base), None
        if api.startswith("sloth.slok.dev/"):
            return None, UNSUPPORTED_VERSION.finding(
                f"apiVersion {api!r} is not a Sloth resource version (sloth.slok.dev/v1)", doc.location(base + ("apiVersion",))
            )
        if api == "sre.google.com/v2":
            return model.SloObject(model.SLO_GENERATOR_V2, str(kind), doc, base), None
        if api.startswith("sre.google.com/"):
            return None, UNSUPPORTED_VERSION.finding(
                f"apiVersion {api!r} is not an slo-generator version this tool reads (sre.google.com/v2)",
                doc.location(base + ("apiVersion",)),
            )
        return None, UNKNOWN_FORMAT.finding(f"apiVersion {api!r} is not an SLO format", doc.location(base + ("apiVersion",)))
    if isinstance(version, str) and ("slos" in data or version.startswith("prometheus/")):
        if version == "prometheus/v1":
            return model.SloObject(model.SLOTH_PROMETHEUS_V1, "prometheus/v1", doc, base), None
        return None, UNSUPPORTED_VERSION.finding(
            f"version {version!r} is not a Sloth spec version (prometheus/v1)", doc.location(base + ("version",))
        )
    if "backends" in data or "error_budget_policies" in data or "exporters" in data and "slo_name" not in data:
        return model.SloObject(model.SLO_GENERATOR_CONFIG, "SharedConfig", doc, base), None
    if "slo_name" in data and ("backend" in data or "service_name" in data):
        return model.SloObject(model.SLO_GENERATOR_V1, "ServiceLevelObjective", doc, base), None
    return None, UNKNOWN_FORMAT.finding(
        "not a recognised SLO document: no `apiVersion` (OpenSLO, Sloth resource, slo-generator) "
        "and no `version: prometheus/v1` (Sloth)",
        doc.location(base),
    )
