"""Tokens, permissions and rate-limit budgets as PyGithub and requests see them."""

from __future__ import annotations

import github
import pytest
import requests

from github_emulator import GitHubEmulator


@pytest.fixture
def repo_name(github_emulator: GitHubEmulator) -> str:
    github_emulator.state.add_repo("acme/widgets")
    github_emulator.state.create_issue("acme/widgets", "Incident")
    return "acme/widgets"


def test_no_token_and_a_bad_token_are_401_with_github_s_body(github_emulator: GitHubEmulator, repo_name: str) -> None:
    anonymous = requests.get(f"{github_emulator.url}/repos/{repo_name}", timeout=10)
    assert anonymous.status_code == 401 and anonymous.json()["message"] == "Requires authentication"
    with pytest.raises(github.BadCredentialsException) as bad:
        github_emulator.pygithub("ghp_not_a_token").get_repo(repo_name)
    assert bad.value.status == 401
    assert bad.value.data == {"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest", "status": "401"}
    assert github_emulator.log.entries[-1].token == "ghp_not_a_token" and github_emulator.log.entries[-1].status == 401


def test_a_read_only_token_reads_but_cannot_write(github_emulator: GitHubEmulator, repo_name: str) -> None:
    token = github_emulator.state.actions_token(read_only=True).value
    issue = github_emulator.pygithub(token).get_repo(repo_name).get_issue(1)
    assert issue.title == "Incident"

    with pytest.raises(github.GithubException) as refused:
        issue.create_comment("gate verdict")
    assert refused.value.status == 403
    assert refused.value.data["message"] == "Resource not accessible by integration"
    assert refused.value.headers["x-accepted-github-permissions"] == "issues=write"
    assert github_emulator.state.issue(repo_name, 1).comments == []

    pat = github_emulator.state.add_token("reader", permissions="read").value
    with pytest.raises(github.GithubException) as refused_pat:
        github_emulator.pygithub(pat).get_repo(repo_name).get_issue(1).add_to_labels("x")
    assert refused_pat.value.data["message"] == "Resource not accessible by personal access token"


def test_pull_requests_permission_is_enough_to_comment_on_a_pull_request(github_emulator: GitHubEmulator, repo_name: str) -> None:
    pr = github_emulator.state.add_pull(repo_name, "Change")
    token = github_emulator.state.add_token("bot[bot]", kind="installation", permissions={"pull_requests": "write"}).value
    repo = github_emulator.pygithub(token).get_repo(repo_name)
    repo.get_issue(pr.number).create_comment("on the PR")
    with pytest.raises(github.GithubException):
        repo.get_issue(1).create_comment("on an issue")
    assert [c.user.login for c in pr.comments] == ["bot[bot]"]
    # Editing and deleting that comment (by comment id, without the PR's number) need the same permission.
    comment = repo.get_issue(pr.number).get_comment(pr.comments[0].id)
    comment.edit("edited on the PR")
    assert pr.comments[0].body == "edited on the PR"
    issue_comment = github_emulator.state.add_comment(repo_name, 1, "on the issue")
    refused = requests.delete(
        f"{github_emulator.url}/repos/{repo_name}/issues/comments/{issue_comment.id}", headers={"Authorization": f"token {token}"}, timeout=10
    )
    assert refused.status_code == 403 and refused.headers["x-accepted-github-permissions"] == "issues=write"
    comment.delete()
    assert pr.comments == []


def test_get_user_works_for_users_and_is_refused_to_installation_tokens(github_emulator: GitHubEmulator) -> None:
    assert github_emulator.pygithub().get_user().login == "octocat"
    actions = github_emulator.pygithub(github_emulator.state.actions_token().value)
    with pytest.raises(github.GithubException) as refused:
        actions.get_user().login  # noqa: B018  (the lazy user loads on first attribute)
    assert refused.value.status == 403
    bot = github_emulator.pygithub().get_user("github-actions[bot]")
    assert (bot.login, bot.type, bot.id) == ("github-actions[bot]", "Bot", 41898282)


def test_every_response_carries_the_budget_it_spent(github_emulator: GitHubEmulator, repo_name: str) -> None:
    first = requests.get(f"{github_emulator.url}/repos/{repo_name}", headers={"Authorization": f"token {github_emulator.token}"}, timeout=10)
    second = requests.get(f"{github_emulator.url}/repos/{repo_name}/issues/1", headers={"Authorization": f"Bearer {github_emulator.token}"}, timeout=10)
    assert first.headers["x-ratelimit-limit"] == "5000" and first.headers["x-ratelimit-resource"] == "core"
    assert (first.headers["x-ratelimit-used"], second.headers["x-ratelimit-used"]) == ("1", "2")
    assert second.headers["x-ratelimit-remaining"] == "4998"
    assert int(second.headers["x-ratelimit-reset"]) >= int(github_emulator.state.epoch())
    overview = requests.get(f"{github_emulator.url}/rate_limit", headers={"Authorization": f"token {github_emulator.token}"}, timeout=10).json()
    assert overview["resources"]["core"]["used"] == 2 and overview["resources"]["search"]["limit"] == 30
    again = requests.get(f"{github_emulator.url}/rate_limit", headers={"Authorization": f"token {github_emulator.token}"}, timeout=10)
    assert again.headers["x-ratelimit-used"] == "2", "GET /rate_limit is free"


def test_an_exhausted_budget_is_403_until_its_reset_then_refills(github_emulator: GitHubEmulator, repo_name: str) -> None:
    state = github_emulator.state
    state.freeze("2024-06-01T12:00:00Z")
    github_emulator.rate_limit(resource="core", remaining=0, reset_in=30)
    gh = github_emulator.pygithub()

    with pytest.raises(github.RateLimitExceededException) as limited:
        gh.get_repo(repo_name)
    assert limited.value.status == 403
    assert limited.value.headers["x-ratelimit-remaining"] == "0"
    assert limited.value.headers["x-ratelimit-reset"] == str(int(state.epoch()) + 30)
    assert limited.value.data["message"] == "API rate limit exceeded for user ID 1001."
    assert gh.search_issues("repo:acme/widgets").totalCount == 1, "search has its own budget"

    state.advance(31)
    assert gh.get_repo(repo_name).full_name == repo_name
    assert github_emulator.log.entries[-1].headers["x-ratelimit-remaining"] == "4999"


def test_primary_limit_can_answer_429_and_graphql_answers_200_with_an_error(github_emulator: GitHubEmulator, repo_name: str) -> None:
    github_emulator.primary_limit_status = 429
    github_emulator.rate_limit(remaining=0, reset_in=60)
    response = requests.get(f"{github_emulator.url}/repos/{repo_name}", headers={"Authorization": f"token {github_emulator.token}"}, timeout=10)
    assert response.status_code == 429 and response.headers["x-ratelimit-remaining"] == "0"

    github_emulator.rate_limit(resource="graphql", remaining=0, reset_in=60)
    limited = github_emulator.graphql("{ viewer { login } }")
    assert limited.status_code == 200 and limited.headers["x-ratelimit-remaining"] == "0"
    assert limited.json() == {"errors": [{"type": "RATE_LIMIT", "code": "graphql_rate_limit", "message": "API rate limit already exceeded for user ID 1001."}]}


def test_installation_tokens_share_one_budget_per_installation(github_emulator: GitHubEmulator, repo_name: str) -> None:
    actions = github_emulator.state.actions_token()
    github_emulator.rate_limit(actions.value, remaining=0, reset_in=60)
    with pytest.raises(github.RateLimitExceededException) as limited:
        github_emulator.pygithub(actions.value).get_repo(repo_name)
    assert limited.value.data["message"] == f"API rate limit exceeded for installation ID {actions.installation_id}."
    assert github_emulator.pygithub().get_repo(repo_name).full_name == repo_name, "the user's budget is another"
