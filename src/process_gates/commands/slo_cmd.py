"""``slo validate`` and ``slo require``."""

from __future__ import annotations

import argparse

from ..reporters import Report
from .common import finish, load_or_report

TITLE_VALIDATE = "SLO validation"
TITLE_REQUIRE = "SLO coverage"


def run_validate(args: argparse.Namespace) -> int:
    config, code = load_or_report(args, "slo-validate", TITLE_VALIDATE)
    if config is None:
        return code
    from ..globs import walk_files
    from ..slo.loading import expand_paths
    from ..slo.validate import validate_paths

    from ..config import check_configured_file

    report = Report(gate="slo-validate", title=TITLE_VALIDATE, checked_noun="file")
    report.findings.extend(
        check_configured_file(config, "slo.slo_generator_config", config.slo.slo_generator_config)
    )
    if args.paths:
        paths, missing = expand_paths(args.paths, config.slo.files, config.slo.exclude)
        report.findings.extend(missing)
        if not paths and not missing:
            report.notes.append("no YAML files (*.yaml, *.yml) under the given path(s); nothing to validate")
    else:
        paths = list(walk_files(".", config.slo.files, config.slo.exclude))
        report.notes.append(f"files from slo.files: {', '.join(config.slo.files)}")
        if not paths:
            report.notes.append("no SLO files matched; nothing to validate")
    evaluation = validate_paths(paths, config)
    report.findings.extend(evaluation.findings)
    report.checked = evaluation.files
    report.outputs["files"] = str(evaluation.files)
    report.outputs["slos"] = str(len(evaluation.slos))
    return finish(report, args, config, config.slo.mode)


def run_require(args: argparse.Namespace) -> int:
    config, code = load_or_report(args, "slo-require", TITLE_REQUIRE)
    if config is None:
        return code
    from ..slo.require import check_required

    report = Report(gate="slo-require", title=TITLE_REQUIRE, checked_noun="service folder")
    outcome = check_required(args.root, config)
    report.findings.extend(outcome.findings)
    report.checked = len(outcome.folders)
    report.notes.extend(outcome.notes)
    report.outputs["missing"] = ",".join(outcome.missing)
    return finish(report, args, config, config.slo.mode)
