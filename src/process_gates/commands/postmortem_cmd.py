"""``postmortem lint``: the Markdown postmortems given (or the configured ones), linted."""

from __future__ import annotations

import argparse

from ..reporters import Report
from .common import finish, load_or_report

TITLE_LINT = "Postmortem lint"


def run_lint(args: argparse.Namespace) -> int:
    config, code = load_or_report(args, "postmortem-lint", TITLE_LINT)
    if config is None:
        return code
    from ..postmortem.gather import configured_files, expand_paths, lint_paths

    policy = config.postmortem.lint
    report = Report(gate="postmortem-lint", title=TITLE_LINT, checked_noun="file")
    if args.paths:
        paths, missing = expand_paths(args.paths, policy)
        report.findings.extend(missing)
        if not paths and not missing:
            report.notes.append("no Markdown files (*.md, *.markdown) under the given path(s); nothing to lint")
    else:
        paths = configured_files(policy)
        report.notes.append(f"files from postmortem.lint.files: {', '.join(policy.files)}")
        if not paths:
            report.notes.append("no postmortems matched; nothing to lint")
    result = lint_paths(paths, policy, config.limits.max_bytes)
    report.findings.extend(result.findings)
    for finding, suppression in result.suppressed:
        report.notes.append(f"suppressed {finding.rule} at {finding.location}: {suppression.reason}")
    report.checked = result.files
    report.outputs["files"] = str(result.files)
    report.outputs["suppressed"] = str(len(result.suppressed))
    return finish(report, args, config, policy.mode)
