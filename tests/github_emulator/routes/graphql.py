"""POST /graphql, served by the executor in ``graphql_api``."""

from __future__ import annotations

from ..ratelimit import rate_key
from ..routing import Request, Response
from .common import TABLE


@TABLE.add("POST", "/graphql", permission=None, resource="graphql")
def graphql(request: Request) -> Response:
    from .. import graphql_api  # graphql-core is imported only when GraphQL is used

    assert request.token is not None
    budget = request.state.rate_limits.peek(rate_key(request.token), "graphql")
    return Response(200, graphql_api.execute(request.state, request.render, request.token, request.json(), budget))
