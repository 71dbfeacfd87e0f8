"""The `prd:` section as typed policy: when a PR needs an approved PRD or design, and what proves one.

Kept beside config/model.py so the gate's knobs have one home; the schema documents each of them.
The defaults ask for a design only on large changes, so a repository with no file is not buried in
paperwork: a PR with 200 or more changed lines outside docs, tests and lock files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Changes that never need a design on their own: docs, tests, lock files, generated code.
DEFAULT_IGNORE_PATHS: tuple[str, ...] = (
    "docs/**", "**/*.md", "**/test/**", "**/tests/**", "**/*_test.go", "**/*.lock", "**/package-lock.json",
    "**/yarn.lock", "**/pnpm-lock.yaml", "**/go.sum", "**/vendor/**", "**/generated/**",
)
#: Dependency bots: their PRs are reviewed as upgrades, not designs.
DEFAULT_EXEMPT_AUTHORS: tuple[str, ...] = ("dependabot[bot]", "renovate[bot]", "github-actions[bot]")
#: Repository documents accepted when their front matter says `status: approved`.
DEFAULT_DOC_LINKS: tuple[str, ...] = ("docs/design/**/*.md", "docs/prd/**/*.md", "docs/rfcs/**/*.md")


@dataclass(frozen=True)
class PrdAppliesWhen:
    """Every condition set here must hold for the gate to ask for a design (they are ANDed)."""

    paths: tuple[str, ...] = ("**",)
    #: Added plus deleted lines over the files that match `paths` and not `ignore_paths`.
    min_changed_lines: int = 200
    ignore_paths: tuple[str, ...] = DEFAULT_IGNORE_PATHS
    #: Empty: any labels; else the PR carries at least one of them.
    labels_any: tuple[str, ...] = ()
    #: Empty: any base branch; else globs the PR's base branch matches.
    base_branches: tuple[str, ...] = ()


@dataclass(frozen=True)
class PrdAccept:
    approval_labels: tuple[str, ...] = ("design-approved",)
    #: Logins and `@org/team` names; empty: anyone but the PR's author.
    label_appliers: tuple[str, ...] = ()
    #: `http(s)://` URL globs, or repository path globs for documents with `status: approved`.
    doc_links: tuple[str, ...] = DEFAULT_DOC_LINKS
    linked_issue_labels: tuple[str, ...] = ("prd-approved",)

    @property
    def url_patterns(self) -> tuple[str, ...]:
        return tuple(p for p in self.doc_links if p.lower().startswith(("http://", "https://")))

    @property
    def path_patterns(self) -> tuple[str, ...]:
        return tuple(p for p in self.doc_links if not p.lower().startswith(("http://", "https://")))


@dataclass(frozen=True)
class PrdExempt:
    #: Exact logins, case-insensitive (`[bot]` is part of a login here, not a glob class).
    authors: tuple[str, ...] = DEFAULT_EXEMPT_AUTHORS
    labels: tuple[str, ...] = ()
    #: Globs of the PR's head (source) branch, e.g. `release/*`, `revert-*`.
    branches: tuple[str, ...] = ()


@dataclass(frozen=True)
class PrdPolicy:
    applies_when: PrdAppliesWhen = field(default_factory=PrdAppliesWhen)
    accept: PrdAccept = field(default_factory=PrdAccept)
    exempt: PrdExempt = field(default_factory=PrdExempt)
    mode: str = "enforce"
    #: `evaluate`: the merge queue re-checks the PR; `pass`: it trusts the PR's own check.
    merge_group: str = "evaluate"
    #: What happens to the gate's PR comment once the PR passes: `delete` or `resolve`.
    on_pass: str = "delete"


def _strings(section: dict, key: str, default: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(section[key]) if key in section else default


def prd_from_data(data: Any) -> PrdPolicy:
    """Typed policy from the schema-validated `prd:` mapping (None or absent: the defaults)."""
    data = data or {}
    applies = data.get("applies_when") or {}
    accept = data.get("accept") or {}
    exempt = data.get("exempt") or {}
    base = PrdPolicy()
    return PrdPolicy(
        applies_when=PrdAppliesWhen(
            paths=_strings(applies, "paths", base.applies_when.paths),
            min_changed_lines=int(applies.get("min_changed_lines", base.applies_when.min_changed_lines)),
            ignore_paths=_strings(applies, "ignore_paths", base.applies_when.ignore_paths),
            labels_any=_strings(applies, "labels_any", ()),
            base_branches=_strings(applies, "base_branches", ()),
        ),
        accept=PrdAccept(
            approval_labels=_strings(accept, "approval_labels", base.accept.approval_labels),
            label_appliers=_strings(accept, "label_appliers", ()),
            doc_links=_strings(accept, "doc_links", base.accept.doc_links),
            linked_issue_labels=_strings(accept, "linked_issue_labels", base.accept.linked_issue_labels),
        ),
        exempt=PrdExempt(
            authors=_strings(exempt, "authors", base.exempt.authors),
            labels=_strings(exempt, "labels", ()),
            branches=_strings(exempt, "branches", ()),
        ),
        mode=data.get("mode", "enforce"),
        merge_group=data.get("merge_group", "evaluate"),
        on_pass=(data.get("comment") or {}).get("on_pass", "delete"),
    )
