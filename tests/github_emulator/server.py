"""The HTTP side: a threaded loopback server that answers like api.github.com.

Each request goes through the same gates as on GitHub, in GitHub's order: faults a load balancer would
cause, authentication, the rate-limit budget, the token's permission, then the route. Every response
carries the ``x-ratelimit-*`` headers of the budget it spent; every call lands in the request log.
"""

from __future__ import annotations

import json
import socket
import threading
import traceback
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from .faults import Fault
from .models import Token
from .ratelimit import Budget, rate_key
from .requestlog import LoggedRequest
from .routing import HttpError, Request, Response, Route

if TYPE_CHECKING:
    from . import GitHubEmulator

RATE_DOCS = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"
API_VERSION = "2022-11-28"

_HTML_502 = b"<html><body><h1>502 Bad Gateway</h1>\nThe server returned an invalid or incomplete response.\n</body></html>\n"
_HTML_503 = (
    b"<html><body><h1>503 Service Unavailable</h1>\nNo server is currently available to service your request. "
    b"Sorry about that. Please try resubmitting your request and contact us if the problem persists.\n</body></html>\n"
)


class _Dropped(Exception):
    """Close the connection without answering."""


def _loggable(raw_body: bytes) -> object:
    if not raw_body:
        return None
    try:
        return json.loads(raw_body)
    except ValueError:
        return raw_body.decode("utf-8", "replace")


def secondary_limit_body(request_id: str) -> dict:
    return {
        "message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. "
        f"If you reach out to GitHub Support for help, please include the request ID {request_id}.",
        "documentation_url": f"{RATE_DOCS}#about-secondary-rate-limits",
        "status": "403",
    }


def primary_limit_message(token: Token | None, state) -> str:
    if token is None:
        return ("API rate limit exceeded for 127.0.0.1. (But here's the good news: Authenticated requests get a higher "
                "rate limit. Check out the documentation for more details.)")
    if token.kind == "installation":
        return f"API rate limit exceeded for installation ID {token.installation_id}."
    return f"API rate limit exceeded for user ID {state.user(token.login).id}."


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "GitHub.com"
    sys_version = ""
    timeout = 30  # an idle keep-alive connection does not hold its thread forever
    emulator: "GitHubEmulator"  # set on the subclass the emulator creates

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002  (the stdlib's name)
        """Silent: the request log is the record."""

    def setup(self) -> None:
        super().setup()
        # Headers and body leave in two writes; without this, Nagle and delayed ACKs add ~40 ms a call.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.emulator._connections.add(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.emulator._connections.discard(self.connection)

    def do_GET(self) -> None:
        self._handle()

    do_POST = do_PATCH = do_PUT = do_DELETE = do_GET

    # ------------------------------------------------------------------------------------------

    def _handle(self) -> None:
        emu = self.emulator
        request_id = uuid.uuid4().hex[:8].upper() + ":" + uuid.uuid4().hex[:6].upper()
        split = urlsplit(self.path)
        raw_path = split.path
        query = parse_qs(split.query, keep_blank_values=True)
        length = int(self.headers.get("Content-Length") or 0)
        raw_body = self.rfile.read(length) if length else b""
        path = emu._route_path(raw_path)
        matched = emu.routes.match(self.command, path) if path is not None else None
        route = matched[0] if matched else None
        template = route.template if route else (emu.routes.template_for(path) if path is not None else None)
        token_value = self._token_value()
        token = emu.state.tokens.get(token_value) if token_value else None
        fault = emu.faults.take(self.command, path if path is not None else raw_path, template)
        headers: dict[str, str] = {}
        body_for_log = _loggable(raw_body)
        resource: str | None = None
        try:
            response = None
            if fault is not None and fault.when == "before":
                response = self._fault_response(fault, token, route, request_id)
            if response is None:
                response, resource = self._respond(route, matched[1] if matched else {}, path or raw_path, query, raw_body, token, token_value, headers)
                if fault is not None and (fault.when == "after" or fault.kind == "malformed-json"):
                    response = self._fault_response(fault, token, route, request_id, processed=response) or response
        except _Dropped:
            emu.log.append(LoggedRequest(self.command, path or raw_path, query, 0, token_value, template, body_for_log, fault.kind if fault else None, resource))
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        all_headers = {**headers, **response.headers}
        # Logged before the answer leaves, so a client that has its answer always finds its call logged.
        emu.log.append(LoggedRequest(self.command, path or raw_path, query, response.status, token_value, template, body_for_log, fault.kind if fault else None, resource, all_headers))
        self._send(response.status, response.body, all_headers, request_id)

    def _token_value(self) -> str | None:
        header = self.headers.get("Authorization", "")
        scheme, _, value = header.partition(" ")
        if scheme.lower() in ("token", "bearer") and value.strip():
            return value.strip()
        return None

    def _respond(self, route: Route | None, params: dict[str, str], path: str, query: dict[str, list[str]], raw_body: bytes,
                 token: Token | None, token_value: str | None, headers: dict[str, str]) -> tuple[Response, str | None]:
        emu = self.emulator
        if token_value is None:
            return Response(401, HttpError(401, "Requires authentication", documentation_url=f"{emu_docs(route)}").body()), None
        if token is None:
            return Response(401, HttpError(401, "Bad credentials").body()), None
        if route is None:
            return Response(404, HttpError(404, "Not Found").body()), None
        resource = route.resource or None
        if resource:
            budget, allowed = emu.state.rate_limits.spend(rate_key(token), resource)
            headers.update(budget.headers(resource))
            if not allowed:
                return self._primary_limited(token, route), resource
        else:  # free calls (GET /rate_limit) still report the core budget
            headers.update(emu.state.rate_limits.peek(rate_key(token), "core").headers("core"))
        with emu.state.lock:
            request = Request(self.command, path, query, {k.lower(): v for k, v in self.headers.items()}, raw_body, params, emu.state, emu.render, token)
            try:
                refusal = self._permission_refusal(route, request)
                if refusal is not None:
                    return refusal, resource
                return route.handler(request), resource
            except HttpError as error:
                return Response(error.status, error.body(), error.headers), resource
            except Exception:  # an emulator bug: answer 500 and keep it for the fixture to report
                emu.internal_errors.append(f"{self.command} {path}\n{traceback.format_exc()}")
                return Response(500, {"message": "Server Error (emulator bug, see internal_errors)"}), resource

    def _permission_refusal(self, route: Route, request: Request) -> Response | None:
        if route.permission is None:
            return None
        token = request.token
        assert token is not None
        category, level = route.permission
        if token.allows(category, level):
            return None
        # Issue routes work on pull requests with the pull_requests permission too, as on GitHub.
        if category == "issues" and "issue_number" in request.params:
            repo = request.state.repos.get(f"{request.params.get('owner')}/{request.params.get('repo')}".lower())
            number = request.params["issue_number"]
            issue = repo.issues.get(int(number)) if repo is not None and number.isdigit() else None
            if issue is not None and issue.pull is not None and token.allows("pull_requests", level):
                return None
        # ... and so do the routes of a comment on a pull request (GitHub keys them off the comment's issue).
        if category == "issues" and "comment_id" in request.params and token.allows("pull_requests", level):
            try:
                issue, _ = request.state.find_comment(f"{request.params.get('owner')}/{request.params.get('repo')}", int(request.params["comment_id"]))
            except (LookupError, ValueError):  # state.NotFound is a LookupError
                issue = None
            if issue is not None and issue.pull is not None:
                return None
        message = "Resource not accessible by integration" if token.kind == "installation" else "Resource not accessible by personal access token"
        return Response(403, HttpError(403, message).body(), {"x-accepted-github-permissions": f"{category}={level}"})

    def _primary_limited(self, token: Token | None, route: Route | None) -> Response:
        state = self.emulator.state
        if route is not None and route.resource == "graphql":
            message = primary_limit_message(token, state).replace("exceeded", "already exceeded")
            return Response(200, {"errors": [{"type": "RATE_LIMIT", "code": "graphql_rate_limit", "message": message}]})
        body = {"message": primary_limit_message(token, state), "documentation_url": f"{RATE_DOCS}#about-primary-rate-limits", "status": "403"}
        return Response(self.emulator.primary_limit_status, {**body, "status": str(self.emulator.primary_limit_status)})

    def _fault_response(self, fault: Fault, token: Token | None, route: Route | None, request_id: str, processed: Response | None = None) -> Response | None:
        emu = self.emulator
        kind = fault.kind
        if kind == "slow":
            emu._stopping.wait(fault.delay)
            return processed  # before: carry on normally; after: the processed answer, late
        if kind == "drop":
            raise _Dropped()
        if kind == "500":
            return Response(500, {"message": "Server Error"})
        if kind in ("502", "503"):
            return Response(int(kind), _Raw(_HTML_502 if kind == "502" else _HTML_503, "text/html; charset=utf-8"))
        if kind in ("secondary-rate-limit", "429"):
            status = 403 if kind == "secondary-rate-limit" else 429
            return Response(status, {**secondary_limit_body(request_id), "status": str(status)}, {"Retry-After": str(fault.retry_after)})
        if kind == "rate-limit":
            resource = route.resource if route is not None and route.resource else "core"
            limit = emu.state.rate_limits.defaults[resource][0]
            budget = Budget(limit, limit, int(emu.state.epoch()) + fault.reset_in)  # spent to the last call
            limited = self._primary_limited(token, route)
            limited.headers.update(budget.headers(resource))
            return limited
        if kind == "forbidden":
            return Response(403, HttpError(403, fault.message).body())
        if kind == "malformed-json":
            if processed is None:
                return None  # run the request first; the fault cuts its real answer
            text = json.dumps(processed.body).encode() if not isinstance(processed.body, _Raw) else processed.body.data
            return Response(processed.status if processed.status != 204 else 200, _Raw(text[: max(1, len(text) // 2)], "application/json; charset=utf-8"), processed.headers)
        raise AssertionError(f"unhandled fault kind {kind}")

    def _send(self, status: int, body: object, headers: dict[str, str], request_id: str) -> None:
        if isinstance(body, _Raw):
            data, content_type = body.data, body.content_type
        elif body is None:
            data, content_type = b"", None
        else:
            data, content_type = json.dumps(body, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8"
        try:
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("x-github-api-version-selected", API_VERSION)
            self.send_header("x-github-media-type", "github.v3; format=json")
            self.send_header("x-github-request-id", request_id)
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            if data:
                self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (a timeout on a slow response)


class _Raw:
    """A body sent as is (HTML error pages, truncated JSON)."""

    def __init__(self, data: bytes, content_type: str) -> None:
        self.data = data
        self.content_type = content_type


def emu_docs(route: Route | None) -> str:
    if route is not None and route.resource == "graphql":
        return "https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql"
    return "https://docs.github.com/rest"


def serve(emulator: "GitHubEmulator") -> tuple[ThreadingHTTPServer, threading.Thread]:
    """Accept connections until the emulator's stop event is set (stop() then wakes the loop with one
    last connection): no polling, so stopping is immediate and an idle emulator costs nothing."""
    handler = type("BoundHandler", (Handler,), {"emulator": emulator})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    server.timeout = None

    def accept_loop() -> None:
        while not emulator._stopping.is_set():
            server.handle_request()

    thread = threading.Thread(target=accept_loop, name="github-emulator", daemon=True)
    thread.start()
    return server, thread
