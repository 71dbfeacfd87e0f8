"""``report [--since ISO-8601] [--until ISO-8601] [--window 28d] [--json PATH]``: the process-health report.

Not a gate: it exits 0 once the report is written, 2 for a bad flag or configuration, 3 when GitHub or
Prometheus failed. Everything is gathered and computed before anything is written, so a failure halfway
through the API reads leaves no half summary and no half JSON file behind.
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import datetime, timedelta, timezone
from typing import Callable, Mapping

from ..errors import UsageError
from .common import output_format
from .postmortem_github_cmd import _client_and_repo, _load

TITLE = "Process health report"
GATE = "report"
_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")


def system_clock() -> datetime:
    return datetime.now(timezone.utc)


def parse_moment(flag: str, text: str) -> datetime:
    """A date (midnight UTC) or a date and time; without an offset, UTC."""
    value = text.strip()
    if not _MOMENT.match(value):
        raise UsageError(f"{flag} {text!r} is not an ISO-8601 date or time; write e.g. 2026-11-01 or 2026-11-01T09:00:00Z")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00").replace(" ", "T", 1))
    except ValueError as exc:
        raise UsageError(f"{flag} {text!r}: {exc}") from None
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def resolve_window(args: argparse.Namespace, configured: str, clock: Callable[[], datetime]):  # type: ignore[no-untyped-def]
    from ..release.durations import DurationError, format_duration, parse_duration
    from ..report.model import Window

    if args.since and args.window:
        raise UsageError("give --since or --window, not both: --window counts back from --until")
    until = parse_moment("--until", args.until) if args.until else clock().astimezone(timezone.utc).replace(microsecond=0)
    if args.since:
        since = parse_moment("--since", args.since)
        origin = "--since/--until" if args.until else "--since up to now"
    else:
        text, where = (args.window, "--window") if args.window else (configured, "report.window")
        try:
            seconds = parse_duration(text)
        except DurationError as exc:
            raise UsageError(f"{where}: {exc}") from None
        since = until - timedelta(seconds=seconds)
        origin = f"the {format_duration(seconds)} ({where}) up to {'--until' if args.until else 'now'}"
    if since >= until:
        raise UsageError(f"the window is empty: --since {since:%Y-%m-%dT%H:%M:%SZ} is not before --until {until:%Y-%m-%dT%H:%M:%SZ}")
    return Window(since, until, origin)


def run_report(
    args: argparse.Namespace,
    *,
    clock: Callable[[], datetime] = system_clock,
    environ: Mapping[str, str] | None = None,
) -> int:
    fmt = output_format(args)
    if fmt == "sarif":
        raise UsageError("report has no SARIF form (it holds figures, not findings): use --format text, github or json")
    from ..report.document import build, dumps, write_atomically
    from ..report.gather import gather
    from ..report.metrics import compute
    from ..report.render import render_markdown

    client, repository, _event = _client_and_repo("process-gates report", ("schedule", "workflow_dispatch"), need_event=False)
    with client:
        config = _load(args, client, repository, GATE, TITLE)
        if config is None:
            return args._exit  # noqa: SLF001
        window = resolve_window(args, config.report.window, clock)
        facts = gather(client, repository, window, config, environ, getattr(args, "prometheus_url", None))
    metrics = compute(facts)
    document = build(facts, metrics)
    markdown = render_markdown(facts, metrics)

    if args.json:
        write_atomically(args.json, dumps(document))
    if fmt == "json":
        sys.stdout.write(dumps(document))
    elif fmt == "text":
        from ..github.workflow import neutralize_line

        sys.stdout.write("".join(neutralize_line(line) + "\n" for line in markdown.splitlines()))
    else:
        _github(markdown, document, args.json, environ)
    return 0


def _github(markdown: str, document: dict, json_path: str | None, environ: Mapping[str, str] | None) -> None:
    from ..github.workflow import append_summary, neutralize_line, set_output

    metrics = document["metrics"]

    def figure(value: float | None) -> str:
        return "" if value is None else f"{value:g}"

    outputs = {
        "json": json_path or "",
        "lead-time-median-hours": figure(metrics["lead_time"]["median_hours"]),
        "deployments": str(metrics["deployment_frequency"]["count"]),
        "deployments-per-week": figure(metrics["deployment_frequency"]["per_week"]),
        "change-failure-rate": figure(metrics["change_failure_rate"]["rate"]),
        "mttr-hours": figure(metrics["time_to_restore"]["median_hours"]),
        "incidents": str(metrics["incidents"]["count"]),
        "postmortems-overdue": str(metrics["postmortems"]["overdue"]),
        "action-items-overdue": str(metrics["action_items"]["overdue"]),
    }
    written = append_summary(markdown, environ)
    for name, value in outputs.items():
        set_output(name, value, environ)
    cfr = outputs["change-failure-rate"]
    line = (
        f"{TITLE} for {document['repository']}, {document['window']['since'][:10]} to {document['window']['until'][:10]}: "
        f"lead time median {outputs['lead-time-median-hours'] or 'n/a'} h, {outputs['deployments']} deployments, "
        f"change failure rate {cfr or 'n/a'}, time to restore median {outputs['mttr-hours'] or 'n/a'} h"
        + ("" if written else " (no GITHUB_STEP_SUMMARY: run with --format text to see the report)")
    )
    sys.stdout.write(neutralize_line(line) + "\n")
