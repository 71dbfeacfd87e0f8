"""Pull requests and their files, reviews and commits, with GitHub's listing caps."""

from __future__ import annotations

from ..routing import Request, Response, paged
from .common import TABLE, pull_of, repo_of, sort_key

FILES_CAP = 3000  # GitHub lists at most 3000 files of a pull request
COMMITS_CAP = 250  # and at most 250 commits


@TABLE.add("GET", "/repos/{owner}/{repo}/pulls", permission=("pull_requests", "read"))
def list_pulls(request: Request) -> Response:
    repo = repo_of(request)
    state = request.arg("state", "open")
    head = request.arg("head")
    base = request.arg("base")
    found = []
    for issue in repo.issues.values():
        if issue.pull is None or (state in ("open", "closed") and issue.state != state):
            continue
        if base and issue.pull.base_ref != base:
            continue
        if head:
            owner, _, ref = head.rpartition(":")
            if issue.pull.head_ref != ref or (owner and issue.pull.head_repo.split("/")[0].lower() != owner.lower()):
                continue
        found.append(issue)
    sort = request.arg("sort", "created")
    found.sort(key=sort_key(sort if sort in ("created", "updated") else "created"), reverse=request.arg("direction", "desc" if sort == "created" else "asc") == "desc")
    return paged(request, found, lambda i: request.render.pull(i, simple=True))


@TABLE.add("GET", "/repos/{owner}/{repo}/pulls/{pull_number}", permission=("pull_requests", "read"))
def get_pull(request: Request) -> Response:
    return Response(200, request.render.pull(pull_of(request)))


@TABLE.add("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/files", permission=("pull_requests", "read"))
def list_pull_files(request: Request) -> Response:
    pr = pull_of(request)
    assert pr.pull is not None
    return paged(request, pr.pull.files, lambda f: request.render.diff_entry(f, pr), cap=FILES_CAP)


@TABLE.add("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews", permission=("pull_requests", "read"))
def list_reviews(request: Request) -> Response:
    pr = pull_of(request)
    assert pr.pull is not None
    return paged(request, pr.pull.reviews, lambda r: request.render.review(r, pr))


@TABLE.add("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/commits", permission=("pull_requests", "read"))
def list_pull_commits(request: Request) -> Response:
    pr = pull_of(request)
    assert pr.pull is not None
    repo = repo_of(request)
    return paged(request, pr.pull.commits, lambda c: request.render.commit(c, repo), cap=COMMITS_CAP)
