"""Typed views over the webhook payloads the gates handle, validated defensively.

The payload file is input like any other: a local run may point GITHUB_EVENT_PATH at a hand-written file,
GitHub sends ``null`` for an empty body, and a future payload may drop a field. Every shape problem becomes
one line naming the file and the field (exit 2), never a KeyError traceback. Only what the gates use is
read; everything else in the payload is ignored, so new fields never break us.

Stdlib only: parsing an event must not pay for PyGithub.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from typing import Mapping, Union

from ..errors import UsageError
from ..schema import type_name

#: GitHub caps webhook payloads at 25 MB; a bigger file is not an event GitHub wrote.
MAX_PAYLOAD_BYTES = 25 * 1024 * 1024

PULL_REQUEST_EVENTS = ("pull_request", "pull_request_target")
SUPPORTED_EVENTS = (*PULL_REQUEST_EVENTS, "merge_group", "issues", "schedule", "workflow_dispatch")

# gh-readonly-queue/<base branch, may hold slashes>/pr-<number>-<head sha>
_MERGE_QUEUE_REF = re.compile(
    r"^(?:refs/heads/)?gh-readonly-queue/(?P<base>.+)/pr-(?P<number>[1-9][0-9]*)-(?P<sha>[0-9a-f]{40})$"
)


@dataclass(frozen=True)
class Actor:
    """A user or bot as the payload names it (``type`` is ``User``, ``Bot`` or ``Organization``)."""

    login: str
    type: str = "User"

    @property
    def is_bot(self) -> bool:
        return self.type == "Bot" or self.login.endswith("[bot]")


@dataclass(frozen=True)
class Repository:
    full_name: str
    default_branch: str | None = None

    @property
    def owner(self) -> str:
        return self.full_name.split("/", 1)[0]

    @property
    def name(self) -> str:
        return self.full_name.split("/", 1)[1]


@dataclass(frozen=True, kw_only=True)
class IssueLikeEvent:
    """What a PR event and an issue event share: GitHub models a PR as an issue with more."""

    event_name: str
    action: str
    number: int
    title: str
    body: str
    author: Actor
    state: str
    labels: tuple[str, ...]
    repository: Repository
    sender: Actor | None
    #: The label added or removed, for ``labeled``/``unlabeled``.
    label: str | None = None


@dataclass(frozen=True, kw_only=True)
class PullRequestEvent(IssueLikeEvent):
    """``pull_request`` and ``pull_request_target``: the PR as it was when the event fired.

    Gates read labels and body live from the API (a re-run replays this payload); these fields serve
    routing and messages.
    """

    draft: bool
    merged: bool
    base_ref: str
    base_sha: str
    head_ref: str
    head_sha: str
    #: None when the fork the PR came from has been deleted.
    head_repo: str | None

    @property
    def from_fork(self) -> bool:
        """A fork PR (or one whose fork is gone) gets a read-only token on ``pull_request``."""
        return self.head_repo is None or self.head_repo.lower() != self.repository.full_name.lower()


@dataclass(frozen=True)
class MergeGroupEvent:
    """``merge_group``: a merge-queue candidate; the PR number lives only in the queue's head ref."""

    event_name: str
    action: str
    head_ref: str
    head_sha: str
    base_ref: str
    base_sha: str
    repository: Repository
    sender: Actor | None
    #: Parsed from ``gh-readonly-queue/<base>/pr-<N>-<sha>``; None when the ref has another shape.
    pr_number: int | None

    def require_pr_number(self) -> int:
        if self.pr_number is None:
            raise UsageError(
                f"merge_group head ref {self.head_ref!r} does not name a pull request "
                "(expected gh-readonly-queue/<base>/pr-<number>-<sha>); let the gate pass merge groups through "
                "by policy, or report this ref shape"
            )
        return self.pr_number


@dataclass(frozen=True, kw_only=True)
class IssuesEvent(IssueLikeEvent):
    state_reason: str | None
    created_at: str | None
    closed_at: str | None


@dataclass(frozen=True)
class ScheduleEvent:
    event_name: str
    #: The cron expression that fired, when the runner provides it.
    cron: str | None
    repository: Repository | None


@dataclass(frozen=True)
class WorkflowDispatchEvent:
    event_name: str
    #: Inputs as the runner passes them: strings (booleans and numbers rendered the way Actions does).
    inputs: Mapping[str, str] = field(default_factory=dict)
    ref: str | None = None
    workflow: str | None = None
    repository: Repository | None = None
    sender: Actor | None = None


Event = Union[PullRequestEvent, MergeGroupEvent, IssuesEvent, ScheduleEvent, WorkflowDispatchEvent]


def parse_merge_queue_ref(ref: str) -> tuple[str, int] | None:
    """``(base branch, PR number)`` from a merge-queue head ref, or None for any other ref."""
    match = _MERGE_QUEUE_REF.match(ref)
    if not match:
        return None
    return match.group("base"), int(match.group("number"))


# --------------------------------------------------------------------------------------------- reading


def _describe(value: object) -> str:
    name = type_name(value)
    return name if name == "null" else f"{'an' if name[0] in 'aeiou' else 'a'} {name}"


class _Reader:
    """Walks a JSON object and turns every surprise into one UsageError naming the field."""

    def __init__(self, source: str, event: str, data: object, path: str = "") -> None:
        self.source = source
        self.event = event
        self.data = data
        self.path = path

    def _where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, expected: str, value: object) -> UsageError:
        what = "is missing" if value is _MISSING else f"is {_describe(value)}"
        return UsageError(
            f"{self.source}: `{self._where(key)}` {what}, expected {expected} in a `{self.event}` payload; "
            "point GITHUB_EVENT_PATH at the payload GitHub wrote for this run"
        )

    def _get(self, key: str) -> object:
        assert isinstance(self.data, dict)
        return self.data.get(key, _MISSING)

    def _absent(self, key: str) -> bool:
        """Missing or null: what GitHub sends for an optional field it has no value for."""
        value = self._get(key)
        return value is _MISSING or value is None

    def obj(self, key: str) -> "_Reader":
        value = self._get(key)
        if not isinstance(value, dict):
            raise self.fail(key, "an object", value)
        return _Reader(self.source, self.event, value, self._where(key))

    def opt_obj(self, key: str) -> "_Reader | None":
        return None if self._absent(key) else self.obj(key)

    def string(self, key: str) -> str:
        value = self._get(key)
        if not isinstance(value, str):
            raise self.fail(key, "a string", value)
        return value

    def opt_string(self, key: str) -> str | None:
        return None if self._absent(key) else self.string(key)

    def text(self, key: str) -> str:
        """A free-text field GitHub sends as null when empty (PR and issue bodies)."""
        return self.opt_string(key) or ""

    def integer(self, key: str) -> int:
        value = self._get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise self.fail(key, "a non-negative integer", value)
        return value

    def opt_integer(self, key: str) -> int | None:
        return None if self._absent(key) else self.integer(key)

    def flag(self, key: str, default: bool = False) -> bool:
        if self._absent(key):
            return default
        value = self._get(key)
        if not isinstance(value, bool):
            raise self.fail(key, "true or false", value)
        return value

    def label_names(self, key: str = "labels") -> tuple[str, ...]:
        if self._absent(key):
            return ()
        value = self._get(key)
        if not isinstance(value, list):
            raise self.fail(key, "an array of labels", value)
        names = []
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                raise self.fail(f"{key}[{index}]", "a label object", item)
            names.append(_Reader(self.source, self.event, item, self._where(f"{key}[{index}]")).string("name"))
        return tuple(names)

    def actor(self, key: str) -> Actor:
        user = self.obj(key)
        return Actor(login=user.string("login"), type=user.opt_string("type") or "User")

    def opt_actor(self, key: str) -> Actor | None:
        return self.actor(key) if self.opt_obj(key) is not None else None

    def repository(self, key: str = "repository") -> Repository:
        repo = self.obj(key)
        full_name = repo.string("full_name")
        if full_name.count("/") != 1 or not all(full_name.split("/")):
            raise repo.fail("full_name", "owner/name", full_name)
        return Repository(full_name=full_name, default_branch=repo.opt_string("default_branch"))

    def opt_repository(self, key: str = "repository") -> Repository | None:
        return self.repository(key) if self.opt_obj(key) is not None else None


_MISSING = object()


# --------------------------------------------------------------------------------------------- payloads


def _issue_like(r: _Reader, item: _Reader) -> dict:
    """The fields PRs and issues share, from the item and the envelope around it."""
    label = r.opt_obj("label")
    return {
        "action": r.string("action"),
        "title": item.string("title"),
        "body": item.text("body"),
        "author": item.actor("user"),
        "state": item.string("state"),
        "labels": item.label_names(),
        "repository": r.repository(),
        "sender": r.opt_actor("sender"),
        "label": label.string("name") if label else None,
    }


def _pull_request(r: _Reader, event_name: str) -> PullRequestEvent:
    pr = r.obj("pull_request")
    base, head = pr.obj("base"), pr.obj("head")
    head_repo = head.opt_obj("repo")
    number = pr.integer("number")
    top_number = r.opt_integer("number")
    if top_number is not None and top_number != number:
        raise r.fail("number", f"{number}, the number of `pull_request`", top_number)
    return PullRequestEvent(
        event_name=event_name,
        number=number,
        draft=pr.flag("draft"),
        merged=pr.flag("merged"),
        base_ref=base.string("ref"),
        base_sha=base.string("sha"),
        head_ref=head.string("ref"),
        head_sha=head.string("sha"),
        head_repo=head_repo.string("full_name") if head_repo else None,
        **_issue_like(r, pr),
    )


def _merge_group(r: _Reader, event_name: str) -> MergeGroupEvent:
    group = r.obj("merge_group")
    head_ref = group.string("head_ref")
    parsed = parse_merge_queue_ref(head_ref)
    return MergeGroupEvent(
        event_name=event_name,
        action=r.string("action"),
        head_ref=head_ref,
        head_sha=group.string("head_sha"),
        base_ref=group.string("base_ref"),
        base_sha=group.string("base_sha"),
        repository=r.repository(),
        sender=r.opt_actor("sender"),
        pr_number=parsed[1] if parsed else None,
    )


def _issues(r: _Reader, event_name: str) -> IssuesEvent:
    issue = r.obj("issue")
    return IssuesEvent(
        event_name=event_name,
        number=issue.integer("number"),
        state_reason=issue.opt_string("state_reason"),
        created_at=issue.opt_string("created_at"),
        closed_at=issue.opt_string("closed_at"),
        **_issue_like(r, issue),
    )


def _schedule(r: _Reader, event_name: str) -> ScheduleEvent:
    return ScheduleEvent(event_name=event_name, cron=r.opt_string("schedule"), repository=r.opt_repository())


def _input_value(r: _Reader, key: str, value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return value
    raise r.fail(key, "a string, number or boolean input", value)


def _workflow_dispatch(r: _Reader, event_name: str) -> WorkflowDispatchEvent:
    inputs_reader = r.opt_obj("inputs")
    inputs: dict[str, str] = {}
    if inputs_reader is not None:
        for key, value in inputs_reader.data.items():  # type: ignore[union-attr]
            inputs[key] = _input_value(inputs_reader, key, value)
    return WorkflowDispatchEvent(
        event_name=event_name,
        inputs=inputs,
        ref=r.opt_string("ref"),
        workflow=r.opt_string("workflow"),
        repository=r.opt_repository(),
        sender=r.opt_actor("sender"),
    )


_PARSERS = {
    "pull_request": _pull_request,
    "pull_request_target": _pull_request,
    "merge_group": _merge_group,
    "issues": _issues,
    "schedule": _schedule,
    "workflow_dispatch": _workflow_dispatch,
}


def parse_event(event_name: str, payload: object, source: str = "the event payload") -> Event:
    """A typed event from an already decoded payload; UsageError for events or shapes we don't handle."""
    parser = _PARSERS.get(event_name)
    if parser is None:
        raise UsageError(
            f"the `{event_name}` event is not handled; run process-gates on one of: {', '.join(SUPPORTED_EVENTS)}"
        )
    if not isinstance(payload, dict):
        raise UsageError(
            f"{source}: expected a JSON object at the top level of a `{event_name}` payload, "
            f"found {_describe(payload)}; point GITHUB_EVENT_PATH at the payload GitHub wrote for this run"
        )
    return parser(_Reader(source, event_name, payload), event_name)


def read_payload(path: str) -> dict:
    """The decoded payload file, refusing what GitHub never writes: empty, huge, non-UTF-8, not an object."""
    try:
        size = os.stat(path).st_size
    except OSError as exc:
        raise UsageError(f"cannot read the event payload {path}: {exc.strerror or exc}") from None
    if size > MAX_PAYLOAD_BYTES:
        raise UsageError(
            f"{path}: the event payload is {size / 1024 / 1024:.1f} MiB, larger than the 25 MB GitHub caps "
            "payloads at; point GITHUB_EVENT_PATH at the payload GitHub wrote for this run"
        )
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_PAYLOAD_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"cannot read the event payload {path}: {exc.strerror or exc}") from None
    if not raw.strip():
        raise UsageError(f"{path}: the event payload is empty; point GITHUB_EVENT_PATH at the payload GitHub wrote")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(
            f"{path}: the event payload is not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "GitHub writes payloads as UTF-8 JSON"
        ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"{path}:{exc.lineno}:{exc.colno}: the event payload is not valid JSON: {exc.msg}"
        ) from None
    except RecursionError:
        raise UsageError(f"{path}: the event payload is nested too deeply to be a GitHub payload") from None
    if not isinstance(data, dict):
        raise UsageError(
            f"{path}: the event payload must be a JSON object, found {_describe(data)}; "
            "point GITHUB_EVENT_PATH at the payload GitHub wrote for this run"
        )
    return data
