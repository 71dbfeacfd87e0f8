"""Which pull request a PR gate evaluates, shared by ``prd check`` and ``quality check``.

``--pr N`` wins: a ``workflow_dispatch`` or ``schedule`` run (or someone reproducing a run by hand) names
the PR itself. Without it the event names the PR: a ``pull_request`` event directly, a ``merge_group`` event
through its ``gh-readonly-queue/...`` ref. Any other event without ``--pr`` is one line and exit 2, before
a single API call, rather than a gate that silently checks nothing.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from ..errors import UsageError
from ..github.events import PULL_REQUEST_EVENTS, Event, MergeGroupEvent, PullRequestEvent

#: The events a PR gate runs on: the PR's own, the merge queue's, and manual or scheduled runs with --pr.
PR_GATE_EVENTS = (*PULL_REQUEST_EVENTS, "merge_group", "workflow_dispatch", "schedule")


@dataclass(frozen=True)
class PullRequestTarget:
    #: None only for a merge group whose ref names no PR (then only a pass-through policy can answer).
    number: int | None
    #: True in the merge queue: the PR was checked before it was queued, and the queue gets no comment.
    in_merge_queue: bool
    #: One line for the summary: where the number came from.
    note: str


def pr_target(event: Event, event_name: str, args: argparse.Namespace, command: str) -> PullRequestTarget:
    """The PR to evaluate, or UsageError naming the event and the option that fixes it."""
    explicit = getattr(args, "pr", None)
    if explicit is not None:
        if explicit < 1:
            raise UsageError(f"{command}: --pr {explicit} is not a pull request number; pass a positive number, e.g. --pr 12")
        return PullRequestTarget(explicit, False, f"pull request #{explicit} chosen with --pr (the `{event_name}` event)")
    if isinstance(event, PullRequestEvent):
        return PullRequestTarget(event.number, False, f"pull request #{event.number} from the `{event_name}` event")
    if isinstance(event, MergeGroupEvent):
        return PullRequestTarget(event.pr_number, True, f"merge queue: {event.head_ref} holds #{event.pr_number}")
    raise UsageError(
        f"{command}: the `{event_name}` event names no pull request; pass --pr N (the action's `pr` input) "
        "to choose the one to check"
    )


def number_to_read(target: PullRequestTarget, event: Event) -> tuple[int, str]:
    """The PR to read, and the summary line that says where its number came from. A merge group whose
    ref names no PR is a usage error here: only a pass-through policy answers without reading it."""
    if target.in_merge_queue:
        assert isinstance(event, MergeGroupEvent)
        return event.require_pr_number(), f"{target.note}; it is evaluated again with live state"
    assert target.number is not None
    return target.number, target.note
