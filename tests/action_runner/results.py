"""What a run of an action (or of a list of workflow steps) leaves behind, for tests to assert on."""

from __future__ import annotations

from dataclasses import dataclass, field

from .workflow_commands import WorkflowCommand


@dataclass
class StepResult:
    index: int
    id: str
    name: str
    kind: str  # "run" | "uses"
    outcome: str = "skipped"  # success | failure | skipped
    conclusion: str = "skipped"
    exit_code: int | None = None
    outputs: dict[str, str] = field(default_factory=dict)
    stdout: str = ""
    stderr: str = ""
    summary: str = ""
    commands: list[WorkflowCommand] = field(default_factory=list)
    #: Why the step failed when it was not (only) the exit code: file commands, disabled commands, expressions.
    errors: list[str] = field(default_factory=list)
    #: Steps of a nested local composite action (``uses: ./path``).
    children: list["StepResult"] = field(default_factory=list)


@dataclass
class ActionResult:
    """The outcome of one composite action (or one job's steps) as a runner would record it."""

    action: str
    conclusion: str = "success"
    outputs: dict[str, str] = field(default_factory=dict)
    steps: list[StepResult] = field(default_factory=list)
    #: Runner-side warnings: unexpected or missing inputs, deprecated commands.
    warnings: list[str] = field(default_factory=list)

    @property
    def succeeded(self) -> bool:
        return self.conclusion == "success"

    def _all_steps(self) -> list[StepResult]:
        out: list[StepResult] = []
        for step in self.steps:
            out.append(step)
            out.extend(_flatten(step.children))
        return out

    def step(self, step_id: str) -> StepResult:
        for step in self._all_steps():
            if step.id == step_id:
                return step
        raise KeyError(f"no step with id {step_id!r}; steps: {[s.id for s in self._all_steps()]}")

    @property
    def commands(self) -> list[WorkflowCommand]:
        return [c for s in self.steps for c in _commands(s)]

    def commands_named(self, *names: str) -> list[WorkflowCommand]:
        wanted = {n.lower() for n in names}
        return [c for c in self.commands if c.name in wanted]

    @property
    def annotations(self) -> list[WorkflowCommand]:
        return [c for c in self.commands if c.is_annotation]

    @property
    def stdout(self) -> str:
        return "".join(s.stdout for s in self._all_steps())

    @property
    def stderr(self) -> str:
        return "".join(s.stderr for s in self._all_steps())

    @property
    def summary(self) -> str:
        return "".join(s.summary for s in self._all_steps())

    @property
    def errors(self) -> list[str]:
        return [e for s in self._all_steps() for e in s.errors]

    def describe(self) -> str:
        """A readable dump for assertion messages: every step, its outcome, output and errors."""
        lines = [f"action {self.action}: {self.conclusion}; outputs={self.outputs}"]
        for w in self.warnings:
            lines.append(f"  warning: {w}")
        for s in self._all_steps():
            lines.append(f"  step {s.id} ({s.name}): {s.outcome} exit={s.exit_code} outputs={s.outputs}")
            for e in s.errors:
                lines.append(f"    error: {e}")
            for stream, text in (("stdout", s.stdout), ("stderr", s.stderr)):
                for line in text.splitlines()[-40:]:
                    lines.append(f"    {stream}| {line}")
        return "\n".join(lines)


def _flatten(steps: list[StepResult]) -> list[StepResult]:
    out: list[StepResult] = []
    for s in steps:
        out.append(s)
        out.extend(_flatten(s.children))
    return out


def _commands(step: StepResult) -> list[WorkflowCommand]:
    out = list(step.commands)
    for child in step.children:
        out.extend(_commands(child))
    return out
