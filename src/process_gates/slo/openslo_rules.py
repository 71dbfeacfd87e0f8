"""The OpenSLO rules (declared once, here) and the small report object the checks write findings into.

Rule ids name the mistake, not the kind that made it: ``slo.openslo.duration`` covers a time window, a
time slice, a look-back window and an alert delay alike, so a suppression or a dashboard means one thing.
"""

from __future__ import annotations

from functools import lru_cache

from ..findings import Finding, Rule, rule
from ..safe_yaml import PathKey
from .common_rules import TARGET_RANGE
from .model import Reference, SloObject
from .paths import field_path as _field_path

SCHEMA = rule(
    "slo.openslo.schema",
    "error",
    "An OpenSLO object has an unknown field, a value of the wrong type, or lacks a required field. The "
    "reference SDK (go-sdk, used by oslo) decodes strictly and rejects all three.",
    "Fix the field at the reported place; field names are case-sensitive (see the OpenSLO v1 specification).",
)
KIND = rule(
    "slo.openslo.kind",
    "error",
    "An object's kind does not exist in its apiVersion (openslo/v1 has SLO, SLI, Service, DataSource, "
    "AlertPolicy, AlertCondition and AlertNotificationTarget; openslo/v1alpha only SLO and Service).",
    "Use one of the kinds of the apiVersion, spelled exactly, or move the object to `apiVersion: openslo/v1`.",
)
NAME = rule(
    "slo.openslo.name",
    "error",
    "A name (metadata.name) or a reference to one (indicatorRef, alertPolicyRef, conditionRef, targetRef, "
    "metricSourceRef) is not an RFC 1123 label.",
    "Use lowercase letters, digits and '-' only, at most 63 characters, starting and ending with a letter "
    "or digit (like `checkout-availability`); put a free-form title in `displayName`.",
)
DISPLAY_NAME = rule(
    "slo.openslo.display-name",
    "error",
    "metadata.displayName is longer than the 63 characters the reference SDK allows.",
    "Shorten the display name to 63 characters; longer text belongs in `spec.description`.",
)
LABEL = rule(
    "slo.openslo.label",
    "error",
    "A label key is not a valid key, or a label value is neither text nor a list of texts.",
    "Label keys use lowercase letters, digits, '-', '_' and '.' (at most 63 characters); quote values such "
    "as `\"true\"` or `\"1\"`, or write a list of strings.",
)
ANNOTATION = rule(
    "slo.openslo.annotation",
    "error",
    "An annotation key is not `[prefix/]name`, or an annotation value is not text.",
    "Write keys like `example.com/dashboard-url` (lowercase DNS prefix, '/', lowercase name) and quote values.",
)
DESCRIPTION = rule(
    "slo.openslo.description",
    "error",
    "A description is longer than the 1050 characters OpenSLO allows.",
    "Shorten the description to 1050 characters and link to the longer document instead.",
)
DURATION = rule(
    "slo.openslo.duration",
    "error",
    "A duration is not a duration shorthand: a positive whole number and one case-sensitive unit "
    "(m minutes, h, d, w, M months, Q, Y).",
    "Write a whole number followed by one unit letter, like `5m`, `1h`, `28d`, `4w`, `1M`; `m` is minutes "
    "and `M` is months.",
)
ONE_OF = rule(
    "slo.openslo.one-of",
    "error",
    "Fields that exclude each other are both set, or none of a required set is: indicator/indicatorRef, "
    "target/targetPercent, thresholdMetric/ratioMetric, good/bad with total, raw with rawType, a reference "
    "or an inline object.",
    "Keep exactly one of the fields the message names.",
)
OP = rule(
    "slo.openslo.op",
    "error",
    "An objective's `op`/`value` do not fit its SLI: a thresholdMetric needs both, a ratioMetric takes "
    "neither; or `op` is not one of lt, lte, gt, gte.",
    "For a thresholdMetric write `op: lte` (lt, lte, gt, gte) and a numeric `value`; for a ratioMetric "
    "remove `op` and `value`.",
)
TIME_SLICES = rule(
    "slo.openslo.time-slices",
    "error",
    "timeSliceTarget/timeSliceWindow do not fit the budgeting method: Timeslices needs both, "
    "RatioTimeslices needs timeSliceWindow, Occurrences takes neither; or timeSliceTarget is outside (0, 1].",
    "Add the time-slice fields the budgeting method needs and remove the ones it ignores.",
)
TIME_WINDOW = rule(
    "slo.openslo.time-window",
    "error",
    "An SLO does not have exactly one time window, or a window is rolling and has a calendar, or is not "
    "rolling and has none.",
    "Give exactly one window: `{duration: 28d, isRolling: true}`, or a calendar-aligned "
    "`{duration: 1M, isRolling: false, calendar: {startTime: ..., timeZone: ...}}`.",
)
CALENDAR = rule(
    "slo.openslo.calendar",
    "error",
    "A calendar's startTime is not `YYYY-MM-DD hh:mm:ss`, or its timeZone is not an IANA time zone name.",
    "Write `startTime: 2024-01-01 00:00:00` and `timeZone: Europe/Amsterdam` (or `UTC`).",
)
ALERT_POLICY = rule(
    "slo.openslo.alert-policy",
    "error",
    "An alert policy is malformed: it needs exactly one condition and at least one notification target, "
    "and each item (and each SLO alertPolicies item) is a reference or an inline object, not a bare name.",
    "Write items as `- conditionRef: name` / `- targetRef: name` / `- alertPolicyRef: name`, or inline a "
    "complete object with kind, metadata and spec.",
)
ALERT_CONDITION = rule(
    "slo.openslo.alert-condition",
    "error",
    "An alert condition is malformed: it needs a severity and a condition of kind `burnrate` with op, "
    "threshold and lookbackWindow.",
    "Add `severity:` and a `condition: {kind: burnrate, op: gte, threshold: 2, lookbackWindow: 1h, "
    "alertAfter: 5m}`.",
)
METRIC_SOURCE = rule(
    "slo.openslo.metric-source",
    "error",
    "A metric source says neither where its data comes from (no `type` and no `metricSourceRef`) nor "
    "what to ask (an empty `spec`); or, in openslo/v1alpha, its source or queryType is not a plain word.",
    "Give `type: Prometheus` (or a `metricSourceRef` to a DataSource) and the query under `spec`.",
)
COMPOSITE_WEIGHT = rule(
    "slo.openslo.composite-weight",
    "error",
    "A composite SLO objective's compositeWeight is zero or negative.",
    "Give each composite objective a positive `compositeWeight` (for example 1).",
)

__all__ = [
    "ALERT_CONDITION", "ALERT_POLICY", "ANNOTATION", "CALENDAR", "COMPOSITE_WEIGHT", "DESCRIPTION",
    "DISPLAY_NAME", "DURATION", "KIND", "LABEL", "METRIC_SOURCE", "NAME", "ONE_OF", "OP", "SCHEMA",
    "TARGET_RANGE", "TIME_SLICES", "TIME_WINDOW", "Report", "field_path",
]


#: ``("spec", "objectives", 0, "op")`` -> ``spec.objectives[0].op``, as people and oslo name fields; cached
#: because every check names its path and a thousand files repeat the same few hundred paths.
field_path = lru_cache(maxsize=4096)(_field_path)


class Report:
    """What the checks learn about one OpenSLO object: findings, each placed at the field it is about,
    and the references to other objects met on the way (resolved later, across all files)."""

    __slots__ = ("obj", "findings", "references")

    def __init__(self, obj: SloObject):
        self.obj = obj
        self.findings: list[Finding] = []
        self.references: list[Reference] = []

    def add(self, declared: Rule, path: PathKey, message: str, hint: str | None = None, *, key: bool = False) -> None:
        self.findings.append(declared.finding(message, self.obj.loc(*path, key=key), hint=hint))

    def refer(self, namespace: str, name: str, path: PathKey, *, required: bool) -> None:
        self.references.append(Reference(namespace, name, self.obj.loc(*path), field_path(path), required))
