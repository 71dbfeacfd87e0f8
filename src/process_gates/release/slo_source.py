"""From the configured SLO file to what the error budget needs: a target, a compliance window and the
PromQL that measures the SLI over any window.

The file is read and recognised by the SLO gate's own loading (process_gates.slo.loading) and checked by
its format module, whose facts give the SLO's name and its target as a fraction; only the query fields are
read here, from the same parsed data. Each format says how its queries take a window:

- Sloth: ``{{.window}}`` in error_query/total_query (events: SLI = 1 - errors/total) or in
  error_ratio_query (raw: SLI = 1 - ratio) is replaced by the window, as Sloth itself does.
- slo-generator (prometheus backend): as its PrometheusBackend does — ``[window`` becomes ``[<seconds>s``
  or ``[<seconds>s]`` is appended, then the ``operators`` (default increase, sum) wrap the filter;
  good_bad_ratio with filter_bad is good/(good+bad), with filter_valid good/valid; query_sli returns the
  SLI; distribution_cut counts the threshold bucket against the ``_count`` series.
- OpenSLO (ratioMetric good or bad over total, ``counter``/``incremental`` telling counters from gauges):
  OpenSLO queries carry no window, so one is put in: a counter selector (bare or in ``sum(...)``) becomes
  ``sum(increase(sel[W]))``; ranges already in the query (``rate(x[5m])``) are widened to the window,
  which keeps good and total on the same footing; any other expression is integrated with a subquery at
  a 5-minute resolution (``increase`` for counters, ``sum_over_time`` for gauges). A query holding Sloth's
  ``{{.window}}`` (Sloth reads OpenSLO v1alpha too) gets the window there instead.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any

from ..config import Config
from ..findings import Location
from ..slo import model as slo_model
from ..slo.loading import load_objects
from . import budget
from .durations import format_duration

SUBQUERY_RESOLUTION = "5m"
SLOTH_DEFAULT_WINDOW = 30 * 86400  # sloth generate --default-slo-period

_SLOTH_WINDOW = re.compile(r"\{\{\s*\.window\s*\}\}")
_LINE_BREAK = re.compile(r"[ \t]*\r?\n\s*")
_RANGE = re.compile(r"\[\s*(?:\d+(?:ms|[smhdwy]))+\s*\]")
_SUBQUERY = re.compile(r"\[[^\]]*:[^\]]*\]")
_STRING = r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\''
_SELECTOR = rf"(?:[a-zA-Z_:][a-zA-Z0-9_:]*\s*(?:\{{(?:[^{{}}\"']|{_STRING})*\}})?|\{{(?:[^{{}}\"']|{_STRING})*\}})"
_BARE = re.compile(rf"^\s*({_SELECTOR})\s*$")
_SUM_OF = re.compile(rf"^\s*sum\s*(?:(?:by|without)\s*\([^()]*\)\s*)?\(\s*({_SELECTOR})\s*\)\s*(?:(?:by|without)\s*\([^()]*\)\s*)?$")
_OPENSLO_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "M": 30 * 86400, "Q": 90 * 86400, "Y": 365 * 86400}
_V1ALPHA_UNITS = {
    "second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800,
    "month": 30 * 86400, "quarter": 90 * 86400, "year": 365 * 86400,
}


class SourceError(ValueError):
    """The configured SLO cannot be measured; ``location`` points at the part that stops it."""

    def __init__(self, message: str, location: Location | None = None):
        super().__init__(message)
        self.message = message
        self.location = location


@dataclass(frozen=True)
class QueryTemplate:
    """One query as written, and how a window goes into it."""

    text: str
    style: str  # "sloth", "slo-generator", "openslo"
    counter: bool = False
    operators: tuple[str, ...] = ()
    #: slo-generator distribution_cut: labels appended to every selector.
    labels: tuple[tuple[str, str], ...] = ()

    def render(self, window_seconds: int) -> str:
        text = one_line(self.text)
        if self.style == "sloth":
            return _SLOTH_WINDOW.sub(format_duration(window_seconds), text)
        if self.style == "slo-generator":
            return slo_generator_query(text, window_seconds, self.operators, dict(self.labels))
        return openslo_query(text, window_seconds, counter=self.counter)


def one_line(query: str) -> str:
    """A query written over several lines (a YAML block scalar) as one line, for messages and logs: line
    breaks and the indentation around them become one space (PromQL strings cannot hold a raw newline)."""
    return _LINE_BREAK.sub(" ", query.strip())


@dataclass(frozen=True)
class SloSource:
    """A measurable SLO: what to call it, where it is, its target and window, and its queries."""

    label: str
    location: Location | None
    target: float
    window_seconds: int
    form: str
    numerator: QueryTemplate
    denominator: QueryTemplate | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    #: Where the compliance window comes from, for the summary.
    window_origin: str = ""

    def queries(self, window_seconds: int) -> tuple[str, ...]:
        first = self.numerator.render(window_seconds)
        if self.denominator is None:
            return (first,)
        return first, self.denominator.render(window_seconds)


# --- rendering ----------------------------------------------------------------------------------------------


def slo_generator_query(query: str, window_seconds: int, operators: tuple[str, ...] | list[str], labels: dict[str, str]) -> str:
    """slo-generator's PrometheusBackend._fmt_query, step for step, so the numbers are the ones it computes."""
    text = query.strip()
    if "[window" in text:
        text = text.replace("[window", f"[{window_seconds}s")
    else:
        text += f"[{window_seconds}s]"
    for operator in operators:
        text = f"{operator}({text})"
    for key, value in labels.items():
        text = text.replace("}", f', {key}="{value}"}}')
    return text


def openslo_query(query: str, window_seconds: int, *, counter: bool) -> str:
    text = one_line(query)
    window = format_duration(window_seconds)
    if _SLOTH_WINDOW.search(text):
        # Sloth reads OpenSLO too and lets its queries say where the window goes; honour that first.
        return _SLOTH_WINDOW.sub(window, text)
    if counter:
        selector = _BARE.match(text) or _SUM_OF.match(text)
        if selector:
            return f"sum(increase({selector.group(1).strip()}[{window}]))"
    if _RANGE.search(text) and not _SUBQUERY.search(text):
        return _RANGE.sub(f"[{window}]", text)
    function = "increase" if counter else "sum_over_time"
    if _BARE.match(text) and not counter:
        return f"sum(sum_over_time({text}[{window}]))"
    return f"sum({function}(({text})[{window}:{SUBQUERY_RESOLUTION}]))"


# --- reading the SLO ---------------------------------------------------------------------------------------


def load_source(
    path: str, slo_name: str | None, config: Config, *, window_override: int | None = None, longest_step: int = 28 * 86400
) -> SloSource:
    """The SLO named ``slo_name`` in ``path`` (the only one when None), ready to query; SourceError otherwise.

    The compliance window is ``window_override`` when given, else the SLO's own (OpenSLO), else Sloth's
    default period, else (slo-generator, which has none) the longest policy step."""
    from ..slo.validate import checker_for

    loaded = load_objects([path], config.limits)
    for problem in loaded.findings:
        if problem.fatal:
            raise SourceError(f"cannot read {path}: {problem.message}", problem.location)
    candidates: list[tuple[str, slo_model.SloFacts]] = []
    for obj in loaded.objects:
        for facts in checker_for(obj.format)(obj, config.slo).slos:
            candidates.append((_name(facts), facts))
    if not candidates:
        raise SourceError(f"{path} holds no SLO (OpenSLO kind SLO, a Sloth slos[] entry or an slo-generator SLO)", Location(path))
    if slo_name is None:
        if len(candidates) > 1:
            names = ", ".join(repr(n) for n, _ in candidates)
            raise SourceError(f"{path} holds {len(candidates)} SLOs ({names}); name one in release.error_budget.slo_name", Location(path))
        name, facts = candidates[0]
    else:
        found = [(n, f) for n, f in candidates if n == slo_name or f.label.strip("'").endswith(f"/{slo_name}")]
        if not found:
            names = ", ".join(repr(n) for n, _ in candidates)
            raise SourceError(f"{path} has no SLO named {slo_name!r} (it has {names})", Location(path))
        name, facts = found[0]
    if not facts.objectives:
        raise SourceError(f"{facts.label} has no usable target; `process-gates slo validate {path}` says why", facts.location)
    fmt = facts.obj.format
    if fmt in (slo_model.SLOTH_PROMETHEUS_V1, slo_model.SLOTH_K8S_V1):
        source = _sloth(facts)
    elif fmt == slo_model.SLO_GENERATOR_V2:
        source = _slo_generator(facts)
    elif fmt == slo_model.OPENSLO_V1:
        source = _openslo_v1(facts, loaded.objects, config)
    elif fmt == slo_model.OPENSLO_V1ALPHA:
        source = _openslo_v1alpha(facts)
    else:  # pragma: no cover - every format that yields SloFacts is handled above
        raise SourceError(f"{facts.label}: the {fmt} format has no error-budget reader", facts.location)
    from dataclasses import replace

    if window_override is not None:
        source = replace(source, window_seconds=window_override, window_origin="release.error_budget.window")
    elif source.window_seconds == 0:
        source = replace(source, window_seconds=longest_step, window_origin="the longest policy step (the SLO names no window)")
    return source


def _name(facts: slo_model.SloFacts) -> str:
    if facts.obj.format in (slo_model.SLOTH_PROMETHEUS_V1, slo_model.SLOTH_K8S_V1):
        return facts.objectives[0].label if facts.objectives and facts.objectives[0].label else facts.label
    return facts.obj.name or facts.label


def _describe(facts: slo_model.SloFacts) -> str:
    return f"{facts.label} ({facts.obj.path})"


def _strictest(facts: slo_model.SloFacts) -> tuple[float, list[str]]:
    best = max(facts.objectives, key=lambda o: o.target)
    notes = []
    if len(facts.objectives) > 1:
        notes.append(f"{len(facts.objectives)} objectives; the budget uses the strictest, {budget.percent(best.target, 3)}")
    return best.target, notes


# Sloth ----------------------------------------------------------------------------------------------------


def _sloth_entry(facts: slo_model.SloFacts) -> dict:
    obj = facts.obj
    base = ("spec",) if obj.format == slo_model.SLOTH_K8S_V1 else ()
    node: Any = obj.data
    for part in base:
        node = node.get(part) if isinstance(node, dict) else None
    slos = node.get("slos") if isinstance(node, dict) else None
    for i, entry in enumerate(slos if isinstance(slos, list) else []):
        if isinstance(entry, dict) and obj.loc(*base, "slos", i) == facts.location:
            return entry
    raise SourceError(f"{_describe(facts)}: cannot find its slos[] entry", facts.location)  # pragma: no cover


def _sloth(facts: slo_model.SloFacts) -> SloSource:
    entry = _sloth_entry(facts)
    sli = entry.get("sli") if isinstance(entry.get("sli"), dict) else {}
    target, notes = _strictest(facts)
    common = dict(
        label=_describe(facts),
        location=facts.location,
        target=target,
        window_seconds=SLOTH_DEFAULT_WINDOW,
        window_origin="Sloth's default period (Sloth specs name no window)",
    )
    events = sli.get("events")
    if isinstance(events, dict):
        error, total = events.get("error_query") or events.get("errorQuery"), events.get("total_query") or events.get("totalQuery")
        if isinstance(error, str) and isinstance(total, str):
            return SloSource(
                form=budget.BAD_TOTAL,
                numerator=QueryTemplate(error, "sloth"),
                denominator=QueryTemplate(total, "sloth"),
                notes=tuple(notes),
                **common,  # type: ignore[arg-type]
            )
    raw = sli.get("raw")
    if isinstance(raw, dict):
        ratio = raw.get("error_ratio_query") or raw.get("errorRatioQuery")
        if isinstance(ratio, str):
            return SloSource(form=budget.ERROR_RATIO, numerator=QueryTemplate(ratio, "sloth"), notes=tuple(notes), **common)  # type: ignore[arg-type]
    raise SourceError(
        f"{_describe(facts)}: only events (error_query/total_query) and raw (error_ratio_query) SLIs can be "
        "measured; a plugin SLI's query is generated by Sloth",
        facts.location,
    )


# slo-generator ---------------------------------------------------------------------------------------------


def _slo_generator(facts: slo_model.SloFacts) -> SloSource:
    from ..slo.slo_generator_schema import provider_type

    obj = facts.obj
    spec = obj.data.get("spec") if isinstance(obj.data.get("spec"), dict) else {}
    backend, method = spec.get("backend"), spec.get("method")
    if not isinstance(backend, str) or provider_type(backend) != "prometheus":
        raise SourceError(
            f"{_describe(facts)}: backend {backend!r} is not Prometheus; only prometheus backends can be measured here",
            obj.loc("spec", "backend") if "backend" in spec else facts.location,
        )
    sli = spec.get("service_level_indicator") if isinstance(spec.get("service_level_indicator"), dict) else {}
    target, notes = _strictest(facts)
    common = dict(label=_describe(facts), location=facts.location, target=target, window_seconds=0, notes=tuple(notes))
    where = obj.loc("spec", "service_level_indicator", key=True) if sli else obj.loc("spec", key=True)
    if method == "good_bad_ratio":
        operators = tuple(sli.get("operators", ("increase", "sum")))
        good, bad, valid = sli.get("filter_good"), sli.get("filter_bad"), sli.get("filter_valid")
        if isinstance(good, str) and isinstance(bad, str):
            return SloSource(
                form=budget.GOOD_BAD,
                numerator=QueryTemplate(good, "slo-generator", operators=operators),
                denominator=QueryTemplate(bad, "slo-generator", operators=operators),
                **common,  # type: ignore[arg-type]
            )
        if isinstance(good, str) and isinstance(valid, str):
            return SloSource(
                form=budget.GOOD_TOTAL,
                numerator=QueryTemplate(good, "slo-generator", operators=operators),
                denominator=QueryTemplate(valid, "slo-generator", operators=operators),
                **common,  # type: ignore[arg-type]
            )
        raise SourceError(f"{_describe(facts)}: good_bad_ratio needs filter_good and filter_bad or filter_valid", where)
    if method == "query_sli" and isinstance(sli.get("expression"), str):
        return SloSource(form=budget.SLI_VALUE, numerator=QueryTemplate(sli["expression"], "slo-generator"), **common)  # type: ignore[arg-type]
    if method == "distribution_cut" and isinstance(sli.get("expression"), str) and sli.get("threshold_bucket") is not None:
        expression = sli["expression"]
        ops = ("increase", "sum")
        return SloSource(
            form=budget.GOOD_TOTAL,
            numerator=QueryTemplate(expression, "slo-generator", operators=ops, labels=(("le", str(sli["threshold_bucket"])),)),
            denominator=QueryTemplate(expression.replace("_bucket", "_count"), "slo-generator", operators=ops),
            **common,  # type: ignore[arg-type]
        )
    raise SourceError(
        f"{_describe(facts)}: method {method!r} with these service_level_indicator fields cannot be measured "
        "(good_bad_ratio, query_sli and distribution_cut can)",
        where,
    )


# OpenSLO --------------------------------------------------------------------------------------------------


def _openslo_window(facts: slo_model.SloFacts, notes: list[str]) -> int:
    if not facts.windows:
        raise SourceError(f"{_describe(facts)} has no time window; set release.error_budget.window", facts.location)
    window = facts.windows[0]
    text = window.text.strip()
    match = re.fullmatch(r"(\d+)\s*([smhdwMQY])", text)
    if match:
        seconds = int(match.group(1)) * _OPENSLO_UNITS[match.group(2)]
        if match.group(2) in "MQY":
            notes.append(f"the window {text} is counted as {format_duration(seconds)}")
    else:
        match = re.fullmatch(r"(\d+)\s+(\w+)", text)
        unit = match.group(2).lower() if match else ""
        if not match or unit not in _V1ALPHA_UNITS:
            raise SourceError(f"{_describe(facts)}: cannot read the window {text!r}; set release.error_budget.window", window.location)
        seconds = int(match.group(1)) * _V1ALPHA_UNITS[unit]
    if window.rolling is False:
        notes.append(f"the calendar-aligned window is measured as a rolling {format_duration(seconds)}")
    return seconds


def _query_of(metric: Any, what: str, facts: slo_model.SloFacts, where: Location) -> str:
    source = metric.get("metricSource") if isinstance(metric, dict) else None
    if isinstance(source, dict):
        kind = source.get("type")
        if isinstance(kind, str) and kind.lower() != "prometheus":
            raise SourceError(f"{_describe(facts)}: the {what} metric comes from {kind}, not Prometheus", where)
        spec = source.get("spec")
        if isinstance(spec, dict) and isinstance(spec.get("query"), str):
            return spec["query"]
    raise SourceError(f"{_describe(facts)}: the {what} metric has no Prometheus query (metricSource.spec.query)", where)


def _openslo_indicator(facts: slo_model.SloFacts, objects: list[slo_model.SloObject], config: Config) -> tuple[dict, Location]:
    spec = facts.obj.data.get("spec") or {}
    if isinstance(spec.get("indicator"), dict):
        return spec["indicator"], facts.obj.loc("spec", "indicator", key=True)
    ref = spec.get("indicatorRef")
    if isinstance(ref, str):
        for obj in [*objects, *_repository_objects(config, facts.obj.path)]:
            if obj.format == slo_model.OPENSLO_V1 and obj.kind == "SLI" and obj.name == ref:
                return obj.data, obj.loc("spec", key=True)
        raise SourceError(
            f"{_describe(facts)}: indicatorRef {ref!r} names no SLI in {facts.obj.path} or the files of slo.files",
            facts.obj.loc("spec", "indicatorRef"),
        )
    raise SourceError(f"{_describe(facts)} has no indicator or indicatorRef at the SLO level", facts.location)


def _repository_objects(config: Config, skip: str) -> list[slo_model.SloObject]:
    from ..globs import walk_files

    others = [p for p in walk_files(".", config.slo.files, config.slo.exclude) if os.path.realpath(p) != os.path.realpath(skip)]
    return load_objects(others, config.limits).objects


def _openslo_v1(facts: slo_model.SloFacts, objects: list[slo_model.SloObject], config: Config) -> SloSource:
    spec = facts.obj.data.get("spec") or {}
    method = spec.get("budgetingMethod")
    if method not in (None, "Occurrences"):
        raise SourceError(
            f"{_describe(facts)}: budgetingMethod {method} counts good time slices, not events; only Occurrences "
            "budgets can be measured here",
            facts.obj.loc("spec", "budgetingMethod"),
        )
    notes: list[str] = []
    target, more = _strictest(facts)
    notes += more
    window = _openslo_window(facts, notes)
    sli, where = _openslo_indicator(facts, objects, config)
    ratio = (sli.get("spec") or {}).get("ratioMetric") if isinstance(sli.get("spec"), dict) else None
    if not isinstance(ratio, dict):
        raise SourceError(f"{_describe(facts)}: only ratioMetric SLIs (good or bad over total) can be measured", where)
    counter = ratio.get("counter") is True
    bad = "bad" in ratio and "good" not in ratio
    numerator = _query_of(ratio.get("bad" if bad else "good"), "bad" if bad else "good", facts, where)
    total = _query_of(ratio.get("total"), "total", facts, where)
    form = budget.BAD_TOTAL if bad else budget.GOOD_TOTAL
    return _openslo_ratio(facts, target, (window, "the SLO's timeWindow"), form, (numerator, total), counter, notes)


def _openslo_ratio(
    facts: slo_model.SloFacts,
    target: float,
    window: tuple[int, str],
    form: str,
    queries: tuple[str, str],
    counter: bool,
    notes: list[str],
) -> SloSource:
    return SloSource(
        label=_describe(facts),
        location=facts.location,
        target=target,
        window_seconds=window[0],
        window_origin=window[1],
        form=form,
        numerator=QueryTemplate(queries[0], "openslo", counter=counter),
        denominator=QueryTemplate(queries[1], "openslo", counter=counter),
        notes=tuple(notes),
    )


def _openslo_v1alpha(facts: slo_model.SloFacts) -> SloSource:
    spec = facts.obj.data.get("spec") or {}
    notes: list[str] = []
    window = _openslo_window(facts, notes)
    best: tuple[float, dict, int] | None = None
    for i, objective in enumerate(spec.get("objectives") or []):
        if not isinstance(objective, dict) or not isinstance(objective.get("ratioMetrics"), dict):
            continue
        value = objective.get("target")
        if isinstance(value, (int, float)) and not isinstance(value, bool) and (best is None or value > best[0]):
            best = (float(value), objective["ratioMetrics"], i)
    if best is None:
        raise SourceError(f"{_describe(facts)}: only objectives with ratioMetrics (good over total) can be measured", facts.location)
    target, ratio, index = best
    where = facts.obj.loc("spec", "objectives", index, "ratioMetrics", key=True)
    good, total = ratio.get("good"), ratio.get("total")
    if not (isinstance(good, dict) and isinstance(good.get("query"), str) and isinstance(total, dict) and isinstance(total.get("query"), str)):
        raise SourceError(f"{_describe(facts)}: ratioMetrics needs good.query and total.query", where)
    counter = ratio.get("incremental") is True or ratio.get("counter") is True
    window_text = (window, "the SLO's timeWindows")
    return _openslo_ratio(facts, target, window_text, budget.GOOD_TOTAL, (good["query"], total["query"]), counter, notes)
