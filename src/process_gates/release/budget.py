"""Error-budget arithmetic, as the SRE workbook and slo-generator define it. Pure: numbers in, numbers out.

- SLI: the good fraction of events in a window (or the value a query returns when it computes the SLI).
- Error budget: ``1 - target``, the bad fraction the SLO allows.
- Burn rate over a window: ``(1 - SLI) / (1 - target)``. 1 spends exactly the budget over the SLO's
  window; 9 over one hour spends 9/672 of a 28-day budget in that hour.
- Remaining budget over the SLO's window: ``1 - burn rate`` over that window, as a fraction of the
  budget (negative once overspent).

slo-generator rounds the burn rate to one decimal before comparing it with a step's threshold; we do not,
so that 9.04 does not pass a threshold of 9 as 9.0 would fail to alert. The comparison is strict, as in
slo-generator: a burn rate equal to the threshold does not trigger.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# How a pair of numbers from Prometheus becomes an SLI (the form is decided by the SLO's format).
GOOD_TOTAL = "good/total"  # OpenSLO ratioMetric good/total; slo-generator filter_good/filter_valid
BAD_TOTAL = "bad/total"  # OpenSLO ratioMetric bad/total; Sloth error_query/total_query
GOOD_BAD = "good/bad"  # slo-generator filter_good/filter_bad: SLI = good / (good + bad)
SLI_VALUE = "sli"  # slo-generator query_sli: the query returns the SLI
ERROR_RATIO = "error-ratio"  # Sloth raw error_ratio_query: the query returns 1 - SLI


@dataclass(frozen=True)
class Sli:
    value: float | None
    #: Why there is no value (empty window, no events, a value outside [0, 1]).
    no_data: str = ""


def sli_from(form: str, numerator: float | None, denominator: float | None) -> Sli:
    """The SLI for ``form``; ``None`` inputs mean the query returned no data."""
    if form in (SLI_VALUE, ERROR_RATIO):
        if numerator is None:
            return Sli(None, "the query returned no data")
        value = numerator if form == SLI_VALUE else 1.0 - numerator
        return _checked(value)
    if denominator is None:
        return Sli(None, "the query for all events returned no data")
    if numerator is None:
        return Sli(None, "the query for the counted events returned no data")
    if form == GOOD_BAD:
        total = numerator + denominator
        if total <= 0:
            return Sli(None, "there were no events in the window")
        return _checked(numerator / total)
    if denominator <= 0:
        return Sli(None, "there were no events in the window (the total is 0)")
    ratio = numerator / denominator
    return _checked(ratio if form == GOOD_TOTAL else 1.0 - ratio)


def _checked(value: float) -> Sli:
    if not math.isfinite(value):
        return Sli(None, f"the SLI is {value}")
    if not -1e-9 <= value <= 1 + 1e-9:
        return Sli(None, f"the SLI came out as {value:.6g}, outside [0, 1]: the queries do not count the same events")
    return Sli(min(max(value, 0.0), 1.0))


def burn_rate(sli: float, target: float) -> float:
    """How many times faster than sustainable the budget burns. A target of 100% has no budget: any
    error burns infinitely fast, none burns nothing."""
    budget = 1.0 - target
    if budget <= 0:
        return math.inf if sli < 1.0 else 0.0
    return (1.0 - sli) / budget


def remaining_budget(sli: float, target: float) -> float:
    """The fraction of the window's error budget left (1 untouched, 0 spent, negative overspent)."""
    return 1.0 - burn_rate(sli, target)


def triggers(rate: float, threshold: float) -> bool:
    return rate > threshold


def percent(fraction: float, digits: int = 4) -> str:
    """``0.983333`` -> ``98.3333%``: four decimals of a percentage tell 99.99% from 99.995%."""
    if not math.isfinite(fraction):
        return "-inf%" if fraction < 0 else "inf%"
    return f"{fraction * 100:.{digits}f}%"
