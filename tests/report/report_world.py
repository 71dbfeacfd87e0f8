"""A seeded repository whose process-health figures are worked out by hand, and the sample report
rendered from it (docs/sample-report.md; a test checks that the file is current).

The window is the 28 days up to UNTIL (2026-10-24T00:00Z .. 2026-11-21T00:00Z): four weeks starting
10-24, 10-31, 11-07 and 11-14. Known answers:

- merged into main in the window: five PRs with lead times 26 h, 4 h, 72 h, 2 h, 60 h -> median 26 h,
  p90 (nearest rank 5 of 5) 72 h; merges per week 1, 2, 1, 1. Not counted: a PR into release/1.x, a PR
  merged before the window, an open PR, a PR closed unmerged.
- production deployments counted: five (success, or inactive after success) -> 1.25 a week, 5/28 a day;
  per week 2, 1, 1, 1. Not counted: one failure, one in progress, one before the window, one to staging.
- incidents opened in the window: four (sev1 2, sev2 2) -> change failure rate 4/5 = 80%; restored in
  2 h, 10 h, 24 h -> median 10 h, p90 24 h; one still open. One per week.
- postmortems: three opened in the window, two open, one overdue (due 10-31); action items: two open
  issues plus three unchecked checklist lines = 5 open, 2 overdue (a checklist line due 11-10, an issue
  due 11-15).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from github_emulator import GitHubEmulator  # noqa: E402

from process_gates.postmortem.open_plan import marker  # noqa: E402

REPO = "acme/widgets"
UNTIL = "2026-11-21T00:00:00Z"
SAMPLE = HERE.parent.parent / "docs" / "sample-report.md"
#: An incident title written to break out of a table, a Mermaid block and the HTML around them.
HOSTILE_TITLE = 'Checkout down | </details> ``` pie title pwned "x" : 1 <img src=x onerror=alert(1)> [link](javascript:alert(1)) ::error::boom'
CONFIG = "version: 1\n"


def _pull(s, title: str, *, created: str, merged: str | None, first_commit: str | None = None, base: str | None = None, close: bool = False):
    pr = s.add_pull(REPO, title, "", author="carol", head=f"feature/{title.lower().replace(' ', '-')}", base=base,
                    created_at=created, first_commit_at=first_commit, commits=2)
    if merged:
        s.merge(pr, actor="alice", at=merged)
    elif close:
        s.edit_issue(pr, actor="carol", state="closed")
    return pr


def seed_report_world(s) -> None:
    s.add_repo(REPO, default_branch="main", labels=["sev1", "sev2", "sev3", "incident", "postmortem", "action-item"],
               files={".github/process-gates.yml": CONFIG})
    s.repo(REPO).branches["release/1.x"] = s.sha("release")

    # Pull requests.
    _pull(s, "Retry budget", created="2026-10-25T10:00:00Z", first_commit="2026-10-25T08:00:00Z", merged="2026-10-26T10:00:00Z")
    _pull(s, "Fix typo", created="2026-11-01T09:00:00Z", merged="2026-11-01T13:00:00Z")
    _pull(s, "Canary stage", created="2026-11-04T00:00:00Z", first_commit="2026-11-03T00:00:00Z", merged="2026-11-06T00:00:00Z")
    _pull(s, "Bump deps", created="2026-11-10T12:00:00Z", merged="2026-11-10T14:00:00Z")
    _pull(s, "Failover runbook", created="2026-11-15T00:00:00Z", first_commit="2026-11-14T00:00:00Z", merged="2026-11-16T12:00:00Z")
    _pull(s, "Backport", created="2026-11-02T00:00:00Z", merged="2026-11-03T00:00:00Z", base="release/1.x")
    _pull(s, "Old change", created="2026-10-10T00:00:00Z", merged="2026-10-20T00:00:00Z")
    _pull(s, "Work in progress", created="2026-11-12T00:00:00Z", merged=None)
    _pull(s, "Abandoned", created="2026-11-08T00:00:00Z", merged=None, close=True)

    # Deployments.
    s.add_deployment(REPO, created_at="2026-10-20T12:00:00Z")
    s.add_deployment(REPO, created_at="2026-10-26T12:00:00Z")
    s.add_deployment(REPO, created_at="2026-10-29T12:00:00Z", statuses=["in_progress", "success", ("inactive", "2026-11-05T12:00:00Z")])
    s.add_deployment(REPO, created_at="2026-11-02T12:00:00Z", statuses=["in_progress", "failure"])
    s.add_deployment(REPO, created_at="2026-11-05T12:00:00Z")
    s.add_deployment(REPO, environment="staging", created_at="2026-11-01T12:00:00Z")
    s.add_deployment(REPO, created_at="2026-11-12T12:00:00Z")
    s.add_deployment(REPO, created_at="2026-11-18T12:00:00Z")
    s.add_deployment(REPO, created_at="2026-11-19T12:00:00Z", statuses=["in_progress"])
    s.add_release(REPO, "v1.0.0", created_at="2026-11-05T12:00:00Z")  # ignored: deployments exist

    # Incidents and their postmortems.
    s.create_issue(REPO, "Old incident", "", labels=["sev2"], created_at="2026-10-10T00:00:00Z", state="closed", closed_at="2026-10-30T00:00:00Z")
    i1 = s.create_issue(REPO, "Checkout errors", "", labels=["sev1"], created_at="2026-10-27T10:00:00Z", state="closed", closed_at="2026-10-27T12:00:00Z")
    i2 = s.create_issue(REPO, "Search slow", "", labels=["sev2"], created_at="2026-11-05T06:00:00Z", state="closed", closed_at="2026-11-05T16:00:00Z")
    i3 = s.create_issue(REPO, "Login loop", "", labels=["sev2", "incident"], created_at="2026-11-13T00:00:00Z", state="closed", closed_at="2026-11-14T00:00:00Z")
    s.create_issue(REPO, HOSTILE_TITLE, "", labels=["sev1"], created_at="2026-11-19T00:00:00Z")
    s.create_issue(REPO, "A bug, not an incident", "", labels=[], created_at="2026-11-02T00:00:00Z")

    s.create_issue(REPO, "Postmortem: an old one", marker(90, "sev2", dt.date(2026, 9, 1), dt.date(2026, 9, 8)), labels=["postmortem", "sev2"],
                   created_at="2026-09-01T00:00:00Z", state="closed", closed_at="2026-09-10T00:00:00Z")
    pm1 = marker(i1.number, "sev1", dt.date(2026, 10, 28), dt.date(2026, 10, 31)) + (
        "\n## Action Items\n- [ ] Add a canary stage @alice 2026-11-10\n- [ ] Failover runbook @bob 2026-12-01\n- [x] Page the right team @bob 2026-10-29\n"
    )
    s.create_issue(REPO, "Postmortem: Checkout errors", pm1, labels=["postmortem", "sev1"], created_at="2026-10-28T00:00:00Z")
    s.create_issue(REPO, "Postmortem: Search slow", marker(i2.number, "sev2", dt.date(2026, 11, 5), dt.date(2026, 11, 12)),
                   labels=["postmortem", "sev2"], created_at="2026-11-05T18:00:00Z", state="closed", closed_at="2026-11-10T00:00:00Z")
    pm3 = marker(i3.number, "sev2", dt.date(2026, 11, 14), dt.date(2026, 11, 21)) + "\n## Action Items\n- [ ] Write the timeline\n"
    s.create_issue(REPO, "Postmortem: Login loop", pm3, labels=["postmortem", "sev2"], created_at="2026-11-14T00:00:00Z")
    s.create_issue(REPO, "Rate-limit the <script> endpoint", "Due: 2026-11-15\n", labels=["action-item"], created_at="2026-10-29T00:00:00Z")
    s.create_issue(REPO, "Alert on queue depth", "Due: 2026-12-15\n", labels=["action-item"], created_at="2026-10-29T00:00:00Z")
    s.create_issue(REPO, "Done item", "Due: 2026-11-01\n", labels=["action-item"], created_at="2026-10-29T00:00:00Z", state="closed")


PER_PAGE = 100


def pages(n: int) -> int:
    """Requests to read a list of ``n`` items 100 at a time; an empty list still costs one."""
    return max(1, -(-n // PER_PAGE))


def seed_bulk(s, *, sev1: int, sev2: int, pulls: int, deployments: int) -> None:
    """A busy repository for counting requests: ``sev1 + sev2`` incidents, ``pulls`` merged PRs and
    ``deployments`` successful production deployments, all inside the 28 days before UNTIL, plus a
    year of older issues that a window-bounded read never touches."""
    s.add_repo(REPO, default_branch="main", labels=["sev1", "sev2", "postmortem", "action-item"])
    start = dt.datetime(2026, 10, 24, tzinfo=dt.timezone.utc)
    for n in range(400):
        s.create_issue(REPO, f"Old {n}", "", labels=["sev2"], created_at=start - dt.timedelta(days=30 + n % 300))
    for n in range(sev1 + sev2):
        created = start + dt.timedelta(minutes=7 * n % (27 * 24 * 60))
        s.create_issue(REPO, f"Incident {n}", "", labels=["sev1" if n < sev1 else "sev2"], created_at=created,
                       state="closed" if n % 3 else "open", closed_at=created + dt.timedelta(hours=n % 48 + 1))
    for n in range(pulls):
        created = start + dt.timedelta(hours=2 * n % (26 * 24))
        pr = s.add_pull(REPO, f"Change {n}", "", head=f"change-{n}", created_at=created)
        s.merge(pr, at=created + dt.timedelta(hours=n % 30 + 1))
    for n in range(deployments):
        s.add_deployment(REPO, created_at=start + dt.timedelta(hours=(3 * n) % (27 * 24)))


def bulk_requests(*, sev1: int, sev2: int, pulls: int, deployments: int) -> dict[str, int]:
    """What the report must spend on seed_bulk's world with the default configuration: pages, not items."""
    return {
        # merged PRs, deployments; with no deployment at all, `auto` reads the releases instead (none here).
        "POST /graphql": pages(pulls) + pages(deployments) + (pages(0) if deployments == 0 else 0),
        # incidents: one list per trigger label (sev1, sev2, sev3, incident); follow-ups: open
        # postmortems, open action items, postmortems closed since the window started.
        "GET /repos/{owner}/{repo}/issues": pages(sev1) + pages(sev2) + pages(0) + pages(0) + 3,
    }


def sample_markdown() -> str:
    """The report of the seeded world as `process-gates --format text report --until UNTIL` prints it."""
    import contextlib
    import io
    import tempfile

    from process_gates.cli import main

    with GitHubEmulator() as emu, tempfile.TemporaryDirectory() as folder:
        seed_report_world(emu.state)
        config = Path(folder) / "process-gates.yml"
        config.write_text(CONFIG, encoding="utf-8")
        saved = dict(os.environ)
        try:
            os.environ.update(emu.env())
            os.environ["GITHUB_REPOSITORY"] = REPO
            for name in ("GITHUB_EVENT_NAME", "GITHUB_EVENT_PATH", "GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT", "PROMETHEUS_URL"):
                os.environ.pop(name, None)
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                code = main(["--config", str(config), "--format", "text", "report", "--until", UNTIL])
        finally:
            os.environ.clear()
            os.environ.update(saved)
        if code != 0:
            raise RuntimeError(f"process-gates report exited {code}")
        # The emulator listens on a random port: its web address becomes GitHub's, for a stable sample.
        return out.getvalue().replace(emu.web_url.rstrip("/"), "https://github.com")


if __name__ == "__main__":  # python tests/report/report_world.py --write  (regenerates docs/sample-report.md)
    text = sample_markdown()
    if "--write" in sys.argv[1:]:
        SAMPLE.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
