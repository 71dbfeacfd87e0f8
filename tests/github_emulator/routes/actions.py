"""GitHub Actions workflow runs: list a workflow's runs for a commit, and re-run one (the companion
workflow's way of re-evaluating a required check after an issue-side change)."""

from __future__ import annotations

from ..models import Repo, WorkflowRun
from ..render import Renderer, ts
from ..routing import HttpError, Request, Response, not_found, paginate
from .common import TABLE, number_param, repo_of

RUN_STATUSES = ("queued", "in_progress", "completed")


def _workflow_matches(run: WorkflowRun, workflow_id: str) -> bool:
    return workflow_id == str(run.workflow_id) or run.workflow_path.rsplit("/", 1)[-1] == workflow_id


def render_run(render: Renderer, run: WorkflowRun, repo: Repo) -> dict:
    url = f"{render.repo_url(repo)}/actions/runs/{run.id}"
    minimal = render.repo_minimal(repo)
    return {
        "id": run.id,
        "name": run.workflow_path.rsplit("/", 1)[-1].rsplit(".", 1)[0],
        "node_id": run.node_id,
        "check_suite_id": run.id + 1,
        "check_suite_node_id": f"CS_{run.node_id}",
        "head_branch": run.head_branch,
        "head_sha": run.head_sha,
        "path": run.workflow_path,
        "run_number": run.run_number,
        "run_attempt": run.attempts,
        "event": run.event,
        "display_title": run.workflow_path,
        "status": run.status,
        "conclusion": run.conclusion,
        "workflow_id": run.workflow_id,
        "url": url,
        "html_url": f"{render.web}/{repo.full_name}/actions/runs/{run.id}",
        "pull_requests": [],
        "created_at": ts(run.created_at),
        "updated_at": ts(run.created_at),
        "run_started_at": ts(run.created_at),
        "actor": render.user(run.actor),
        "triggering_actor": render.user(run.actor),
        "jobs_url": f"{url}/jobs",
        "logs_url": f"{url}/logs",
        "check_suite_url": f"{render.repo_url(repo)}/check-suites/{run.id + 1}",
        "artifacts_url": f"{url}/artifacts",
        "cancel_url": f"{url}/cancel",
        "rerun_url": f"{url}/rerun",
        "previous_attempt_url": f"{url}/attempts/{run.attempts - 1}" if run.attempts > 1 else None,
        "workflow_url": f"{render.repo_url(repo)}/actions/workflows/{run.workflow_id}",
        "head_commit": None,
        "repository": minimal,
        "head_repository": minimal,
    }


@TABLE.add("GET", "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs", permission=("actions", "read"))
def list_workflow_runs(request: Request) -> Response:
    """Newest first; ``head_sha``, ``event`` and ``status`` filter as on GitHub."""
    repo = repo_of(request)
    workflow_id = request.params["workflow_id"]
    runs = [r for r in repo.workflow_runs if _workflow_matches(r, workflow_id)]
    if not runs and not any(p.endswith("/" + workflow_id) for p in repo.files):
        raise not_found()
    for field, attribute in (("head_sha", "head_sha"), ("event", "event")):
        wanted = request.arg(field)
        if wanted:
            runs = [r for r in runs if getattr(r, attribute) == wanted]
    status = request.arg("status")
    if status:
        runs = [r for r in runs if r.status == status or r.conclusion == status]
    runs.sort(key=lambda r: r.id, reverse=True)
    page, headers = paginate(request, runs)
    return Response(200, {"total_count": len(runs), "workflow_runs": [render_run(request.render, r, repo) for r in page]}, headers)


@TABLE.add("POST", "/repos/{owner}/{repo}/actions/runs/{run_id}/rerun", permission=("actions", "write"))
def rerun(request: Request) -> Response:
    """A new attempt of a finished run; GitHub refuses (403) to re-run a run that is still going."""
    repo = repo_of(request)
    run_id = number_param(request, "run_id")
    run = next((r for r in repo.workflow_runs if r.id == run_id), None)
    if run is None:
        raise not_found()
    if run.status != "completed":
        raise HttpError(403, "This workflow is already running", documentation_url="https://docs.github.com/rest/actions/workflow-runs#re-run-a-workflow")
    with request.state.lock:
        run.attempts += 1
        run.status, run.conclusion = "queued", None
    return Response(201, {})
