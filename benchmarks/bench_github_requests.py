"""GitHub requests per operation, counted by the test emulator: what each gate's API plumbing costs.

"Spends few API calls" is a design rule, and a rate limit is a shared budget (5000 REST calls an hour
per token, 30 searches a minute): a request more per page, or a list read item by item, multiplies by
every PR of every repo in an organisation. So each operation below runs the package's real client
(PyGithub's transport for REST, requests for GraphQL) against ``tests/github_emulator``, in a world
seeded for it, and the emulator's request log says how many requests it took. Each count is compared
with the formula it must follow, so the growth is by pages of 100, never by items.

Rate-limit cases use a clock injected into the client: its sleeps advance the emulator's clock and
nothing really waits, so the whole run takes seconds.

The script exits 1 when a count differs from its formula (or an operation returns a wrong result), so
it doubles as a regression check; it is not a test. Usage:

    .venv/bin/python benchmarks/bench_github_requests.py            # print the table
    .venv/bin/python benchmarks/bench_github_requests.py --write    # and update benchmarks/README.md
"""

from __future__ import annotations

import argparse
import math
import sys
import textwrap
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
README = HERE / "README.md"
MARK_BEGIN = "<!-- bench_github_requests:begin -->"
MARK_END = "<!-- bench_github_requests:end -->"
COMMAND = ".venv/bin/python benchmarks/bench_github_requests.py --write"

sys.path.insert(0, str(ROOT / "tests"))
from github_emulator import FileChange, GitHubEmulator  # noqa: E402
from github_emulator.clock import SharedTime  # noqa: E402

from process_gates.github.client import GitHubClient  # noqa: E402
from process_gates.github.sticky import render_body, sync_sticky  # noqa: E402

REPO = "acme/widgets"
GATE = "prd"
PER_PAGE = 100
FILES_CAP = 3000  # GitHub lists at most 3000 files of a pull request
SEARCH_CAP = 1000  # and at most 1000 search results
BOT = "github-actions[bot]"


def pages(n: int) -> int:
    """Requests to read a list of ``n`` items 100 at a time; an empty list still costs one request."""
    return max(1, math.ceil(n / PER_PAGE))


class BenchFailure(Exception):
    """An operation returned something other than what the world holds: its count would mean nothing."""


def expect(condition: bool, what: str) -> None:
    if not condition:
        raise BenchFailure(what)


@dataclass
class Run:
    """One emulator for one operation, and the clients built on it (all on the emulator's clock)."""

    emu: GitHubEmulator
    time: SharedTime
    clients: list[GitHubClient] = field(default_factory=list)

    def client(self, token: str | None = None, **options: object) -> GitHubClient:
        client = GitHubClient(
            token or self.emu.token,
            api_url=self.emu.url,
            graphql_url=self.emu.graphql_url,
            clock=self.time.clock,
            timeout=10.0,
            **options,  # type: ignore[arg-type]
        )
        self.clients.append(client)
        return client

    def close(self) -> None:
        for client in self.clients:
            client.close()


#: Seeds the world of ``run.emu`` for size ``n`` and returns the operation to count.
Scenario = Callable[[Run, int], Callable[[], None]]


@dataclass(frozen=True)
class Case:
    operation: str
    size: str
    n: int
    formula: str  # in terms of N and pages(); shown in the table
    expected: int
    scenario: Scenario


# ----------------------------------------------------------------------------------------- scenarios


def _repo_with_issue(run: Run, comments: int = 0, author: str = "bob") -> int:
    state = run.emu.state
    state.add_repo(REPO, labels=["incident", "design-approved"])
    number = state.create_issue(REPO, "Outage", "body", author="alice").number
    for i in range(comments):
        state.add_comment(REPO, number, f"comment {i}", author=author)
    return number


def identity_pat(run: Run, n: int) -> Callable[[], None]:
    run.emu.state.add_repo(REPO)
    return lambda: expect(run.client().identity().login == "octocat", "a PAT is octocat's")


def identity_actions(run: Run, n: int) -> Callable[[], None]:
    token = run.emu.state.actions_token().value
    return lambda: expect(run.client(token).identity().login == BOT, "GITHUB_TOKEN is github-actions[bot]")


def identity_app_unprefixed(run: Run, n: int) -> Callable[[], None]:
    token = run.emu.state.add_token("acme-gates[bot]", "v1.0123456789abcdef", kind="installation").value
    return lambda: expect(run.client(token).identity().login == "acme-gates[bot]", "the app's bot login")


def identity_configured(run: Run, n: int) -> Callable[[], None]:
    return lambda: expect(run.client(author="gates-bot").identity().login == "gates-bot", "the configured author")


def list_comments(run: Run, n: int) -> Callable[[], None]:
    number = _repo_with_issue(run, n)

    def drive() -> None:
        got = run.client().list_issue_comments(REPO, number)
        expect([c.body for c in got] == [f"comment {i}" for i in range(n)], f"all {n} comments, in order")

    return drive


def pull_files(run: Run, n: int) -> Callable[[], None]:
    run.emu.state.add_repo(REPO)
    files = [FileChange(f"src/module_{i}.py", i % 40, 1, "modified") for i in range(n)]
    number = run.emu.state.add_pull(REPO, "Big change", "body", author="carol", files=files).number

    def drive() -> None:
        got = run.client().list_pull_request_files(REPO, number)
        expect([f.filename for f in got] == [f.filename for f in files[:FILES_CAP]], f"the first {min(n, FILES_CAP)} files")

    return drive


def search(run: Run, n: int) -> Callable[[], None]:
    state = run.emu.state
    state.add_repo(REPO, labels=["incident"])
    for i in range(n):
        state.create_issue(REPO, f"Incident {i}", "", author="alice", labels=["incident"])
    state.create_issue(REPO, "Not an incident", "", author="alice")

    def drive() -> None:
        got = run.client().search_issues(f"repo:{REPO} is:issue label:incident")
        expect(len(got) == min(n, SEARCH_CAP), f"{min(n, SEARCH_CAP)} results")
        expect(all(i.labels == ("incident",) for i in got), "only incidents")

    return drive


def team_member(run: Run, n: int) -> Callable[[], None]:
    run.emu.state.add_team("acme", "design-reviewers", members=["alice"])
    return lambda: expect(run.client().is_team_member("acme", "design-reviewers", "alice"), "alice is a member")


def team_non_member(run: Run, n: int) -> Callable[[], None]:
    run.emu.state.add_team("acme", "design-reviewers", members=["alice"])
    return lambda: expect(not run.client().is_team_member("acme", "design-reviewers", "mallory"), "mallory is not")


def linked_issues(run: Run, n: int) -> Callable[[], None]:
    """One issue named by a closing keyword in the body, the rest linked by hand in the sidebar."""
    state = run.emu.state
    state.add_repo(REPO, labels=["prd-approved"])
    numbers = [state.create_issue(REPO, f"PRD {i}", "", author="alice", labels=["prd-approved"]).number for i in range(n)]
    pr = state.add_pull(REPO, "Feature", f"Fixes #{numbers[0]}" if numbers else "No issue", author="carol",
                        linked_issues=numbers[1:])

    def drive() -> None:
        got = run.client().closing_issues(REPO, pr.number)
        expect(sorted(i.number for i in got) == numbers, f"all {n} linked issues")
        expect(all(i.labels == ("prd-approved",) for i in got), "with their labels")

    return drive


def _sticky(action: str, *, ours: str | None, text: str | None, read_only: bool = False) -> Scenario:
    """A PR with ``n`` comments by others, plus ours (``ours`` is its text) when there is one; the run
    uses a GITHUB_TOKEN, as a workflow does, so the identity costs one GraphQL ``viewer`` call."""

    def scenario(run: Run, n: int) -> Callable[[], None]:
        state = run.emu.state
        state.add_repo(REPO)
        number = state.add_pull(REPO, "Feature", "body", author="carol").number
        for i in range(n):
            state.add_comment(REPO, number, f"review {i}", author="bob")
        if ours is not None:
            state.add_comment(REPO, number, render_body(GATE, ours), author=BOT)
        token = state.actions_token(read_only=read_only).value

        def drive() -> None:
            outcome = sync_sticky(run.client(token), REPO, number, GATE, text)
            expect(outcome.action == action, f"sticky {action}, not {outcome.action}")
            left = [c.body for c in state.issue(REPO, number).comments if c.user.login == BOT]
            want = [] if action in ("deleted", "absent", "degraded") or text is None else [render_body(GATE, text)]
            expect(left == want, f"the PR holds {len(want)} comment(s) of ours afterwards")

        return drive

    return scenario


def state_comments(run: Run, number: int) -> list[str]:
    return [c.body for c in run.emu.state.issue(REPO, number).comments]


def _rate_limited(kind: str, method: str, retry_after: int) -> Scenario:
    """A fault GitHub answers with ``Retry-After`` on the first try, then the normal answer."""

    def scenario(run: Run, n: int) -> Callable[[], None]:
        number = _repo_with_issue(run, n)
        route = "/repos/{owner}/{repo}/issues/{issue_number}/comments"
        run.emu.faults.add(kind, method, route, times=1, retry_after=retry_after)

        def drive() -> None:
            client = run.client()
            if method == "GET":
                expect(len(client.list_issue_comments(REPO, number)) == n, f"all {n} comments")
            else:
                expect(client.create_issue_comment(REPO, number, "hello").body == "hello", "the comment")
                expect(len(state_comments(run, number)) == n + 1, "written once")
            expect(run.time.sleeps == [float(retry_after)], f"waited Retry-After ({retry_after} s), not {run.time.sleeps}")

        return drive

    return scenario


def primary_exhausted(run: Run, n: int) -> Callable[[], None]:
    """The hourly budget is spent: 403 with x-ratelimit-remaining 0, wait for the reset, then success."""
    number = _repo_with_issue(run, n)
    run.emu.rate_limit(remaining=0, reset_in=30)

    def drive() -> None:
        expect(len(run.client().list_issue_comments(REPO, number)) == n, f"all {n} comments")
        expect(len(run.time.sleeps) == 1 and 30 <= run.time.sleeps[0] <= 32, f"waited for the reset, not {run.time.sleeps}")

    return drive


# ----------------------------------------------------------------------------------------- the cases


def report(run: Run, n: int) -> Callable[[], None]:
    """`process-gates report`'s reads over 28 days: N incidents (sev2), 300 merged PRs, 250 deployments."""
    from datetime import datetime, timedelta, timezone

    from report.report_world import seed_bulk

    from process_gates.config import Config
    from process_gates.report.gather import gather
    from process_gates.report.model import Window

    seed_bulk(run.emu.state, sev1=0, sev2=n, pulls=300, deployments=250)
    until = datetime(2026, 11, 21, tzinfo=timezone.utc)

    def drive() -> None:
        facts = gather(run.client(), REPO, Window(until - timedelta(days=28), until), Config(), environ={})
        expect(len(facts.incidents) == n and len(facts.pulls) == 300, f"{n} incidents and 300 merged PRs")
        expect(len(facts.deployments.events) == 250, "250 deployments")

    return drive


def cases() -> list[Case]:
    out = [
        Case("identity, PAT (`GET /user`)", "-", 0, "1", 1, identity_pat),
        Case("identity, GITHUB_TOKEN `ghs_…` (GraphQL `viewer`)", "-", 0, "1", 1, identity_actions),
        Case("identity, app token without `ghs_` (403, then `viewer`)", "-", 0, "2", 2, identity_app_unprefixed),
        Case("identity, configured author", "-", 0, "0", 0, identity_configured),
    ]
    out += [Case("list issue comments", f"{n} comments", n, "pages(N)", pages(n), list_comments) for n in (10, 250, 1000)]
    out += [
        Case("PR files", f"{n} files", n, "pages(min(N, 3000))", pages(min(n, FILES_CAP)), pull_files)
        for n in (30, 231, 3000, 3500)
    ]
    out += [
        Case("search issues", f"{n} results", n, "pages(min(N, 1000))", pages(min(n, SEARCH_CAP)), search)
        for n in (130, 1000, 1500)
    ]
    out += [
        Case("team membership, member", "-", 0, "1", 1, team_member),
        Case("team membership, not a member (404)", "-", 0, "1", 1, team_non_member),
    ]
    out += [Case("linked issues (GraphQL)", f"{n} issues", n, "pages(N)", pages(n), linked_issues) for n in (0, 3, 150)]
    sticky = [
        ("sticky: create", "1 + pages(N) + 1", lambda n: 1 + pages(n) + 1, _sticky("created", ours=None, text="Link a PRD.")),
        ("sticky: unchanged (re-run)", "1 + pages(N + 1)", lambda n: 1 + pages(n + 1),
         _sticky("unchanged", ours="Link a PRD.", text="Link a PRD.")),
        ("sticky: update in place", "1 + pages(N + 1) + 1", lambda n: 1 + pages(n + 1) + 1,
         _sticky("updated", ours="Link a PRD.", text="Link an approved PRD.")),
        ("sticky: delete (gate passes)", "1 + pages(N + 1) + 1", lambda n: 1 + pages(n + 1) + 1,
         _sticky("deleted", ours="Link a PRD.", text=None)),
        ("sticky: gate passes, no comment", "1 + pages(N)", lambda n: 1 + pages(n), _sticky("absent", ours=None, text=None)),
        ("sticky: fork PR, read-only token (403, degrade)", "1 + pages(N) + 1", lambda n: 1 + pages(n) + 1,
         _sticky("degraded", ours=None, text="Link a PRD.", read_only=True)),
    ]
    for name, formula, expected, scenario in sticky:
        out += [Case(name, f"{n} other comments", n, formula, expected(n), scenario) for n in (0, 250)]
    out += [
        Case("429 + Retry-After, then success (list comments)", "10 comments", 10, "pages(N) + 1", pages(10) + 1,
             _rate_limited("429", "GET", 7)),
        Case("secondary rate limit, then success (create comment)", "-", 0, "1 + 1", 2,
             _rate_limited("secondary-rate-limit", "POST", 60)),
        Case("primary limit exhausted, wait for reset (list comments)", "10 comments", 10, "pages(N) + 1", pages(10) + 1,
             primary_exhausted),
    ]
    # 3 + 3 GraphQL pages (PRs, deployments); one issue list per incident label (sev1, sev3, incident
    # empty: 3); open postmortems, open action items, postmortems closed in the window: 3.
    out += [
        Case("process-health report (300 PRs, 250 deployments)", f"{n} incidents", n, "pages(N) + 12", pages(n) + 12, report)
        for n in (0, 1000, 5000)
    ]
    return out


# ----------------------------------------------------------------------------------------- measuring


@dataclass(frozen=True)
class Result:
    case: Case
    requests: int
    calls: str  # the log, grouped by method and route
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.requests == self.case.expected


def _short(route: str | None, path: str) -> str:
    return (route or path).replace("/repos/{owner}/{repo}", "…")


def describe(entries: list) -> str:
    """``GET …/comments ×3`` per method and route, in order of first use, with non-2xx statuses named."""
    groups: dict[str, list[int]] = {}
    for e in entries:
        groups.setdefault(f"{e.method} {_short(e.route, e.path)}", []).append(e.status)
    parts = []
    for key, statuses in groups.items():
        refused = "" if all(200 <= s < 300 for s in statuses) else f" ({', '.join(map(str, statuses))})"
        parts.append(f"`{key}` ×{len(statuses)}{refused}")
    return ", ".join(parts) or "none"


def measure(case: Case) -> Result:
    with GitHubEmulator() as emu:
        run = Run(emu, SharedTime(emu))
        try:
            drive = case.scenario(run, case.n)
            emu.log.clear()
            try:
                drive()
                error = None
            except BenchFailure as exc:
                error = f"wrong result: {exc}"
            except Exception as exc:  # noqa: BLE001 - reported in the table and the exit code
                error = f"{type(exc).__name__}: {exc}"
            if emu.internal_errors:
                error = "emulator error:\n" + "\n".join(emu.internal_errors)
            entries = emu.log.entries
        finally:
            run.close()
    return Result(case, len(entries), describe(entries), error)


def table(results: list[Result]) -> str:
    lines = [
        "| operation | size N | requests | expected | | requests made |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        c = r.case
        mark = "✓" if r.ok else "✗"
        lines.append(f"| {c.operation} | {c.size} | {r.requests} | `{c.formula}` = {c.expected} | {mark} | {r.calls} |")
    return "\n".join(lines)


def section(results: list[Result]) -> str:
    explanation = (
        "Every operation runs the package's real client (`process_gates.github.client`, `graphql.py`, "
        "`sticky.py`) against `tests/github_emulator` in a world seeded for it; the requests are counted "
        "from the emulator's request log. `pages(N)` is ⌈N/100⌉ and at least 1: every list is read 100 per "
        "page, and an empty list is still one request. GitHub lists at most 3000 files of a PR and 1000 "
        "search results, so those counts stop growing there. The sticky comment runs with a GITHUB_TOKEN "
        "(identity from GraphQL `viewer`, one call per client) on a PR with N comments by others; "
        "\"N + 1\" counts ours. Rate-limit waits are honoured with an injected clock (7 s, 60 s and the "
        "reset), so nothing sleeps. The process-health report reads a 28-day window: merged PRs and deployments "
        "through GraphQL connections, incidents through one issue list per incident label. Counts are exact, not timings: any difference from its formula is a "
        "regression, and the script exits 1."
    )
    return "\n".join(
        [
            textwrap.fill(explanation, 110, break_long_words=False, break_on_hyphens=False),
            "",
            f"PyGithub {version('PyGithub')}, requests {version('requests')}. Command: `{COMMAND}`.",
            "",
            table(results),
        ]
    )


def write_readme(text: str) -> None:
    readme = README.read_text("utf-8")
    begin, end = readme.index(MARK_BEGIN) + len(MARK_BEGIN), readme.index(MARK_END)
    README.write_text(readme[:begin] + "\n" + text + "\n" + readme[end:], "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help="update the section in benchmarks/README.md")
    args = parser.parse_args(argv)

    results = [measure(case) for case in cases()]
    print(table(results))
    failed = [r for r in results if not r.ok]
    for r in failed:
        why = r.error or f"{r.requests} requests, the formula `{r.case.formula}` says {r.case.expected}"
        print(f"bench: {r.case.operation} ({r.case.size}): {why}", file=sys.stderr)
    if failed:
        if args.write:
            print("bench: benchmarks/README.md not updated: fix the counts above first", file=sys.stderr)
        return 1
    if args.write:
        write_readme(section(results))
        print(f"bench: wrote {len(results)} rows to {README.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
