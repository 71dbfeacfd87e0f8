"""The configuration as typed facts, with the defaults that make a repository with no file useful."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..safe_yaml import DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, DEFAULT_MAX_NODES, Limits

DEFAULT_SLO_FILES: tuple[str, ...] = (
    "**/slo/**/*.yaml",
    "**/slo/**/*.yml",
    "**/slos/**/*.yaml",
    "**/slos/**/*.yml",
    "**/*.slo.yaml",
    "**/*.slo.yml",
    "**/*.openslo.yaml",
    "**/*.openslo.yml",
    "**/*.sloth.yaml",
    "**/*.sloth.yml",
)


@dataclass(frozen=True)
class SloPolicy:
    mode: str = "enforce"
    files: tuple[str, ...] = DEFAULT_SLO_FILES
    exclude: tuple[str, ...] = ()
    require_for: tuple[str, ...] = ()
    target_ceiling: float = 99.99
    require_alerting: bool = True
    slo_generator_config: str | None = None


@dataclass(frozen=True)
class Config:
    """Everything the gates read from .github/process-gates.yml, defaults filled in."""

    version: int = 1
    limits: Limits = field(default_factory=Limits)
    rules: dict[str, str] = field(default_factory=dict)
    slo: SloPolicy = field(default_factory=SloPolicy)
    #: Where the configuration came from (None: built-in defaults), for messages and the summary.
    source: str | None = None


def config_from_data(data: dict, source: str | None) -> Config:
    """Build typed configuration from already schema-validated data."""
    limits = data.get("limits") or {}
    slo = data.get("slo") or {}
    return Config(
        version=data.get("version", 1),
        limits=Limits(
            max_bytes=limits.get("max_file_bytes", DEFAULT_MAX_BYTES),
            max_depth=limits.get("max_depth", DEFAULT_MAX_DEPTH),
            max_nodes=limits.get("max_nodes", DEFAULT_MAX_NODES),
        ),
        rules=dict(data.get("rules") or {}),
        slo=SloPolicy(
            mode=slo.get("mode", "enforce"),
            files=tuple(slo.get("files", DEFAULT_SLO_FILES)),
            exclude=tuple(slo.get("exclude", ())),
            require_for=tuple(slo.get("require_for", ())),
            target_ceiling=float(slo.get("target_ceiling", 99.99)),
            require_alerting=bool(slo.get("require_alerting", True)),
            slo_generator_config=slo.get("slo_generator_config"),
        ),
        source=source,
    )
