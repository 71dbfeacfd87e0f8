"""The retry policy with injected time: what is retried, how long we wait, when we give up, and what a
write whose outcome is unknown does."""

from __future__ import annotations

import random

import pytest

from process_gates.errors import ServiceError
from process_gates.findings import ExitCode
from process_gates.github.retry import (
    Failure,
    FailureKind,
    Operation,
    RetryPolicy,
    RetryRunner,
    classify_status,
    parse_retry_after,
    required_wait,
)

READ = Operation("GET", "/repos/{owner}/{repo}/issues/{issue_number}/comments")
WRITE = Operation("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments")
NOW = 1_700_000_000.0


class Boom(Exception):
    def __init__(self, failure: Failure):
        super().__init__(failure.description)
        self.failure = failure


def classify(exc: BaseException) -> Failure | None:
    return exc.failure if isinstance(exc, Boom) else None


def scripted(*outcomes):
    """An attempt function that raises or returns the scripted outcomes in order, counting calls."""
    calls = []

    def attempt():
        outcome = outcomes[len(calls)]
        calls.append(outcome)
        if isinstance(outcome, Failure):
            raise Boom(outcome)
        return outcome

    attempt.calls = calls  # type: ignore[attr-defined]
    return attempt


E503 = Failure(FailureKind.TRANSIENT, "HTTP 503", 503, maybe_processed=True)
DROPPED = Failure(FailureKind.TRANSIENT, "connection dropped before a response", maybe_processed=True)
REFUSED = Failure(FailureKind.TRANSIENT, "connection refused", maybe_processed=False)


def runner(fake_time, **policy) -> RetryRunner:
    return RetryRunner(RetryPolicy(**policy), fake_time.clock, random.Random(7))


# ----------------------------------------------------------------------------------- classification


@pytest.mark.parametrize(
    "status, headers, message, kind, wait_hint",
    [
        (500, {}, "", FailureKind.TRANSIENT, None),
        (502, {}, "", FailureKind.TRANSIENT, None),
        (503, {"Retry-After": "5"}, "", FailureKind.TRANSIENT, ("retry_after", 5.0)),
        (429, {"retry-after": "3"}, "", FailureKind.RATE_LIMITED, ("retry_after", 3.0)),
        (403, {"retry-after": "2"}, "You have exceeded a secondary rate limit", FailureKind.RATE_LIMITED, ("retry_after", 2.0)),
        (403, {}, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", FailureKind.RATE_LIMITED, None),
        (403, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int(NOW) + 30)}, "API rate limit exceeded for user ID 1.", FailureKind.RATE_LIMITED, ("reset_at", NOW + 30)),
        (403, {"x-ratelimit-remaining": "4999"}, "Resource not accessible by integration", FailureKind.PERMANENT, None),
        (404, {}, "Not Found", FailureKind.PERMANENT, None),
        (422, {}, "Validation Failed", FailureKind.PERMANENT, None),
    ],
)
def test_classify_status(status, headers, message, kind, wait_hint) -> None:
    failure = classify_status(status, headers, message, NOW)
    assert failure.kind is kind and failure.status == status
    if wait_hint:
        assert getattr(failure, wait_hint[0]) == wait_hint[1]
    assert failure.maybe_processed is (kind is FailureKind.TRANSIENT)


def test_retry_after_as_http_date() -> None:
    assert parse_retry_after("Tue, 14 Nov 2023 22:13:40 GMT", NOW) == pytest.approx(20.0)
    assert parse_retry_after("soon", NOW) is None
    assert parse_retry_after(None, NOW) is None


def test_full_jitter_stays_under_a_doubling_cap() -> None:
    policy = RetryPolicy(base_delay=1.0, max_delay=8.0)
    rng = random.Random(1)
    for attempt, cap in [(1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (5, 8.0), (9, 8.0)]:
        waits = [required_wait(E503, attempt, policy, NOW, rng) for _ in range(200)]
        assert all(0.0 <= w <= cap for w in waits)
        assert max(waits) > cap * 0.8 and min(waits) < cap * 0.2  # spread over the whole range


def test_waits_github_asks_for() -> None:
    policy, rng = RetryPolicy(), random.Random(0)
    assert required_wait(Failure(FailureKind.RATE_LIMITED, "", 429, retry_after=7), 1, policy, NOW, rng) == 7
    assert required_wait(Failure(FailureKind.RATE_LIMITED, "", 403, reset_at=NOW + 12), 1, policy, NOW, rng) == 13
    assert required_wait(Failure(FailureKind.RATE_LIMITED, "", 403, reset_at=NOW - 5), 1, policy, NOW, rng) == 1
    assert required_wait(Failure(FailureKind.RATE_LIMITED, "", 403), 1, policy, NOW, rng) == 60


# ----------------------------------------------------------------------------------- the loop


def test_success_after_transient_failures(fake_time) -> None:
    attempt = scripted(E503, DROPPED, "ok")
    assert runner(fake_time).run(READ, attempt, classify) == "ok"
    assert len(attempt.calls) == 3 and len(fake_time.sleeps) == 2


def test_rate_limit_waits_exactly_as_told(fake_time) -> None:
    limited = Failure(FailureKind.RATE_LIMITED, "HTTP 429", 429, retry_after=4)
    exhausted = Failure(FailureKind.RATE_LIMITED, "HTTP 403", 403, reset_at=fake_time.wall + 9)
    attempt = scripted(limited, exhausted, "ok")
    assert runner(fake_time).run(READ, attempt, classify) == "ok"
    assert fake_time.sleeps == [4, pytest.approx(10 - 4)]  # reset was 9 s ahead at the start; 4 s passed


def test_gives_up_within_the_budget_with_a_clear_message(fake_time) -> None:
    attempt = scripted(*[E503] * 50)
    with pytest.raises(ServiceError) as caught:
        runner(fake_time, budget=10.0, base_delay=1.0, max_delay=4.0, max_attempts=50).run(READ, attempt, classify)
    assert fake_time.slept <= 10.0
    message = caught.value.message
    assert caught.value.exit_code is ExitCode.SERVICE
    assert message.startswith("GitHub GET /repos/{owner}/{repo}/issues/{issue_number}/comments failed: HTTP 503 after ")
    assert "retry budget" in message and "githubstatus.com" in message


def test_max_attempts_bounds_zero_waits(fake_time) -> None:
    attempt = scripted(*[E503] * 10)
    with pytest.raises(ServiceError, match="HTTP 503 after 3 attempts"):
        runner(fake_time, max_attempts=3, base_delay=0.0).run(READ, attempt, classify)
    assert len(attempt.calls) == 3


def test_a_reset_beyond_the_budget_gives_up_without_sleeping(fake_time) -> None:
    exhausted = Failure(FailureKind.RATE_LIMITED, "HTTP 403 rate limit exhausted", 403, reset_at=fake_time.wall + 1800)
    with pytest.raises(ServiceError) as caught:
        runner(fake_time, budget=60).run(READ, scripted(exhausted), classify)
    assert fake_time.sleeps == []
    assert "waiting 1801.0 s more would overrun the 60 s retry budget" in caught.value.message
    assert "rate limit resets at 22:43:20 UTC; re-run the job after that" in caught.value.message


def test_permanent_and_unknown_errors_are_not_retried(fake_time) -> None:
    not_found = Failure(FailureKind.PERMANENT, "HTTP 404", 404)
    with pytest.raises(Boom):
        runner(fake_time).run(READ, scripted(not_found), classify)
    with pytest.raises(KeyError):
        runner(fake_time).run(READ, lambda: {}["x"], classify)
    assert fake_time.sleeps == []


def test_write_with_unknown_outcome_is_not_repeated_blindly(fake_time) -> None:
    attempt = scripted(DROPPED, "second write")
    with pytest.raises(ServiceError) as caught:
        runner(fake_time).run(WRITE, attempt, classify)
    assert len(attempt.calls) == 1
    assert "may or may not have happened and is not repeated blindly" in caught.value.message


def test_write_reconciled_when_it_landed(fake_time) -> None:
    attempt = scripted(DROPPED, "second write")
    looked = []
    result = runner(fake_time).run(WRITE, attempt, classify, reconcile=lambda: looked.append(1) or "the first write")
    assert result == "the first write" and len(attempt.calls) == 1 and looked == [1]


def test_write_repeated_when_reconcile_finds_nothing(fake_time) -> None:
    attempt = scripted(E503, "written")
    assert runner(fake_time).run(WRITE, attempt, classify, reconcile=lambda: None) == "written"
    assert len(attempt.calls) == 2


def test_write_refused_before_processing_is_retried_without_looking(fake_time) -> None:
    limited = Failure(FailureKind.RATE_LIMITED, "HTTP 429", 429, retry_after=1)
    attempt = scripted(limited, REFUSED, "written")

    def reconcile():
        raise AssertionError("a refused write needs no reconcile")

    assert runner(fake_time).run(WRITE, attempt, classify, reconcile=reconcile) == "written"


def test_reconcile_reads_share_the_write_budget(fake_time) -> None:
    outer = runner(fake_time, budget=10.0, base_delay=1.0, max_delay=2.0, max_attempts=100)
    reads = []

    def reconcile():
        # The read is retried by the same runner: it must stop at the write's deadline, not its own.
        return outer.run(READ, lambda: reads.append(1) or (_ for _ in ()).throw(Boom(E503)), classify)

    with pytest.raises(ServiceError):
        outer.run(WRITE, scripted(DROPPED), classify, reconcile=reconcile)
    assert fake_time.slept <= 10.0 and len(reads) >= 2


def test_graphql_query_may_be_repeated() -> None:
    assert Operation("POST", "/graphql (viewer)", repeatable=True).idempotent
    assert not Operation("POST", "/graphql (addComment)", repeatable=False).idempotent
    assert str(Operation("post", "/x")) == "POST /x"


def test_a_timed_out_write_is_looked_for_after_the_server_limit(fake_time) -> None:
    timed_out = Failure(FailureKind.TRANSIENT, "no response within 2 s", maybe_processed=True, in_flight=True)

    def attempt():
        fake_time.advance(2.0)  # the request took the whole timeout
        raise Boom(timed_out)

    found = runner(fake_time, server_time_limit=10.0, base_delay=0.1).run(WRITE, attempt, classify, reconcile=lambda: "landed")
    assert found == "landed" and fake_time.sleeps == [pytest.approx(8.0)]
