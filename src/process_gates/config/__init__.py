"""Finding, reading and validating .github/process-gates.yml.

A gate must fail closed on its own broken configuration: every problem here becomes a fatal finding
(exit 2) at the line that caused it, never a silently ignored key.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..findings import Finding, Rule, Severity, rule
from ..safe_yaml import InputError, Limits, YamlDocument, load_file
from ..schema import Validator
from .model import Config, SloPolicy, config_from_data

__all__ = ["Config", "SloPolicy", "LoadedConfig", "load_config", "validate_config_document", "schema_text", "CONFIG_PATHS"]

CONFIG_PATHS = (".github/process-gates.yml", ".github/process-gates.yaml")

CONFIG_SCHEMA = rule(
    "config.schema",
    "error",
    "The configuration file does not match its schema.",
    "Fix the field at the reported line; `process-gates config validate` checks the file on its own.",
    fatal=True,
)
CONFIG_DOCUMENTS = rule(
    "config.documents",
    "error",
    "The configuration file must hold exactly one YAML document with a mapping at the top.",
    "Keep a single mapping document in .github/process-gates.yml.",
    fatal=True,
)
CONFIG_RULE_ID = rule(
    "config.unknown-rule",
    "warning",
    "`rules:` names a rule id that no gate declares.",
    "Check the id against the rule catalogue in docs/rules.md.",
)
CONFIG_FATAL_OFF = rule(
    "config.rule-not-adjustable",
    "error",
    "`rules:` tries to change a rule about unreadable input or broken configuration.",
    "Remove the entry: these rules always fail, because nothing trustworthy can be evaluated without them.",
    fatal=True,
)
CONFIG_POSTMORTEM = rule(
    "config.postmortem",
    "error",
    "A `postmortem:` setting is not usable: a holiday on a day that does not exist (e.g. 02-30).",
    "Fix the value at the reported line; `process-gates config validate` checks the file on its own.",
    fatal=True,
)
CONFIG_PATH_MISSING = rule(
    "config.path-missing",
    "error",
    "The configuration names a file that does not exist or is not a regular file.",
    "Fix the path (it is relative to the repository root) or remove the setting.",
    fatal=True,
)


def check_configured_file(config: "Config", setting: str, path: str | None) -> list[Finding]:
    """A file the configuration points at must exist: a typo must fail closed, not silently check less."""
    if not path or os.path.isfile(path):
        return []
    from ..findings import Location

    return [
        CONFIG_PATH_MISSING.finding(
            f"{setting}: {path!r} does not exist or is not a regular file", Location(config.source or CONFIG_PATHS[0])
        )
    ]


@lru_cache(maxsize=1)
def schema_text() -> str:
    # A plain path, not importlib.resources: the package is always installed as files, and the hooks
    # should not pay for importing the resources machinery.
    with open(os.path.join(os.path.dirname(__file__), "process-gates.schema.json"), encoding="utf-8") as handle:
        return handle.read()


@lru_cache(maxsize=1)
def _validator() -> Validator:
    return Validator(json.loads(schema_text()))


@dataclass
class LoadedConfig:
    config: Config
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(f.fatal for f in self.findings)


def discover(root: str = ".") -> str | None:
    for candidate in CONFIG_PATHS:
        path = os.path.join(root, candidate)
        if os.path.isfile(path):
            return os.path.relpath(path, root) if root != "." else candidate
    return None


def load_config(path: str | None = None, root: str = ".") -> LoadedConfig:
    """The configuration at ``path`` (explicit), else the repository's file, else the defaults."""
    chosen = path if path is not None else discover(root)
    if chosen is None:
        return LoadedConfig(Config())
    try:
        documents = load_file(chosen, Limits())
    except InputError as exc:
        return LoadedConfig(Config(source=chosen), [exc.finding()])
    return validate_config_document(documents, chosen)


def validate_config_document(documents: list[YamlDocument], source: str) -> LoadedConfig:
    if len(documents) == 0 or (len(documents) == 1 and documents[0].data is None):
        # An empty file is an explicit "all defaults".
        return LoadedConfig(Config(source=source))
    if len(documents) > 1:
        return LoadedConfig(
            Config(source=source),
            [CONFIG_DOCUMENTS.finding(f"holds {len(documents)} YAML documents; expected one", documents[1].location())],
        )
    doc = documents[0]
    findings: list[Finding] = []
    for err in _validator().errors(doc.data):
        where = ".".join(str(p) for p in err.path) or "(top level)"
        findings.append(CONFIG_SCHEMA.finding(f"{where}: {err.message}", doc.location(err.path, key=err.at_key)))
    if findings:
        return LoadedConfig(Config(source=source), findings)
    config = config_from_data(doc.data, source)
    findings.extend(_check_rule_overrides(config, doc))
    findings.extend(_check_postmortem_holidays(doc))
    if isinstance(doc.data, dict) and doc.data.get("release"):
        # Time zones, cron and dates are checked where they are understood; imported only when present.
        from ..release.settings import release_findings

        findings.extend(release_findings(doc))
    return LoadedConfig(config, findings)


def _check_postmortem_holidays(doc: YamlDocument) -> list[Finding]:
    """Dates the schema's pattern lets through but the calendar does not have (``2026-02-30``)."""
    from ..holidays import HolidayDate

    section = doc.data.get("postmortem") if isinstance(doc.data, dict) else None
    found: list[Finding] = []
    for index, entry in enumerate((section or {}).get("holidays") or ()):
        text, path = (entry, ("postmortem", "holidays", index)) if isinstance(entry, str) else (entry["date"], ("postmortem", "holidays", index, "date"))
        try:
            HolidayDate.parse(text)
        except ValueError as error:
            found.append(CONFIG_POSTMORTEM.finding(f"postmortem.holidays[{index}]: {error}", doc.location(path)))
    return found


def _check_rule_overrides(config: Config, doc: YamlDocument) -> list[Finding]:
    from ..findings import lookup_rule

    _load_all_rules()
    found: list[Finding] = []
    for rule_id in config.rules:
        declared: Rule | None = lookup_rule(rule_id)
        loc = doc.location(("rules", rule_id), key=True)
        if declared is None:
            found.append(CONFIG_RULE_ID.finding(f"rules.{rule_id}: no such rule", loc))
        elif declared.fatal:
            found.append(CONFIG_FATAL_OFF.finding(f"rules.{rule_id}: this rule cannot be adjusted", loc))
    return found


def _load_all_rules() -> None:
    """Import every module that declares rules, so that overrides can be checked against all of them."""
    from .. import catalogue

    catalogue.load_all()


def apply_rule_overrides(findings: list[Finding], overrides: dict[str, str]) -> list[Finding]:
    """Re-grade or drop findings as the repository asked; fatal findings are never touched."""
    if not overrides:
        return findings
    result: list[Finding] = []
    for f in findings:
        wanted = overrides.get(f.rule)
        if wanted is None or f.fatal:
            result.append(f)
        elif wanted != "off":
            result.append(f.with_severity(Severity(wanted)))
    return result


def explain_source(config: Config) -> str:
    return config.source or "built-in defaults (no .github/process-gates.yml)"


def as_dict(config: Config) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(config)
