"""Issues: create, read, list with GitHub's filters, edit; and their event stream and timeline."""

from __future__ import annotations

from ..models import Issue
from ..routing import HttpError, Request, Response, paged, validation_failed
from ..state import NotFound, parse_time
from .common import TABLE, check_body, issue_of, label_names, repo_of, sort_key

STATE_REASONS = ("completed", "not_planned", "duplicate", "reopened")


def _title(value: object, *, required: bool) -> str | None:
    if value is None:
        if required:
            raise validation_failed("Issue", "title", "missing_field")
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)) or not str(value).strip():
        raise validation_failed("Issue", "title", "missing_field" if value == "" else "invalid")
    return str(value)


def _milestone_number(value: object) -> int | None:
    if value is None:
        return None
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise validation_failed("Issue", "milestone", "invalid") from None


def _matches(issue: Issue, request: Request) -> bool:
    state = request.arg("state", "open")
    if state in ("open", "closed") and issue.state != state:
        return False
    labels = request.arg("labels")
    if labels:
        have = {lab.name.lower() for lab in issue.labels}
        if not all(name.strip().lower() in have for name in labels.split(",") if name.strip()):
            return False
    milestone = request.arg("milestone")
    if milestone == "none" and issue.milestone is not None:
        return False
    if milestone == "*" and issue.milestone is None:
        return False
    if milestone not in (None, "none", "*") and (issue.milestone is None or str(issue.milestone.number) != milestone):
        return False
    assignee = request.arg("assignee")
    if assignee == "none" and issue.assignees:
        return False
    if assignee == "*" and not issue.assignees:
        return False
    if assignee not in (None, "none", "*") and assignee.lower() not in {u.login.lower() for u in issue.assignees}:
        return False
    creator = request.arg("creator")
    if creator and issue.user.login.lower() != creator.lower():
        return False
    mentioned = request.arg("mentioned")
    if mentioned and f"@{mentioned.lower()}" not in (issue.body or "").lower():
        return False
    since = request.arg("since")
    if since:
        try:
            if issue.updated_at < parse_time(since):  # type: ignore[operator]
                return False
        except ValueError:
            raise validation_failed("Issue", "since", "invalid") from None
    return True


@TABLE.add("GET", "/repos/{owner}/{repo}/issues", permission=("issues", "read"))
def list_issues(request: Request) -> Response:
    """Pull requests are issues too: GitHub lists them here, with a ``pull_request`` key."""
    repo = repo_of(request)
    _reject_unknown_state(request)
    found = [i for i in repo.issues.values() if _matches(i, request)]
    found.sort(key=sort_key(request.arg("sort", "created")), reverse=request.arg("direction", "desc") != "asc")
    return paged(request, found, request.render.issue)


@TABLE.add("POST", "/repos/{owner}/{repo}/issues", permission=("issues", "write"))
def create_issue(request: Request) -> Response:
    repo = repo_of(request)
    body = request.body_object()
    title = _title(body.get("title"), required=True)
    text = check_body("Issue", body.get("body"), required=False)
    assignees = list(body.get("assignees") or ([body["assignee"]] if body.get("assignee") else []))
    milestone = _milestone_number(body.get("milestone"))
    if milestone is not None and milestone not in repo.milestones:
        raise validation_failed("Issue", "milestone", "invalid")
    labels = label_names(body.get("labels") or [], allow_empty=True)
    issue = request.state.create_issue(
        repo, title, text, author=request.viewer.login, labels=labels, assignees=assignees,
        milestone=milestone, via_api=True,
    )
    return Response(201, request.render.issue(issue), {"Location": request.render.issue_url(issue)})


@TABLE.add("GET", "/repos/{owner}/{repo}/issues/{issue_number}", permission=("issues", "read"))
def get_issue(request: Request) -> Response:
    return Response(200, request.render.issue(issue_of(request)))


@TABLE.add("PATCH", "/repos/{owner}/{repo}/issues/{issue_number}", permission=("issues", "write"))
def update_issue(request: Request) -> Response:
    issue = issue_of(request)
    body = request.body_object()
    changes: dict[str, object] = {}
    if "title" in body:
        changes["title"] = _title(body["title"], required=True)
    if "body" in body:
        changes["body"] = check_body("Issue", body["body"], required=False)
    if "state" in body:
        if body["state"] not in ("open", "closed"):
            raise validation_failed("Issue", "state", "invalid")
        changes["state"] = body["state"]
    if "state_reason" in body:
        if body["state_reason"] is not None and body["state_reason"] not in STATE_REASONS:
            raise validation_failed("Issue", "state_reason", "invalid")
        changes["state_reason"] = body["state_reason"]
    if "assignees" in body or "assignee" in body:
        assignees = body.get("assignees")
        if assignees is None:
            assignees = [body["assignee"]] if body.get("assignee") else []
        changes["assignees"] = list(assignees)
    if "milestone" in body:
        changes["milestone"] = _milestone_number(body["milestone"])
    if "labels" in body:
        changes["labels"] = label_names(body["labels"] or [], allow_empty=True)
    try:
        request.state.edit_issue(issue, actor=request.viewer.login, **changes)  # type: ignore[arg-type]
    except NotFound:
        raise validation_failed("Issue", "milestone", "invalid") from None
    return Response(200, request.render.issue(issue))


@TABLE.add("GET", "/repos/{owner}/{repo}/issues/{issue_number}/events", permission=("issues", "read"))
def list_issue_events(request: Request) -> Response:
    issue = issue_of(request)
    return paged(request, request.render.issue_events(issue))


@TABLE.add("GET", "/repos/{owner}/{repo}/issues/{issue_number}/timeline", permission=("issues", "read"))
def list_timeline(request: Request) -> Response:
    issue = issue_of(request)
    return paged(request, request.render.timeline(issue))


def _reject_unknown_state(request: Request) -> None:
    state = request.arg("state")
    if state not in (None, "open", "closed", "all"):
        raise HttpError(422, "Validation Failed", errors=[{"resource": "Issue", "field": "state", "code": "invalid"}])
