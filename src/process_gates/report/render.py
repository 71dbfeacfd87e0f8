"""The report as Markdown (a job summary) with Mermaid charts.

Everything from outside (issue titles, the repository's name, label names) is hostile: titles go into
table cells through ``md_escape`` and into nothing else; Mermaid blocks hold only numbers and labels we
generate (week dates) or reduce to a safe alphabet (severity labels), never a title.
"""

from __future__ import annotations

import re

from ..postmortem.template import safe_url
from ..reporters.github import md_escape
from .metrics import Distribution, Metrics
from .model import ReportFacts, SloFacts

#: Rows per table; the rest are counted, not listed (a summary must stay readable and under 1 MiB).
MAX_ROWS = 25
CONFIGURE_SLO = (
    "set `release.error_budget.slo` to an OpenSLO, Sloth or slo-generator file and give Prometheus "
    "(`release.error_budget.prometheus_url` or the `PROMETHEUS_URL` variable) in .github/process-gates.yml"
)


def hours(value: float | None) -> str:
    if value is None:
        return "n/a"
    if value >= 48:
        return f"{value / 24:.1f} d"
    return f"{value:.1f} h"


def percent(value: float | None, digits: int = 1) -> str:
    return "n/a" if value is None else f"{value * 100:.{digits}f}%"


def _dist(d: Distribution, noun: str) -> tuple[str, str]:
    if not d.count:
        return "n/a", f"no {noun}"
    return f"{hours(d.median_hours)} median", f"p90 {hours(d.p90_hours)} · {d.count} {noun}"


def mermaid_label(text: str, limit: int = 40) -> str:
    """A label safe inside a quoted Mermaid string: a small alphabet, no quotes, no markup, bounded."""
    cleaned = re.sub(r"[^A-Za-z0-9 ._:/+()-]", "_", text)[:limit]
    return cleaned or "_"


def _bar_chart(title: str, labels: list[str], values: list[int], axis: str) -> list[str]:
    top = max([*values, 1])
    return [
        "```mermaid",
        "xychart-beta",
        f'    title "{mermaid_label(title, 80)}"',
        "    x-axis [" + ", ".join(f'"{mermaid_label(label)}"' for label in labels) + "]",
        f'    y-axis "{mermaid_label(axis)}" 0 --> {top}',
        "    bar [" + ", ".join(str(int(v)) for v in values) + "]",
        "```",
        "",
    ]


def _pie(title: str, slices: dict[str, int]) -> list[str]:
    lines = ["```mermaid", f'pie title {mermaid_label(title, 80)}']
    lines += [f'    "{mermaid_label(label)}" : {count}' for label, count in slices.items() if count > 0]
    return lines + ["```", ""]


def _link(number: int, url: str) -> str:
    target = safe_url(url)
    return f"[#{number}]({target})" if target else f"#{number}"


def headline_rows(facts: ReportFacts, m: Metrics) -> list[str]:
    deploy = facts.deployments
    where = f"to {md_escape(deploy.environment or '')}" if deploy.source == "deployments" else "published releases"
    lead_value, lead_detail = _dist(m.lead_time, f"PRs merged into {md_escape(facts.default_branch or 'the default branch')}")
    restore_value, restore_detail = _dist(m.time_to_restore, "incidents restored")
    cfr_detail = (
        f"{m.incidents} incidents / {m.deployments} deployments"
        if m.change_failure_rate is not None
        else f"{m.incidents} incidents, no deployments to divide by"
    )
    rows = [
        ("Lead time for changes", lead_value, lead_detail),
        ("Deployment frequency", f"{m.deployments_per_week:.2f} / week",
         f"{m.deployments_per_day:.2f} / day · {m.deployments} {'deployments ' + where if deploy.source == 'deployments' else where}"),
        ("Change failure rate", percent(m.change_failure_rate), cfr_detail),
        ("Time to restore", restore_value, f"{restore_detail} · {m.open_incidents} still open"),
        ("Postmortems", f"{m.postmortems_opened} opened", f"{m.postmortems_open} open · {m.postmortems_overdue} overdue"),
        ("Action items", f"{m.action_items_open} open", f"{m.action_items_overdue} overdue"),
        ("SLO error budget", *_slo_cells(facts.slo)),
    ]
    return ["| Metric | Value | Detail |", "|---|---|---|", *(f"| {a} | {b} | {c} |" for a, b, c in rows), ""]


def _slo_cells(slo: SloFacts) -> tuple[str, str]:
    if not slo.configured:
        return "not configured", "see below"
    if slo.problem:
        return "cannot be measured", "see below"
    if slo.sli is None:
        return "no data", f"over {slo.window}"
    return f"{percent(slo.remaining, 2)} left", f"SLI {percent(slo.sli, 4)} over {slo.window} (target {percent(slo.target, 3)})"


def slo_section(slo: SloFacts) -> list[str]:
    lines = ["### SLO error budget", ""]
    if not slo.configured:
        return lines + [f"Not configured. To report the SLI, the remaining error budget and burn rates, {CONFIGURE_SLO}.", ""]
    if slo.problem:
        return lines + [f"Cannot be measured: {md_escape(slo.problem)}", ""]
    lines.append(f"{md_escape(slo.slo)}, target {percent(slo.target, 3)} over {slo.window}.")
    lines.append("")
    if slo.sli is None:
        lines += [f"No data over {slo.window}: {md_escape(slo.no_data)}. No data is not a pass.", ""]
    else:
        lines += [f"SLI {percent(slo.sli, 4)}; error budget remaining {percent(slo.remaining, 2)}.", ""]
    if slo.burn_rates:
        lines += ["| Window | Burn rate | Threshold |", "|---|---|---|"]
        for rate in slo.burn_rates:
            value = "no data" if rate.rate is None else f"{rate.rate:.2f}"
            lines.append(f"| {rate.window} | {value} | {rate.threshold:g} |")
        lines.append("")
    return lines


def render_markdown(facts: ReportFacts, m: Metrics) -> str:
    w = facts.window
    span = f"{w.since:%Y-%m-%d %H:%M} UTC to {w.until:%Y-%m-%d %H:%M} UTC ({w.days:g} days)"
    lines = [f"## 📊 Process health: {md_escape(facts.repository)}", "", f"{span}{' · ' + w.origin if w.origin else ''}", ""]
    lines += headline_rows(facts, m)

    labels = [week.label for week in m.weeks]
    lines += ["### Per week", ""]
    lines += ["| Week from | Merges | Deployments | Incidents |", "|---|---|---|---|"]
    lines += [f"| {week.label} | {week.merges} | {week.deployments} | {week.incidents} |" for week in m.weeks]
    lines.append("")
    lines += _bar_chart("Pull requests merged per week", labels, [week.merges for week in m.weeks], "merges")
    lines += _bar_chart("Deployments per week", labels, [week.deployments for week in m.weeks], "deployments")

    lines += ["### Incidents", ""]
    if not m.incidents:
        lines += ["No incidents were opened in the window.", ""]
    else:
        lines += _pie("Incidents by severity", m.by_severity)
        lines += ["| Incident | Severity | Opened | Restored in | Title |", "|---|---|---|---|---|"]
        shown = sorted(facts.incidents, key=lambda i: (i.created_at, i.number), reverse=True)
        shown = [i for i in shown if i.created_at in w]
        for incident in shown[:MAX_ROWS]:
            closed = incident.closed_at is not None and incident.closed_at < w.until
            restored = hours((incident.closed_at - incident.created_at).total_seconds() / 3600) if closed and incident.closed_at else "open"
            lines.append(
                f"| {_link(incident.number, incident.url)} | {md_escape(incident.severity)} | {incident.created_at:%Y-%m-%d} | "
                f"{restored} | {md_escape(incident.title)} |"
            )
        if len(shown) > MAX_ROWS:
            lines.append(f"| … | | | | and {len(shown) - MAX_ROWS} more |")
        lines.append("")

    overdue = facts.follow_ups.overdue
    lines += ["### Overdue postmortems and action items", ""]
    if not overdue:
        lines += ["Nothing is overdue.", ""]
    else:
        lines += ["| Issue | Kind | Due | Days overdue | What |", "|---|---|---|---|---|"]
        for item in overdue[:MAX_ROWS]:
            late = item.days_overdue(w.until.date())
            lines.append(f"| {_link(item.issue, item.url)} | {item.kind} | {item.due.isoformat()} | {late} | {md_escape(item.text)} |")
        if len(overdue) > MAX_ROWS:
            lines.append(f"| … | | | | and {len(overdue) - MAX_ROWS} more |")
        lines.append("")

    lines += slo_section(facts.slo)
    lines += ["<details><summary>How these are measured</summary>", ""]
    lines += [f"- {line}" for line in method_notes(facts)]
    lines += ["", "</details>", ""]
    return "\n".join(lines)


def method_notes(facts: ReportFacts) -> list[str]:
    deploy = facts.deployments
    counted = (
        f"deployments to the `{md_escape(deploy.environment or '')}` environment whose latest status is success or inactive (GitHub marks only successful deployments inactive)"
        if deploy.source == "deployments"
        else "published releases (drafts never, pre-releases only with report.deployments.include_prereleases)"
    )
    notes = [
        "Lead time: from the first commit (or the PR's opening, when earlier) to the merge, for PRs merged into the default branch in the window; median and nearest-rank 90th percentile.",
        f"Deployment frequency: {counted}; source: {md_escape(deploy.reason)}.",
        "Change failure rate: incidents opened in the window divided by deployments in the window; n/a without deployments.",
        "Time to restore: from an incident's opening to its closing, for incidents opened in the window and closed before its end.",
        "Incidents are issues with a postmortem.triggers label; postmortems and action items are read as postmortem remind reads them, open as of this run, overdue as of the window's end.",
    ]
    if deploy.not_counted:
        notes.append("Not counted: " + ", ".join(f"{n} {state}" for state, n in sorted(deploy.not_counted.items())) + ".")
    return notes
