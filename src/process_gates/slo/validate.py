"""``slo validate``: gather SLO files (I/O), then evaluate them (pure) into findings.

Per object, the format's own module checks it and reports format-neutral facts; then the cross-file
steps (references, duplicates) and the hygiene rules run over all objects at once.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Callable, Iterable

from ..config import Config, SloPolicy
from ..findings import Finding
from . import model
from .loading import Loaded, load_objects

#: Format -> module that exposes ``check(obj, policy) -> FormatResult``. Imported lazily so that a
#: repository with only Sloth files never imports the OpenSLO rules.
FORMAT_MODULES = {
    model.OPENSLO_V1: "process_gates.slo.openslo",
    model.OPENSLO_V1ALPHA: "process_gates.slo.openslo",
    model.SLOTH_PROMETHEUS_V1: "process_gates.slo.sloth",
    model.SLOTH_K8S_V1: "process_gates.slo.sloth",
    model.SLO_GENERATOR_V2: "process_gates.slo.slo_generator",
    model.SLO_GENERATOR_CONFIG: "process_gates.slo.slo_generator",
    model.SLO_GENERATOR_V1: "process_gates.slo.slo_generator",
}


def checker_for(fmt: str) -> Callable[[model.SloObject, SloPolicy], model.FormatResult]:
    return importlib.import_module(FORMAT_MODULES[fmt]).check  # type: ignore[no-any-return]


@dataclass
class Evaluation:
    findings: list[Finding] = field(default_factory=list)
    result: model.FormatResult = field(default_factory=model.FormatResult)
    files: int = 0

    @property
    def slos(self) -> list[model.SloFacts]:
        return self.result.slos


def evaluate_objects(
    objects: Iterable[model.SloObject],
    policy: SloPolicy,
    extra_definitions: Iterable[model.Definition] = (),
) -> model.FormatResult:
    """Pure: every rule over already-loaded objects. ``extra_definitions`` come from files not under
    validation (the rest of the repository) and only serve to resolve references."""
    from .hygiene import check_hygiene
    from .references import check_references

    combined = model.FormatResult()
    modules: dict[str, object] = {}
    for obj in objects:
        combined.extend(checker_for(obj.format)(obj, policy))
        modules.setdefault(FORMAT_MODULES[obj.format], importlib.import_module(FORMAT_MODULES[obj.format]))
    extra = list(extra_definitions)
    # A format whose facts depend on another object (an slo-generator SLO's alerting lives in the shared
    # config's policy) completes them here, from everything checked, before the cross-file rules run.
    for module in modules.values():
        link = getattr(module, "link", None)
        if link is not None:
            combined.findings.extend(link(combined, extra))
    combined.findings.extend(check_references(combined.definitions, combined.references, extra))
    combined.findings.extend(check_hygiene(combined.slos, policy))
    return combined


def definitions_of(objects: Iterable[model.SloObject], policy: SloPolicy) -> list[model.Definition]:
    out: list[model.Definition] = []
    for obj in objects:
        out.extend(checker_for(obj.format)(obj, policy).definitions)
    return out


def validate_paths(paths: list[str], config: Config, *, repo_root: str | None = ".") -> Evaluation:
    """Load the files, evaluate them, and, when references point outside the given files, index the
    repository's other SLO files (``slo.files``) to resolve them, as pre-commit passes only changed files."""
    from .references import unresolved

    loaded: Loaded = load_objects(paths, config.limits)
    result = evaluate_objects(loaded.objects, config.slo)
    if repo_root is not None and unresolved(result.findings):
        extra = _repository_definitions(paths, config, repo_root)
        if extra:
            result = evaluate_objects(loaded.objects, config.slo, extra)
    evaluation = Evaluation(loaded.findings + result.findings, result, loaded.files)
    return evaluation


def _repository_definitions(given: list[str], config: Config, root: str) -> list[model.Definition]:
    import os

    from ..globs import walk_files

    seen = {os.path.realpath(p) for p in given}
    others = [
        os.path.join(root, rel) if root != "." else rel
        for rel in walk_files(root, config.slo.files, config.slo.exclude)
        if os.path.realpath(os.path.join(root, rel)) not in seen
    ]
    shared = config.slo.slo_generator_config
    if shared:
        shared_path = shared if os.path.isabs(shared) or root == "." else os.path.join(root, shared)
        if os.path.realpath(shared_path) not in seen | {os.path.realpath(p) for p in others}:
            others.append(shared_path)
    if not others:
        return []
    loaded = load_objects(others, config.limits)
    return definitions_of(loaded.objects, config.slo)
