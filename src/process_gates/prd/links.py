"""What a PR description points at: document URLs, repository paths and issues.

GitHub fills ``closingIssuesReferences`` only for PRs into the default branch, so the body is parsed as
well, the way GitHub reads it: closing keywords (``Fixes #12``, ``closes acme/api#3``, ``resolves
https://github.com/acme/api/issues/3``), plus explicit cross-repository references and issue URLs.
A bare ``#12`` without a keyword is not taken: it may as well be a PR or a passing mention. HTML
comments and code are skipped first, because PR templates keep their examples there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

#: At most this many body references are read from GitHub, so one description cannot inflate the query.
MAX_REFERENCES = 20

_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_FENCE = re.compile(r"^[ \t]*(```|~~~).*?^[ \t]*\1[^\n]*$", re.DOTALL | re.MULTILINE)
_URL = re.compile(r"https?://[^\s<>()\[\]\"'`]+", re.IGNORECASE)
_REPO = r"[A-Za-z0-9](?:[A-Za-z0-9-]*)/[A-Za-z0-9._-]+"
_ISSUE_URL = re.compile(rf"https?://[^/\s]+/(?P<repo>{_REPO})/issues/(?P<number>[1-9][0-9]*)(?![0-9])", re.IGNORECASE)
_KEYWORD = r"(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)"
_CLOSING = re.compile(
    rf"\b{_KEYWORD}:?\s+(?:(?P<repo>{_REPO})?#(?P<number>[1-9][0-9]*)\b|(?P<url>https?://[^\s<>()]+/issues/[1-9][0-9]*))",
    re.IGNORECASE,
)
_CROSS_REPO = re.compile(rf"(?<![\w/.#-])(?P<repo>{_REPO})#(?P<number>[1-9][0-9]*)\b")
_MD_LINK = re.compile(r"\]\(\s*<?(?P<target>[^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_CODE_SPAN = re.compile(r"`(?P<target>[^`\s]+)`")
_BARE_PATH = re.compile(r"(?<![\w/:.-])(?P<target>\.{0,2}/?(?:[\w.-]+/)+[\w.-]+\.[A-Za-z0-9]+)(?![\w/])")
_TRAILING = ".,;:!?*_~'\""


@dataclass(frozen=True)
class BodyLinks:
    urls: tuple[str, ...]
    #: Repository-relative paths (from relative links, code spans, bare paths and this repo's blob URLs).
    paths: tuple[str, ...]
    #: (owner/repo, number, via a closing keyword)
    issues: tuple[tuple[str, int, bool], ...]


def visible_text(body: str) -> str:
    """The body without HTML comments and fenced code: what a reader sees as prose."""
    return _FENCE.sub("", _HTML_COMMENT.sub("", body or ""))


def _clean_url(url: str) -> str:
    return url.rstrip(_TRAILING)


def _normal_path(target: str) -> str | None:
    target = unquote(target.split("#", 1)[0].split("?", 1)[0]).strip()
    while target.startswith("./"):
        target = target[2:]
    target = target.lstrip("/")
    parts = target.split("/")
    if not target or any(p in ("", "..") for p in parts):
        return None
    return target


def blob_path(url: str, repository: str) -> str | None:
    """``docs/x.md`` from ``https://<host>/<owner>/<repo>/blob/<ref>/docs/x.md`` of this repository."""
    parts = urlsplit(url).path.split("/")
    # ['', owner, repo, 'blob', ref, *path]
    if len(parts) < 6 or parts[3] != "blob" or f"{parts[1]}/{parts[2]}".lower() != repository.lower():
        return None
    return _normal_path("/".join(parts[5:]))


def parse_body(body: str, repository: str) -> BodyLinks:
    text = visible_text(body)
    urls: list[str] = []
    for match in _URL.finditer(text):
        url = _clean_url(match.group(0))
        if url not in urls:
            urls.append(url)
    paths: list[str] = []

    def add_path(candidate: str | None) -> None:
        if candidate and candidate not in paths:
            paths.append(candidate)

    for url in urls:
        add_path(blob_path(url, repository))
    without_urls = _URL.sub(" ", text)
    for pattern in (_MD_LINK, _CODE_SPAN, _BARE_PATH):
        source = text if pattern is _MD_LINK else without_urls
        for match in pattern.finditer(source):
            target = match.group("target").rstrip(_TRAILING)
            if "://" in target or target.startswith(("mailto:", "#")):
                continue
            add_path(_normal_path(target))

    issues: dict[tuple[str, int], tuple[str, int, bool]] = {}

    def add_issue(repo: str, number: int, closing: bool) -> None:
        key = (repo.lower(), number)
        if key not in issues or (closing and not issues[key][2]):
            issues[key] = (repo, number, closing)

    for match in _CLOSING.finditer(text):
        if match.group("url"):
            found = _ISSUE_URL.match(_clean_url(match.group("url")))
            if found:
                add_issue(found.group("repo"), int(found.group("number")), True)
        else:
            add_issue(match.group("repo") or repository, int(match.group("number")), True)
    for url in urls:
        found = _ISSUE_URL.match(url)
        if found:
            add_issue(found.group("repo"), int(found.group("number")), False)
    for match in _CROSS_REPO.finditer(without_urls):
        add_issue(match.group("repo"), int(match.group("number")), False)
    return BodyLinks(tuple(urls), tuple(paths), tuple(list(issues.values())[:MAX_REFERENCES]))
