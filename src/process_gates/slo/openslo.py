"""OpenSLO v1 (every kind) and v1alpha (SLO and Service): one object in, findings and facts out.

Each object goes through two passes: its shape (unknown fields, types, required fields: what the
reference SDK's strict decoding rejects; openslo_schema, compiled by openslo_shape) and then the rules
about values and combinations (openslo_v1 with openslo_alerting, openslo_v1alpha; shared helpers in
openslo_common, value formats in openslo_values, rule ids in openslo_rules). The facts for the cross-file
and hygiene rules come last (openslo_facts).

References, and which of them must resolve:

- ``indicatorRef`` (SLO and composite objectives), ``alertPolicyRef``, ``conditionRef`` and ``targetRef``
  must name an object in some SLO file (``required=True``): these are exactly the references go-sdk's
  ReferenceInliner resolves, and fails on, when oslo inlines or converts the files.
- ``spec.service`` and ``metricSourceRef`` need not (``required=False``): the spec makes Service and
  DataSource objects optional ("may refer (depends on implementation) to existing object Kind: Service"),
  the go-sdk inliner does not resolve them, the OpenSLO examples name services nowhere defined, and the
  go-sdk test file that inlines references successfully (go-sdk/v1_slo.yaml) names a DataSource no file
  defines. Reporting them would fail valid files.
"""

from __future__ import annotations

from ..config import SloPolicy
from . import openslo_v1, openslo_v1alpha
from .model import OPENSLO_V1, FormatResult, SloObject
from .openslo_common import check_metadata, report_structure
from .openslo_facts import definition, v1_slo_facts, v1alpha_slo_facts
from .openslo_rules import KIND, Report
from .openslo_schema import V1, V1_SPECS, V1ALPHA, V1ALPHA_SPECS


def check(obj: SloObject, policy: SloPolicy) -> FormatResult:
    data = obj.data
    kind = data.get("kind")
    v1 = obj.format == OPENSLO_V1
    specs = V1_SPECS if v1 else V1ALPHA_SPECS
    known = isinstance(kind, str) and kind in specs
    report = Report(obj)
    report_structure(report, V1 if v1 else V1ALPHA, kind if known else "", data)
    if not known:
        _unknown_kind(report, kind, v1)
    check_metadata(report, ("metadata",), data.get("metadata"))
    result = FormatResult()
    if known:
        spec = data.get("spec")
        if isinstance(spec, dict):
            if v1:
                openslo_v1.check_spec(report, kind, spec)
            elif kind == "SLO":
                openslo_v1alpha.check_slo_spec(report, spec)
            else:
                openslo_v1alpha.check_service_spec(report, spec)
        found = definition(obj, kind)
        if found:
            result.definitions.append(found)
        if kind == "SLO":
            result.slos.append(v1_slo_facts(obj) if v1 else v1alpha_slo_facts(obj))
    result.findings = report.findings
    result.references = report.references
    return result


def _unknown_kind(report: Report, kind: object, v1: bool) -> None:
    version = "openslo/v1" if v1 else "openslo/v1alpha"
    kinds = V1_SPECS if v1 else V1ALPHA_SPECS
    if kind is None:
        if "kind" in report.obj.data:
            report.add(KIND, ("kind",), f"kind is empty: say which {version} object this is ({', '.join(kinds)})")
        return  # a missing `kind` is a missing required field, reported by the structural pass
    if not isinstance(kind, str):
        return  # wrong type, reported by the structural pass
    lowered = {k.lower(): k for k in kinds}
    meant = lowered.get(kind.lower())
    if meant:
        report.add(KIND, ("kind",), f"kind {kind!r} is not an {version} kind; kinds are case-sensitive: did you mean {meant!r}?")
    elif not v1 and kind in V1_SPECS:
        report.add(
            KIND,
            ("kind",),
            f"kind {kind!r} does not exist in openslo/v1alpha, which has only SLO and Service",
            f"Use `apiVersion: openslo/v1` for kind {kind}.",
        )
    else:
        report.add(KIND, ("kind",), f"kind {kind!r} is not an {version} kind: use one of {', '.join(kinds)}")
