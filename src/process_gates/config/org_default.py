"""An organisation's default configuration, read from its `.github` repository when a repository has
no file of its own (DESIGN.md: "a repository's own file wins").

CI gates only: this talks to GitHub, so it lives apart from config/__init__.py, which every hook
imports; no hook code path imports this module. Order of precedence, first found wins:
``--config`` > the repository's ``.github/process-gates.yml`` > ``<org>/.github`` at
``.github/process-gates.yml`` then ``process-gates.yml`` > the built-in defaults.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import TYPE_CHECKING, Any

from ..findings import Location, rule
from ..safe_yaml import InputError, Limits, load_bytes
from . import LoadedConfig, load_config, validate_config_document
from .model import Config

if TYPE_CHECKING:
    from ..github.client import GitHubClient

ORG_REPOSITORY = ".github"
ORG_PATHS = (".github/process-gates.yml", "process-gates.yml")

ORG_DEFAULT_UNREADABLE = rule(
    "config.org-default-unreadable",
    "warning",
    "The organisation's default configuration could not be read; the built-in defaults were used.",
    "Make `<org>/.github` readable to this workflow's token (a public or internal `.github` repository), or "
    "give this repository its own .github/process-gates.yml.",
)


#: For a gate's own GraphQL query: the organisation's file in each place it may live, under the alias
#: `orgDefault`, fetched only when ``$orgDefault`` is true (declare ``$orgDefault: Boolean = false`` and
#: ``$owner: String!``). A repository without a file of its own then pays no request for the lookup.
ORG_DEFAULT_GRAPHQL = (
    f"  orgDefault: repository(owner: $owner, name: {json.dumps(ORG_REPOSITORY)}) @include(if: $orgDefault) {{\n"
    + "".join(
        f"    path{i}: object(expression: {json.dumps('HEAD:' + path)}) {{ ... on Blob {{ text isBinary }} }}\n"
        for i, path in enumerate(ORG_PATHS)
    )
    + "  }\n"
)
#: What a query with ORG_DEFAULT_GRAPHQL tolerates, so that a missing `.github` repository is no failure.
ORG_DEFAULT_TOLERATE = ("NOT_FOUND", "FORBIDDEN")


def org_default_source(owner: str, path: str) -> str:
    return f"{owner}/{ORG_REPOSITORY}:{path}"


def fetch_org_default(client: "GitHubClient", owner: str) -> LoadedConfig | None:
    """The organisation's default, validated like a local file; None when the organisation has none (no
    `.github` repository, or no file in it: both answer 404). A token that may not read it is a warning
    and the built-in defaults; GitHub failing after retries is exit 3, naming the repository."""
    from ..errors import ServiceError
    from ..github.client import GitHubForbidden, GitHubNotFound

    for path in ORG_PATHS:
        route = "/repos/{owner}/{repo}/contents/" + path
        try:
            item = client.request("GET", route, {"owner": owner, "repo": ORG_REPOSITORY})
        except GitHubNotFound:
            continue
        except GitHubForbidden as exc:
            return org_default_unreadable(owner, path, exc.detail or exc.message)
        except ServiceError as exc:
            raise ServiceError(
                f"reading the organisation's default configuration {org_default_source(owner, path)}: {exc.message}"
            ) from None
        source = org_default_source(owner, path)
        if not isinstance(item, dict) or item.get("type") != "file" or not isinstance(item.get("content"), str):
            continue  # a folder of that name is not a configuration file
        try:
            raw = base64.b64decode(item["content"], validate=False)
        except (binascii.Error, ValueError):
            return LoadedConfig(Config(), [ORG_DEFAULT_UNREADABLE.finding(f"{source}: the API sent undecodable content", Location(source))])
        return org_default_from_bytes(owner, path, raw)
    return None


def org_default_from_bytes(owner: str, path: str, raw: bytes) -> LoadedConfig:
    """The organisation's file, validated like a local one (fail closed, with positions in that file).
    Shared by the REST lookup above and by gates that read the file inside their own GraphQL query."""
    source = org_default_source(owner, path)
    try:
        documents = load_bytes(raw, source, Limits())
    except InputError as exc:
        return LoadedConfig(Config(source=source), [exc.finding()])
    return validate_config_document(documents, source)


def org_default_unreadable(owner: str, path: str, why: str) -> LoadedConfig:
    """The built-in defaults, with the warning that says why the organisation's file was not used."""
    return LoadedConfig(
        Config(), [ORG_DEFAULT_UNREADABLE.finding(f"this token may not read it: {why}", Location(org_default_source(owner, path)))]
    )


def load_with_org_default(explicit: str | None, client: "GitHubClient | None", repository: str | None) -> LoadedConfig:
    """The configuration a CI gate uses: the local one when there is one, else the organisation's."""
    from . import discover

    if explicit is not None or discover() is not None or client is None or not repository:
        return load_config(explicit)
    owner = repository.split("/", 1)[0]
    found = fetch_org_default(client, owner)
    return found if found is not None else load_config(None)


def org_default_from_graphql(owner: str, data: dict, errors: list[dict], what: str) -> LoadedConfig | None:
    """The organisation's file from a query with ORG_DEFAULT_GRAPHQL, validated like a local one; None
    when there is none (no `.github` repository, one this token cannot see: GitHub answers NOT_FOUND for
    both, or no file in it). Errors outside the alias are the query's own: raised as GitHub sent them."""
    from ..github.graphql import GraphQLQueryError

    others = [e for e in errors if (e.get("path") or [""])[0] != "orgDefault"]
    if others:
        messages = "; ".join(str(e.get("message", "")).strip() for e in others[:3])
        raise GraphQLQueryError(
            f"GitHub POST /graphql ({what}) answered with GraphQL errors: {messages}", tuple(str(e.get("type", "")) for e in others)
        )
    forbidden = [e for e in errors if e.get("type") == "FORBIDDEN"]
    if forbidden:
        return org_default_unreadable(owner, ORG_PATHS[0], str(forbidden[0].get("message", "")).strip() or "FORBIDDEN")
    node: Any = data.get("orgDefault")
    if not isinstance(node, dict):
        return None
    for i, path in enumerate(ORG_PATHS):
        blob = node.get(f"path{i}")
        if not isinstance(blob, dict):
            continue
        if blob.get("isBinary") or not isinstance(blob.get("text"), str):
            return org_default_unreadable(owner, path, "GitHub sends no text for it (a binary or very large file)")
        return org_default_from_bytes(owner, path, blob["text"].encode("utf-8"))
    return None
