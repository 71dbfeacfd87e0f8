"""Generate N realistic, valid SLO files for the benchmarks (OpenSLO v1 SLOs sharing one alert policy).

Deterministic: the same N gives the same files, so runs on different machines compare the same work.
"""

from __future__ import annotations

import argparse
import os

ALERTING = """\
apiVersion: openslo/v1
kind: AlertNotificationTarget
metadata:
  name: oncall
spec:
  description: The on-call rotation
  target: pagerduty
---
apiVersion: openslo/v1
kind: AlertCondition
metadata:
  name: fast-burn
spec:
  description: Budget burning 14x faster than sustainable
  severity: page
  condition:
    kind: burnrate
    op: gte
    threshold: 14
    lookbackWindow: 1h
    alertAfter: 5m
---
apiVersion: openslo/v1
kind: AlertPolicy
metadata:
  name: page-on-fast-burn
spec:
  description: Page on fast burn
  alertWhenBreaching: true
  conditions:
    - conditionRef: fast-burn
  notificationTargets:
    - targetRef: oncall
"""

SLO = """\
apiVersion: openslo/v1
kind: SLO
metadata:
  name: service-{i}-availability
  displayName: Service {i} availability
  labels:
    team: team-{team}
spec:
  description: 99.{nines}% of requests to service {i} succeed over 28 days
  service: service-{i}
  indicator:
    metadata:
      name: service-{i}-success-ratio
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(http_requests_total{{service="service-{i}",code!~"5.."}}[5m]))
        total:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(http_requests_total{{service="service-{i}"}}[5m]))
  timeWindow:
    - duration: 28d
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - displayName: Availability
      target: 0.99{nines}
  alertPolicies:
    - alertPolicyRef: page-on-fast-burn
"""


def generate(directory: str, count: int) -> list[str]:
    """``count`` files: SLOs, plus (from 4 files up) the three alerting objects they reference, one
    object per file, because check-jsonschema reads single-document files only."""
    os.makedirs(directory, exist_ok=True)
    paths = []
    shared = ALERTING.split("---\n") if count >= 4 else []
    for n, text in enumerate(shared):
        path = os.path.join(directory, f"alerting-{n}.yaml")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        paths.append(path)
    for i in range(count - len(shared)):
        path = os.path.join(directory, f"slo-{i:04d}.yaml")
        with open(path, "w", encoding="utf-8") as handle:
            text = SLO.format(i=i, team=i % 7, nines=i % 9 + 1)
            if not shared:  # a lone SLO file carries no reference it could not resolve
                text = text.replace("  alertPolicies:\n    - alertPolicyRef: page-on-fast-burn\n", "")
            handle.write(text)
        paths.append(path)
    return sorted(paths)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory")
    parser.add_argument("count", type=int)
    args = parser.parse_args()
    print("\n".join(generate(args.directory, args.count)))
