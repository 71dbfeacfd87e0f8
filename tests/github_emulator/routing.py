"""The route table and the request/response types the route handlers see.

Each route is declared once, with the path template GitHub's OpenAPI description uses, the permission
a token needs, and the rate-limit resource it spends. The OpenAPI test enumerates this table, so a new
route is checked against GitHub's description as soon as it exists.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import unquote, urlencode

from .models import Token, User
from .render import Renderer
from .state import State

DOCS = "https://docs.github.com/rest"


class HttpError(Exception):
    """An error response in GitHub's shape: ``{"message", "documentation_url", "status"}`` (+ ``errors``)."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        errors: list[dict] | None = None,
        documentation_url: str = DOCS,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors
        self.documentation_url = documentation_url
        self.headers = headers or {}

    def body(self) -> dict:
        body: dict = {"message": self.message}
        if self.errors is not None:
            body["errors"] = self.errors
        body["documentation_url"] = self.documentation_url
        body["status"] = str(self.status)
        return body


def not_found() -> HttpError:
    return HttpError(404, "Not Found")


def validation_failed(resource: str, field_name: str, code: str, message: str | None = None) -> HttpError:
    error = {"resource": resource, "code": code, "field": field_name}
    if message:
        error["message"] = message
    return HttpError(422, "Validation Failed", errors=[error])


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-cased names
    raw_body: bytes
    params: dict[str, str]
    state: State
    render: Renderer
    token: Token | None = None
    _json: object = field(default=None, repr=False)
    _parsed: bool = field(default=False, repr=False)

    @property
    def viewer(self) -> User:
        assert self.token is not None, "routes run only for authenticated requests"
        return self.state.user(self.token.login)

    def json(self, default: object = None) -> object:
        """The JSON body; GitHub answers 400 "Problems parsing JSON" to a body it cannot read."""
        if not self._parsed:
            self._parsed = True
            if self.raw_body.strip():
                try:
                    self._json = json.loads(self.raw_body)
                except (ValueError, UnicodeDecodeError):
                    raise HttpError(400, "Problems parsing JSON") from None
        return default if self._json is None else self._json

    def body_object(self) -> dict:
        body = self.json({})
        if not isinstance(body, dict):
            raise HttpError(400, "Problems parsing JSON")
        return body

    def arg(self, name: str, default: str | None = None) -> str | None:
        values = self.query.get(name)
        return values[0] if values else default

    def int_arg(self, name: str, default: int) -> int:
        value = self.arg(name)
        try:
            return int(value) if value not in (None, "") else default
        except ValueError:
            return default


@dataclass
class Response:
    status: int = 200
    body: object = None  # JSON-able, or None for an empty body (204)
    headers: dict[str, str] = field(default_factory=dict)


Handler = Callable[[Request], Response]


@dataclass(frozen=True)
class Route:
    method: str
    template: str
    handler: Handler
    #: (category, level) the token needs, e.g. ("issues", "write"); None: any valid token.
    permission: tuple[str, str] | None
    resource: str  # rate-limit budget: core, search or graphql
    regex: re.Pattern[str]

    @property
    def operation(self) -> str:
        return f"{self.method} {self.template}"


def _compile(template: str) -> re.Pattern[str]:
    pattern = ""
    for part in re.split(r"(\{[a-z_]+\})", template):
        if part.startswith("{"):
            name = part[1:-1]
            # A file path and a git ref ("feature/x") span segments; every other parameter is one segment.
            pattern += f"(?P<{name}>.+)" if name in ("path", "ref", "sha") else f"(?P<{name}>[^/]+)"
        else:
            pattern += re.escape(part)
    return re.compile(f"^{pattern}$")


class RouteTable:
    def __init__(self) -> None:
        self.routes: list[Route] = []

    def add(self, method: str, template: str, permission: tuple[str, str] | None = ("metadata", "read"), resource: str = "core") -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.routes.append(Route(method, template, handler, permission, resource, _compile(template)))
            return handler

        return register

    def _candidates(self, path: str, method: str | None) -> list[tuple[Route, re.Match[str]]]:
        """Routes matching the path, the most literal first: ``/issues/comments`` is not issue "comments"."""
        found = [(r, m) for r in self.routes if method in (None, r.method) for m in [r.regex.match(path)] if m]
        return sorted(found, key=lambda pair: len(pair[1].groupdict()))

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        found = self._candidates(path, method)
        if not found:
            return None
        route, matched = found[0]
        return route, {k: unquote(v) for k, v in matched.groupdict().items()}

    def template_for(self, path: str) -> str | None:
        """The template a path belongs to whatever the method (for faults and the log)."""
        found = self._candidates(path, None)
        return found[0][0].template if found else None


def paginate(request: Request, items: list, *, per_page_default: int = 30, cap: int | None = None) -> tuple[list, dict[str, str]]:
    """One page of ``items`` and the Link header GitHub would send with it.

    ``per_page`` defaults to 30 and is clamped to 100; links carry the request's own query with the page
    replaced, in GitHub's order: prev, next, last, first.
    """
    if cap is not None:
        items = items[:cap]
    per_page = max(1, min(request.int_arg("per_page", per_page_default), 100))
    page = max(1, request.int_arg("page", 1))
    last = max(1, -(-len(items) // per_page))
    chunk = items[(page - 1) * per_page : page * per_page]
    headers: dict[str, str] = {}
    if len(items) > per_page or page > 1:
        base_query = [(k, v) for k, values in request.query.items() if k != "page" for v in values]
        base = f"{request.render.api}{request.path}"

        def link(number: int, rel: str) -> str:
            return f'<{base}?{urlencode(base_query + [("page", str(number))])}>; rel="{rel}"'

        links = []
        if page > 1:
            links.append(link(min(page - 1, last), "prev"))
        if page < last:
            links.append(link(page + 1, "next"))
            links.append(link(last, "last"))
        if page > 1:
            links.append(link(1, "first"))
        headers["Link"] = ", ".join(links)
    return chunk, headers


def paged(request: Request, items: list, render_one: Callable[[Any], object] = lambda item: item, **options: Any) -> Response:
    """A list route's answer: one page of ``items``, each rendered, with its Link header."""
    page, headers = paginate(request, items, **options)
    return Response(200, [render_one(item) for item in page], headers)
