"""Facts about SLO files that every format module produces and every cross-file rule consumes.

Format modules (openslo, sloth, slo_generator) know their format; references and hygiene do not.
They meet here: a format module turns an SloObject into findings plus format-neutral facts
(definitions, references, objectives, queries), and the cross-file rules work on those facts only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..findings import Location
from ..safe_yaml import PathKey, YamlDocument

# Format identifiers, stable because they appear in messages, JSON output and the summary.
OPENSLO_V1 = "openslo/v1"
OPENSLO_V1ALPHA = "openslo/v1alpha"
SLOTH_PROMETHEUS_V1 = "sloth/prometheus/v1"
SLOTH_K8S_V1 = "sloth/sloth.slok.dev/v1"
SLO_GENERATOR_V2 = "slo-generator/sre.google.com/v2"
SLO_GENERATOR_CONFIG = "slo-generator/config"
SLO_GENERATOR_V1 = "slo-generator/v1"


@dataclass
class SloObject:
    """One object of an SLO format inside a YAML document (a top-level list holds several)."""

    format: str
    kind: str
    doc: YamlDocument
    base: PathKey = ()

    @property
    def data(self) -> Any:
        node: Any = self.doc.data
        for part in self.base:
            node = node[part]
        return node

    @property
    def path(self) -> str:
        return self.doc.path

    @property
    def name(self) -> str | None:
        data = self.data
        if not isinstance(data, dict):
            return None
        meta = data.get("metadata")
        if isinstance(meta, dict) and isinstance(meta.get("name"), str):
            return meta["name"]
        if isinstance(data.get("service"), str):
            return data["service"]
        return None

    def loc(self, *path: str | int, key: bool = False) -> Location:
        return self.doc.location(self.base + tuple(path), key=key)


@dataclass(frozen=True)
class Definition:
    """A named thing other objects may point at: an OpenSLO SLI, an slo-generator backend..."""

    namespace: str  # e.g. "openslo:SLI", "slo-generator:backend"
    name: str
    location: Location
    #: Objects with the same name in these namespaces are duplicates only within the same scope
    #: (for example a Sloth service); "" is global.
    scope: str = ""


@dataclass(frozen=True)
class Reference:
    namespace: str
    name: str
    location: Location
    #: Field that holds the reference, for the message (``spec.indicatorRef``).
    field: str
    #: Whether a missing target is an error (a dangling ref) or only unknowable (external service).
    required: bool = True
    #: A namespace that only another file defines (slo-generator's shared config.yaml). When no definition
    #: in it is known at all, that file was not among the files read, so the target is unknowable rather
    #: than missing: the reference is reported as unchecked (a notice), not as unresolved.
    needs: str = ""


@dataclass(frozen=True)
class Objective:
    """One target of an SLO, normalised to a fraction in (0, 1] whatever the format says."""

    target: float
    location: Location
    label: str = ""
    #: True when this objective (or its document) is marked as an SLA: a contractual promise.
    is_sla: bool = False


@dataclass(frozen=True)
class QueryPair:
    """Two queries whose ratio makes an SLI (good/total, error/total, bad/total)."""

    numerator: str
    denominator: str
    location: Location
    numerator_field: str = "good"
    denominator_field: str = "total"


@dataclass(frozen=True)
class Window:
    """A time window as written, with its unit kept case-sensitive (``m`` minute, ``M`` month)."""

    text: str
    location: Location
    #: The comment on the same line, for telling "1m # one month" from a real minute.
    context: str = ""
    rolling: bool | None = None


@dataclass
class SloFacts:
    """What hygiene rules need to know about one SLO, whatever its format."""

    obj: SloObject
    label: str
    location: Location
    objectives: list[Objective] = field(default_factory=list)
    queries: list[QueryPair] = field(default_factory=list)
    windows: list[Window] = field(default_factory=list)
    has_alerting: bool = False
    #: Where an "alerting missing" finding should point.
    alerting_location: Location | None = None
    #: Services this SLO is about, for `slo require` and SLA pairing.
    service: str | None = None
    #: The whole document is an SLA (name, labels or annotations say so).
    is_sla: bool = False


@dataclass
class FormatResult:
    """Everything a format module says about one object."""

    findings: list = field(default_factory=list)  # list[Finding]
    definitions: list[Definition] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    slos: list[SloFacts] = field(default_factory=list)

    def extend(self, other: "FormatResult") -> None:
        self.findings.extend(other.findings)
        self.definitions.extend(other.definitions)
        self.references.extend(other.references)
        self.slos.extend(other.slos)
