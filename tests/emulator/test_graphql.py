"""POST /graphql with real ``requests``: the PRD gate's query, addComment, and GitHub's error shapes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from graphql import GraphQLField, build_schema, get_named_type, is_input_object_type, is_interface_type, is_object_type, is_enum_type, is_union_type

from github_emulator import GitHubEmulator
from github_emulator.graphql_api import SCHEMA

PROJECT_ROOT = Path(__file__).resolve().parents[2]
GITHUB_SCHEMA = PROJECT_ROOT / ".ci-tools/node_modules/@octokit/graphql-schema/schema.graphql"

PR_QUERY = """
query($owner: String!, $name: String!, $number: Int!) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      body baseRefName headRefName isDraft author { login }
      labels(first: 100) { nodes { name } }
      files(first: 100) { nodes { path additions deletions } pageInfo { hasNextPage endCursor } }
      closingIssuesReferences(first: 50) {
        nodes { number repository { nameWithOwner } labels(first: 100) { nodes { name } } }
      }
    }
  }
}
"""


@pytest.fixture
def world(github_emulator: GitHubEmulator):
    state = github_emulator.state
    state.add_repo("acme/widgets")
    state.add_repo("acme/prds")
    state.create_issue("acme/widgets", "Retry budget", labels=["feature"])
    state.create_issue("acme/prds", "PRD: retry budget", labels=["prd-approved"])
    pr = state.add_pull(
        "acme/widgets", "Add the retry budget", "Closes #1\nDesign: see the PRD", author="carol", head="feature/retry",
        files=[(f"src/f{n}.py", n, 1) for n in range(130)], labels=["feature"], linked_issues=["acme/prds#1"], draft=True,
    )
    return pr


def _data(response) -> dict:
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body["errors"]
    return body["data"]


def test_the_prd_gate_query_reads_the_pull_request_with_variables(github_emulator: GitHubEmulator, world) -> None:
    pr = _data(github_emulator.graphql(PR_QUERY, {"owner": "acme", "name": "widgets", "number": world.number}))["repository"]["pullRequest"]

    assert (pr["baseRefName"], pr["headRefName"], pr["isDraft"], pr["author"]) == ("main", "feature/retry", True, {"login": "carol"})
    assert pr["body"].startswith("Closes #1") and pr["labels"]["nodes"] == [{"name": "feature"}]
    assert len(pr["files"]["nodes"]) == 100 and pr["files"]["nodes"][0] == {"path": "src/f0.py", "additions": 0, "deletions": 1}
    assert pr["files"]["pageInfo"]["hasNextPage"] is True
    linked = [(n["repository"]["nameWithOwner"], n["number"], [lab["name"] for lab in n["labels"]["nodes"]]) for n in pr["closingIssuesReferences"]["nodes"]]
    assert linked == [("acme/prds", 1, ["prd-approved"]), ("acme/widgets", 1, ["feature"])]


def test_files_pages_follow_the_end_cursor(github_emulator: GitHubEmulator, world) -> None:
    query = "query($n: Int!, $c: String) { repository(owner: \"acme\", name: \"widgets\") { pullRequest(number: $n) { files(first: 100, after: $c) { nodes { path } pageInfo { hasNextPage endCursor } } } } }"
    first = _data(github_emulator.graphql(query, {"n": world.number, "c": None}))["repository"]["pullRequest"]["files"]
    second = _data(github_emulator.graphql(query, {"n": world.number, "c": first["pageInfo"]["endCursor"]}))["repository"]["pullRequest"]["files"]
    assert [n["path"] for n in second["nodes"]] == [f"src/f{n}.py" for n in range(100, 130)]
    assert second["pageInfo"]["hasNextPage"] is False


def test_aliases_and_fragments_are_honoured(github_emulator: GitHubEmulator, world) -> None:
    query = """
    fragment who on Actor { login }
    query { r: repository(owner: "acme", name: "widgets") { first: issue(number: 1) { t: title author { ...who } }
            again: issueOrPullRequest(number: 2) { __typename ... on PullRequest { isDraft } } } }
    """
    data = _data(github_emulator.graphql(query))
    assert data == {"r": {"first": {"t": "Retry budget", "author": {"login": "octocat"}}, "again": {"__typename": "PullRequest", "isDraft": True}}}


def test_closing_references_are_empty_for_a_pull_request_into_another_branch(github_emulator: GitHubEmulator, world) -> None:
    pr = github_emulator.state.add_pull("acme/widgets", "Backport", "Fixes #1", base="release/1.x", linked_issues=["acme/prds#1"])
    data = _data(github_emulator.graphql(PR_QUERY, {"owner": "acme", "name": "widgets", "number": pr.number}))
    assert data["repository"]["pullRequest"]["closingIssuesReferences"]["nodes"] == []


CLOSED_BY_QUERY = """
query($owner: String!, $name: String!, $number: Int!, $closed: Boolean!, $mine: Boolean!) {
  repository(owner: $owner, name: $name) {
    issue(number: $number) {
      closedByPullRequestsReferences(first: 10, includeClosedPrs: $closed, userLinkedOnly: $mine) {
        nodes { number closed headRefOid repository { nameWithOwner } }
      }
    }
  }
}
"""


def test_closed_by_pull_requests_is_the_inverse_of_closing_references(github_emulator: GitHubEmulator, world) -> None:
    """Keyword PRs and PRs linked by hand (the sidebar), into the default branch; open ones unless
    includeClosedPrs; userLinkedOnly keeps the hand-made links."""
    s = github_emulator.state
    s.add_pull("acme/widgets", "Backport", "Fixes #1", base="release/1.x", linked_issues=["acme/prds#1"])
    closed = s.add_pull("acme/widgets", "Old attempt", "Fixes #1", state="closed")

    def closed_by(repo: str, number: int, *, closed: bool = False, mine: bool = False) -> list[tuple]:
        owner, name = repo.split("/")
        data = _data(github_emulator.graphql(CLOSED_BY_QUERY, {"owner": owner, "name": name, "number": number, "closed": closed, "mine": mine}))
        nodes = data["repository"]["issue"]["closedByPullRequestsReferences"]["nodes"]
        return [(n["repository"]["nameWithOwner"], n["number"], n["closed"], n["headRefOid"]) for n in nodes]

    head = world.pull.head_sha
    assert closed_by("acme/widgets", 1) == [("acme/widgets", world.number, False, head)]
    assert closed_by("acme/widgets", 1, closed=True) == [("acme/widgets", world.number, False, head), ("acme/widgets", closed.number, True, closed.pull.head_sha)]
    assert closed_by("acme/widgets", 1, mine=True) == []
    assert closed_by("acme/prds", 1) == closed_by("acme/prds", 1, mine=True) == [("acme/widgets", world.number, False, head)]
    assert s.closing_pulls(s.issue("acme/prds", 1)) == [world]


def test_a_sidebar_link_leaves_a_connected_event_that_names_no_pull_request(github_emulator: GitHubEmulator, world) -> None:
    import requests

    s = github_emulator.state
    pr = s.add_pull("acme/widgets", "Unlinked", "no reference")
    s.connect(pr, "acme/prds#1", actor="alice")
    response = requests.get(f"{github_emulator.url}/repos/acme/prds/issues/1/timeline", headers={"Authorization": f"token {github_emulator.token}"}, timeout=10)
    connected = [item for item in response.json() if item["event"] == "connected"]
    assert len(connected) == 2 and all("source" not in item and item["actor"]["login"] in ("carol", "alice") for item in connected)
    assert [i.number for i in s.closing_issues(pr)] == [1] and s.closing_pulls(s.issue("acme/prds", 1)) == [world, pr]


def test_add_comment_writes_a_comment_and_answers_with_it(github_emulator: GitHubEmulator, world) -> None:
    mutation = "mutation($id: ID!, $body: String!) { addComment(input: {subjectId: $id, body: $body, clientMutationId: \"k1\"}) { clientMutationId commentEdge { node { body author { login } } } subject { id } } }"
    data = _data(github_emulator.graphql(mutation, {"id": world.node_id, "body": "PRD found: acme/prds#1"}))
    assert data["addComment"] == {"clientMutationId": "k1", "commentEdge": {"node": {"body": "PRD found: acme/prds#1", "author": {"login": "octocat"}}}, "subject": {"id": world.node_id}}
    assert [c.body for c in world.comments] == ["PRD found: acme/prds#1"]


def test_add_comment_is_refused_to_a_read_only_token_with_http_200(github_emulator: GitHubEmulator, world) -> None:
    token = github_emulator.state.actions_token(read_only=True).value
    response = github_emulator.graphql("mutation($id: ID!) { addComment(input: {subjectId: $id, body: \"x\"}) { clientMutationId } }", {"id": world.node_id}, token=token)
    assert response.status_code == 200
    body = response.json()
    assert body["data"] == {"addComment": None}
    assert body["errors"] == [{"type": "FORBIDDEN", "path": ["addComment"], "locations": [{"line": 1, "column": 22}], "message": "Resource not accessible by integration"}]
    assert world.comments == []


def test_unknown_things_answer_not_found_errors_like_github(github_emulator: GitHubEmulator, world) -> None:
    body = github_emulator.graphql('{ repository(owner: "acme", name: "nope") { name } }').json()
    assert body["data"] == {"repository": None}
    assert body["errors"][0]["type"] == "NOT_FOUND" and body["errors"][0]["message"] == "Could not resolve to a Repository with the name 'acme/nope'."
    body = github_emulator.graphql('{ repository(owner: "acme", name: "widgets") { pullRequest(number: 1) { title } } }').json()
    assert body["errors"][0]["message"] == "Could not resolve to a PullRequest with the number of 1."


@pytest.mark.parametrize(
    ("selection", "message"),
    [
        ("labels { totalCount }", "You must provide a `first` or `last` value to properly paginate the `labels` connection."),
        ("files(first: 101) { totalCount }", "Requesting 101 records on the `files` connection exceeds the `first` limit of 100 records."),
    ],
)
def test_connections_need_bounded_first_or_last(github_emulator: GitHubEmulator, world, selection: str, message: str) -> None:
    body = github_emulator.graphql(f'{{ repository(owner: "acme", name: "widgets") {{ pullRequest(number: 2) {{ {selection} }} }} }}').json()
    assert [e["message"] for e in body["errors"]] == [message]


def test_invalid_queries_are_errors_not_crashes(github_emulator: GitHubEmulator, world) -> None:
    unknown = github_emulator.graphql('{ repository(owner: "acme", name: "widgets") { stars } }')
    assert unknown.status_code == 200 and "stars" in unknown.json()["errors"][0]["message"] and "data" not in unknown.json()
    missing_variable = github_emulator.graphql(PR_QUERY, {"owner": "acme"})
    assert missing_variable.status_code == 200 and len(missing_variable.json()["errors"]) == 2
    no_query = github_emulator.graphql("", None)
    assert no_query.status_code == 200
    import requests

    broken = requests.post(github_emulator.graphql_url, data=b"{not json", headers={"Authorization": f"bearer {github_emulator.token}"}, timeout=10)
    assert broken.status_code == 400 and broken.json()["message"] == "Problems parsing JSON"


def test_viewer_names_the_token_s_identity_even_for_the_actions_bot(github_emulator: GitHubEmulator) -> None:
    token = github_emulator.state.actions_token().value
    assert _data(github_emulator.graphql("{ viewer { login } }", token=token)) == {"viewer": {"login": "github-actions[bot]"}}
    assert _data(github_emulator.graphql("{ viewer { login } rateLimit { remaining used } }")) == {"viewer": {"login": "octocat"}, "rateLimit": {"remaining": 4999, "used": 1}}


def test_graphql_lives_at_api_graphql_on_an_enterprise_server(ghes_emulator: GitHubEmulator) -> None:
    assert ghes_emulator.url.endswith("/api/v3") and ghes_emulator.graphql_url.endswith("/api/graphql")
    assert _data(ghes_emulator.graphql("{ viewer { login } }")) == {"viewer": {"login": "octocat"}}
    gh = ghes_emulator.pygithub()
    ghes_emulator.state.add_repo("acme/widgets")
    assert gh.get_repo("acme/widgets").html_url == f"{ghes_emulator.web_url}/acme/widgets"
    assert ghes_emulator.log.entries[-1].path == "/repos/acme/widgets"


def _signature(field: GraphQLField) -> tuple[str, dict[str, str]]:
    return str(field.type), {name: str(arg.type) for name, arg in field.args.items()}


def test_the_schema_is_a_faithful_subset_of_github_s() -> None:
    """Every type, field, argument, enum value and interface the emulator declares exists in GitHub's
    public schema with the same type: a query that works here is well-formed against GitHub."""
    path = Path(os.environ.get("PROCESS_GATES_GRAPHQL_SCHEMA") or GITHUB_SCHEMA)
    if not path.is_file():
        pytest.skip(f"GitHub's GraphQL schema is not installed at {path}: run `npm install --prefix .ci-tools @octokit/graphql-schema`")
    # GitHub's published SDL repeats a few enterprise fields; it is valid as GitHub serves it.
    github = build_schema(path.read_text(encoding="utf-8"), assume_valid_sdl=True)
    problems = []
    for name, ours in SCHEMA.type_map.items():
        if name.startswith("__"):
            continue
        theirs = github.get_type(name)
        if theirs is None or type(theirs) is not type(ours):
            problems.append(f"type {name}: {type(ours).__name__} here, {type(theirs).__name__ if theirs else 'absent'} on GitHub")
            continue
        if is_enum_type(ours):
            problems += [f"{name}.{v} is not a GitHub value" for v in ours.values if v not in theirs.values]
        if is_union_type(ours):
            problems += [f"{name} member {t.name} is not GitHub's" for t in ours.types if t.name not in {m.name for m in theirs.types}]
        if is_object_type(ours) or is_interface_type(ours):
            problems += [f"{name} implements {i.name} here only" for i in ours.interfaces if i.name not in {t.name for t in theirs.interfaces}]
            for field_name, field in ours.fields.items():
                other = theirs.fields.get(field_name)
                if other is None:
                    problems.append(f"{name}.{field_name} does not exist on GitHub")
                    continue
                our_type, our_args = _signature(field)
                their_type, their_args = _signature(other)
                if our_type != their_type:
                    problems.append(f"{name}.{field_name}: {our_type} here, {their_type} on GitHub")
                problems += [f"{name}.{field_name}({a}: {t}) differs on GitHub ({their_args.get(a)})" for a, t in our_args.items() if their_args.get(a) != t]
        if is_input_object_type(ours):
            for field_name, field in ours.fields.items():
                other = theirs.fields.get(field_name)
                if other is None or str(other.type) != str(field.type):
                    problems.append(f"input {name}.{field_name}: {field.type} here, {other.type if other else 'absent'} on GitHub")
    assert not problems, "\n".join(problems)
    assert get_named_type(SCHEMA.query_type.fields["repository"].type).name == "Repository"


def test_connections_page_forwards_and_backwards_by_cursor() -> None:
    from github_emulator.graphql_api import connection

    items = list("abcde")
    first = connection("labels", items, str.upper, first=1)
    second = connection("labels", items, str.upper, first=2, after=first["pageInfo"]["endCursor"])
    assert (first["nodes"], second["nodes"], second["pageInfo"]["hasPreviousPage"]) == (["A"], ["B", "C"], True)
    tail = connection("labels", items, str.upper, last=2)
    before = connection("labels", items, str.upper, last=2, before=tail["pageInfo"]["startCursor"])
    assert (tail["nodes"], before["nodes"], tail["totalCount"]) == (["D", "E"], ["B", "C"], 5)
