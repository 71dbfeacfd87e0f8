"""Every fault kind on every route the client uses, against the emulator with the real PyGithub and requests.

Each case ends in one of two ways, and the emulator's state is checked either way:

- success after retries, with the right result and no duplicate write;
- ServiceError (exit 3) naming the call by method and route template and the last failure, within the
  retry budget, with nothing half-written (a comment that was not created does not exist; one that was
  is there once).

Time is real here (the emulator is), so the policy is tiny: 4 attempts, millisecond backoffs, a 0.15 s
timeout against 0.3 s slow responses, and the emulator's rate-limit faults armed with Retry-After 0 and
a reset that is due. Honouring the waits GitHub asks for is proven with injected time in
test_retry_policy.py and test_rate_limit_waits.py.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Callable

import pytest
from github_emulator import FileChange

from process_gates.errors import ServiceError
from process_gates.findings import ExitCode
from process_gates.github.retry import RetryPolicy
from process_gates.github.sticky import marker, render_body, sync_sticky

REPO = "acme/widgets"
TIMEOUT = 0.15
SLOW = 0.3
POLICY = RetryPolicy(
    budget=2.0, base_delay=0.005, max_delay=0.02, max_attempts=4, reset_slack=0.0, server_time_limit=0.45
)
KINDS = ("500", "502", "503", "secondary-rate-limit", "429", "rate-limit", "slow", "drop", "malformed-json")
#: What the last failure of each kind is called in the ServiceError message.
DESCRIBED = {
    "500": "HTTP 500",
    "502": "HTTP 502",
    "503": "HTTP 503",
    "secondary-rate-limit": "HTTP 403 rate limited (Retry-After: 0 s)",
    "429": "HTTP 429 rate limited (Retry-After: 0 s)",
    "rate-limit": "rate limit exhausted",
    "slow": f"no response within {TIMEOUT:g} s",
    "drop": "connection dropped before a response",
    "malformed-json": "malformed response body",
}


@dataclass(frozen=True)
class Route:
    name: str
    method: str
    template: str
    #: Seeds the emulator; returns what call() and check() need.
    seed: Callable[[Any], dict]
    call: Callable[[Any, dict], Any]
    #: Checks the result and the emulator's state after a success.
    check: Callable[[Any, dict, Any], None]
    token: str = "user"
    write: bool = False


def _issue_with_comments(emu, count: int = 101, sticky: str | None = None) -> dict:
    state = emu.state
    state.add_repo(REPO)
    issue = state.create_issue(REPO, "Feature", "", author="alice")
    for i in range(count):
        state.add_comment(REPO, issue.number, f"comment {i}", author="bob")
    if sticky is not None:
        state.add_comment(REPO, issue.number, render_body("prd", sticky), author="octocat")
    return {"number": issue.number}


def stickies(emu, ctx: dict) -> list[str]:
    return [c.body for c in emu.state.issue(REPO, ctx["number"]).comments if marker("prd") in c.body]


def _seed_pull(emu) -> dict:
    state = emu.state
    state.add_repo(REPO, labels=["design-approved", "incident"])
    prd = state.create_issue(REPO, "PRD", "", author="alice", labels=["design-approved"])
    pr = state.add_pull(REPO, "Feature", f"Fixes #{prd.number}", author="carol",
                        files=[FileChange(f"src/f{i}.py", 1, 1, "modified") for i in range(101)])
    state.add_labels(pr, ["design-approved"], actor="alice")
    for i in range(3):
        state.create_issue(REPO, f"Incident {i}", "", author="alice", labels=["incident"])
    state.add_team("acme", "design-reviewers", members=["alice"])
    return {"number": pr.number, "prd": prd.number}


ROUTES = [
    Route("identity", "GET", "/user", lambda emu: {}, lambda c, ctx: c.identity().login,
          lambda emu, ctx, r: r == "octocat" or pytest.fail(r)),
    Route("viewer", "POST", "/graphql", lambda emu: {}, lambda c, ctx: c.identity().login,
          lambda emu, ctx, r: r == "github-actions[bot]" or pytest.fail(r), token="actions"),
    Route("list-comments", "GET", "/repos/{owner}/{repo}/issues/{issue_number}/comments", _issue_with_comments,
          lambda c, ctx: c.list_issue_comments(REPO, ctx["number"]),
          lambda emu, ctx, r: [x.body for x in r] == [f"comment {i}" for i in range(101)] or pytest.fail("incomplete")),
    Route("create-comment", "POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments", _issue_with_comments,
          lambda c, ctx: sync_sticky(c, REPO, ctx["number"], "prd", "Link a PRD."),
          lambda emu, ctx, r: stickies(emu, ctx) == [render_body("prd", "Link a PRD.")] or pytest.fail(str(stickies(emu, ctx))),
          write=True),
    Route("edit-comment", "PATCH", "/repos/{owner}/{repo}/issues/comments/{comment_id}",
          lambda emu: _issue_with_comments(emu, sticky="Old text."),
          lambda c, ctx: sync_sticky(c, REPO, ctx["number"], "prd", "New text."),
          lambda emu, ctx, r: stickies(emu, ctx) == [render_body("prd", "New text.")] or pytest.fail(str(stickies(emu, ctx))),
          write=True),
    Route("delete-comment", "DELETE", "/repos/{owner}/{repo}/issues/comments/{comment_id}",
          lambda emu: _issue_with_comments(emu, sticky="Old text."),
          lambda c, ctx: sync_sticky(c, REPO, ctx["number"], "prd", None),
          lambda emu, ctx, r: stickies(emu, ctx) == [] or pytest.fail(str(stickies(emu, ctx))),
          write=True),
    Route("pull-files", "GET", "/repos/{owner}/{repo}/pulls/{pull_number}/files", _seed_pull,
          lambda c, ctx: c.list_pull_request_files(REPO, ctx["number"]),
          lambda emu, ctx, r: len(r) == 101 or pytest.fail(str(len(r)))),
    Route("timeline", "GET", "/repos/{owner}/{repo}/issues/{issue_number}/timeline", _seed_pull,
          lambda c, ctx: c.list_label_events(REPO, ctx["number"]),
          lambda emu, ctx, r: [(e.label, e.actor) for e in r] == [("design-approved", "alice")] or pytest.fail(str(r))),
    Route("search", "GET", "/search/issues", _seed_pull,
          lambda c, ctx: c.search_issues(f"repo:{REPO} is:issue label:incident"),
          lambda emu, ctx, r: len(r) == 3 or pytest.fail(str(r))),
    Route("team-membership", "GET", "/orgs/{org}/teams/{team_slug}/memberships/{username}", _seed_pull,
          lambda c, ctx: c.is_team_member("acme", "design-reviewers", "alice"),
          lambda emu, ctx, r: r is True or pytest.fail(str(r))),
    Route("closing-issues", "POST", "/graphql", _seed_pull,
          lambda c, ctx: c.closing_issues(REPO, ctx["number"]),
          lambda emu, ctx, r: [i.number for i in r] == [ctx["prd"]] or pytest.fail(str(r))),
]


def _client(emu, make_client, route: Route):
    token = emu.state.actions_token().value if route.token == "actions" else emu.token
    # The sticky routes learn the identity first: give it, so the fault hits the route under test.
    author = "octocat" if route.write else None
    return make_client(emu, token, policy=POLICY, timeout=TIMEOUT, author=author)


def _arm(emu, route: Route, kind: str, times: int | None, when: str = "before") -> None:
    emu.faults.add(kind, route.method, route.template, times=times, when=when, delay=SLOW, retry_after=0, reset_in=0)


def _run(emu, make_client, route: Route) -> tuple[Any, ServiceError | None, float]:
    ctx = route.seed(emu)
    client = _client(emu, make_client, route)
    started = time.monotonic()
    try:
        return (ctx, client, route.call(client, ctx)), None, time.monotonic() - started
    except ServiceError as exc:
        return (ctx, client, None), exc, time.monotonic() - started


def _write_lands(kind: str, when: str) -> bool:
    """Whether the emulator carries out a write despite the fault (so a retry must not repeat it)."""
    return when == "after" or kind in ("slow", "malformed-json")


def _done_in_one_call(route: Route, kind: str) -> bool:
    """Cases where one call is the right count: a POST that landed is found, not repeated; a DELETE's
    body is never read, so a garbled one is no failure."""
    if route.method == "POST" and route.write:
        return _write_lands(kind, "before")
    return route.method == "DELETE" and kind == "malformed-json"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_recovers_after_one_fault(github_emulator, make_client, route: Route, kind: str) -> None:
    emu = github_emulator
    _arm(emu, route, kind, times=1)
    (ctx, _, result), error, _ = _run(emu, make_client, route)
    assert error is None, error.message
    route.check(emu, ctx, result)
    if kind == "slow":
        time.sleep(SLOW)  # the slow call is logged when the emulator answers it, after we stopped waiting
    calls = emu.log.count(route.method, route.template)
    if _done_in_one_call(route, kind):
        assert calls == 1
    else:
        assert calls >= 2  # the fault, then the retry that worked
    assert not emu.faults.armed


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_gives_up_within_the_budget(github_emulator, make_client, route: Route, kind: str) -> None:
    emu = github_emulator
    _arm(emu, route, kind, times=None)
    (ctx, _, result), error, elapsed = _run(emu, make_client, route)
    assert elapsed < POLICY.budget + TIMEOUT + 1.0
    if _done_in_one_call(route, kind):
        assert error is None, error.message
        route.check(emu, ctx, result)
        assert emu.log.count(route.method, route.template) == 1
        return
    assert error is not None, f"{route.name} succeeded despite an always-on {kind} fault"
    assert error.exit_code is ExitCode.SERVICE
    assert error.message.startswith(f"GitHub {route.method} {route.template}")
    assert DESCRIBED[kind] in error.message
    assert emu.token not in error.message
    if route.write:
        bodies = stickies(emu, ctx)
        assert len(bodies) <= 1
        if route.method == "POST":
            assert bodies == []  # nothing was written, and nothing was written twice
        elif route.method == "PATCH" and not _write_lands(kind, "before"):
            assert bodies == [render_body("prd", "Old text.")]


WRITES = [r for r in ROUTES if r.write]
LANDING_KINDS = ("500", "502", "503", "drop", "slow")


@pytest.mark.parametrize("kind", LANDING_KINDS)
@pytest.mark.parametrize("route", WRITES, ids=lambda r: r.name)
@pytest.mark.parametrize("times", [1, None], ids=["once", "always"])
def test_writes_that_land_before_the_fault_are_not_repeated(github_emulator, make_client, route: Route, kind: str, times) -> None:
    """The write happens, then the answer is lost: the client must end with exactly the intended state."""
    emu = github_emulator
    _arm(emu, route, kind, times=times, when="after")
    (ctx, _, result), error, elapsed = _run(emu, make_client, route)
    assert elapsed < POLICY.budget + TIMEOUT + SLOW + 1.0
    if route.method == "POST":
        assert error is None, error.message
        route.check(emu, ctx, result)
        assert emu.log.count("POST", route.template) == 1  # found by reconciling, never posted twice
    elif error is None:
        route.check(emu, ctx, result)
    else:
        # An idempotent write whose every answer is lost: it did happen, once, and the error says so.
        assert times is None and error.message.startswith(f"GitHub {route.method} {route.template}")
        route.check(emu, ctx, None)
