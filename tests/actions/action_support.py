"""What the action tests share: where the actions are, SLO files to validate, and a file writer."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ROOT_ACTION = PROJECT_ROOT
SLO_CHECK = PROJECT_ROOT / "actions" / "slo-check"

VALID_SLOTH = """\
version: "prometheus/v1"
service: "checkout"
slos:
  - name: "requests-availability"
    objective: 99.9
    sli:
      events:
        error_query: sum(rate(http_requests_total{job="checkout",code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total{job="checkout"}[{{.window}}]))
    alerting:
      name: CheckoutHighErrorRate
      page_alert:
        labels:
          severity: page
      ticket_alert:
        labels:
          severity: ticket
"""

#: Line 5 holds the objective: 101 is outside Sloth's (0, 100].
INVALID_SLOTH = VALID_SLOTH.replace("objective: 99.9", "objective: 101")
INVALID_LINE = 5


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def seed_payload_pull(emulator, event: Path, title: str, body: str, files: list[tuple[str, int, int]], author: str = "Codertocat"):  # type: ignore[no-untyped-def]
    """Seed the emulator with the repository and pull request that a webhook payload names, so that an
    action started from the real payload reads live state of the same PR (number and head SHA). A
    merge_group payload names its PR only in the queue's ref (``gh-readonly-queue/<base>/pr-N-<sha>``)."""
    import json
    import re

    payload = json.loads(event.read_text(encoding="utf-8"))
    repo = payload["repository"]["full_name"]
    if "merge_group" in payload:
        found = re.search(r"/pr-([0-9]+)-([0-9a-f]{40})$", payload["merge_group"]["head_ref"])
        assert found, payload["merge_group"]["head_ref"]
        number, head_sha = int(found.group(1)), "f" * 40  # the PR's own head is not in the payload
    else:
        number, head_sha = payload["number"], payload["pull_request"]["head"]["sha"]
    state = emulator.state
    state.add_repo(repo, default_branch=payload["repository"].get("default_branch") or "main")
    for _ in range(number - 1):
        state.create_issue(repo, "filler so that the PR gets the payload's number")
    pr = state.add_pull(repo, title, body, author=author, head="changes", head_sha=head_sha, files=files)
    assert pr.number == number
    return pr
