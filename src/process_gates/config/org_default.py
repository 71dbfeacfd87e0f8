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
from typing import TYPE_CHECKING

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


def org_default_source(owner: str, path: str) -> str:
    return f"{owner}/{ORG_REPOSITORY}:{path}"


def fetch_org_default(client: "GitHubClient", owner: str) -> LoadedConfig | None:
    """The organisation's default, validated like a local file; None when the organisation has none."""
    from ..github.client import GitHubForbidden, GitHubNotFound

    for path in ORG_PATHS:
        route = "/repos/{owner}/{repo}/contents/" + path
        try:
            item = client.request("GET", route, {"owner": owner, "repo": ORG_REPOSITORY})
        except GitHubNotFound:
            continue
        except GitHubForbidden as exc:
            return LoadedConfig(
                Config(),
                [ORG_DEFAULT_UNREADABLE.finding(f"{org_default_source(owner, path)}: {exc.detail or exc.message}",
                                                Location(org_default_source(owner, path)))],
            )
        source = org_default_source(owner, path)
        if not isinstance(item, dict) or item.get("type") != "file" or not isinstance(item.get("content"), str):
            continue  # a folder of that name is not a configuration file
        try:
            raw = base64.b64decode(item["content"], validate=False)
        except (binascii.Error, ValueError):
            return LoadedConfig(Config(), [ORG_DEFAULT_UNREADABLE.finding(f"{source}: the API sent undecodable content", Location(source))])
        try:
            documents = load_bytes(raw, source, Limits())
        except InputError as exc:
            return LoadedConfig(Config(source=source), [exc.finding()])
        return validate_config_document(documents, source)
    return None


def load_with_org_default(explicit: str | None, client: "GitHubClient | None", repository: str | None) -> LoadedConfig:
    """The configuration a CI gate uses: the local one when there is one, else the organisation's."""
    from . import discover

    if explicit is not None or discover() is not None or client is None or not repository:
        return load_config(explicit)
    owner = repository.split("/", 1)[0]
    found = fetch_org_default(client, owner)
    return found if found is not None else load_config(None)
