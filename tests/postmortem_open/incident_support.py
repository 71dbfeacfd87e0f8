"""What the postmortem tests share besides fixtures: the repository and how to find postmortems in the emulator."""

from __future__ import annotations

REPO = "Codertocat/Hello-World"


def postmortems(state, label: str = "postmortem") -> list:
    """Issues that are postmortems: the label and the marker, as the gate finds them."""
    repo = state.repo(REPO)
    return [
        i for i in repo.issues.values()
        if any(lab.name.lower() == label for lab in i.labels) and "<!-- process-gates:postmortem incident=" in (i.body or "")
    ]
