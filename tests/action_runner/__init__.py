"""A test harness that runs composite GitHub Actions (action.yml) the way actions/runner does.

    from action_runner import Job
    job = Job(workspace, event_name="pull_request", event=payload_path, tool_cache=cache)
    result = job.run_action(project_root / "actions" / "slo-check", {"paths": "slo/"})
    assert result.outputs["errors"] == "0"

Real bash, real GITHUB_* files and variables, runner-exact workflow-command parsing (so tests can assert
what was and was NOT emitted), GitHub's expression language for the places a composite action may use it,
and stand-ins for actions/checkout and actions/setup-python. See runner.py for what it refuses.
"""

from .expressions import ExpressionError, Status, evaluate, interpolate, truthy
from .file_commands import FileCommandError, parse_key_values
from .results import ActionResult, StepResult
from .runner import ActionDefinitionError, ActionInputError, Job, check_no_run_expressions, load_yaml, run_action
from .workflow_commands import CommandProcessor, WorkflowCommand, parse_legacy, parse_v2

__all__ = [
    "ActionDefinitionError",
    "ActionInputError",
    "ActionResult",
    "CommandProcessor",
    "ExpressionError",
    "FileCommandError",
    "Job",
    "Status",
    "StepResult",
    "WorkflowCommand",
    "check_no_run_expressions",
    "evaluate",
    "interpolate",
    "load_yaml",
    "parse_key_values",
    "parse_legacy",
    "parse_v2",
    "run_action",
    "truthy",
]
