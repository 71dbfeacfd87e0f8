"""Issue comments (pull request conversation comments are issue comments too)."""

from __future__ import annotations

from ..routing import Request, Response, not_found, paged, validation_failed
from ..state import NotFound, parse_time
from .common import TABLE, check_body, issue_of, number_param, repo_of


def _since(request: Request):
    value = request.arg("since")
    if not value:
        return None
    try:
        return parse_time(value)
    except ValueError:
        raise validation_failed("IssueComment", "since", "invalid") from None


@TABLE.add("GET", "/repos/{owner}/{repo}/issues/{issue_number}/comments", permission=("issues", "read"))
def list_comments(request: Request) -> Response:
    issue = issue_of(request)
    since = _since(request)
    found = [c for c in issue.comments if since is None or c.updated_at >= since]
    return paged(request, found, lambda c: request.render.comment(c, issue))


@TABLE.add("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments", permission=("issues", "write"))
def create_comment(request: Request) -> Response:
    issue = issue_of(request)
    text = check_body("IssueComment", request.body_object().get("body"), required=True)
    comment = request.state.add_comment(issue.repo, issue.number, text, author=request.viewer.login)  # type: ignore[arg-type]
    rendered = request.render.comment(comment, issue)
    return Response(201, rendered, {"Location": rendered["url"]})


@TABLE.add("GET", "/repos/{owner}/{repo}/issues/comments", permission=("issues", "read"))
def list_repo_comments(request: Request) -> Response:
    repo = repo_of(request)
    since = _since(request)
    found = [(c, i) for i in repo.issues.values() for c in i.comments if since is None or c.updated_at >= since]
    key = (lambda pair: (pair[0].updated_at, pair[0].id)) if request.arg("sort") == "updated" else (lambda pair: (pair[0].created_at, pair[0].id))
    found.sort(key=key, reverse=request.arg("direction", "asc") == "desc")
    return paged(request, found, lambda pair: request.render.comment(*pair))


def _comment_of(request: Request):
    try:
        return request.state.find_comment(repo_of(request), number_param(request, "comment_id"))
    except NotFound:
        raise not_found() from None


@TABLE.add("GET", "/repos/{owner}/{repo}/issues/comments/{comment_id}", permission=("issues", "read"))
def get_comment(request: Request) -> Response:
    issue, comment = _comment_of(request)
    return Response(200, request.render.comment(comment, issue))


@TABLE.add("PATCH", "/repos/{owner}/{repo}/issues/comments/{comment_id}", permission=("issues", "write"))
def update_comment(request: Request) -> Response:
    issue, comment = _comment_of(request)
    text = check_body("IssueComment", request.body_object().get("body"), required=True)
    request.state.edit_comment(comment, text)  # type: ignore[arg-type]
    return Response(200, request.render.comment(comment, issue))


@TABLE.add("DELETE", "/repos/{owner}/{repo}/issues/comments/{comment_id}", permission=("issues", "write"))
def delete_comment(request: Request) -> Response:
    issue, comment = _comment_of(request)
    request.state.delete_comment(issue.repo, comment.id)
    return Response(204)
