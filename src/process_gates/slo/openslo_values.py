"""The value formats of OpenSLO: names, label and annotation keys, duration shorthands, calendar times.

Each check returns ``None`` when the value is fine, or a short reason (and, where one exists, the value
the writer most likely meant), so that callers can phrase one message with the field path in front.
The patterns are the reference SDK's (OpenSLO/go-sdk, ``pkg/openslo/v1/objects.go`` and
``duration_shorthand.go``), which is what ``oslo validate`` enforces.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from typing import Any, NamedTuple


class Problem(NamedTuple):
    """Why a value is wrong, and (when we can tell) what the writer meant."""

    reason: str
    suggestion: str | None = None


# --- names ---------------------------------------------------------------------------------------------

#: RFC 1123 label, as go-sdk's ``rules.StringDNSLabel``.
_DNS_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?\Z")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NOT_NAME = re.compile(r"[^a-z0-9]+")
MAX_NAME = 63


def suggest_name(value: str) -> str:
    """``OnCallDevopsMailNotification`` -> ``on-call-devops-mail-notification``."""
    text = _NOT_NAME.sub("-", _CAMEL.sub("-", value).lower()).strip("-")
    return text[:MAX_NAME].rstrip("-")


def name_problem(value: str) -> Problem | None:
    """An RFC 1123 label: lowercase letters, digits and '-', 1-63 characters, alphanumeric at both ends."""
    if _DNS_LABEL.match(value) and len(value) <= MAX_NAME:
        return None
    if not value:
        return Problem("it is empty")
    if len(value) > MAX_NAME:
        reason = f"it is {len(value)} characters long, over the maximum of {MAX_NAME}"
    elif any(c.isupper() for c in value):
        reason = "it contains uppercase letters"
    elif " " in value:
        reason = "it contains a space"
    elif any(not (c.isascii() and (c.isalnum() or c == "-")) for c in value):
        bad = next(c for c in value if not (c.isascii() and (c.isalnum() or c == "-")))
        reason = f"it contains {bad!r}"
    else:
        reason = "it must start and end with a letter or a digit"
    suggestion = suggest_name(value)
    return Problem(reason, suggestion if suggestion and suggestion != value else None)


# --- label and annotation keys ---------------------------------------------------------------------------

_LABEL_KEY = re.compile(r"[a-z0-9]([-._a-z0-9]{0,61}[a-z0-9])?\Z")
_ANNOTATION_KEY_LENGTH = re.compile(r"(.{0,253}/)?.{0,63}\Z", re.DOTALL)
_ANNOTATION_KEY = re.compile(
    r"([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*/)?[a-z0-9]([-._a-z0-9]{0,61}[a-z0-9])?\Z"
)


def label_key_problem(key: str) -> Problem | None:
    if _LABEL_KEY.match(key):
        return None
    if len(key) > MAX_NAME:
        return Problem(f"it is {len(key)} characters long, over the maximum of {MAX_NAME}")
    lowered = key.lower()
    if lowered != key and _LABEL_KEY.match(lowered):
        return Problem("it contains uppercase letters", lowered)
    return Problem(
        "a label key holds lowercase letters, digits, '-', '_' and '.', and starts and ends with a letter or digit",
        None,
    )


def annotation_key_problem(key: str) -> Problem | None:
    if _ANNOTATION_KEY_LENGTH.match(key) and _ANNOTATION_KEY.match(key):
        return None
    if not _ANNOTATION_KEY_LENGTH.match(key):
        return Problem("the name part is over 63 characters or the prefix over 253")
    lowered = key.lower()
    if lowered != key and _ANNOTATION_KEY.match(lowered):
        return Problem("it contains uppercase letters", lowered)
    return Problem(
        "an annotation key is an optional DNS-subdomain prefix and '/', then a name of lowercase letters, "
        "digits, '-', '_' and '.' (like `example.com/dashboard-url`)"
    )


# --- duration shorthand ----------------------------------------------------------------------------------

DURATION_UNITS = "mhdwMQY"
_DURATION = re.compile(r"([0-9]+)([mhdwMQY])\Z")
_LOOSE_DURATION = re.compile(r"\s*([0-9]+)\s*([A-Za-z]+)\s*\Z")
_COMPOUND = re.compile(r"\s*[0-9]+\s*[A-Za-z]+\s*[0-9]")
#: Unit spellings people write, and the shorthand unit they mean. Case matters in the shorthand
#: (``m`` minute, ``M`` month), so a wrong-case letter is the most common mistake.
_UNIT_WORDS = {
    "min": "m", "mins": "m", "minute": "m", "minutes": "m",
    "hr": "h", "hrs": "h", "hour": "h", "hours": "h", "H": "h",
    "day": "d", "days": "d", "D": "d",
    "wk": "w", "wks": "w", "week": "w", "weeks": "w", "W": "w",
    "mo": "M", "mon": "M", "month": "M", "months": "M",
    "q": "Q", "quarter": "Q", "quarters": "Q",
    "y": "Y", "yr": "Y", "yrs": "Y", "year": "Y", "years": "Y",
}
_SECONDS = frozenset(("s", "S", "sec", "secs", "second", "seconds"))


def duration_problem(value: Any) -> Problem | None:
    """A positive whole number and exactly one case-sensitive unit: m h d w M Q Y (``12h``, ``1M``).

    Which units are allowed where: go-sdk accepts every unit in every shorthand field (timeWindow
    duration, timeSliceWindow, lookbackWindow, alertAfter), and so do we; the one unit people get wrong,
    ``m`` (minute) for ``M`` (month) in a time window, is valid syntax and is caught by the hygiene rule
    ``slo.window.minute-not-month``. (v1alpha windows name their unit as a word instead: Second, Day,
    Week, Month, Quarter.)"""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return Problem("it must be text like `30d`")
    if not isinstance(value, str):
        whole = int(value) if float(value).is_integer() else None
        return Problem(
            "it is a bare number; the reference SDK reads durations as text with a unit",
            f"{whole}m" if whole is not None and whole > 0 else None,
        )
    match = _DURATION.match(value)
    if match:
        if int(match.group(1)) == 0:
            return Problem("the number must be positive")
        return None
    if _COMPOUND.match(value):
        return Problem("use a single number and unit (for example `90m`, not `1h30m`)")
    loose = _LOOSE_DURATION.match(value)
    if loose:
        number, unit = loose.group(1), loose.group(2)
        if unit in _SECONDS:
            return Problem("seconds are not a unit here; the smallest unit is `m` (minutes)")
        meant = unit if unit in DURATION_UNITS else _UNIT_WORDS.get(unit) or _UNIT_WORDS.get(unit.lower())
        if meant and int(number) > 0:
            if unit == meant:
                return Problem("it must not contain spaces", f"{number}{meant}")
            return Problem(f"`{unit}` is not a unit (units are case-sensitive)", f"{number}{meant}")
    return Problem("it must be a positive whole number followed by one unit letter")


# --- calendar --------------------------------------------------------------------------------------------

_DATE_TIME = re.compile(r"(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?\Z")
_ISO_LIKE = re.compile(r"(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})")


def start_time_problem(value: str) -> Problem | None:
    """Go's ``time.DateTime`` layout, ``2006-01-02 15:04:05``: a wall-clock time without a zone."""
    match = _DATE_TIME.match(value)
    if match:
        try:
            datetime(*(int(match.group(i)) for i in range(1, 7)))
        except ValueError as exc:
            return Problem(f"it is not a real date and time ({exc})")
        return None
    iso = _ISO_LIKE.match(value)
    if iso:
        return Problem(
            "write the date and time as `YYYY-MM-DD hh:mm:ss`, without `T` or a zone (the zone goes in `timeZone`)",
            f"{iso.group(1)} {iso.group(2)}",
        )
    return Problem("it must be a date and time written `YYYY-MM-DD hh:mm:ss`")


_ZONE_CHARS = re.compile(r"[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*\Z")


@lru_cache(maxsize=512)
def time_zone_problem(value: str) -> Problem | None:
    """A name of the IANA time zone database (``Europe/Amsterdam``, ``UTC``).

    ``zoneinfo`` is imported here, not at module load: most SLO files have no calendar window.
    When the machine has no time zone database at all, nothing can be said and nothing is reported.
    """
    import zoneinfo

    if len(value) <= 255 and _ZONE_CHARS.match(value):
        try:
            zoneinfo.ZoneInfo(value)
            return None
        except Exception:  # ZoneInfoNotFoundError, IsADirectoryError, ValueError: all mean "not a zone"
            pass
    try:
        zoneinfo.ZoneInfo("UTC")
    except Exception:
        return None
    import difflib

    zones = zoneinfo.available_timezones()
    lowered = {z.lower(): z for z in zones}
    meant = lowered.get(value.lower()) or lowered.get(value.lower().replace(" ", "_"))
    if meant is None:
        close = difflib.get_close_matches(value, sorted(zones), n=1, cutoff=0.8)
        meant = close[0] if close else None
    return Problem("it is not a time zone of the IANA time zone database", meant)
