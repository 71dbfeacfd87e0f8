"""Repositories and their files (an organization's default configuration lives in its ``.github`` repo)."""

from __future__ import annotations

import hashlib

from ..routing import HttpError, Request, Response, not_found
from .common import TABLE, repo_of


@TABLE.add("GET", "/repos/{owner}/{repo}")
def get_repo(request: Request) -> Response:
    return Response(200, request.render.repo(repo_of(request)))


def _blob_sha(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@TABLE.add("GET", "/repos/{owner}/{repo}/contents/{path}", permission=("contents", "read"))
def get_content(request: Request) -> Response:
    """A file (base64) or a directory listing. Every ref sees the default branch's files."""
    repo = repo_of(request)
    ref = request.arg("ref")
    if ref and ref not in repo.branches and not (len(ref) == 40 and all(c in "0123456789abcdef" for c in ref)):
        raise HttpError(404, f"No commit found for the ref {ref}", documentation_url="https://docs.github.com/rest/repos/contents#get-repository-content")
    path = request.params["path"].strip("/")
    if path in repo.files:
        data = repo.files[path]
        return Response(200, request.render.content_file(repo, path, data, _blob_sha(data)))
    prefix = path + "/"
    children = sorted({p[len(prefix):].split("/", 1)[0] for p in repo.files if p.startswith(prefix)})
    if not children:
        raise not_found()
    listing = []
    for name in children:
        child = prefix + name
        if child in repo.files:
            entry = request.render.content_file(repo, child, repo.files[child], _blob_sha(repo.files[child]))
            del entry["content"], entry["encoding"]
        else:
            entry = request.render.content_file(repo, child, b"", hashlib.sha1(child.encode()).hexdigest())
            del entry["content"], entry["encoding"]
            entry.update(type="dir", size=0, download_url=None)
        listing.append(entry)
    return Response(200, listing)
