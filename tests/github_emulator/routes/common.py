"""Lookups and body parsing the route modules share, each failing the way GitHub fails."""

from __future__ import annotations

from ..models import BODY_LIMIT, Issue, Repo
from ..routing import HttpError, Request, RouteTable, not_found, validation_failed
from ..state import NotFound

TABLE = RouteTable()


def repo_of(request: Request) -> Repo:
    try:
        return request.state.repo(f"{request.params['owner']}/{request.params['repo']}")
    except NotFound:
        raise not_found() from None


def number_param(request: Request, name: str) -> int:
    try:
        return int(request.params[name])
    except ValueError:
        raise not_found() from None


def issue_of(request: Request) -> Issue:
    repo = repo_of(request)
    issue = repo.issues.get(number_param(request, "issue_number"))
    if issue is None:
        raise not_found()
    return issue


def pull_of(request: Request) -> Issue:
    repo = repo_of(request)
    issue = repo.issues.get(number_param(request, "pull_number"))
    if issue is None or issue.pull is None:
        raise not_found()
    return issue


def check_body(resource: str, body: object, *, required: bool) -> str | None:
    """The ``body`` of an issue or comment: a string within GitHub's length limit."""
    if body is None:
        if required:
            raise validation_failed(resource, "body", "missing_field")
        return None
    if not isinstance(body, str):
        raise validation_failed(resource, "body", "invalid")
    if required and not body.strip():
        raise validation_failed(resource, "body", "missing_field")
    if len(body) > BODY_LIMIT:
        raise validation_failed(resource, "body", "custom", f"body is too long (maximum is {BODY_LIMIT} characters)")
    return body


def label_names(payload: object, *, allow_empty: bool = False) -> list[str]:
    """Every form GitHub accepts: ``["a"]``, ``{"labels": ["a"]}``, ``{"labels": [{"name": "a"}]}``, ``"a"``."""
    if isinstance(payload, dict):
        payload = payload.get("labels", [])
    if isinstance(payload, str):
        payload = [payload]
    if not isinstance(payload, list):
        raise validation_failed("Label", "labels", "invalid")
    names = []
    for item in payload:
        name = item.get("name") if isinstance(item, dict) else item
        if not isinstance(name, str) or not name.strip():
            raise validation_failed("Label", "name", "invalid")
        names.append(name.strip())
    if not names and not allow_empty:
        raise HttpError(422, "Invalid request.\n\nNo subschema in \"anyOf\" matched.")
    return names


def sort_key(name: str):
    """Sort key for GitHub's ``sort`` parameters over issues."""
    return {
        "created": lambda i: (i.created_at, i.number),
        "updated": lambda i: (i.updated_at, i.number),
        "comments": lambda i: (len(i.comments), i.number),
    }.get(name, lambda i: (i.created_at, i.number))
