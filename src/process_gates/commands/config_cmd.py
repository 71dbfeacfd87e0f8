"""``config validate`` and ``config schema``."""

from __future__ import annotations

import argparse
import sys

from ..config import CONFIG_PATHS, discover, load_config, schema_text
from ..reporters import Report
from .common import emit


def run_validate(args: argparse.Namespace) -> int:
    paths = list(args.paths) or ([args.config] if getattr(args, "config", None) else [])
    if not paths:
        found = discover(".")
        paths = [found] if found else []
    report = Report(gate="config", title="Configuration", checked_noun="file")
    if not paths:
        report.notes.append(f"no configuration file ({' or '.join(CONFIG_PATHS)}); every gate uses its defaults")
    for path in paths:
        loaded = load_config(path)
        report.checked += 1
        report.findings.extend(loaded.findings)
    return emit(report, args)


def run_schema(args: argparse.Namespace) -> int:
    sys.stdout.write(schema_text())
    return 0
