"""Run a composite action.yml the way actions/runner does, with real bash and real runner files.

A ``Job`` holds what a runner keeps for one job: the workspace, RUNNER_TEMP and RUNNER_TOOL_CACHE, the
event payload, the job environment (plus what steps add through GITHUB_ENV and GITHUB_PATH), the
workflow-command state (stop-commands, masks) and the job status. ``Job.run_action`` runs one action
the way a ``uses:`` step would; ``Job.run_steps`` runs workflow-style steps (``run:`` or ``uses:``).

Deliberately strict where the real runner is lenient but the result would be a bug in our actions:
an expression inside ``run:`` text is an error (the runner would substitute it: script injection),
and so are unexpected or missing required inputs (the runner only warns).
"""

from __future__ import annotations

import json
import os
import re
import selectors
import shlex
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from ruamel.yaml import YAML

from . import file_commands
from .expressions import ExpressionError, Status, evaluate_condition, has_expression, interpolate, to_string
from .results import ActionResult, StepResult
from .workflow_commands import CommandProcessor

#: Variables a self-hosted runner's environment would carry into steps: the interpreter search path,
#: the home directory (pip's cache lives there), locale, and the network/package-index configuration.
PASSTHROUGH = (
    "PATH",
    "HOME",
    "LANG",
    "LC_ALL",
    "TMPDIR",
    "http_proxy",
    "https_proxy",
    "no_proxy",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "NO_PROXY",
    "SSL_CERT_FILE",
    "REQUESTS_CA_BUNDLE",
    "XDG_CACHE_HOME",
)
PASSTHROUGH_PREFIXES = ("PIP_",)

SHELLS = {
    "bash": ("bash --noprofile --norc -eo pipefail {0}", ".sh"),
    "sh": ("sh -e {0}", ".sh"),
    "python": ("python {0}", ".py"),
}
DEFAULT_REPOSITORY = "octo-org/octo-repo"


class ActionDefinitionError(ValueError):
    """The action.yml is not something the runner would run, or breaks a rule the project enforces."""


class ActionInputError(ValueError):
    """Inputs that do not match the action's declared inputs."""


StandIn = Callable[["Job", dict[str, str], StepResult], dict[str, str]]


def _checkout(job: "Job", with_: dict[str, str], step: StepResult) -> dict[str, str]:
    """actions/checkout: the test prepared the workspace already; report what a checkout would."""
    return {"ref": job.github["ref"], "commit": job.github["sha"]}


def _setup_python(job: "Job", with_: dict[str, str], step: StepResult) -> dict[str, str]:
    """actions/setup-python: the interpreter running the tests stands in for the requested version."""
    bindir = str(Path(sys.executable).parent)
    job.path_prepend.insert(0, bindir)
    version = ".".join(str(v) for v in sys.version_info[:3])
    return {"python-version": version, "python-path": sys.executable, "cache-hit": "false"}


STAND_INS: dict[str, StandIn] = {
    "actions/checkout": _checkout,
    "actions/setup-python": _setup_python,
}


def load_yaml(path: Path) -> Any:
    yaml = YAML(typ="safe", pure=True)
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle)


def _yaml_string(value: Any) -> str:
    """``with:`` and input defaults reach the action as strings, as YAML scalars print in a workflow."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return str(value)


def action_file(action: str | Path) -> Path:
    path = Path(action)
    if path.is_dir():
        for name in ("action.yml", "action.yaml"):
            if (path / name).is_file():
                return path / name
        raise ActionDefinitionError(f"{path} holds no action.yml or action.yaml")
    return path


def _derive_refs(event_name: str, payload: Mapping[str, Any]) -> dict[str, str]:
    """GITHUB_REF, GITHUB_SHA, GITHUB_HEAD_REF, GITHUB_BASE_REF as the runner sets them for the event."""
    zero = "0" * 40
    repo = payload.get("repository") or {}
    default_branch = repo.get("default_branch") or "main"
    refs = {"ref": f"refs/heads/{default_branch}", "sha": zero, "head_ref": "", "base_ref": ""}
    if event_name in ("pull_request", "pull_request_target") and payload.get("pull_request"):
        pr = payload["pull_request"]
        number = payload.get("number") or pr.get("number")
        refs["head_ref"] = (pr.get("head") or {}).get("ref") or ""
        refs["base_ref"] = (pr.get("base") or {}).get("ref") or ""
        if event_name == "pull_request":
            refs["ref"] = f"refs/pull/{number}/merge"
            refs["sha"] = pr.get("merge_commit_sha") or (pr.get("head") or {}).get("sha") or zero
        else:
            refs["ref"] = f"refs/heads/{refs['base_ref'] or default_branch}"
            refs["sha"] = (pr.get("base") or {}).get("sha") or zero
    elif event_name == "push":
        refs["ref"] = payload.get("ref") or refs["ref"]
        refs["sha"] = payload.get("after") or zero
    elif event_name == "merge_group" and payload.get("merge_group"):
        group = payload["merge_group"]
        refs["ref"] = group.get("head_ref") or refs["ref"]
        refs["sha"] = group.get("head_sha") or zero
    elif payload.get("ref"):
        refs["ref"] = payload["ref"]
    return refs


@dataclass
class _Scope:
    """One composite action's evaluation scope: its inputs, its steps context and its own status."""

    action_path: Path
    inputs: dict[str, str]
    steps: dict[str, dict[str, Any]] = field(default_factory=dict)
    status: Status = field(default_factory=Status)
    is_action: bool = True
    #: Workflow steps of a reusable workflow's job: the ``inputs`` context exists (see run_steps).
    workflow_inputs: bool = False


class Job:
    def __init__(
        self,
        workspace: str | Path,
        *,
        temp: str | Path | None = None,
        tool_cache: str | Path | None = None,
        event_name: str = "push",
        event: Mapping[str, Any] | str | Path | None = None,
        env: Mapping[str, str] | None = None,
        repository: str | None = None,
        token: str | None = None,
        secrets: Sequence[str] = (),
        named_secrets: Mapping[str, str] | None = None,
        job_status: str = "success",
        strict_inputs: bool = True,
        timeout: float = 600.0,
        passthrough: Sequence[str] = PASSTHROUGH,
        stand_ins: Mapping[str, StandIn] | None = None,
        keep_virtualenv_on_path: bool = False,
        repository_root: str | Path | None = None,
    ):
        self.workspace = Path(workspace).resolve()
        self.workspace.mkdir(parents=True, exist_ok=True)
        #: Where ``uses: $/path`` resolves (the repository at the running commit); default: the workspace.
        self.repository_root = Path(repository_root).resolve() if repository_root else self.workspace
        # Without temp=, a fresh folder (left in place for post-mortem reading, like a runner's _temp).
        self.temp = Path(temp if temp is not None else tempfile.mkdtemp(prefix="runner-temp-")).resolve()
        self.temp.mkdir(parents=True, exist_ok=True)
        self.tool_cache = Path(tool_cache).resolve() if tool_cache else self.temp / "_tool"
        self.tool_cache.mkdir(parents=True, exist_ok=True)
        self.timeout = timeout
        self.strict_inputs = strict_inputs
        self.stand_ins = dict(STAND_INS if stand_ins is None else stand_ins)
        self.status = Status(job_status)
        self.processor = CommandProcessor()
        self.env: dict[str, str] = dict(env or {})
        self.path_prepend: list[str] = []
        self.state: dict[str, str] = {}
        self._run_counter = 0

        payload: dict[str, Any]
        if event is None:
            payload = {}
        elif isinstance(event, (str, Path)):
            payload = json.loads(Path(event).read_text(encoding="utf-8"))
        else:
            payload = json.loads(json.dumps(event))
        self.event_name = event_name
        self.event = payload
        self.event_path = self.temp / "_github_workflow" / "event.json"
        self.event_path.parent.mkdir(parents=True, exist_ok=True)
        self.event_path.write_text(json.dumps(payload, indent=2), encoding="utf-8")

        repo = repository or ((payload.get("repository") or {}).get("full_name")) or DEFAULT_REPOSITORY
        refs = _derive_refs(event_name, payload)
        ref = refs["ref"]
        actor = ((payload.get("sender") or {}).get("login")) or "octocat"
        self.token = token if token is not None else self.env.get("GITHUB_TOKEN", "")
        #: The workflow's ``secrets`` context (GITHUB_TOKEN and the named ones); a secret that is not set
        #: reads as an empty string, as on GitHub.
        self.secrets: dict[str, str] = {"GITHUB_TOKEN": self.token, **(named_secrets or {})}
        for secret in [self.token, *secrets, *(named_secrets or {}).values()]:
            if secret:
                self.processor.masks.append(secret)
        server = self.env.get("GITHUB_SERVER_URL", "https://github.com")
        api = self.env.get("GITHUB_API_URL", "https://api.github.com")
        graphql = self.env.get("GITHUB_GRAPHQL_URL", api.rstrip("/") + "/graphql")
        self.github: dict[str, Any] = {
            "action": "",
            "action_path": "",
            "action_ref": "",
            "action_repository": "",
            "actor": actor,
            "actor_id": str((payload.get("sender") or {}).get("id") or 1),
            "api_url": api,
            "base_ref": refs["base_ref"],
            "event": payload,
            "event_name": event_name,
            "event_path": str(self.event_path),
            "graphql_url": graphql,
            "head_ref": refs["head_ref"],
            "job": "harness",
            "ref": ref,
            "ref_name": ref.split("/", 2)[-1] if ref.startswith("refs/heads/") or ref.startswith("refs/tags/") else ref.removeprefix("refs/"),
            "ref_protected": "false",
            "ref_type": "tag" if ref.startswith("refs/tags/") else "branch",
            "repository": repo,
            "repository_id": str((payload.get("repository") or {}).get("id") or 1),
            "repository_owner": repo.split("/")[0],
            "repository_owner_id": str(((payload.get("repository") or {}).get("owner") or {}).get("id") or 1),
            "retention_days": "90",
            "run_attempt": "1",
            "run_id": "1",
            "run_number": "1",
            "server_url": server,
            "sha": refs["sha"],
            "token": self.token,
            "triggering_actor": actor,
            "workflow": "action-runner harness",
            "workflow_ref": f"{repo}/.github/workflows/harness.yml@{ref}",
            "workflow_sha": refs["sha"],
            "workspace": str(self.workspace),
        }
        self.runner: dict[str, Any] = {
            "os": "Linux",
            "arch": "X64",
            "name": "action-runner-harness",
            "environment": "self-hosted",
            "temp": str(self.temp),
            "tool_cache": str(self.tool_cache),
            "debug": "",
        }
        self.base_env = self._base_environment(passthrough, keep_virtualenv_on_path)

    # ------------------------------------------------------------------------------------ public API

    def run_action(self, action: str | Path, inputs: Mapping[str, Any] | None = None, *, step_id: str = "action") -> ActionResult:
        """Run an action as the ``uses:`` step ``step_id`` of this job."""
        path = action_file(action)
        definition = load_yaml(path)
        result = ActionResult(action=str(path))
        outputs = self._run_composite(path, definition, {k: _yaml_string(v) for k, v in (inputs or {}).items()}, result, result.steps)
        result.outputs = outputs
        if not result.succeeded:
            self.status.value = "failure"
        return result

    def run_steps(self, steps: Sequence[Mapping[str, Any]], *, inputs: Mapping[str, Any] | None = None) -> ActionResult:
        """Run workflow-style steps (``run:`` with an optional ``shell:``, or ``uses:``) in this job.

        ``inputs`` makes them a reusable workflow's job: the ``inputs`` context holds the workflow_call
        inputs (typed as the caller passed them; a workflow run directly by an event has an empty one).
        """
        result = ActionResult(action="(job steps)")
        scope = _Scope(action_path=self.workspace, inputs=dict(inputs or {}), status=self.status, is_action=False,
                       workflow_inputs=inputs is not None)
        self._run_step_list(steps, scope, result, result.steps, [])
        result.conclusion = "failure" if scope.status.value == "failure" else "success"
        return result

    # -------------------------------------------------------------------------------------- internals

    def _base_environment(self, passthrough: Sequence[str], keep_venv: bool) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k in passthrough or k.startswith(PASSTHROUGH_PREFIXES)}
        env.setdefault("LANG", "C.UTF-8")
        venv = os.environ.get("VIRTUAL_ENV") or (sys.prefix if sys.prefix != sys.base_prefix else "")
        if venv and not keep_venv:
            # The test session's virtualenv is not on a runner's PATH: an action must bring its own.
            venv_bin = str(Path(venv) / "bin")
            env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p and p != venv_bin)
        return env

    def _contexts(self, scope: _Scope, extra_env: Mapping[str, str] | None = None) -> dict[str, Any]:
        env = dict(self.env)
        env.update(extra_env or {})
        contexts: dict[str, Any] = {
            "github": self.github,
            "env": env,
            "runner": self.runner,
            "job": {"status": self.status.value},
            "steps": scope.steps,
            "strategy": {},
            "matrix": {},
        }
        if scope.is_action or scope.workflow_inputs:
            contexts["inputs"] = scope.inputs
        if not scope.is_action:
            # Composite actions cannot read secrets; a workflow's steps can.
            contexts["secrets"] = self.secrets  # a name not set reads as null, i.e. ""
        return contexts

    def _resolve_inputs(self, path: Path, definition: Mapping[str, Any], given: dict[str, str], scope_for_defaults: _Scope, result: ActionResult) -> dict[str, str]:
        declared: Mapping[str, Any] = definition.get("inputs") or {}
        by_lower = {name.lower(): name for name in declared}
        resolved: dict[str, str] = {}
        unexpected = [k for k in given if k.lower() not in by_lower]
        if unexpected:
            message = f"Unexpected input(s) {', '.join(repr(u) for u in unexpected)}, valid inputs are {sorted(declared)}"
            if self.strict_inputs:
                raise ActionInputError(f"{path}: {message}")
            result.warnings.append(message)
        lowered_given = {k.lower(): v for k, v in given.items()}
        for name, spec in declared.items():
            spec = spec or {}
            if name.lower() in lowered_given:
                resolved[name.lower()] = lowered_given[name.lower()]
                continue
            if "default" in spec:
                default = spec["default"]
                value = interpolate(default, self._contexts(scope_for_defaults)) if has_expression(default) else default
                resolved[name.lower()] = to_string(value) if has_expression(default) else _yaml_string(value)
                continue
            if spec.get("required"):
                message = f"Input required and not supplied: {name}"
                if self.strict_inputs:
                    raise ActionInputError(f"{path}: {message}")
                result.warnings.append(message)
            resolved[name.lower()] = ""
        return resolved

    def _run_composite(self, path: Path, definition: Mapping[str, Any], given: dict[str, str], result: ActionResult, sink: list[StepResult]) -> dict[str, str]:
        runs = definition.get("runs") if isinstance(definition, Mapping) else None
        if not isinstance(runs, Mapping) or runs.get("using") != "composite":
            raise ActionDefinitionError(f"{path}: only composite actions can be run here (runs.using: composite)")
        check_no_run_expressions(path, definition)
        outer_scope = _Scope(action_path=path.parent, inputs={})
        scope = _Scope(action_path=path.parent, inputs=self._resolve_inputs(path, definition, given, outer_scope, result))
        caller_action_path = self.github["action_path"]
        self.github["action_path"] = str(path.parent)
        try:
            self._run_step_list(runs.get("steps") or [], scope, result, sink, [])
        finally:
            self.github["action_path"] = caller_action_path
        result.conclusion = "failure" if scope.status.value == "failure" else "success"
        outputs: dict[str, str] = {}
        for name, spec in (definition.get("outputs") or {}).items():
            value = (spec or {}).get("value", "")
            try:
                outputs[name] = to_string(interpolate(value, self._contexts(scope)))
            except ExpressionError as exc:
                result.warnings.append(f"output {name}: {exc}")
                outputs[name] = ""
        return outputs

    def _run_step_list(self, steps: Sequence[Mapping[str, Any]], scope: _Scope, result: ActionResult, sink: list[StepResult], stack: list[str]) -> None:
        for index, spec in enumerate(steps):
            step_id = str(spec.get("id") or f"__run_{self._next_run()}")
            kind = "uses" if "uses" in spec else "run"
            label = str(spec.get("name") or spec.get("uses") or spec.get("run") or step_id).strip()
            step = StepResult(index=index, id=step_id, name=(label.splitlines() or [step_id])[0], kind=kind)
            sink.append(step)
            contexts = self._contexts(scope)
            try:
                should_run = evaluate_condition(spec.get("if"), contexts, scope.status)
            except ExpressionError as exc:
                step.errors.append(f"if: {exc}")
                should_run = False
                step.outcome = step.conclusion = "failure"
                scope.status.value = "failure"
                scope.steps[step_id] = {"outputs": {}, "outcome": "failure", "conclusion": "failure"}
                continue
            if not should_run:
                scope.steps[step_id] = {"outputs": {}, "outcome": "skipped", "conclusion": "skipped"}
                continue
            try:
                step_env = {k: to_string(interpolate(v, contexts)) if has_expression(v) else _yaml_string(v) for k, v in (spec.get("env") or {}).items()}
                if kind == "run":
                    self._run_script(spec, scope, step, step_env)
                else:
                    self._run_uses(spec, scope, step, step_env, result, stack)
            except ExpressionError as exc:
                step.errors.append(str(exc))
                step.outcome = "failure"
            continue_on_error = spec.get("continue-on-error", False)
            if has_expression(continue_on_error):
                continue_on_error = interpolate(continue_on_error, self._contexts(scope))
            if step.outcome == "failure" and _yaml_string(continue_on_error).lower() == "true":
                step.conclusion = "success"
            else:
                step.conclusion = step.outcome
            if step.conclusion == "failure":
                scope.status.value = "failure"
            scope.steps[step_id] = {"outputs": dict(step.outputs), "outcome": step.outcome, "conclusion": step.conclusion}

    def _next_run(self) -> int:
        self._run_counter += 1
        return self._run_counter

    def _run_uses(self, spec: Mapping[str, Any], scope: _Scope, step: StepResult, step_env: dict[str, str], result: ActionResult, stack: list[str]) -> None:
        uses = str(spec["uses"])
        contexts = self._contexts(scope, step_env)
        with_ = {k: to_string(interpolate(v, contexts)) if has_expression(v) else _yaml_string(v) for k, v in (spec.get("with") or {}).items()}
        if uses.startswith(("./", "$/")) or uses == ".":
            # ./path: relative to the workspace (a checkout); $/path: GitHub's self-repository form,
            # the workflow's repository at the running commit (here: repository_root).
            base = self.repository_root if uses.startswith("$/") else self.workspace
            target = action_file(base / uses[2:] if uses.startswith("$/") else base / uses)
            key = str(target.resolve())
            if key in stack:
                raise ActionDefinitionError(f"{target}: recursive uses of {uses}")
            nested = ActionResult(action=str(target))
            outputs = self._run_composite(target, load_yaml(target), with_, nested, step.children)
            result.warnings.extend(nested.warnings)
            step.outputs = outputs
            step.outcome = nested.conclusion
            return
        name = uses.split("@", 1)[0]
        if "@" in uses:
            ref = uses.split("@", 1)[1]
            if not re.fullmatch(r"[0-9a-f]{40}", ref):
                step.errors.append(f"{uses}: not pinned to a full commit SHA")
        stand_in = self.stand_ins.get(name)
        if stand_in is None:
            raise ActionDefinitionError(f"uses: {uses} has no stand-in in the harness (known: {sorted(self.stand_ins)})")
        step.outputs = stand_in(self, with_, step)
        step.outcome = "failure" if step.errors else "success"

    def _run_script(self, spec: Mapping[str, Any], scope: _Scope, step: StepResult, step_env: dict[str, str]) -> None:
        contexts = self._contexts(scope, step_env)
        script = spec.get("run")
        if not isinstance(script, str):
            raise ActionDefinitionError(f"step {step.id}: run must be a string")
        if has_expression(script):
            raise ActionDefinitionError(f"step {step.id}: an expression inside run: is script injection; pass it through env:")
        shell = spec.get("shell")
        if shell is None:
            if scope.is_action:
                raise ActionDefinitionError(f"step {step.id}: a run step in a composite action needs shell:")
            shell = "bash"
        shell = to_string(interpolate(shell, contexts))
        template, suffix = SHELLS.get(shell, (shell, ".sh"))
        if "{0}" not in template:
            raise ActionDefinitionError(f"step {step.id}: shell {shell!r} is not a built-in and has no {{0}}")
        wd_value = spec.get("working-directory")
        wd = self.workspace / to_string(interpolate(wd_value, contexts)) if wd_value else self.workspace
        if not wd.is_dir():
            step.errors.append(f"working-directory {wd} does not exist")
            step.outcome = "failure"
            return
        script_path = self.temp / f"{uuid.uuid4()}{suffix}"
        script_path.write_text(script, encoding="utf-8")
        argv = [part.replace("{0}", str(script_path)) for part in shlex.split(template)]

        suffix_id = uuid.uuid4().hex
        files = file_commands.create_files(self.temp / "_runner_file_commands", suffix_id)
        env = dict(self.base_env)
        env.update(self.env)
        env.update(step_env)
        env.update(self._runtime_env(scope, step, files))
        if self.path_prepend:
            env["PATH"] = os.pathsep.join([*self.path_prepend, env.get("PATH", "")])
        step.exit_code = self._execute(argv, wd, env, step)

        legacy_outputs = {}
        for command in step.commands:
            if command.name == "set-output":
                out_name = command.prop("name")
                if out_name:
                    legacy_outputs[out_name] = command.message
                else:
                    step.errors.append("Required field 'name' is missing in ##[set-output] command.")
            elif command.name in ("set-env", "add-path") and env.get("ACTIONS_ALLOW_UNSECURE_COMMANDS", "").lower() != "true":
                step.errors.append(f"The `{command.name}` command is disabled.")
            elif command.name == "save-state":
                state_name = command.prop("name")
                if state_name:
                    self.state[state_name] = command.message
        try:
            outputs = file_commands.parse_key_values(file_commands.read(files["GITHUB_OUTPUT"]), "output")
            exported = file_commands.parse_key_values(file_commands.read(files["GITHUB_ENV"]), "environment variable")
            self.state.update(file_commands.parse_key_values(file_commands.read(files["GITHUB_STATE"]), "state"))
        except file_commands.FileCommandError as exc:
            step.errors.append(str(exc))
            outputs, exported = {}, {}
        step.outputs = {**legacy_outputs, **outputs}
        for key, value in exported.items():
            if key.upper() == "NODE_OPTIONS":
                step.errors.append("Can't update NODE_OPTIONS environment variable using GITHUB_ENV")
                continue
            self.env[key] = value
        for entry in file_commands.parse_path_file(file_commands.read(files["GITHUB_PATH"])):
            if entry in self.path_prepend:
                self.path_prepend.remove(entry)
            self.path_prepend.insert(0, entry)
        summary = file_commands.read(files["GITHUB_STEP_SUMMARY"])
        if len(summary.encode("utf-8")) > file_commands.SUMMARY_LIMIT:
            step.errors.append(f"$GITHUB_STEP_SUMMARY supports content up to {file_commands.SUMMARY_LIMIT // 1024}k")
        else:
            step.summary = self.processor.mask(summary)
        step.outcome = "success" if step.exit_code == 0 and not step.errors else "failure"

    def _runtime_env(self, scope: _Scope, step: StepResult, files: Mapping[str, Path]) -> dict[str, str]:
        g = self.github
        env = {
            "CI": "true",
            "GITHUB_ACTIONS": "true",
            "GITHUB_ACTION": step.id,
            "GITHUB_ACTION_REF": "",
            "GITHUB_ACTION_REPOSITORY": "",
            "GITHUB_ACTOR": g["actor"],
            "GITHUB_ACTOR_ID": g["actor_id"],
            "GITHUB_API_URL": g["api_url"],
            "GITHUB_BASE_REF": g["base_ref"],
            "GITHUB_EVENT_NAME": g["event_name"],
            "GITHUB_EVENT_PATH": g["event_path"],
            "GITHUB_GRAPHQL_URL": g["graphql_url"],
            "GITHUB_HEAD_REF": g["head_ref"],
            "GITHUB_JOB": g["job"],
            "GITHUB_REF": g["ref"],
            "GITHUB_REF_NAME": g["ref_name"],
            "GITHUB_REF_PROTECTED": g["ref_protected"],
            "GITHUB_REF_TYPE": g["ref_type"],
            "GITHUB_REPOSITORY": g["repository"],
            "GITHUB_REPOSITORY_ID": g["repository_id"],
            "GITHUB_REPOSITORY_OWNER": g["repository_owner"],
            "GITHUB_REPOSITORY_OWNER_ID": g["repository_owner_id"],
            "GITHUB_RETENTION_DAYS": g["retention_days"],
            "GITHUB_RUN_ATTEMPT": g["run_attempt"],
            "GITHUB_RUN_ID": g["run_id"],
            "GITHUB_RUN_NUMBER": g["run_number"],
            "GITHUB_SERVER_URL": g["server_url"],
            "GITHUB_SHA": g["sha"],
            "GITHUB_TRIGGERING_ACTOR": g["triggering_actor"],
            "GITHUB_WORKFLOW": g["workflow"],
            "GITHUB_WORKFLOW_REF": g["workflow_ref"],
            "GITHUB_WORKFLOW_SHA": g["workflow_sha"],
            "GITHUB_WORKSPACE": str(self.workspace),
            "RUNNER_ARCH": self.runner["arch"],
            "RUNNER_ENVIRONMENT": self.runner["environment"],
            "RUNNER_NAME": self.runner["name"],
            "RUNNER_OS": self.runner["os"],
            "RUNNER_TEMP": str(self.temp),
            "RUNNER_TOOL_CACHE": str(self.tool_cache),
        }
        if scope.is_action:
            env["GITHUB_ACTION_PATH"] = str(scope.action_path)
        for variable, path in files.items():
            env[variable] = str(path)
        return env

    def _execute(self, argv: list[str], cwd: Path, env: dict[str, str], step: StepResult) -> int:
        """Run the shell, feeding stdout and stderr lines to the command processor in arrival order."""
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        assert proc.stdout is not None and proc.stderr is not None
        buffers = {"stdout": b"", "stderr": b""}
        texts: dict[str, list[str]] = {"stdout": [], "stderr": []}
        selector = selectors.DefaultSelector()
        selector.register(proc.stdout, selectors.EVENT_READ, "stdout")
        selector.register(proc.stderr, selectors.EVENT_READ, "stderr")
        open_streams = 2
        deadline = time.monotonic() + self.timeout
        while open_streams:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                os.killpg(proc.pid, signal.SIGKILL)
                step.errors.append(f"step timed out after {self.timeout:g}s")
                break
            for key, _ in selector.select(timeout=min(remaining, 1.0)):
                stream = key.data
                chunk = os.read(key.fd, 65536)
                if not chunk:
                    selector.unregister(key.fileobj)
                    open_streams -= 1
                    self._emit(stream, buffers[stream], texts, step, final=True)
                    buffers[stream] = b""
                    continue
                buffers[stream] = self._emit(stream, buffers[stream] + chunk, texts, step, final=False)
        selector.close()
        code = proc.wait()
        proc.stdout.close()
        proc.stderr.close()
        step.stdout = "".join(texts["stdout"])
        step.stderr = "".join(texts["stderr"])
        return code

    def _emit(self, stream: str, data: bytes, texts: dict[str, list[str]], step: StepResult, *, final: bool) -> bytes:
        """Process the complete lines in ``data`` (split like .NET's ReadLine: \\r\\n, \\r or \\n); return the rest."""
        if final:
            complete, rest = data, b""
        else:
            # A trailing \r may be the first half of \r\n: keep it for the next chunk.
            end = len(data) - 1 if data.endswith(b"\r") else len(data)
            cut = max(data.rfind(b"\n", 0, end), data.rfind(b"\r", 0, end))
            if cut < 0:
                return data
            complete, rest = data[: cut + 1], data[cut + 1 :]
        if not complete:
            return rest
        text = complete.decode("utf-8", errors="replace")
        texts[stream].append(text)
        lines = re.split(r"\r\n|\r|\n", text)
        if lines and lines[-1] == "":
            lines.pop()
        for line in lines:
            command = self.processor.feed(line, stream, step.id)
            if command is not None:
                step.commands.append(command)
        return rest


def check_no_run_expressions(path: Path, definition: Mapping[str, Any]) -> None:
    """The project's rule (DESIGN.md): no ``${{ }}`` inside any run: script of an action."""
    steps = ((definition.get("runs") or {}).get("steps")) or []
    for index, step in enumerate(steps):
        if isinstance(step, Mapping) and has_expression(step.get("run")):
            raise ActionDefinitionError(f"{path}: step {step.get('id') or index}: an expression inside run: (pass values through env:)")


def run_action(action: str | Path, inputs: Mapping[str, Any] | None = None, **job_options: Any) -> ActionResult:
    """One-shot: a fresh Job (``workspace=`` is required) running one action."""
    job = Job(**job_options)
    return job.run_action(action, inputs)
