"""The compiled OpenSLO structure checks say what the reference JSON Schema validator says about the same
schemas: same places, same kinds of error, same sentences (except that "or null" is left out)."""

from __future__ import annotations

import pytest

from process_gates.safe_yaml import load_bytes, load_file
from process_gates.schema import Validator
from process_gates.slo.openslo_schema import V1, V1ALPHA, Shapes
from process_gates.slo.openslo_shape import Compiler

BROKEN = """\
apiVersion: openslo/v1
kind: SLO
metadata: {name: 5, displayName: [x], labels: {a: b}, extra: 1}
spec:
  service: 12
  budgetingMethod: occurrences
  timeWindow: [{duration: 1d, isRolling: "no", calendar: {startTime: 1}}]
  objectives:
    - {target: "0.9", op: 1, indicator: {metadata: {}, spec: {ratioMetric: {good: {metricSource: {spec: []}}, weird: 1}}}}
  alertPolicies: [{alertPolicyRef: 3, spec: {conditions: [{conditionRef: x, spec: {condition: {kind: 1}}}], notificationTargets: "no"}}]
  extra: 1
"""


def _objects(data):
    return data if isinstance(data, list) else [data]


def _agree(shapes: Shapes, data) -> None:
    reference = Validator({"$defs": shapes.defs})
    kind = data.get("kind") if data.get("kind") in shapes.documents else ""
    compiled = shapes.errors(kind, data)
    expected = reference.errors(data, shapes.documents[kind])
    assert [(e.path, e.kind, e.at_key) for e in compiled] == [(e.path, e.kind, e.at_key) for e in expected]
    assert [e.message for e in compiled] == [e.message.replace(" or null,", ",") for e in expected]


def test_agrees_on_a_broken_slo():
    [doc] = load_bytes(BROKEN, "broken.yaml")
    _agree(V1, doc.data)
    assert len(V1.errors("SLO", doc.data)) > 10


def test_agrees_on_every_openslo_file_of_the_corpus(corpus_dir):
    checked = 0
    for folder in ("openslo", "oslo", "go-sdk", "sloth"):
        for path in sorted((corpus_dir / "slo" / folder).glob("*.y*ml")):
            for doc in load_file(str(path)):
                for data in _objects(doc.data):
                    api = data.get("apiVersion") if isinstance(data, dict) else None
                    if api in ("openslo/v1", "openslo/v1alpha"):
                        _agree(V1 if api == "openslo/v1" else V1ALPHA, data)
                        checked += 1
    assert checked >= 20


def test_unsupported_keywords_fail_at_compile_time():
    with pytest.raises(ValueError, match="not supported"):
        Compiler({}).compile({"type": "string", "pattern": "x"})
    with pytest.raises(ValueError, match="unknown \\$ref"):
        Compiler({}).compile({"$ref": "#/$defs/missing"})


def test_allowed_fields_follow_references_and_lists():
    assert V1.fields_at("SLO", ("spec", "objectives", 0))[:3] == ["displayName", "op", "value"]
    assert V1.fields_at("AlertPolicy", ("spec", "conditions", 0)) == ["conditionRef", "kind", "metadata", "spec"]
    assert V1ALPHA.fields_at("SLO", ("spec", "timeWindows", 0)) == ["unit", "count", "isRolling", "calendar"]
