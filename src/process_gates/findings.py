"""The one currency every gate pays in: a Finding, and the rule it comes from.

Gates never print. They return findings; reporters render them and the exit code is computed from them,
so that every gate explains itself the same way in a terminal, an editor, a CI log and code scanning.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from typing import Iterable


class Severity(str, enum.Enum):
    """How much a finding matters. Only errors fail a gate; warnings and notices inform."""

    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "notice": 2}[self.value]


class ExitCode(enum.IntEnum):
    """The documented exit-code contract (DESIGN.md): callers script against these numbers."""

    PASSED = 0
    FINDINGS = 1
    USAGE = 2
    SERVICE = 3


@dataclass(frozen=True, order=True)
class Location:
    """Where a finding applies. Lines and columns are 1-based, as editors and GitHub expect."""

    path: str
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None

    def __str__(self) -> str:
        parts = [self.path or "-"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclass(frozen=True)
class Rule:
    """A stable, documented rule id with its default severity and the one-line fix hint.

    Rule ids are part of the public contract (suppressions, SARIF, dashboards), so they live in one
    registry that the documentation test reads: a rule cannot be added without being documented.
    """

    id: str
    severity: Severity
    summary: str
    hint: str = ""
    #: Rules of this category make the exit code 2: the input could not be read or the tool's own
    #: configuration is broken, so nothing trustworthy could be evaluated.
    fatal: bool = False

    def finding(
        self,
        message: str,
        location: Location | None = None,
        *,
        severity: Severity | None = None,
        hint: str | None = None,
    ) -> "Finding":
        return Finding(
            rule=self.id,
            severity=severity or self.severity,
            message=message,
            location=location,
            hint=self.hint if hint is None else hint,
            fatal=self.fatal,
        )


_REGISTRY: dict[str, Rule] = {}


def rule(
    id: str, severity: Severity | str, summary: str, hint: str = "", *, fatal: bool = False
) -> Rule:
    """Declare a rule once, at import time of the module that owns it."""
    sev = Severity(severity)
    if id in _REGISTRY:
        raise ValueError(f"rule {id} declared twice")
    declared = Rule(id=id, severity=sev, summary=summary, hint=hint, fatal=fatal)
    _REGISTRY[id] = declared
    return declared


def registered_rules() -> dict[str, Rule]:
    return dict(_REGISTRY)


def lookup_rule(rule_id: str) -> Rule | None:
    return _REGISTRY.get(rule_id)


@dataclass(frozen=True)
class Finding:
    """One thing a gate has to say, with where it applies and how to make it pass."""

    rule: str
    severity: Severity
    message: str
    location: Location | None = None
    hint: str = ""
    fatal: bool = False
    #: Free-form facts for machine readers (JSON/SARIF), never needed to understand the message.
    data: dict[str, object] = field(default_factory=dict, compare=False, hash=False)

    def with_severity(self, severity: Severity) -> "Finding":
        return replace(self, severity=severity)

    def sort_key(self) -> tuple[str, int, int, int, str]:
        loc = self.location
        return (
            loc.path if loc else "",
            (loc.line or 0) if loc else 0,
            (loc.column or 0) if loc else 0,
            self.severity.rank,
            self.rule,
        )


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=Finding.sort_key)


def exit_code(findings: Iterable[Finding]) -> ExitCode:
    """Fatal beats errors beats everything else; warnings never fail a gate."""
    code = ExitCode.PASSED
    for f in findings:
        if f.fatal:
            return ExitCode.USAGE
        if f.severity is Severity.ERROR:
            code = ExitCode.FINDINGS
    return code


def counts(findings: Iterable[Finding]) -> dict[Severity, int]:
    result = {s: 0 for s in Severity}
    for f in findings:
        result[f.severity] += 1
    return result


def downgrade_errors(findings: Iterable[Finding]) -> list[Finding]:
    """Warn mode: a gate being rolled out reports everything but fails nothing it evaluated.

    Fatal findings stay errors: a broken configuration must fail loudly even in warn mode.
    """
    return [
        f.with_severity(Severity.WARNING) if f.severity is Severity.ERROR and not f.fatal else f
        for f in findings
    ]
