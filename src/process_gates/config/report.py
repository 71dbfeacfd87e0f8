"""The ``report:`` section as typed settings, with the defaults a repository gets without one.

The window stays text here (``28d``); the report parses it with the release gate's duration grammar, so
that one spelling of a duration works across the configuration.
"""

from __future__ import annotations

from dataclasses import dataclass, field

AUTO = "auto"
DEPLOYMENTS = "deployments"
RELEASES = "releases"


@dataclass(frozen=True)
class DeploymentSource:
    """Where deployment frequency (and the change failure rate's denominator) come from."""

    source: str = AUTO
    environment: str = "production"
    include_prereleases: bool = False


@dataclass(frozen=True)
class ReportPolicy:
    window: str = "28d"
    deployments: DeploymentSource = field(default_factory=DeploymentSource)


def report_from_data(data: dict | None) -> ReportPolicy:
    """Typed settings from schema-validated data (``report:`` of .github/process-gates.yml)."""
    data = data or {}
    deployments = data.get("deployments") or {}
    return ReportPolicy(
        window=str(data.get("window", "28d")),
        deployments=DeploymentSource(
            source=deployments.get("source", AUTO),
            environment=deployments.get("environment", "production"),
            include_prereleases=bool(deployments.get("include_prereleases", False)),
        ),
    )
