"""Who is calling and who belongs where: users, team membership, the rate-limit overview."""

from __future__ import annotations

from ..ratelimit import rate_key
from ..routing import HttpError, Request, Response, not_found
from ..state import NotFound
from .common import TABLE


@TABLE.add("GET", "/user", permission=None)
def get_authenticated_user(request: Request) -> Response:
    # Installation tokens (GITHUB_TOKEN, GitHub Apps) have no user behind them: GitHub refuses this call.
    if request.token is not None and request.token.kind == "installation":
        raise HttpError(403, "Resource not accessible by integration", documentation_url="https://docs.github.com/rest/users/users#get-the-authenticated-user")
    return Response(200, request.render.user_profile(request.viewer, private=True))


@TABLE.add("GET", "/users/{username}", permission=None)
def get_user(request: Request) -> Response:
    try:
        user = request.state.find_user(request.params["username"])
    except NotFound:
        raise not_found() from None
    return Response(200, request.render.user_profile(user))


@TABLE.add("GET", "/orgs/{org}/teams/{team_slug}/memberships/{username}", permission=("members", "read"))
def get_team_membership(request: Request) -> Response:
    """404 both when the team is unknown and when the user is not in it, as GitHub answers."""
    try:
        team = request.state.team(request.params["org"], request.params["team_slug"])
    except NotFound:
        raise not_found() from None
    login = request.params["username"]
    if login.lower() not in team.members:
        raise not_found()
    return Response(200, request.render.team_membership(team, login))


@TABLE.add("GET", "/rate_limit", permission=None, resource="")
def get_rate_limit(request: Request) -> Response:
    """Free of charge, as on GitHub: it reports every budget without spending one."""
    assert request.token is not None
    who = rate_key(request.token)
    budgets = {name: request.state.rate_limits.peek(who, name) for name in ("core", "search", "graphql")}
    resources = {name: {"limit": b.limit, "used": b.used, "remaining": b.remaining, "reset": b.reset} for name, b in budgets.items()}
    return Response(200, {"resources": resources, "rate": resources["core"]})
