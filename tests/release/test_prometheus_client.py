"""The Prometheus client's failure handling, against a local HTTP server that answers as scripted (the
real Prometheus cannot be made to fail on cue): bounded retries, Retry-After, exit 3 naming the query,
no data kept apart from failures, and no secret in any message."""

from __future__ import annotations

import json
import threading
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator
from urllib.parse import parse_qs

import pytest

from process_gates.errors import ServiceError
from process_gates.release.prometheus import PrometheusClient, redact_url

AT = datetime(2024, 3, 29, 12, 0, tzinfo=timezone.utc)
QUERY = 'sum(increase(app_requests_total{code="200"}[1h]))'


def vector(*values: str) -> tuple[int, dict[str, str], bytes]:
    result = [{"metric": {"i": str(i)}, "value": [1711713600, v]} for i, v in enumerate(values)]
    return 200, {}, json.dumps({"status": "success", "data": {"resultType": "vector", "result": result}}).encode()


class Scripted:
    """Answers POST /api/v1/query with the next scripted (status, headers, body); records every request."""

    def __init__(self) -> None:
        self.answers: list[tuple[int, dict[str, str], bytes]] = []
        self.requests: list[dict] = []
        scripted = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                length = int(self.headers.get("Content-Length") or 0)
                form = parse_qs(self.rfile.read(length).decode())
                scripted.requests.append({"path": self.path, "form": form, "auth": self.headers.get("Authorization")})
                status, headers, body = scripted.answers.pop(0) if scripted.answers else vector("1")
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def scripted() -> Iterator[Scripted]:
    server = Scripted()
    yield server
    server.close()


def client(url: str, **kwargs: object) -> tuple[PrometheusClient, list[float]]:
    waits: list[float] = []
    return PrometheusClient(url, sleep=waits.append, **kwargs), waits  # type: ignore[arg-type]


def test_sends_the_query_at_the_moment_with_the_token(scripted: Scripted) -> None:
    prom, _ = client(scripted.url, token="s3cret")
    scripted.answers = [vector("10", "32.5")]
    sample = prom.instant(QUERY, AT)
    assert (sample.value, sample.series) == (42.5, 2)  # series are summed
    (request,) = scripted.requests
    assert request["path"] == "/api/v1/query"
    assert request["form"] == {"query": [QUERY], "time": ["1711713600.000"]}
    assert request["auth"] == "Bearer s3cret"
    assert "s3cret" not in repr(prom)


@pytest.mark.parametrize(
    ("answer", "series"),
    [
        (vector(), 0),
        (vector("NaN"), 1),
        ((200, {}, json.dumps({"status": "success", "data": {"resultType": "scalar", "result": [1, "NaN"]}}).encode()), 1),
    ],
    ids=["empty", "nan-vector", "nan-scalar"],
)
def test_empty_and_nan_are_no_data_not_failures(scripted: Scripted, answer, series: int) -> None:  # type: ignore[no-untyped-def]
    prom, _ = client(scripted.url)
    scripted.answers = [answer]
    sample = prom.instant(QUERY, AT)
    assert (sample.value, sample.series) == (None, series)


def test_5xx_is_retried_with_backoff_then_succeeds(scripted: Scripted) -> None:
    prom, waits = client(scripted.url)
    scripted.answers = [(503, {}, b"busy"), (502, {}, b"bad gateway"), vector("7")]
    assert prom.instant(QUERY, AT).value == 7.0
    assert len(scripted.requests) == 3
    assert len(waits) == 2 and 0.5 <= waits[0] <= 0.75 and 1.0 <= waits[1] <= 1.5


def test_retry_after_is_honoured(scripted: Scripted) -> None:
    prom, waits = client(scripted.url)
    scripted.answers = [(429, {"Retry-After": "2"}, b""), vector("1")]
    assert prom.instant(QUERY, AT).value == 1.0
    assert waits == [2.0]


def test_persistent_5xx_exits_3_after_bounded_attempts(scripted: Scripted) -> None:
    prom, waits = client(scripted.url)
    error = json.dumps({"status": "error", "errorType": "internal", "error": "out of memory"}).encode()
    scripted.answers = [(500, {}, error)] * 3
    with pytest.raises(ServiceError) as raised:
        prom.instant(QUERY, AT)
    assert raised.value.exit_code == 3
    assert raised.value.message == (
        f"Prometheus at {scripted.url} did not answer the query `{QUERY}` after 3 attempts: HTTP 500 (internal: out of memory)"
    )
    assert len(scripted.requests) == 3 and len(waits) == 2


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (
            (422, {}, json.dumps({"status": "error", "errorType": "execution", "error": "many-to-many matching"}).encode()),
            "rejected the query `{q}` (execution: many-to-many matching)",
        ),
        ((401, {}, b"unauthorized"), "refused the query `{q}`: HTTP 401; check the token variable (release.error_budget.prometheus_token_env)"),
        ((200, {}, b"<html>login</html>"), "answered the query `{q}` with something that is not JSON; is the URL the Prometheus server (not its UI behind a login page)?"),
        (
            (200, {}, json.dumps({"status": "success", "data": {"resultType": "matrix", "result": []}}).encode()),
            None,
        ),
    ],
    ids=["execution-error", "unauthorized", "not-json", "matrix"],
)
def test_permanent_failures_are_not_retried(scripted: Scripted, answer, message: str | None) -> None:  # type: ignore[no-untyped-def]
    prom, waits = client(scripted.url)
    scripted.answers = [answer]
    with pytest.raises(ServiceError) as raised:
        prom.instant(QUERY, AT)
    if message is None:
        assert raised.value.message == (
            f"the query `{QUERY}` returned a matrix, not a single number; an instant query over a window must aggregate "
            "to a number (wrap it in sum(...))"
        )
    else:
        assert raised.value.message == f"Prometheus at {scripted.url} " + message.format(q=QUERY)
    assert (len(scripted.requests), waits) == (1, [])


def test_credentials_in_the_url_never_reach_a_message() -> None:
    assert redact_url("https://user:pa55@prom.example.com:9090/prefix") == "https://***@prom.example.com:9090/prefix"
    prom, _ = client("http://user:pa55@127.0.0.1:1", attempts=1)
    with pytest.raises(ServiceError) as raised:
        prom.instant(QUERY, AT)
    assert "pa55" not in raised.value.message and "***@127.0.0.1:1" in raised.value.message
