"""GET /search/issues: its own rate-limit budget, total_count, and only the first 1000 results."""

from __future__ import annotations

from .. import search_query
from ..routing import HttpError, Request, Response, paginate
from .common import TABLE, sort_key

RESULTS_CAP = 1000


@TABLE.add("GET", "/search/issues", permission=None, resource="search")
def search_issues(request: Request) -> Response:
    q = request.arg("q")
    if not q or not q.strip():
        raise HttpError(422, "Validation Failed", errors=[{"resource": "Search", "field": "q", "code": "missing"}],
                        documentation_url="https://docs.github.com/v3/search")
    query = search_query.parse(q)
    try:
        search_query.validate(query)
    except search_query.QueryError as exc:
        raise HttpError(422, "Validation Failed", errors=[{"message": str(exc), "resource": "Search", "field": "q", "code": "invalid"}],
                        documentation_url="https://docs.github.com/v3/search") from None
    state = request.state
    found = [
        issue
        for issue in state.all_issues()
        if state.searchable(issue) and search_query.matches(query, issue, lambda name: state.repo(name).owner.login)
    ]
    sort, order = request.arg("sort"), request.arg("order", "desc")
    in_query = query.values("sort")
    if in_query:  # sort:created-asc inside q
        sort, _, direction = in_query[-1].partition("-")
        order = direction or "desc"
    # Best match has no meaning without a ranking model: newest first keeps results predictable.
    found.sort(key=sort_key(sort or "created"), reverse=order != "asc")
    page, headers = paginate(request, found, cap=RESULTS_CAP)
    body = {"total_count": len(found), "incomplete_results": False, "search_type": "lexical", "items": [request.render.search_item(i) for i in page]}
    return Response(200, body, headers)
