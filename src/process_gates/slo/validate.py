"""``slo validate``: gather SLO files (I/O), then evaluate them (pure) into findings.

Per object, the format's own module checks it and reports format-neutral facts; then the cross-file
steps (references, duplicates) and the hygiene rules run over all objects at once.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

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


def check_each(objects: Iterable[model.SloObject], policy: SloPolicy) -> model.FormatResult:
    """Pure: each object by its format's own rules (the per-file part, which may run in parallel)."""
    combined = model.FormatResult()
    for obj in objects:
        combined.extend(checker_for(obj.format)(obj, policy))
    return combined


def cross_check(
    per_object: model.FormatResult, policy: SloPolicy, extra_definitions: Iterable[model.Definition] = ()
) -> list[Finding]:
    """Pure: the rules that need every object at once — links between formats, references, duplicates
    and hygiene. ``extra_definitions`` come from files not under validation and only resolve references."""
    from .hygiene import check_hygiene
    from .references import check_references

    extra = list(extra_definitions)
    findings: list[Finding] = []
    # A format whose facts depend on another object (an slo-generator SLO's alerting lives in the shared
    # config's policy) completes them here, from everything checked, before the cross-file rules run.
    for name in sorted({FORMAT_MODULES[s.obj.format] for s in per_object.slos}):
        link = getattr(importlib.import_module(name), "link", None)
        if link is not None:
            findings.extend(link(per_object, extra))
    findings.extend(check_references(per_object.definitions, per_object.references, extra))
    findings.extend(check_hygiene(per_object.slos, policy))
    return findings


def evaluate_objects(
    objects: Iterable[model.SloObject],
    policy: SloPolicy,
    extra_definitions: Iterable[model.Definition] = (),
) -> model.FormatResult:
    """Pure: every rule over already-loaded objects, per object and across them."""
    result = check_each(objects, policy)
    result.findings.extend(cross_check(result, policy, extra_definitions))
    return result


def definitions_of(objects: Iterable[model.SloObject], policy: SloPolicy) -> list[model.Definition]:
    return check_each(objects, policy).definitions


def _load_and_check(paths: Sequence[str], config: Config) -> tuple[Loaded, model.FormatResult]:
    loaded = load_objects(paths, config.limits)
    return loaded, check_each(loaded.objects, config.slo)


def validate_paths(paths: list[str], config: Config, *, repo_root: str | None = ".") -> Evaluation:
    """Load and check the files (in parallel on large batches), then run the cross-file rules. When
    references point outside the given files, index the repository's other SLO files (``slo.files``) to
    resolve them, as pre-commit passes only the changed files."""
    from ..parallel import fork_map
    from .references import unresolved

    loaded = Loaded()
    per_object = model.FormatResult()
    for part_loaded, part_result in fork_map(lambda part: _load_and_check(part, config), paths):
        loaded.objects.extend(part_loaded.objects)
        loaded.findings.extend(part_loaded.findings)
        loaded.documents.extend(part_loaded.documents)
        loaded.files += part_loaded.files
        per_object.extend(part_result)
    cross = cross_check(per_object, config.slo)
    if repo_root is not None and unresolved(cross):
        extra = _repository_definitions(paths, config, repo_root)
        if extra:
            cross = cross_check(per_object, config.slo, extra)
    per_object.findings.extend(cross)
    return Evaluation(loaded.findings + per_object.findings, per_object, loaded.files)


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
