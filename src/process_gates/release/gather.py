"""The release gate's I/O besides GitHub labels: the moment (``--at`` or the clock), the target branch
(``--branch`` or the runner's variables) and the error-budget measurements from Prometheus."""

from __future__ import annotations

import os
import re
from datetime import datetime, timezone
from typing import Mapping
from zoneinfo import ZoneInfo

from ..config import Config
from ..config.release import ErrorBudgetSetting
from ..errors import UsageError
from . import budget
from .budget_rules import Step
from .durations import format_duration, parse_duration
from .model import BudgetFacts, Measurement
from .prometheus import PrometheusClient, Sample
from .slo_source import SloSource, load_source
from .windows import to_instant

_AT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$")


def parse_at(text: str, tz: ZoneInfo) -> datetime:
    """``--at``: an ISO-8601 date and time; without an offset it is read in the repository's time zone."""
    value = text.strip()
    if not _AT.match(value):
        raise UsageError(
            f"--at {text!r} is not an ISO-8601 date and time; write e.g. 2024-12-24T16:30 (the repository's "
            f"time zone, {tz.key}) or 2024-12-24T15:30Z"
        )
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00").replace(" ", "T", 1))
    except ValueError as exc:
        raise UsageError(f"--at {text!r}: {exc}") from None
    if moment.tzinfo is None:
        return to_instant(moment, tz)
    return moment.astimezone(timezone.utc)


def target_branch(explicit: str | None, environ: Mapping[str, str] | None = None) -> str | None:
    """``--branch``, else the branch the runner says the change goes to: a PR's base (GITHUB_BASE_REF), a
    merge queue's base, or the pushed branch (GITHUB_REF_NAME / GITHUB_REF)."""
    if explicit:
        return explicit
    env = os.environ if environ is None else environ
    base = (env.get("GITHUB_BASE_REF") or "").strip()
    if base:
        return base
    ref = (env.get("GITHUB_REF") or "").strip()
    if ref:
        from ..github.events import parse_merge_queue_ref

        queued = parse_merge_queue_ref(ref)
        if queued is not None:
            return queued[0]
    if ref.startswith("refs/tags/"):
        return None  # a tag is not a branch; pass --branch for tag-triggered releases
    name = (env.get("GITHUB_REF_NAME") or "").strip()
    if name and (env.get("GITHUB_REF_TYPE") or "branch") == "branch":
        return name
    if ref.startswith("refs/heads/"):
        return ref[len("refs/heads/"):]
    return None


def policy_steps(setting: ErrorBudgetSetting) -> tuple[Step, ...]:
    return tuple(Step(s.name, parse_duration(s.window), s.burn_rate, s.action) for s in setting.steps)


def prometheus_client(
    setting: ErrorBudgetSetting, environ: Mapping[str, str] | None = None, explicit_url: str | None = None
) -> PrometheusClient:
    """``--prometheus-url`` (the action's input) wins, then the configuration, then the environment: the
    most specific statement of where Prometheus is for this run."""
    env = os.environ if environ is None else environ
    explicit_url = (explicit_url or "").strip()
    url = explicit_url or setting.prometheus_url or (env.get(setting.prometheus_url_env) or "").strip()
    if not url:
        raise UsageError(
            f"release.error_budget needs Prometheus: pass --prometheus-url, or set "
            f"release.error_budget.prometheus_url or the {setting.prometheus_url_env} environment variable"
        )
    if not re.match(r"^https?://[^\s/]+", url):
        origin = "--prometheus-url" if explicit_url else setting.prometheus_url_env
        raise UsageError(f"{origin}={url!r} is not an http(s) URL")
    token = None
    if setting.prometheus_token_env:
        token = (env.get(setting.prometheus_token_env) or "").strip() or None
    return PrometheusClient(url, token=token, timeout=setting.timeout_seconds)


def read_source(setting: ErrorBudgetSetting, config: Config, steps: tuple[Step, ...]) -> SloSource:
    window = parse_duration(setting.window) if setting.window else None
    return load_source(
        setting.slo, setting.slo_name, config, window_override=window, longest_step=max(s.window_seconds for s in steps)
    )


def measure(source: SloSource, client: PrometheusClient, at: datetime, steps: tuple[Step, ...]) -> BudgetFacts:
    """Query every distinct window once (the SLO's and each step's) at ``at``."""
    measurements: dict[int, Measurement] = {}
    notes = list(source.notes)
    notes.append(f"compliance window {format_duration(source.window_seconds)}: {source.window_origin}")
    for seconds in dict.fromkeys([source.window_seconds, *(s.window_seconds for s in steps)]):
        queries = source.queries(seconds)
        samples = [client.instant(q, at) for q in queries]
        numerator = samples[0].value
        denominator = samples[1].value if len(samples) > 1 else None
        # No series at all for the bad events while the other side has traffic means no errors yet
        # (a labelled error series appears with the first error); slo-generator counts a missing side as 0
        # too. The other side must have data: two empty answers stay "no data".
        zeroed = False
        if source.form == budget.BAD_TOTAL and _no_series(samples[0]) and _has_events(denominator):
            numerator, zeroed = 0.0, True
        elif source.form == budget.GOOD_BAD and _no_series(samples[1]) and _has_events(numerator):
            denominator, zeroed = 0.0, True
        if zeroed:
            notes.append(f"the bad-events query found no series over {format_duration(seconds)}: counted as 0")
        sli = budget.sli_from(source.form, numerator, denominator)
        measurements[seconds] = Measurement(seconds, queries, sli.value, sli.no_data, numerator, denominator)
    return BudgetFacts(
        slo=source.label,
        target=source.target,
        window_seconds=source.window_seconds,
        location=source.location,
        measurements=measurements,
        notes=tuple(notes) + (f"Prometheus {client.shown_url}: {len(client.sent)} instant queries",),
    )


def _no_series(sample: Sample) -> bool:
    return sample.value is None and sample.series == 0


def _has_events(value: float | None) -> bool:
    return value is not None and value > 0
