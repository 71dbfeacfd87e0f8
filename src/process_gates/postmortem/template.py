"""The postmortem issue's body: the package's blameless template or the repository's, filled from the incident.

Everything that comes from the incident is hostile text: a title can hold Markdown that restyles the
page, HTML, or ``@team`` mentions that would page a whole organisation the moment the postmortem is
opened. Values are escaped for where they land (inline Markdown), mentions are broken with a zero-width
space (what Dependabot does in release notes), and the template is filled in one pass, so a value that
spells ``{{due}}`` stays text.

The due date and severity are wrapped in hidden markers so that a later, higher severity can move the
due date in place without touching what people wrote around it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from importlib import resources
from urllib.parse import quote, urlsplit

from ..errors import UsageError
from .incident import Incident, Severity

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
PLACEHOLDERS = (
    "title", "number", "link", "repository", "severity", "labels", "commanders",
    "opened_at", "closed_at", "duration", "due", "due_policy",
)
_ZWSP = "\u200b"
#: Characters that change inline rendering anywhere in a line (CommonMark lets a backslash escape them).
_MD_SPECIAL = set("\\`*_{}[]()#!|~>")
#: What starts a list item when a value opens a line in a repository template: "- x", "+ x", "1. x", "1) x".
_LIST_START = re.compile(r"^([-+]|\d{1,9}(?=[.)]))")
#: A template bigger than this is not a postmortem template (GitHub bodies stop at 65536 characters).
MAX_TEMPLATE_BYTES = 60_000

_DUE = re.compile(r"<!-- pg:due -->.*?<!-- /pg:due -->", re.S)
_SEVERITY = re.compile(r"<!-- pg:severity -->.*?<!-- /pg:severity -->", re.S)
_POLICY = re.compile(r"<!-- pg:policy -->.*?<!-- /pg:policy -->", re.S)


def escape_inline(text: str) -> str:
    """Hostile text as literal inline Markdown: punctuation backslash-escaped, HTML as entities,
    mentions broken, line breaks and control characters turned into spaces."""
    out: list[str] = []
    lead = _LIST_START.match(text)
    if lead:
        # "1." -> "1\.", "-" -> "\-": a value at the start of a line never becomes a list item.
        end = len(lead.group(1)) if text[0] in "-+" else len(lead.group(1)) + 1
        out.append(text[: end - 1] + "\\" + text[end - 1])
        text = text[end:]
    for ch in text:
        if ch == "&":
            out.append("&amp;")
        elif ch == "<":
            out.append("&lt;")
        elif ch == "@":
            out.append("@" + _ZWSP)
        elif ch in _MD_SPECIAL:
            out.append("\\" + ch)
        elif ch in "\r\n\t" or ord(ch) < 32 or ord(ch) == 127 or 0x202A <= ord(ch) <= 0x202E or 0x2066 <= ord(ch) <= 0x2069:
            out.append(" ")  # control and bidirectional-override characters
        else:
            out.append(ch)
    return "".join(out)


def safe_url(url: str) -> str | None:
    """An http(s) URL fit for ``[text](url)``: spaces, parentheses and angle brackets percent-encoded."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return quote(url, safe=":/?#[]@!$&'*+,;=%-._~")


def plain_title(text: str, limit: int = 256) -> str:
    """An issue title: one line, no control characters, at most GitHub's 256 characters."""
    cleaned = re.sub(r"[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]+", " ", text).strip()
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"


def format_time(value: dt.datetime | None) -> str:
    return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC") if value else "not yet"


def format_duration(start: dt.datetime | None, end: dt.datetime | None) -> str:
    if start is None or end is None:
        return "ongoing"
    minutes = max(0, int((end - start).total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [f"{days} d"] if days else []
    if hours or days:
        parts.append(f"{hours} h")
    parts.append(f"{mins} min")
    return " ".join(parts)


def due_span(due: dt.date) -> str:
    return f"<!-- pg:due -->{due.isoformat()}<!-- /pg:due -->"


def severity_span(label: str) -> str:
    return f"<!-- pg:severity -->{escape_inline(label)}<!-- /pg:severity -->"


def policy_span(severity: Severity) -> str:
    text = f"{escape_inline(severity.label)}: {severity.due.describe()}"
    return f"<!-- pg:policy -->{text}<!-- /pg:policy -->"


@dataclass(frozen=True)
class Template:
    text: str
    #: Where it came from, for messages: a repository path or "the built-in template".
    source: str


def builtin_template() -> Template:
    text = resources.files("process_gates.postmortem").joinpath("templates/postmortem.md").read_text(encoding="utf-8")
    return Template(text, "the built-in template")


def load_template(path: str | None) -> Template:
    """The repository's template (UsageError, exit 2, when unreadable or with unknown placeholders)."""
    if path is None:
        return builtin_template()
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_TEMPLATE_BYTES + 1)
    except OSError as exc:
        raise UsageError(
            f"{path}: cannot read the postmortem template ({exc.strerror or exc}); fix postmortem.template "
            "or remove it to use the built-in template"
        ) from None
    if len(raw) > MAX_TEMPLATE_BYTES:
        raise UsageError(f"{path}: the postmortem template is over {MAX_TEMPLATE_BYTES} bytes; GitHub issue bodies stop at 65536 characters")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: the postmortem template is not UTF-8 (byte offset {exc.start})") from None
    check_placeholders(text, path)
    return Template(text, path)


def check_placeholders(text: str, source: str) -> None:
    for lineno, line in enumerate(text.splitlines(), 1):
        for match in PLACEHOLDER.finditer(line):
            if match.group(1) not in PLACEHOLDERS:
                raise UsageError(
                    f"{source}:{lineno}:{match.start() + 1}: unknown placeholder {{{{{match.group(1)}}}}} in the "
                    f"postmortem template; use one of: {', '.join(PLACEHOLDERS)}"
                )


def values(incident: Incident, severity: Severity, due: dt.date) -> dict[str, str]:
    url = safe_url(incident.url)
    label = f"{escape_inline(incident.repository)}\\#{incident.number}"
    return {
        "title": escape_inline(incident.title),
        "number": str(incident.number),
        "link": f"[{label}]({url})" if url else label,
        "repository": escape_inline(incident.repository),
        "severity": severity_span(severity.label),
        "labels": ", ".join(escape_inline(lab) for lab in incident.labels) or "none",
        "commanders": ", ".join(escape_inline("@" + a) for a in incident.assignees) or "none assigned",
        "opened_at": format_time(incident.created_at),
        "closed_at": format_time(incident.closed_at) if incident.closed_at else "still open",
        "duration": format_duration(incident.created_at, incident.closed_at),
        "due": due_span(due),
        "due_policy": policy_span(severity),
    }


def fill(template: Template, filled: dict[str, str]) -> str:
    """One pass over the template: a value is never searched for placeholders again."""
    return PLACEHOLDER.sub(lambda m: filled.get(m.group(1), m.group(0)), template.text)


def move_due(body: str, due: dt.date, severity: Severity) -> str:
    """The body with its due date and severity markers rewritten (text around them untouched)."""
    body = _DUE.sub(lambda _m: due_span(due), body)
    body = _POLICY.sub(lambda _m: policy_span(severity), body)
    return _SEVERITY.sub(lambda _m: severity_span(severity.label), body)
