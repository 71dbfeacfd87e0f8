"""Every route the emulator serves answers as GitHub's official OpenAPI description says it does.

The routes come from the emulator's own route table, so a new route is checked the moment it exists.
For each: a real request over HTTP, the status must be one the description declares, and the JSON body
must validate against that status's schema (``$ref``s resolved; OpenAPI's ``nullable`` honoured; the
lenient ``oneOf``s of the description read as ``anyOf``; timestamps must be ISO-8601 with ``Z``). Timeline
and event items are checked against the schema of their own event kind, not only the loose union.
Error bodies (401, 404, 422) are checked too.
"""

from __future__ import annotations

import copy
import json
import os
import re
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from jsonschema import Draft4Validator, FormatChecker

from github_emulator import GitHubEmulator
from github_emulator.routes import TABLE
from github_emulator.routing import Route
from github_emulator.sample import SampleWorld, seed_sample_world

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SPEC = PROJECT_ROOT / ".ci-tools/node_modules/@octokit/openapi/generated/api.github.com.json"

#: Routes that are not REST: checked by test_graphql.py against GitHub's GraphQL schema instead.
NOT_REST = {"POST /graphql"}

#: Undocumented aliases GitHub still serves (and PyGithub uses) -> the documented operation they mirror.
ALIASES = {"GET /repos/{owner}/{repo}/statuses/{sha}": "GET /repos/{owner}/{repo}/commits/{ref}/statuses"}

#: A request body for every write route, each valid against the description's request schema.
BODIES: dict[str, object] = {
    "POST /repos/{owner}/{repo}/issues": {"title": "Postmortem: checkout outage", "body": "Timeline TBD", "labels": ["postmortem"], "assignees": ["alice"]},
    "PATCH /repos/{owner}/{repo}/issues/{issue_number}": {"state": "closed", "state_reason": "not_planned", "title": "Renamed"},
    "POST /repos/{owner}/{repo}/issues/{issue_number}/labels": {"labels": ["bug", "sev1"]},
    "PUT /repos/{owner}/{repo}/issues/{issue_number}/labels": {"labels": ["bug"]},
    "POST /repos/{owner}/{repo}/labels": {"name": "sev2", "color": "fbca04", "description": "Severity 2"},
    "PATCH /repos/{owner}/{repo}/labels/{name}": {"new_name": "defect", "color": "d73a4a"},
    "POST /repos/{owner}/{repo}/milestones": {"title": "v2.0", "state": "open", "due_on": "2031-01-01T00:00:00Z"},
    "POST /repos/{owner}/{repo}/issues/{issue_number}/comments": {"body": "<!-- process-gates:prd -->\nPRD missing."},
    "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}": {"body": "edited"},
    "POST /repos/{owner}/{repo}/statuses/{sha}": {"state": "failure", "context": "process-gates/quality", "description": "2 errors", "target_url": "https://ci.example.com/2"},
    "POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun": {"enable_debug_logging": False},
    "POST /repos/{owner}/{repo}/check-runs": {"name": "process-gates / slo", "head_sha": "HEAD_SHA", "status": "completed", "conclusion": "failure",
                                              "output": {"title": "1 error", "summary": "slo/api.yaml:3: target out of range"}},
}

#: Query strings that make list routes return something (search needs q).
QUERIES: dict[str, str] = {"GET /search/issues": "q=repo:acme/widgets+is:issue+label:incident"}

#: Timeline/event kinds -> the specific schema the description has for each.
EVENT_SCHEMAS = {
    "labeled": "labeled-issue-event",
    "unlabeled": "unlabeled-issue-event",
    "milestoned": "milestoned-issue-event",
    "demilestoned": "demilestoned-issue-event",
    "renamed": "renamed-issue-event",
    "review_requested": "review-requested-issue-event",
    "commented": "timeline-comment-event",
    "cross-referenced": "timeline-cross-referenced-event",
    "reviewed": "timeline-reviewed-event",
    "committed": "timeline-committed-event",
    "assigned": "timeline-assigned-issue-event",
    "unassigned": "timeline-unassigned-issue-event",
}
ISSUE_EVENT_SCHEMAS = {**EVENT_SCHEMAS, "assigned": "assigned-issue-event", "unassigned": "unassigned-issue-event"}

#: Where the description contradicts itself, the emulator follows GitHub's behaviour. Each erratum names
#: the operation, the instance path (a regex) and the validator message it excuses, and says why.
ERRATA: list[tuple[str, str, str, str]] = [
    (
        "GET /repos/{owner}/{repo}/pulls",
        r"/\d+/labels/\d+/description",
        "None is not of type 'string'",
        "pull-request-simple inlines labels with a non-nullable description, while the same label in "
        "pull-request and in the label schema is nullable; GitHub sends null for a label without one.",
    ),
]

_ISO_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
FORMATS = FormatChecker(formats=())


@FORMATS.checks("date-time")
def _github_timestamp(value: object) -> bool:
    return not isinstance(value, str) or bool(_ISO_Z.match(value))


@FORMATS.checks("uri")
def _absolute_url(value: object) -> bool:
    return not isinstance(value, str) or value.startswith(("http://", "https://"))


def _spec_path() -> Path:
    return Path(os.environ.get("PROCESS_GATES_OPENAPI") or DEFAULT_SPEC)


def _json_schema(node: object) -> object:
    """OpenAPI 3.0 -> JSON Schema: ``nullable`` becomes a null alternative, ``oneOf`` becomes ``anyOf``
    (the description's oneOfs overlap: a private user is also a valid public user)."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _json_schema(value) for key, value in node.items() if key not in ("example", "examples", "discriminator")}
    if "oneOf" in out:
        out["anyOf"] = out.pop("oneOf")
    if out.pop("nullable", False):
        if "type" in out:
            out["type"] = [out["type"], "null"] if isinstance(out["type"], str) else [*out["type"], "null"]
            if "enum" in out:
                out["enum"] = [*out["enum"], None]
        else:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


@pytest.fixture(scope="module")
def spec() -> dict:
    path = _spec_path()
    if not path.is_file():
        pytest.skip(f"GitHub's OpenAPI description is not installed at {path}: run `npm install --prefix .ci-tools @octokit/openapi` "
                    "or set PROCESS_GATES_OPENAPI to api.github.com.json")
    document = json.loads(path.read_text(encoding="utf-8"))
    return {"paths": document["paths"], "components": _json_schema(document["components"])}


def _validator(spec: dict, schema: object) -> Draft4Validator:
    # The components travel with each schema so that "#/components/..." resolves against them.
    return Draft4Validator({**_json_schema(schema), "components": spec["components"]}, format_checker=FORMATS)  # type: ignore[dict-item]


def _errors(spec: dict, schema: object, instance: object, operation: str = "") -> list[str]:
    found = sorted(_validator(spec, schema).iter_errors(instance), key=lambda e: list(e.absolute_path))
    problems = []
    for error in found:
        where = "/" + "/".join(map(str, error.absolute_path))
        excused = any(op == operation and re.fullmatch(path, where) and message == error.message for op, path, message, _ in ERRATA)
        if not excused:
            problems.append(f"at {where}: {error.message[:300]}")
    return problems[:10]


def _response_schema(spec: dict, route_key: tuple[str, str], status: int) -> tuple[bool, object | None]:
    template, method = route_key
    operation = spec["paths"][template][method.lower()]
    response = operation["responses"].get(str(status))
    if response is None:
        return False, None
    if "$ref" in response:
        response = spec["components"]["responses"][response["$ref"].rsplit("/", 1)[-1]]
    return True, response.get("content", {}).get("application/json", {}).get("schema")


@pytest.fixture
def world(github_emulator: GitHubEmulator) -> SampleWorld:
    return seed_sample_world(github_emulator.state)


def _params(world: SampleWorld) -> dict[str, str]:
    return {
        "owner": "acme",
        "repo": "widgets",
        "issue_number": str(world.issue_number),
        "pull_number": str(world.pull_number),
        "comment_id": str(world.comment_id),
        "name": "bug",
        "milestone_number": "1",
        "sha": world.head_sha,
        "ref": world.head_sha,
        "org": world.team_org,
        "team_slug": world.team_slug,
        "username": world.member,
        "path": world.config_path,
        "run_id": str(world.run_id),
        "workflow_id": world.workflow_file,
    }


def _url(emu: GitHubEmulator, route: Route, params: dict[str, str]) -> str:
    path = route.template
    for name, value in params.items():
        path = path.replace("{" + name + "}", value if name == "path" else quote(value, safe=""))
    assert "{" not in path, f"no sample value for a parameter of {route.template}"
    query = QUERIES.get(route.operation)
    return f"{emu.url}{path}" + (f"?{query}" if query else "")


def _call(emu: GitHubEmulator, route: Route, params: dict[str, str], world: SampleWorld, token: str | None = None) -> requests.Response:
    body = copy.deepcopy(BODIES.get(route.operation))
    if isinstance(body, dict) and body.get("head_sha") == "HEAD_SHA":
        body["head_sha"] = world.head_sha
    return requests.request(
        route.method,
        _url(emu, route, params),
        json=body,
        headers={"Authorization": f"token {token or emu.token}", "Accept": "application/vnd.github+json"},
        timeout=10,
    )


REST_ROUTES = [r for r in TABLE.routes if r.operation not in NOT_REST]


def test_the_route_table_is_what_this_file_checks() -> None:
    operations = {r.operation for r in TABLE.routes}
    assert NOT_REST <= operations
    writes = {r.operation for r in REST_ROUTES if r.method in ("POST", "PATCH", "PUT") and r.operation not in BODIES}
    assert not writes, f"write routes without a sample body in BODIES: {sorted(writes)}"
    assert len(REST_ROUTES) >= 40


@pytest.mark.parametrize("route", REST_ROUTES, ids=lambda r: r.operation)
def test_route_answers_as_the_description_says(route: Route, spec: dict, github_emulator: GitHubEmulator, world: SampleWorld) -> None:
    method, template = ALIASES.get(route.operation, route.operation).split(" ", 1)
    assert template in spec["paths"], f"{template} is not a path of GitHub's REST API"
    operation = spec["paths"][template].get(method.lower())
    assert operation is not None, f"GitHub's REST API has no {route.operation}"

    request_body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    if route.operation in BODIES and request_body is not None:
        problems = _errors(spec, request_body, BODIES[route.operation])
        assert not problems, f"the sample body for {route.operation} is not what GitHub accepts: {problems}"

    response = _call(github_emulator, route, _params(world), world)
    declared, schema = _response_schema(spec, (template, method), response.status_code)
    assert declared and response.status_code < 300, f"{route.operation} answered {response.status_code}: {response.text[:500]}"
    if response.status_code == 204:
        assert response.content == b""
        return
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    assert schema is not None, f"the description has no JSON schema for {route.operation} {response.status_code}"
    problems = _errors(spec, schema, body, route.operation)
    assert not problems, f"{route.operation} {response.status_code} does not match GitHub's schema: {problems}"

    if route.template.endswith(("/timeline", "/events")):
        assert body, f"the sample world should give {route.operation} some items to check"
        kinds = EVENT_SCHEMAS if route.template.endswith("/timeline") else ISSUE_EVENT_SCHEMAS
        for item in body:
            specific = kinds.get(item["event"], "state-change-issue-event")
            problems = _errors(spec, {"$ref": f"#/components/schemas/{specific}"}, item)
            assert not problems, f"{item['event']} item does not match {specific}: {problems}"


@pytest.mark.parametrize("route", REST_ROUTES, ids=lambda r: r.operation)
def test_bad_credentials_answer_as_github_does(route: Route, spec: dict, github_emulator: GitHubEmulator, world: SampleWorld) -> None:
    response = _call(github_emulator, route, _params(world), world, token="ghp_revoked")
    assert response.status_code == 401
    body = response.json()
    assert body["message"] == "Bad credentials"
    assert not _errors(spec, {"$ref": "#/components/schemas/basic-error"}, body)


MISSING = {"issue_number": "999", "pull_number": "999", "comment_id": "999999", "name": "no-such-label", "milestone_number": "99",
           "username": "nobody", "team_slug": "no-team", "path": "no/such/file.yml", "repo": "no-such-repo", "run_id": "999999",
           "workflow_id": "no-such-workflow.yml"}


@pytest.mark.parametrize("route", [r for r in REST_ROUTES if "{" in r.template], ids=lambda r: r.operation)
def test_not_found_answers_as_the_description_says(route: Route, spec: dict, github_emulator: GitHubEmulator, world: SampleWorld) -> None:
    params = _params(world)
    missing = [name for name in MISSING if "{" + name + "}" in route.template]
    params[missing[-1]] = MISSING[missing[-1]]
    response = _call(github_emulator, route, params, world)
    assert response.status_code == 404, f"{route.operation} with {missing[-1]}={MISSING[missing[-1]]}: {response.status_code}"
    method, template = ALIASES.get(route.operation, route.operation).split(" ", 1)
    declared, schema = _response_schema(spec, (template, method), 404)
    problems = _errors(spec, schema if declared and schema else {"$ref": "#/components/schemas/basic-error"}, response.json())
    assert not problems, problems


@pytest.mark.parametrize(
    ("operation", "body"),
    [
        ("POST /repos/{owner}/{repo}/issues", {"body": "no title"}),
        ("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {"body": "x" * 65537}),
        ("POST /repos/{owner}/{repo}/labels", {"name": "bug"}),
        ("POST /repos/{owner}/{repo}/milestones", {"title": "v1.0"}),
        ("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {"state": "resolved"}),
    ],
)
def test_validation_failures_answer_as_the_description_says(operation: str, body: dict, spec: dict, github_emulator: GitHubEmulator, world: SampleWorld) -> None:
    method, template = operation.split(" ", 1)
    route = next(r for r in TABLE.routes if r.operation == operation)
    response = requests.request(method, _url(github_emulator, route, _params(world)), json=body,
                                headers={"Authorization": f"token {github_emulator.token}"}, timeout=10)
    assert response.status_code == 422
    declared, schema = _response_schema(spec, (template, method), 422)
    assert declared, f"the description declares no 422 for {operation}"
    payload = response.json()
    assert payload["message"] == "Validation Failed" and payload["errors"][0]["code"]
    assert not _errors(spec, schema, payload)
