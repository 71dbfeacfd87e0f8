"""The report as a stable JSON document for dashboards: ``{"version": 1, "window": ..., "metrics": ...}``.

Its fields are described in report.schema.json, shipped in the package (tests validate every document
against it). Numbers are rounded to 4 decimals so that a re-run over the same data gives the same bytes.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime
from importlib import resources
from typing import Any

from .. import __version__
from .metrics import Distribution, Metrics
from .model import ReportFacts

VERSION = 1


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _num(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _dist(d: Distribution) -> dict[str, Any]:
    return {"count": d.count, "median_hours": _num(d.median_hours), "p90_hours": _num(d.p90_hours)}


def build(facts: ReportFacts, m: Metrics) -> dict[str, Any]:
    w = facts.window
    deploy = facts.deployments
    slo = facts.slo
    return {
        "version": VERSION,
        "tool": {"name": "process-gates", "version": __version__},
        "repository": facts.repository,
        "default_branch": facts.default_branch,
        "window": {"since": _iso(w.since), "until": _iso(w.until), "days": _num(w.days)},
        "metrics": {
            "lead_time": _dist(m.lead_time),
            "deployment_frequency": {
                "source": deploy.source,
                "environment": deploy.environment,
                "count": m.deployments,
                "per_week": _num(m.deployments_per_week),
                "per_day": _num(m.deployments_per_day),
                "not_counted": dict(sorted(deploy.not_counted.items())),
            },
            "change_failure_rate": {"incidents": m.incidents, "deployments": m.deployments, "rate": _num(m.change_failure_rate)},
            "time_to_restore": {**_dist(m.time_to_restore), "open": m.open_incidents},
            "incidents": {"count": m.incidents, "by_severity": dict(m.by_severity)},
            "postmortems": {"opened": m.postmortems_opened, "open": m.postmortems_open, "overdue": m.postmortems_overdue},
            "action_items": {"open": m.action_items_open, "overdue": m.action_items_overdue},
            "slo": {
                "configured": slo.configured,
                "slo": slo.slo or None,
                "target": _num(slo.target),
                "window": slo.window or None,
                "sli": _num(slo.sli),
                "remaining_budget": _num(slo.remaining),
                "no_data": slo.no_data or None,
                "problem": slo.problem or None,
                "burn_rates": [
                    {"window": r.window, "threshold": r.threshold, "rate": _num(r.rate), "no_data": r.no_data or None}
                    for r in slo.burn_rates
                ],
            },
        },
        "weeks": [
            {"start": _iso(week.start), "end": _iso(week.end), "merges": week.merges, "deployments": week.deployments, "incidents": week.incidents}
            for week in m.weeks
        ],
        "overdue": [
            {"kind": f.kind, "issue": f.issue, "url": f.url, "text": f.text, "due": f.due.isoformat(), "days_overdue": f.days_overdue(w.until.date())}
            for f in facts.follow_ups.overdue
        ],
    }


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_atomically(path: str, text: str) -> None:
    """Write the whole file or nothing: a dashboard never reads half a document."""
    folder = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=".process-gates-report-", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def schema() -> dict[str, Any]:
    return json.loads(resources.files("process_gates.report").joinpath("report.schema.json").read_text(encoding="utf-8"))
