"""Gathering the change's labels and who applied them, from GitHub (the only GitHub I/O of the gate).

Behind a small interface (``LabelSource.gather()``) so the rules never know where labels come from: on a
pull request (or a merge-queue run, which names its PR) the labels are read live from the timeline — the
event payload is stale on a re-run — and team membership is asked only for the teams in
``release.exceptions.allowed`` and only for the people who applied a wanted label. Anywhere else (a push, a
local run) there is no change to carry a label, and the summary says so.

PyGithub is imported only here, and only when a block could be waived, so a check that passes costs no
API call at all.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Mapping, Protocol

from .exceptions import teams_in, users_in
from .model import AppliedLabel, LabelFacts

PR_EVENTS = ("pull_request", "pull_request_target", "merge_group")


class LabelSource(Protocol):
    def gather(self) -> LabelFacts | None:
        """The labels, or None when no change is in context (see ``absent_reason``)."""

    @property
    def absent_reason(self) -> str: ...


@dataclass(frozen=True)
class NoLabels:
    """No pull request in context: nothing can waive a block."""

    reason: str

    def gather(self) -> LabelFacts | None:
        return None

    @property
    def absent_reason(self) -> str:
        return self.reason


def current_labels(events: list, wanted: tuple[str, ...]) -> dict[str, str | None]:
    """Replay ``labeled``/``unlabeled`` timeline events: the wanted labels still on, with who applied each
    last (a label removed and re-applied counts its last applier)."""
    wanted_lower = {w.lower() for w in wanted}
    state: dict[str, tuple[str, str | None]] = {}
    for event in events:
        key = event.label.lower()
        if key not in wanted_lower:
            continue
        if event.event == "labeled":
            state[key] = (event.label, event.actor)
        else:
            state.pop(key, None)
    return {name: actor for name, actor in state.values()}


@dataclass
class GitHubLabels:
    """Labels of pull request ``number`` in ``repository``, read with ``client`` (a GitHubClient)."""

    client: object
    repository: str
    number: int
    wanted: tuple[str, ...]
    allowed: tuple[str, ...]

    @property
    def absent_reason(self) -> str:
        return ""

    def gather(self) -> LabelFacts:
        from ..github.client import GitHubForbidden

        client = self.client
        timeline = client.list_label_events(self.repository, self.number)  # type: ignore[attr-defined]
        applied = current_labels(timeline, self.wanted)
        problems: list[str] = []
        labels: list[AppliedLabel] = []
        memberships: dict[tuple[str, str], bool] = {}
        for name, who in applied.items():
            teams: set[str] = set()
            # A login listed by name needs no team lookup: each lookup is an API call.
            if who is not None and who.lower() not in users_in(self.allowed):
                for team in teams_in(self.allowed):
                    key = (team, who.lower())
                    if key not in memberships:
                        org, slug = team.split("/", 1)
                        try:
                            memberships[key] = client.is_team_member(org, slug, who)  # type: ignore[attr-defined]
                        except GitHubForbidden as exc:
                            memberships[key] = False
                            problems.append(
                                f"cannot read the members of @{team} ({exc.message}); a workflow's GITHUB_TOKEN may not, "
                                "so pass a token with read access to the organization's members"
                            )
                    if memberships[key]:
                        teams.add(team)
            labels.append(AppliedLabel(name, who, frozenset(teams)))
        return LabelFacts(tuple(labels), f"the timeline of {self.repository}#{self.number}", tuple(dict.fromkeys(problems)))


def label_source(wanted: tuple[str, ...], allowed: tuple[str, ...], environ: Mapping[str, str] | None = None) -> LabelSource:
    """GitHub's labels when the run is about a pull request, else NoLabels with the reason."""
    env = os.environ if environ is None else environ
    event_name = (env.get("GITHUB_EVENT_NAME") or "").strip()
    if not event_name:
        return NoLabels("not running in GitHub Actions (GITHUB_EVENT_NAME is unset), so no label can waive a block")
    if event_name not in PR_EVENTS:
        return NoLabels(f"the `{event_name}` event carries no pull request, so no label can waive a block")
    if not wanted:
        return NoLabels("no exception or exempt labels are configured")
    from ..github.client import GitHubClient
    from ..github.context import load_context
    from ..github.events import MergeGroupEvent

    context = load_context(env, events=PR_EVENTS, command="process-gates release check")
    event = context.event
    number = event.require_pr_number() if isinstance(event, MergeGroupEvent) else event.number  # type: ignore[union-attr]
    client = GitHubClient.from_context(context)
    return GitHubLabels(client, context.repository, number, wanted, allowed)
