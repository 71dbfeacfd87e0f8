"""The hooks import process_gates.github.*: none of its modules may pull in PyGithub or requests at import."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_plumbing_loads_neither_pygithub_nor_requests() -> None:
    code = (
        "import sys\n"
        "import process_gates.github, process_gates.github.workflow, process_gates.github.context\n"
        "import process_gates.github.events, process_gates.github.retry, process_gates.github.failures\n"
        "import process_gates.github.resources, process_gates.github.graphql, process_gates.github.client\n"
        "import process_gates.github.sticky\n"
        "print(sorted(m for m in ('github', 'requests', 'urllib3') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
