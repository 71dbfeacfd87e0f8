"""The report's only I/O: GitHub (GraphQL connections and REST lists, 100 per page) and Prometheus.

Requests grow with pages, never with items:

- merged pull requests: one GraphQL connection, newest update first, each node carrying its first
  commit's dates (REST would need one request per PR for those); paging stops at the first page that
  reaches back before the window, since a PR merged in the window was updated in it too;
- deployments: one GraphQL connection per environment, newest first, with each deployment's latest
  status (REST would need one request per deployment for it); paging stops before the window;
- releases: one GraphQL connection, read to the end (a draft created long ago can be published inside
  the window, so creation order does not bound it);
- incidents: one REST issue list per incident label with ``state=all&since=<window start>``. The REST
  ``labels`` filter is an AND, so one list per label (as postmortem remind reads them), and ``since``
  (updated since) keeps old, untouched issues out. Search would do it in one query but caps at 1000
  results, lags behind writes and has its own 30/minute limit;
- postmortems and action items: postmortem remind's lists (open postmortems, open action items) plus
  the postmortems closed since the window started.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Callable, Mapping

from ..config import Config
from ..config.report import AUTO, DEPLOYMENTS, RELEASES, ReportPolicy
from ..errors import ServiceError
from ..postmortem.github_remind import overdue_in, read_open
from ..postmortem.incident import matching_severities, parse_time, strictest
from ..postmortem.open_plan import read_marker
from ..postmortem.remind import checklist_items
from .model import (
    BurnRate,
    Deployment,
    DeploymentFacts,
    FollowUpFacts,
    IncidentIssue,
    MergedPull,
    PostmortemIssue,
    ReportFacts,
    SloFacts,
    Window,
)

if TYPE_CHECKING:
    from ..github.client import GitHubClient
    from ..github.resources import Issue

#: Latest deployment statuses that count as deployed. GitHub adds `inactive` only to deployments that
#: had succeeded, when a newer one to the same environment succeeds (auto_inactive), so it counts too.
DEPLOYED_STATES = frozenset({"SUCCESS", "INACTIVE"})

_PULLS = """
query($owner: String!, $name: String!, $after: String) {
  repository(owner: $owner, name: $name) {
    defaultBranchRef { name }
    pullRequests(states: [MERGED], orderBy: {field: UPDATED_AT, direction: DESC}, first: 100, after: $after) {
      nodes { number createdAt updatedAt mergedAt baseRefName
              commits(first: 1) { nodes { commit { authoredDate committedDate } } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}
"""
_DEPLOYMENTS = """
query($owner: String!, $name: String!, $environment: String!, $after: String) {
  repository(owner: $owner, name: $name) {
    deployments(environments: [$environment], orderBy: {field: CREATED_AT, direction: DESC}, first: 100, after: $after) {
      totalCount
      nodes { createdAt latestStatus { state } }
      pageInfo { hasNextPage endCursor }
    }
  }
}
"""
_RELEASES = """
query($owner: String!, $name: String!, $after: String) {
  repository(owner: $owner, name: $name) {
    releases(orderBy: {field: CREATED_AT, direction: DESC}, first: 100, after: $after) {
      nodes { createdAt publishedAt isDraft isPrerelease }
      pageInfo { hasNextPage endCursor }
    }
  }
}
"""


def _split(repository: str) -> tuple[str, str]:
    owner, _, name = repository.partition("/")
    return owner, name


def _time(value: Any, what: str) -> dt.datetime:
    parsed = parse_time(value) if isinstance(value, str) else None
    if parsed is None:
        raise ServiceError(f"GitHub answered {what} without a readable timestamp ({value!r}); re-run the job, and report it if it persists")
    return parsed


def _pages(client: "GitHubClient", query: str, variables: dict[str, Any], name: str, path: tuple[str, ...],
           stop: Callable[[dict], bool]) -> tuple[list[dict], dict]:
    """Every node of one connection, page by page, until ``stop(node)`` says the rest are older."""
    nodes: list[dict] = []
    first_data: dict = {}
    after: str | None = None
    while True:
        data = client.graphql.execute(query, {**variables, "after": after}, name=name)
        if not first_data:
            first_data = data
        try:
            holder: Any = data
            for key in path:
                holder = holder[key]
            page, info = holder["nodes"], holder["pageInfo"]
            more, after = bool(info["hasNextPage"]), info["endCursor"]
        except (KeyError, TypeError):
            raise ServiceError(f"GitHub POST /graphql ({name}) answered in an unexpected shape; re-run the job, and report it if it persists") from None
        done = False
        for node in page or ():
            if not isinstance(node, dict):
                continue
            if stop(node):
                done = True
                continue
            nodes.append(node)
        if done or not more:
            return nodes, first_data


def merged_pulls(client: "GitHubClient", repository: str, window: Window) -> tuple[str, list[MergedPull]]:
    """The default branch's name and the PRs merged into it in the window."""
    owner, name = _split(repository)
    nodes, first = _pages(
        client, _PULLS, {"owner": owner, "name": name}, "merged pull requests", ("repository", "pullRequests"),
        stop=lambda n: _time(n.get("updatedAt"), "a pull request's updatedAt") < window.since,
    )
    branch = ((first.get("repository") or {}).get("defaultBranchRef") or {}).get("name") or ""
    pulls = []
    for node in nodes:
        if node.get("baseRefName") != branch or not node.get("mergedAt"):
            continue
        merged_at = _time(node["mergedAt"], "a pull request's mergedAt")
        if merged_at not in window:
            continue
        commits = ((node.get("commits") or {}).get("nodes") or [None])[0]
        commit = (commits or {}).get("commit") or {}
        dates = [parse_time(commit.get(k)) for k in ("authoredDate", "committedDate")]
        known = [d for d in dates if d is not None]
        pulls.append(MergedPull(int(node["number"]), _time(node.get("createdAt"), "a pull request's createdAt"), merged_at, min(known) if known else None))
    return branch, pulls


def deployments(client: "GitHubClient", repository: str, window: Window, policy: ReportPolicy) -> DeploymentFacts:
    settings = policy.deployments
    if settings.source == RELEASES:
        return releases(client, repository, window, settings.include_prereleases, "configured (report.deployments.source)")
    owner, name = _split(repository)

    def older(node: dict) -> bool:
        return _time(node.get("createdAt"), "a deployment's createdAt") < window.since

    nodes, first = _pages(
        client, _DEPLOYMENTS, {"owner": owner, "name": name, "environment": settings.environment}, "deployments",
        ("repository", "deployments"), stop=older,
    )
    total = int(((first.get("repository") or {}).get("deployments") or {}).get("totalCount") or 0)
    if settings.source == AUTO and total == 0:
        return releases(
            client, repository, window, settings.include_prereleases,
            f"auto: the {settings.environment!r} environment has no deployments, so published releases count",
        )
    counted: list[Deployment] = []
    skipped: dict[str, int] = {}
    for node in nodes:
        at = _time(node.get("createdAt"), "a deployment's createdAt")
        if at not in window:
            continue
        state = str(((node.get("latestStatus") or {}).get("state")) or "NO STATUS")
        if state in DEPLOYED_STATES:
            counted.append(Deployment(at, state.lower()))
        else:
            skipped[state.lower()] = skipped.get(state.lower(), 0) + 1
    reason = "configured (report.deployments.source)" if settings.source == DEPLOYMENTS else (
        f"auto: the {settings.environment!r} environment has deployments"
    )
    return DeploymentFacts(DEPLOYMENTS, reason, tuple(counted), skipped, settings.environment)


def releases(client: "GitHubClient", repository: str, window: Window, prereleases: bool, reason: str) -> DeploymentFacts:
    owner, name = _split(repository)
    nodes, _ = _pages(client, _RELEASES, {"owner": owner, "name": name}, "releases", ("repository", "releases"), stop=lambda n: False)
    counted: list[Deployment] = []
    skipped: dict[str, int] = {}
    for node in nodes:
        published = parse_time(node.get("publishedAt"))
        if node.get("isDraft") or published is None or published not in window:
            continue
        if node.get("isPrerelease") and not prereleases:
            skipped["prerelease"] = skipped.get("prerelease", 0) + 1
            continue
        counted.append(Deployment(published, "published"))
    return DeploymentFacts(RELEASES, reason, tuple(counted), skipped)


def _issue_list(client: "GitHubClient", repository: str, **params: str) -> list["Issue"]:
    from ..github.resources import Issue

    owner, name = _split(repository)
    found = client.paginate("/repos/{owner}/{repo}/issues", {"owner": owner, "repo": name}, params=params)
    return [Issue.from_json(item) for item in found]


def _since(window: Window) -> str:
    return window.since.strftime("%Y-%m-%dT%H:%M:%SZ")


def incidents(client: "GitHubClient", repository: str, window: Window, config: Config) -> list[IncidentIssue]:
    """Issues opened in the window with an incident label; postmortems (label or marker) are not incidents."""
    policy = config.postmortem.open
    postmortem_label = policy.labels[0].lower()
    seen: dict[int, IncidentIssue] = {}
    for trigger in policy.triggers:
        for issue in _issue_list(client, repository, state="all", labels=trigger.label, since=_since(window), sort="created", direction="desc"):
            created = parse_time(issue.created_at)
            if created is None or created not in window or issue.is_pull_request or issue.number in seen:
                continue
            if postmortem_label in {label.lower() for label in issue.labels} or read_marker(issue.body) is not None:
                continue
            severity = strictest(matching_severities(issue.labels, policy.triggers), created.date())
            seen[issue.number] = IncidentIssue(
                issue.number, issue.title, issue.html_url, created, parse_time(issue.closed_at),
                severity.label if severity else trigger.label,
            )
    return sorted(seen.values(), key=lambda i: i.number)


def follow_ups(client: "GitHubClient", repository: str, window: Window, config: Config) -> FollowUpFacts:
    policy = config.postmortem
    today = window.until.date()
    open_postmortems, open_items = read_open(client, repository, policy)
    closed = _issue_list(client, repository, state="closed", labels=policy.open.labels[0], since=_since(window))
    postmortems = [
        PostmortemIssue(i.number, i.title, i.html_url, created, i.state == "open")
        for i in [*open_postmortems, *(c for c in closed if not c.is_pull_request)]
        if (created := parse_time(i.created_at)) is not None
    ]
    overdue = overdue_in(open_postmortems, open_items, today)
    checklist = sum(len(checklist_items(p.body)) for p in open_postmortems)
    return FollowUpFacts(
        postmortems=tuple(sorted(postmortems, key=lambda p: p.number)),
        open_postmortems=len(open_postmortems),
        open_action_items=len(open_items) + checklist,
        overdue=tuple(sorted(overdue, key=lambda f: (f.due, f.issue, f.text))),
    )


def slo_budget(config: Config, at: dt.datetime, environ: Mapping[str, str] | None = None, prometheus_url: str | None = None) -> SloFacts:
    """release.error_budget's SLO measured at ``at``, as release check measures it. A Prometheus failure
    raises ServiceError (exit 3); an SLO that cannot be turned into queries is reported, not raised."""
    budget_setting = config.release.error_budget
    if budget_setting is None:
        return SloFacts(configured=False)
    from ..config import check_configured_file
    from ..release import budget
    from ..release.durations import format_duration
    from ..release.gather import measure, policy_steps, prometheus_client, read_source
    from ..release.slo_source import SourceError

    missing = check_configured_file(config, "release.error_budget.slo", budget_setting.slo)
    if missing:
        return SloFacts(configured=True, slo=budget_setting.slo, problem=missing[0].message)
    steps = policy_steps(budget_setting)
    try:
        source = read_source(budget_setting, config, steps)
    except SourceError as exc:
        return SloFacts(configured=True, slo=budget_setting.slo, problem=exc.message)
    facts = measure(source, prometheus_client(budget_setting, environ, prometheus_url), at, steps)
    whole = facts.measurements[facts.window_seconds]
    rates = []
    for step in steps:
        m = facts.measurements[step.window_seconds]
        rates.append(BurnRate(
            format_duration(step.window_seconds), step.threshold,
            None if m.sli is None else budget.burn_rate(m.sli, facts.target), m.no_data,
        ))
    return SloFacts(
        configured=True,
        slo=facts.slo,
        target=facts.target,
        window=format_duration(facts.window_seconds),
        sli=whole.sli,
        remaining=None if whole.sli is None else budget.remaining_budget(whole.sli, facts.target),
        no_data=whole.no_data,
        burn_rates=tuple(rates),
    )


def gather(client: "GitHubClient", repository: str, window: Window, config: Config,
           environ: Mapping[str, str] | None = None, prometheus_url: str | None = None) -> ReportFacts:
    branch, pulls = merged_pulls(client, repository, window)
    return ReportFacts(
        repository=repository,
        window=window,
        default_branch=branch,
        pulls=tuple(pulls),
        deployments=deployments(client, repository, window, config.report),
        incidents=tuple(incidents(client, repository, window, config)),
        severities=tuple(t.label for t in config.postmortem.open.triggers),
        follow_ups=follow_ups(client, repository, window, config),
        slo=slo_budget(config, window.until, environ, prometheus_url),
    )
