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


def seed_payload_pull(emulator, event: Path, title: str, body: str, files: list[tuple[str, int, int]]):  # type: ignore[no-untyped-def]
    """Seed the emulator with the repository and pull request that a webhook payload names, so that an
    action started from the real payload reads live state of the same PR (number and head SHA)."""
    import json

    payload = json.loads(event.read_text(encoding="utf-8"))
    repo = payload["repository"]["full_name"]
    state = emulator.state
    state.add_repo(repo, default_branch=payload["repository"].get("default_branch") or "main")
    for _ in range(payload["number"] - 1):
        state.create_issue(repo, "filler so that the PR gets the payload's number")
    pr = state.add_pull(repo, title, body, author="Codertocat", head="changes",
                        head_sha=payload["pull_request"]["head"]["sha"], files=files)
    assert pr.number == payload["number"]
    return pr
