"""Labels (of a repository and on an issue) and milestones."""

from __future__ import annotations

import re

from ..routing import HttpError, Request, Response, not_found, paged, validation_failed
from ..state import NotFound, parse_time
from .common import TABLE, issue_of, label_names, number_param, repo_of

_COLOR = re.compile(r"^[0-9a-fA-F]{6}$")


def _label_or_404(request: Request):
    repo = repo_of(request)
    label = repo.labels.get(request.params["name"].lower())
    if label is None:
        raise not_found()
    return repo, label


@TABLE.add("GET", "/repos/{owner}/{repo}/labels", permission=("issues", "read"))
def list_repo_labels(request: Request) -> Response:
    repo = repo_of(request)
    labels = sorted(repo.labels.values(), key=lambda lab: lab.name.lower())
    return paged(request, labels, lambda lab: request.render.label(lab, repo))


@TABLE.add("POST", "/repos/{owner}/{repo}/labels", permission=("issues", "write"))
def create_label(request: Request) -> Response:
    repo = repo_of(request)
    body = request.body_object()
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        raise validation_failed("Label", "name", "missing_field")
    color = str(body.get("color") or "ededed").lstrip("#")
    if not _COLOR.match(color):
        raise validation_failed("Label", "color", "invalid")
    if name.strip().lower() in repo.labels:
        raise validation_failed("Label", "name", "already_exists")
    label = request.state.add_label(repo, name.strip(), color, body.get("description"))
    return Response(201, request.render.label(label, repo))


@TABLE.add("GET", "/repos/{owner}/{repo}/labels/{name}", permission=("issues", "read"))
def get_label(request: Request) -> Response:
    repo, label = _label_or_404(request)
    return Response(200, request.render.label(label, repo))


@TABLE.add("PATCH", "/repos/{owner}/{repo}/labels/{name}", permission=("issues", "write"))
def update_label(request: Request) -> Response:
    repo, label = _label_or_404(request)
    body = request.body_object()
    new_name = body.get("new_name")
    if new_name and new_name.lower() != label.name.lower() and new_name.lower() in repo.labels:
        raise validation_failed("Label", "name", "already_exists")
    if new_name:
        del repo.labels[label.name.lower()]
        label.name = new_name
        repo.labels[new_name.lower()] = label
    if "color" in body:
        color = str(body["color"]).lstrip("#")
        if not _COLOR.match(color):
            raise validation_failed("Label", "color", "invalid")
        label.color = color.lower()
    if "description" in body:
        label.description = body["description"]
    return Response(200, request.render.label(label, repo))


@TABLE.add("DELETE", "/repos/{owner}/{repo}/labels/{name}", permission=("issues", "write"))
def delete_label(request: Request) -> Response:
    repo, label = _label_or_404(request)
    del repo.labels[label.name.lower()]
    for issue in repo.issues.values():
        if label in issue.labels:
            issue.labels.remove(label)
    return Response(204)


@TABLE.add("GET", "/repos/{owner}/{repo}/issues/{issue_number}/labels", permission=("issues", "read"))
def list_issue_labels(request: Request) -> Response:
    issue = issue_of(request)
    return paged(request, issue.labels, lambda lab: request.render.label(lab, issue.repo))


@TABLE.add("POST", "/repos/{owner}/{repo}/issues/{issue_number}/labels", permission=("issues", "write"))
def add_labels(request: Request) -> Response:
    issue = issue_of(request)
    labels = request.state.add_labels(issue, label_names(request.json([])), actor=request.viewer.login)
    return Response(200, [request.render.label(lab, issue.repo) for lab in labels])


@TABLE.add("PUT", "/repos/{owner}/{repo}/issues/{issue_number}/labels", permission=("issues", "write"))
def set_labels(request: Request) -> Response:
    issue = issue_of(request)
    labels = request.state.set_labels(issue, label_names(request.json([]), allow_empty=True), actor=request.viewer.login)
    return Response(200, [request.render.label(lab, issue.repo) for lab in labels])


@TABLE.add("DELETE", "/repos/{owner}/{repo}/issues/{issue_number}/labels", permission=("issues", "write"))
def remove_all_labels(request: Request) -> Response:
    issue = issue_of(request)
    request.state.set_labels(issue, [], actor=request.viewer.login)
    return Response(204)


@TABLE.add("DELETE", "/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", permission=("issues", "write"))
def remove_label(request: Request) -> Response:
    issue = issue_of(request)
    try:
        labels = request.state.remove_label(issue, request.params["name"], actor=request.viewer.login)
    except NotFound:
        raise HttpError(404, "Label does not exist", documentation_url="https://docs.github.com/rest/issues/labels#remove-a-label-from-an-issue") from None
    return Response(200, [request.render.label(lab, issue.repo) for lab in labels])


@TABLE.add("GET", "/repos/{owner}/{repo}/milestones", permission=("issues", "read"))
def list_milestones(request: Request) -> Response:
    repo = repo_of(request)
    state = request.arg("state", "open")
    found = [m for m in repo.milestones.values() if state == "all" or m.state == state]
    if request.arg("sort", "due_on") == "completeness":
        def done(m):
            issues = [i for i in repo.issues.values() if i.milestone is m]
            return sum(i.state == "closed" for i in issues) / len(issues) if issues else 0.0
        found.sort(key=done)
    else:
        found.sort(key=lambda m: (m.due_on is None, m.due_on or m.created_at, m.number))
    if request.arg("direction", "asc") == "desc":
        found.reverse()
    return paged(request, found, lambda m: request.render.milestone(m, repo))


@TABLE.add("POST", "/repos/{owner}/{repo}/milestones", permission=("issues", "write"))
def create_milestone(request: Request) -> Response:
    repo = repo_of(request)
    body = request.body_object()
    title = body.get("title")
    if not isinstance(title, str) or not title.strip():
        raise validation_failed("Milestone", "title", "missing_field")
    if any(m.title == title for m in repo.milestones.values()):
        raise validation_failed("Milestone", "title", "already_exists")
    state = body.get("state", "open")
    if state not in ("open", "closed"):
        raise validation_failed("Milestone", "state", "invalid")
    try:
        due_on = parse_time(body.get("due_on"))
    except ValueError:
        raise validation_failed("Milestone", "due_on", "invalid") from None
    milestone = request.state.add_milestone(repo, title, description=body.get("description"), due_on=due_on, state=state, creator=request.viewer.login)
    return Response(201, request.render.milestone(milestone, repo))


@TABLE.add("GET", "/repos/{owner}/{repo}/milestones/{milestone_number}", permission=("issues", "read"))
def get_milestone(request: Request) -> Response:
    repo = repo_of(request)
    milestone = repo.milestones.get(number_param(request, "milestone_number"))
    if milestone is None:
        raise not_found()
    return Response(200, request.render.milestone(milestone, repo))
