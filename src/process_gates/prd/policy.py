"""Whether a PR needs a design at all: exemptions first, then the adaptive `applies_when` conditions.

Pure functions of the PR facts and the `prd:` policy. Each answer carries the one line a reader needs:
why the gate asked, or why it did not.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..config.prd import PrdPolicy
from ..globs import matches
from .model import ChangedFile, PullRequest


@dataclass(frozen=True)
class Exemption:
    #: "author", "label" or "branch".
    kind: str
    value: str
    setting: str

    def describe(self) -> str:
        what = {"author": "the author", "label": "the label", "branch": "the head branch"}[self.kind]
        return f"{what} `{self.value}` is exempt by prd.exempt.{self.setting}"


@dataclass(frozen=True)
class Applicability:
    required: bool
    #: One line: why a design is needed, or why not.
    reason: str
    relevant_files: tuple[ChangedFile, ...] = ()
    changed_lines: int = 0


def _same(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()


def exemption(pr: PullRequest, policy: PrdPolicy) -> Exemption | None:
    """The first exemption that applies, in a fixed order: author, label, branch."""
    for login in policy.exempt.authors:
        if _same(login.lstrip("@"), pr.author):
            return Exemption("author", pr.author, "authors")
    for label in policy.exempt.labels:
        for present in pr.labels:
            if _same(label, present):
                return Exemption("label", present, "labels")
    if policy.exempt.branches and matches(pr.head_ref, policy.exempt.branches):
        return Exemption("branch", pr.head_ref, "branches")
    return None


def relevant_files(pr: PullRequest, policy: PrdPolicy) -> tuple[ChangedFile, ...]:
    """Changed files that match `paths` and not `ignore_paths`: the ones that can call for a design."""
    when = policy.applies_when
    return tuple(f for f in pr.files if matches(f.path, when.paths) and not matches(f.path, when.ignore_paths))


def applicability(pr: PullRequest, policy: PrdPolicy) -> Applicability:
    when = policy.applies_when
    if when.base_branches and not matches(pr.base_ref, when.base_branches):
        return Applicability(
            False, f"the base branch `{pr.base_ref}` matches none of prd.applies_when.base_branches ({', '.join(when.base_branches)})"
        )
    if when.labels_any and not any(_same(want, have) for want in when.labels_any for have in pr.labels):
        return Applicability(False, f"the PR has none of the labels in prd.applies_when.labels_any ({', '.join(when.labels_any)})")
    files = relevant_files(pr, policy)
    lines = sum(f.lines for f in files)
    if not files:
        return Applicability(
            False,
            f"none of the {len(pr.files)} changed file(s) match prd.applies_when.paths ({', '.join(when.paths)}) "
            "outside prd.applies_when.ignore_paths",
        )
    if lines < when.min_changed_lines:
        return Applicability(
            False,
            f"{lines} changed line(s) in {len(files)} matching file(s) is below prd.applies_when.min_changed_lines "
            f"({when.min_changed_lines})",
            files,
            lines,
        )
    bound = "at least " if not pr.files_complete else ""
    reason = (
        f"{bound}{lines} changed line(s) in {len(files)} file(s) matching {', '.join(when.paths)} "
        f"(threshold {when.min_changed_lines})"
    )
    if when.labels_any:
        reason += f", labelled {', '.join(when.labels_any)}"
    return Applicability(True, reason, files, lines)
