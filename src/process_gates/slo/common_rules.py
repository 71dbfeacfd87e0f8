"""Rules that more than one SLO format reports, declared once so that their ids stay shared.

A rule id can be declared only once (findings.rule raises otherwise), and a user who suppresses or
dashboards ``slo.objective.target-range`` means the same mistake whichever format made it: a target
written in the wrong unit (``99.9`` where a fraction is expected, ``0.999`` where a percentage is) or
outside what the tool can compute with.
"""

from __future__ import annotations

from ..findings import rule

TARGET_RANGE = rule(
    "slo.objective.target-range",
    "error",
    "An SLO target is outside the range its format allows: a percentage in (0, 100] for Sloth, a fraction "
    "in (0, 1) for slo-generator's goal, a fraction for OpenSLO's target.",
    "Write the target in the format's unit: `objective: 99.9` (percent) for Sloth, `goal: 0.999` / "
    "`target: 0.999` (fraction) for slo-generator and OpenSLO.",
)
