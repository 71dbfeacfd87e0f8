"""Workflow commands in a step's output, parsed exactly as actions/runner does.

Why exact: the injection tests assert that hostile text in a file or an input never becomes a command,
so the parser must be at least as eager as the real one. From actions/runner (ActionCommand.cs,
ActionCommandManager.cs):

- ``::name k=v,k=v::data``: leading whitespace is trimmed first (so `` ::error::x`` IS a command);
  property values unescape ``%0D %0A %3A %2C %25``, data unescapes ``%0D %0A %25``.
- the legacy ``##[name k=v;k=v]data`` form is found ANYWHERE in a line (``IndexOf``), with its own
  escapes (``%3B %0D %0A %5D %25``).
- only registered names count (case-insensitive); ``stop-commands`` pauses all processing until a line
  that is the command ``::<token>::``; stdout and stderr share that state.
"""

from __future__ import annotations

from dataclasses import dataclass, field

REGISTERED = frozenset(
    {
        "stop-commands",
        "set-env",
        "set-output",
        "save-state",
        "add-mask",
        "add-path",
        "add-matcher",
        "remove-matcher",
        "debug",
        "warning",
        "error",
        "notice",
        "group",
        "endgroup",
        "echo",
    }
)
ANNOTATIONS = frozenset({"error", "warning", "notice"})

_DATA = (("%0D", "\r"), ("%0A", "\n"), ("%25", "%"))
_PROPERTY = (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%"))
_LEGACY = (("%3B", ";"), ("%0D", "\r"), ("%0A", "\n"), ("%5D", "]"), ("%25", "%"))


def _unescape(text: str, mapping: tuple[tuple[str, str], ...]) -> str:
    for escaped, token in mapping:
        text = text.replace(escaped, token)
    return text


@dataclass(frozen=True)
class WorkflowCommand:
    """One command the runner would act on, with where it came from."""

    name: str
    properties: dict[str, str]
    message: str
    line: str
    stream: str = "stdout"
    step: str | None = None
    legacy: bool = False

    @property
    def is_annotation(self) -> bool:
        return self.name in ANNOTATIONS

    def prop(self, key: str) -> str | None:
        """Property lookup, case-insensitive like the runner's dictionary."""
        for k, v in self.properties.items():
            if k.lower() == key.lower():
                return v
        return None


def _properties(text: str, separator: str, mapping: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """``k=v`` pairs; empty parts and parts without both a key and a value are dropped, as the runner does."""
    props: dict[str, str] = {}
    for part in (p for p in text.split(separator) if p):
        pair = [x for x in part.split("=", 1) if x]
        if len(pair) == 2:
            props[pair[0]] = _unescape(pair[1], mapping)
    return props


def _known(name: str, registered: set[str] | frozenset[str]) -> bool:
    return name.lower() in {r.lower() for r in registered}


def parse_v2(line: str, registered: set[str] | frozenset[str]) -> tuple[str, dict[str, str], str] | None:
    message = line.lstrip()
    if not message.startswith("::"):
        return None
    end = message.find("::", 2)
    if end < 0:
        return None
    info = message[2:end]
    space = info.find(" ")
    name = info if space < 0 else info[:space]
    if not _known(name, registered):
        return None
    props = _properties(info[space + 1 :].strip(), ",", _PROPERTY) if space > 0 else {}
    return name, props, _unescape(message[end + 2 :], _DATA)


def parse_legacy(line: str, registered: set[str] | frozenset[str]) -> tuple[str, dict[str, str], str] | None:
    start = line.find("##[")
    if start < 0:
        return None
    close = line.find("]", start)
    if close < 0:
        return None
    info = line[start + 3 : close]
    space = info.find(" ")
    name = info if space < 0 else info[:space]
    if not _known(name, registered):
        return None
    props = _properties(info[space + 1 :], ";", _LEGACY) if space > 0 else {}
    return name, props, _unescape(line[close + 1 :], _LEGACY)


@dataclass
class CommandProcessor:
    """Stateful, like the runner's ActionCommandManager: one per job, shared by stdout and stderr."""

    registered: set[str] = field(default_factory=lambda: set(REGISTERED))
    stopped_until: str | None = None
    commands: list[WorkflowCommand] = field(default_factory=list)
    #: Commands seen while processing was stopped: printed as plain text, not acted on.
    ignored: list[str] = field(default_factory=list)
    masks: list[str] = field(default_factory=list)

    def feed(self, line: str, stream: str = "stdout", step: str | None = None) -> WorkflowCommand | None:
        parsed = parse_v2(line, self.registered)
        legacy = False
        if parsed is None:
            parsed = parse_legacy(line, self.registered)
            legacy = parsed is not None
        if parsed is None:
            return None
        name, props, data = parsed
        if self.stopped_until is not None:
            if name.lower() == self.stopped_until.lower():
                self.registered.discard(self.stopped_until)
                self.stopped_until = None
            else:
                self.ignored.append(line)
            return None
        command = WorkflowCommand(name.lower(), props, data, line, stream, step, legacy)
        if command.name == "stop-commands":
            self.stopped_until = data
            self.registered.add(data)
        elif command.name == "add-mask" and data.strip():
            self.masks.append(data)
        self.commands.append(command)
        return command

    def mask(self, text: str) -> str:
        for secret in sorted(self.masks, key=len, reverse=True):
            if secret:
                text = text.replace(secret, "***")
        return text
