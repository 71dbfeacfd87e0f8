"""Commit statuses and check runs: how a gate reports its verdict on a commit."""

from __future__ import annotations

from ..routing import Request, Response, paged, paginate, validation_failed
from ..state import parse_time
from .common import TABLE, repo_of

STATUS_STATES = ("error", "failure", "pending", "success")
CHECK_STATUSES = ("queued", "in_progress", "completed")
CONCLUSIONS = ("action_required", "cancelled", "failure", "neutral", "success", "skipped", "stale", "timed_out")
STATUSES_PER_SHA = 1000  # GitHub refuses more statuses than this for one SHA and context


@TABLE.add("POST", "/repos/{owner}/{repo}/statuses/{sha}", permission=("statuses", "write"))
def create_status(request: Request) -> Response:
    repo = repo_of(request)
    body = request.body_object()
    if body.get("state") not in STATUS_STATES:
        raise validation_failed("Status", "state", "missing_field" if "state" not in body else "invalid")
    context = str(body.get("context") or "default")
    sha = request.params["sha"]
    same = [s for s in repo.statuses if s.sha == sha and s.context.lower() == context.lower()]
    if len(same) >= STATUSES_PER_SHA:
        raise validation_failed("Status", "context", "custom", f"This SHA and context has reached the maximum number of statuses ({STATUSES_PER_SHA}).")
    status = request.state.add_status(
        repo, sha, body["state"], context=context, description=body.get("description"),
        target_url=body.get("target_url"), creator=request.viewer.login,
    )
    return Response(201, request.render.status(status, repo))


@TABLE.add("GET", "/repos/{owner}/{repo}/commits/{ref}/statuses", permission=("statuses", "read"))
@TABLE.add("GET", "/repos/{owner}/{repo}/statuses/{sha}", permission=("statuses", "read"))
def list_statuses(request: Request) -> Response:
    """The second path is GitHub's older, undocumented alias, which PyGithub's Commit.get_statuses uses."""
    repo = repo_of(request)
    sha = request.state.resolve_ref(repo, request.params.get("ref") or request.params["sha"])
    found = sorted((s for s in repo.statuses if s.sha == sha), key=lambda s: s.id, reverse=True)
    return paged(request, found, lambda s: request.render.status(s, repo))


@TABLE.add("GET", "/repos/{owner}/{repo}/commits/{ref}/status", permission=("statuses", "read"))
def combined_status(request: Request) -> Response:
    repo = repo_of(request)
    sha = request.state.resolve_ref(repo, request.params["ref"])
    latest: dict[str, object] = {}
    for status in sorted((s for s in repo.statuses if s.sha == sha), key=lambda s: s.id):
        latest[status.context.lower()] = status
    statuses = sorted(latest.values(), key=lambda s: s.id)  # type: ignore[attr-defined]
    page, headers = paginate(request, statuses, per_page_default=100)
    return Response(200, request.render.combined_status(repo, sha, page, len(statuses)), headers)  # type: ignore[arg-type]


@TABLE.add("POST", "/repos/{owner}/{repo}/check-runs", permission=("checks", "write"))
def create_check_run(request: Request) -> Response:
    repo = repo_of(request)
    body = request.body_object()
    for required in ("name", "head_sha"):
        if not isinstance(body.get(required), str) or not body[required]:
            raise validation_failed("CheckRun", required, "missing_field")
    conclusion = body.get("conclusion")
    status = "completed" if conclusion else body.get("status", "queued")
    if status not in CHECK_STATUSES:
        raise validation_failed("CheckRun", "status", "invalid")
    if conclusion is not None and conclusion not in CONCLUSIONS:
        raise validation_failed("CheckRun", "conclusion", "invalid")
    if status == "completed" and not conclusion:
        raise validation_failed("CheckRun", "conclusion", "missing_field")
    try:
        started, completed = parse_time(body.get("started_at")), parse_time(body.get("completed_at"))
    except ValueError:
        raise validation_failed("CheckRun", "started_at", "invalid") from None
    token = request.token
    run = request.state.add_check_run(
        repo, body["head_sha"], body["name"], status=status, conclusion=conclusion, output=body.get("output") or {},
        details_url=body.get("details_url"), external_id=body.get("external_id"),
        app_login=token.login if token is not None and token.kind == "installation" else None,
        started_at=started, completed_at=completed,
    )
    return Response(201, request.render.check_run(run, repo))


@TABLE.add("GET", "/repos/{owner}/{repo}/commits/{ref}/check-runs", permission=("checks", "read"))
def list_check_runs(request: Request) -> Response:
    """``filter=latest`` (the default) keeps the newest run per name, as GitHub does."""
    repo = repo_of(request)
    sha = request.state.resolve_ref(repo, request.params["ref"])
    runs = [r for r in repo.check_runs if r.head_sha == sha]
    name = request.arg("check_name")
    if name:
        runs = [r for r in runs if r.name == name]
    status = request.arg("status")
    if status:
        runs = [r for r in runs if r.status == status]
    if request.arg("filter", "latest") == "latest":
        newest = {}
        for run in sorted(runs, key=lambda r: r.id):
            newest[run.name] = run
        runs = list(newest.values())
    runs.sort(key=lambda r: r.id, reverse=True)
    page, headers = paginate(request, runs)
    return Response(200, {"total_count": len(runs), "check_runs": [request.render.check_run(r, repo) for r in page]}, headers)
