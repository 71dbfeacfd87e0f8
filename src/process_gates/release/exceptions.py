"""Who may waive a block: a label counts only when someone allowed applied it (pure).

An escape hatch anyone can open is no gate, so a label on the change is not enough: the timeline says who
applied it, and that login must be listed in ``release.exceptions.allowed`` or belong to a team listed
there. With nobody allowed, no label counts. Every waiver is reported (a notice), so the audit trail is in
the job summary and the check's output.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import AppliedLabel, LabelFacts


@dataclass(frozen=True)
class Verdict:
    """What one wanted label on the change amounts to."""

    label: AppliedLabel
    counts: bool
    why: str


def teams_in(allowed: tuple[str, ...]) -> tuple[str, ...]:
    """The ``@org/team`` entries, normalised to ``org/team`` in lower case."""
    return tuple(entry.lstrip("@").lower() for entry in allowed if "/" in entry)


def users_in(allowed: tuple[str, ...]) -> frozenset[str]:
    return frozenset(entry.lstrip("@").lower() for entry in allowed if "/" not in entry)


def judge(label: AppliedLabel, allowed: tuple[str, ...]) -> Verdict:
    who = label.applied_by
    if not allowed:
        return Verdict(label, False, "release.exceptions.allowed is empty, so no label can waive a block")
    if who is None:
        return Verdict(label, False, "GitHub does not say who applied it (a deleted account or a ghost)")
    if who.lower() in users_in(allowed):
        return Verdict(label, True, f"applied by @{who}, who is in release.exceptions.allowed")
    for team in teams_in(allowed):
        if team in label.teams:
            return Verdict(label, True, f"applied by @{who}, a member of @{team}")
    return Verdict(label, False, f"applied by @{who}, who is not in release.exceptions.allowed ({', '.join(allowed)})")


def verdicts(facts: LabelFacts | None, wanted: tuple[str, ...], allowed: tuple[str, ...]) -> list[Verdict]:
    """Every label of ``wanted`` that is on the change, judged; the counting ones first."""
    if facts is None:
        return []
    found = [judge(label, allowed) for name in wanted if (label := facts.get(name)) is not None]
    return sorted(found, key=lambda v: not v.counts)
