"""Error-budget arithmetic and the burn-rate and no-data rules, on facts built by hand (no Prometheus)."""

from __future__ import annotations

import math

import pytest

from process_gates.findings import Location, Severity
from process_gates.release import budget
from process_gates.release.budget_rules import Step, budget_findings
from process_gates.release.model import BudgetFacts, Measurement


@pytest.mark.parametrize(
    ("form", "numerator", "denominator", "sli", "no_data"),
    [
        (budget.GOOD_TOTAL, 990.0, 1000.0, 0.99, ""),
        (budget.BAD_TOTAL, 10.0, 1000.0, 0.99, ""),
        (budget.GOOD_BAD, 990.0, 10.0, 0.99, ""),
        (budget.SLI_VALUE, 0.995, None, 0.995, ""),
        (budget.ERROR_RATIO, 0.005, None, 0.995, ""),
        (budget.GOOD_TOTAL, None, 1000.0, None, "the query for the counted events returned no data"),
        (budget.BAD_TOTAL, 3.0, None, None, "the query for all events returned no data"),
        (budget.GOOD_TOTAL, 0.0, 0.0, None, "there were no events in the window (the total is 0)"),
        (budget.GOOD_BAD, 0.0, 0.0, None, "there were no events in the window"),
        (budget.SLI_VALUE, None, None, None, "the query returned no data"),
        (budget.GOOD_TOTAL, 1100.0, 1000.0, None, "the SLI came out as 1.1, outside [0, 1]: the queries do not count the same events"),
        (budget.SLI_VALUE, math.inf, None, None, "the SLI is inf"),
    ],
)
def test_sli_per_form(form: str, numerator, denominator, sli, no_data: str) -> None:  # type: ignore[no-untyped-def]
    result = budget.sli_from(form, numerator, denominator)
    assert (result.value, result.no_data) == ((pytest.approx(sli) if sli is not None else None), no_data)


def test_burn_rate_and_remaining_budget() -> None:
    # 99.9% target: a budget of 0.1%. An SLI of 99.8% spends it twice as fast as sustainable.
    assert budget.burn_rate(0.998, 0.999) == pytest.approx(2.0)
    assert budget.remaining_budget(0.998, 0.999) == pytest.approx(-1.0)
    assert budget.remaining_budget(0.99975, 0.999) == pytest.approx(0.75)
    # A 100% target has no budget: any error burns infinitely fast, none burns nothing.
    assert budget.burn_rate(0.9999, 1.0) == math.inf
    assert budget.burn_rate(1.0, 1.0) == 0.0
    # Strictly above the threshold, as slo-generator compares (and without its rounding to one decimal).
    assert not budget.triggers(9.0, 9.0)
    assert budget.triggers(9.04, 9.0)
    assert budget.percent(0.983333333) == "98.3333%"


STEPS = (
    Step("1 hour", 3600, 9.0, "block"),
    Step("12 hours", 43200, 3.0, "block"),
    Step("7 days", 604800, 1.5, "warn"),
    Step("28 days", 2419200, 1.0, "block"),
)
WHERE = Location("slo/app.yaml", 4, 5)


def facts(**slis: float | None) -> BudgetFacts:
    windows = {"h1": 3600, "h12": 43200, "d7": 604800, "d28": 2419200}
    measurements = {
        seconds: Measurement(seconds, (f"q[{name}]",), slis.get(name), "" if slis.get(name) is not None else "nothing came back")
        for name, seconds in windows.items()
    }
    return BudgetFacts("SLO 'app'", 0.999, 2419200, WHERE, measurements)


def test_each_step_is_judged_and_warn_steps_only_warn() -> None:
    found, notes, outputs = budget_findings(facts(h1=0.98, h12=0.9996, d7=0.998, d28=0.9995), STEPS)
    assert [(f.rule, f.severity, f.message) for f in found] == [
        (
            "release.budget.burn-rate",
            Severity.ERROR,
            "SLO 'app': the error budget burns 20.00x over the last 1h, above 9 (step '1 hour'); SLI 98.0000% against a "
            "target of 99.900%",
        ),
        (
            "release.budget.burn-rate",
            Severity.WARNING,
            "SLO 'app': the error budget burns 2.00x over the last 7d, above 1.5 (step '7 days'); SLI 99.8000% against a "
            "target of 99.900%",
        ),
    ]
    assert all(f.location == WHERE for f in found)
    assert notes[0] == "SLO 'app': SLI 99.9500% over 28d against a target of 99.900%; error budget remaining 50.00%"
    assert notes[1:] == [
        "step '1 hour': burn rate 20.00 over 1h (SLI 98.0000%), threshold 9: block",
        "step '12 hours': burn rate 0.40 over 12h (SLI 99.9600%), threshold 3: ok",
        "step '7 days': burn rate 2.00 over 7d (SLI 99.8000%), threshold 1.5: warn",
        "step '28 days': burn rate 0.50 over 28d (SLI 99.9500%), threshold 1: ok",
    ]
    assert outputs == {
        "sli": "0.999500",
        "budget_remaining": "0.500000",
        "burn_rate_1h": "20.0000",
        "burn_rate_12h": "0.4000",
        "burn_rate_7d": "2.0000",
        "burn_rate_28d": "0.5000",
    }


def test_no_data_is_reported_never_passed() -> None:
    found, notes, outputs = budget_findings(facts(h1=None, h12=0.9999, d7=0.9999, d28=None), STEPS)
    assert [(f.rule, f.severity) for f in found] == [
        ("release.budget.no-data", Severity.ERROR),
        ("release.budget.no-data", Severity.ERROR),
    ]
    assert found[0].message == "SLO 'app': no data over the last 1h: nothing came back (queries: `q[h1]`); no data is not a pass"
    assert notes[0] == "SLO 'app': no data over 28d (nothing came back); remaining budget unknown"
    assert "sli" not in outputs and "budget_remaining" not in outputs
