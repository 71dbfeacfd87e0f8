"""Durations as people write them in the configuration (``64h``, ``1w2d``, ``90m``) and as PromQL wants them.

One grammar for freeze lengths, train windows and error-budget windows: whole numbers with the units
w, d, h, m, s, largest first. Months and years are not fixed lengths, so they are not accepted here.
"""

from __future__ import annotations

import re

_UNITS = (("w", 604800), ("d", 86400), ("h", 3600), ("m", 60), ("s", 1))
PATTERN = r"^(?:\d+w)?(?:\d+d)?(?:\d+h)?(?:\d+m)?(?:\d+s)?$"
_SYNTAX = re.compile(r"^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")


class DurationError(ValueError):
    pass


def parse_duration(text: str) -> int:
    """Seconds in ``text``; raise DurationError for anything else, including zero."""
    match = _SYNTAX.match(text.strip()) if isinstance(text, str) else None
    if not match or not text.strip():
        raise DurationError(
            f"{text!r} is not a duration; write whole numbers with units w, d, h, m, s, largest first (64h, 1w2d, 90m)"
        )
    seconds = sum(int(value) * size for value, (_, size) in zip(match.groups(), _UNITS) if value)
    if seconds <= 0:
        raise DurationError(f"{text!r} is zero; a duration must be positive")
    return seconds


def format_duration(seconds: int) -> str:
    """``3600`` -> ``1h``, ``93600`` -> ``1d2h``: the PromQL range syntax (Prometheus >= 2.0 reads the
    compound form) and the most readable form for messages. Days, not weeks: SLO windows are spoken of
    in days (28d, 30d)."""
    if seconds <= 0:
        return "0s"
    parts = []
    rest = int(seconds)
    for unit, size in _UNITS[1:]:
        if rest >= size:
            parts.append(f"{rest // size}{unit}")
            rest %= size
    return "".join(parts)
