"""Where every rule-declaring module is listed, so that the catalogue (docs, SARIF, `rules:` overrides)
can see all rules without the hooks importing gates they do not run."""

from __future__ import annotations

import importlib

RULE_MODULES = (
    "process_gates.safe_yaml",
    "process_gates.config",
    "process_gates.slo.loading",
    "process_gates.slo.openslo",
    "process_gates.slo.sloth",
    "process_gates.slo.slo_generator",
    "process_gates.slo.references",
    "process_gates.slo.hygiene",
    "process_gates.slo.require",
)


def load_all() -> None:
    for name in RULE_MODULES:
        importlib.import_module(name)
