"""Every webhook payload in the corpus, the two events the corpus lacks (built from a neighbour), and the
odd files a local run can hand us: each becomes a typed event or one clear line with exit code 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from process_gates.errors import UsageError
from process_gates.findings import ExitCode
from process_gates.github.events import (
    IssuesEvent,
    MergeGroupEvent,
    PullRequestEvent,
    WorkflowDispatchEvent,
    parse_event,
    parse_merge_queue_ref,
    read_payload,
)

CORPUS_WEBHOOKS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "webhooks"
PAYLOAD_FILES = sorted(p.name for p in CORPUS_WEBHOOKS.glob("*.json")) if CORPUS_WEBHOOKS.is_dir() else []


@pytest.fixture
def webhooks(corpus_dir: Path) -> Path:
    return corpus_dir / "webhooks"


def load(webhooks: Path, name: str) -> dict:
    return read_payload(str(webhooks / name))


def event_name_of(filename: str) -> str:
    return filename.split(".", 1)[0]


@pytest.mark.parametrize("filename", PAYLOAD_FILES or ["(corpus absent)"])
def test_every_corpus_payload_parses(webhooks: Path, filename: str) -> None:
    payload = load(webhooks, filename)
    event = parse_event(event_name_of(filename), payload, source=filename)
    assert event.event_name == event_name_of(filename)
    assert event.repository is not None and event.repository.full_name.count("/") == 1
    if isinstance(event, (PullRequestEvent, IssuesEvent)):
        assert event.action == filename.split(".")[1]
        assert event.number > 0 and event.title


def test_corpus_covers_the_events_we_handle() -> None:
    if not PAYLOAD_FILES:
        pytest.skip(f"the real-world corpus is not present at {CORPUS_WEBHOOKS}")
    assert {event_name_of(f) for f in PAYLOAD_FILES} == {"issues", "merge_group", "pull_request", "workflow_dispatch"}


def test_pull_request_opened_fields(webhooks: Path) -> None:
    event = parse_event("pull_request", load(webhooks, "pull_request.opened.payload.json"))
    assert isinstance(event, PullRequestEvent)
    assert (event.number, event.author.login, event.labels) == (2, "Codertocat", ("bug",))
    assert (event.base_ref, event.head_ref, event.head_repo) == ("master", "changes", "Codertocat/Hello-World")
    assert not event.from_fork and event.state == "open" and event.label is None


def test_null_bodies_become_empty_text(webhooks: Path) -> None:
    pr = parse_event("pull_request", load(webhooks, "pull_request.opened.with-null-body.json"))
    issue = parse_event("issues", load(webhooks, "issues.opened.with-empty-body.payload.json"))
    assert pr.body == "" and issue.body == ""  # type: ignore[union-attr]


def test_labeled_events_name_the_label(webhooks: Path) -> None:
    pr = parse_event("pull_request", load(webhooks, "pull_request.labeled.payload.json"))
    issue = parse_event("issues", load(webhooks, "issues.labeled.with-organization.payload.json"))
    assert isinstance(pr, PullRequestEvent) and pr.label
    assert isinstance(issue, IssuesEvent) and issue.label and issue.label in issue.labels


def test_pull_request_target_reads_the_same_payload(webhooks: Path) -> None:
    event = parse_event("pull_request_target", load(webhooks, "pull_request.synchronize.payload.json"))
    assert isinstance(event, PullRequestEvent) and event.event_name == "pull_request_target"


def test_merge_group_names_its_pr(webhooks: Path) -> None:
    event = parse_event("merge_group", load(webhooks, "merge_group.checks_requested.payload.json"))
    assert isinstance(event, MergeGroupEvent)
    assert event.pr_number == 104 and event.require_pr_number() == 104
    assert event.base_ref == "refs/heads/main"


def test_merge_group_with_an_unknown_ref_shape_says_so(webhooks: Path) -> None:
    payload = load(webhooks, "merge_group.checks_requested.payload.json")
    payload["merge_group"]["head_ref"] = "refs/heads/some-queue/main"
    event = parse_event("merge_group", payload)
    assert isinstance(event, MergeGroupEvent) and event.pr_number is None
    with pytest.raises(UsageError, match="does not name a pull request"):
        event.require_pr_number()


@pytest.mark.parametrize(
    "ref, expected",
    [
        ("refs/heads/gh-readonly-queue/main/pr-104-929f8209d40f77f4abc622a499c93a83babdbe64", ("main", 104)),
        ("gh-readonly-queue/release/1.x/pr-7-" + "a" * 40, ("release/1.x", 7)),
        ("refs/heads/gh-readonly-queue/main/pr-0-" + "a" * 40, None),
        ("refs/heads/gh-readonly-queue/main/pr-12-notasha", None),
        ("refs/heads/main", None),
    ],
)
def test_parse_merge_queue_ref(ref: str, expected: tuple[str, int] | None) -> None:
    assert parse_merge_queue_ref(ref) == expected


def test_workflow_dispatch_inputs_are_strings(webhooks: Path) -> None:
    payload = load(webhooks, "workflow_dispatch.payload.json")
    event = parse_event("workflow_dispatch", payload)
    assert isinstance(event, WorkflowDispatchEvent)
    assert event.inputs == {"name": "Mona the Octocat"} and event.ref == "refs/heads/master"
    payload["inputs"] = {"dry_run": True, "days": 3}
    assert parse_event("workflow_dispatch", payload).inputs == {"dry_run": "true", "days": "3"}  # type: ignore[union-attr]


def test_schedule_needs_no_payload_beyond_the_cron() -> None:
    event = parse_event("schedule", {"schedule": "0 9 * * 1"})
    assert event.cron == "0 9 * * 1" and event.repository is None  # type: ignore[union-attr]


def test_issues_closed_built_from_reopened(webhooks: Path) -> None:
    """The corpus has no issues.closed example (see its MANIFEST); we build one from issues.reopened,
    setting what webhooks/schemas/issues.closed.schema.json requires: action closed, state closed, closed_at."""
    schema = json.loads((webhooks / "schemas" / "issues.closed.schema.json").read_text())
    payload = load(webhooks, "issues.reopened.payload.json")
    payload["action"] = "closed"
    payload["issue"].update(state="closed", closed_at="2019-05-15T16:00:00Z", state_reason="completed")
    assert set(schema["required"]) <= set(payload)
    event = parse_event("issues", payload)
    assert isinstance(event, IssuesEvent)
    assert (event.action, event.state, event.state_reason, event.closed_at) == (
        "closed", "closed", "completed", "2019-05-15T16:00:00Z"
    )


def test_pull_request_edited_built_from_opened(webhooks: Path) -> None:
    """The corpus has no pull_request.edited example; we build one from pull_request.opened with the
    `changes` object webhooks/schemas/pull_request.edited.schema.json requires."""
    schema = json.loads((webhooks / "schemas" / "pull_request.edited.schema.json").read_text())
    payload = load(webhooks, "pull_request.opened.payload.json")
    payload["action"] = "edited"
    payload["changes"] = {"body": {"from": "the old body"}}
    payload["pull_request"]["body"] = "Closes #1, design: docs/design/x.md"
    assert set(schema["required"]) <= set(payload)
    event = parse_event("pull_request", payload)
    assert isinstance(event, PullRequestEvent) and event.action == "edited" and "docs/design" in event.body


def test_fork_with_deleted_head_repository(webhooks: Path) -> None:
    payload = load(webhooks, "pull_request.opened.payload.json")
    payload["pull_request"]["head"]["repo"] = None
    event = parse_event("pull_request", payload)
    assert event.head_repo is None and event.from_fork  # type: ignore[union-attr]


# ------------------------------------------------------------------------------------- bad shapes


@pytest.mark.parametrize(
    "mutate, field",
    [
        (lambda p: p.update(pull_request=None), "`pull_request` is null"),
        (lambda p: p["pull_request"].pop("head"), "`pull_request.head` is missing"),
        (lambda p: p["pull_request"]["user"].update(login=None), "`pull_request.user.login` is null"),
        (lambda p: p["pull_request"].update(labels="bug"), "`pull_request.labels` is a string"),
        (lambda p: p["pull_request"]["labels"].append(3), "`pull_request.labels[1]` is an integer"),
        (lambda p: p["pull_request"].update(number="2"), "`pull_request.number` is a string"),
        (lambda p: p["pull_request"].update(draft="no"), "`pull_request.draft` is a string"),
        (lambda p: p.update(number=3), "`number` is an integer, expected 2"),
        (lambda p: p["repository"].update(full_name="no-slash"), "`repository.full_name` is a string"),
    ],
)
def test_bad_pull_request_shapes_are_one_line(webhooks: Path, mutate, field: str) -> None:
    payload = load(webhooks, "pull_request.opened.payload.json")
    mutate(payload)
    with pytest.raises(UsageError) as caught:
        parse_event("pull_request", payload, source="event.json")
    message = caught.value.message
    assert field in message and message.startswith("event.json: ") and "\n" not in message
    assert caught.value.exit_code is ExitCode.USAGE


def _mutations(value: object, path: tuple = ()):
    """Every (path, replacement) that swaps one value for a wrong-typed one, down to depth 4."""
    if len(path) >= 4:
        return
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else []
    for key, child in items:
        for wrong in (None, [], "x", 7, {}):
            yield path + (key,), wrong
        yield from _mutations(child, path + (key,))


@pytest.mark.parametrize("filename", PAYLOAD_FILES or ["(corpus absent)"])
def test_no_payload_mutation_raises_anything_but_usage_error(webhooks: Path, filename: str) -> None:
    original = load(webhooks, filename)
    serialized = json.dumps(original)
    event_name = event_name_of(filename)
    tried = 0
    for path, wrong in _mutations(original):
        payload = json.loads(serialized)
        target = payload
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = wrong
        try:
            parse_event(event_name, payload)
        except UsageError as exc:
            assert "\n" not in exc.message
        tried += 1
    assert tried > 100


def test_unhandled_event_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="the `push` event is not handled; run process-gates on one of: pull_request"):
        parse_event("push", {})


# ------------------------------------------------------------------------------------- odd files


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"", "the event payload is empty"),
        (b"  \n", "the event payload is empty"),
        (b"[1, 2]", "must be a JSON object, found an array"),
        (b"null", "must be a JSON object, found null"),
        (b'{"action": ', "1:12: the event payload is not valid JSON: Expecting value"),
        (b'{"title": "caf\xe9"}', "is not UTF-8 (byte 0xe9 at offset 14)"),
        (b"[" * 100000 + b"]" * 100000, "nested too deeply"),
    ],
    ids=["empty", "blank", "array", "null", "invalid", "latin-1", "deep"],
)
def test_odd_payload_files(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "event.json"
    path.write_bytes(content)
    with pytest.raises(UsageError) as caught:
        read_payload(str(path))
    assert expected in caught.value.message and str(path) in caught.value.message
    assert "\n" not in caught.value.message


def test_huge_payload_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "event.json"
    with open(path, "wb") as handle:
        handle.truncate(26 * 1024 * 1024)  # sparse: costs no disk
    with pytest.raises(UsageError, match=r"is 26\.0 MiB, larger than the 25 MB GitHub caps payloads at"):
        read_payload(str(path))


def test_missing_payload_file(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="cannot read the event payload .*nope.json: No such file"):
        read_payload(str(tmp_path / "nope.json"))


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "event.json"
    path.write_bytes(b'\xef\xbb\xbf{"schedule": "* * * * *"}')
    assert read_payload(str(path)) == {"schedule": "* * * * *"}
