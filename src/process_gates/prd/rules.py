"""The PRD gate's rules: pure functions of the PR, the evidence and the policy, returning findings.

Any one accepted form of approval passes the gate: an approval label applied by an allowed person, a
link to an accepted document, or a linked issue carrying an approval label. When none is accepted, each
candidate that came close says precisely why it did not count; with no candidate at all, one finding
lists every way to pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..config.prd import PrdPolicy
from ..findings import Finding, Location, Rule, rule
from ..globs import compile_glob, matches
from .docs import doc_status
from .links import BodyLinks, parse_body
from .model import Evidence, IssueRef, LabelApplication, PullRequest
from .policy import Applicability, Exemption, applicability, exemption

NOT_REQUIRED = rule(
    "prd.not-required",
    "notice",
    "The PR does not match prd.applies_when, so no PRD or design is required.",
    "Nothing to do; adjust prd.applies_when if this kind of change should need a design.",
)
EXEMPT = rule(
    "prd.exempt",
    "notice",
    "The PR is exempt by its author, a label or its branch (prd.exempt); recorded here as the audit trail.",
    "Nothing to do; remove the exemption from prd.exempt if it should no longer apply.",
)
ACCEPTED = rule(
    "prd.accepted",
    "notice",
    "An approved PRD or design was found; the message says which one.",
    "Nothing to do.",
)
MISSING = rule(
    "prd.missing",
    "error",
    "The PR needs an approved PRD or design and none was found: no approval label, no accepted document "
    "link and no approved linked issue.",
    "Add an approval label (applied by an allowed reviewer), link the PRD/design in the PR description, or "
    "link an approved issue with a closing keyword.",
)
LABEL_NOT_ALLOWED = rule(
    "prd.label.not-allowed",
    "error",
    "An approval label is on the PR, but the person who applied it (per the timeline) is the PR's author or "
    "not in prd.accept.label_appliers, so it does not count.",
    "Remove the label and ask one of the allowed appliers to add it again.",
)
APPLIERS_UNREADABLE = rule(
    "prd.label.appliers-unreadable",
    "error",
    "An approval label's applier could only be allowed through a team whose members the token cannot read.",
    "Give the gate a token that can read the organization's teams (members: read), or list the reviewers' "
    "logins in prd.accept.label_appliers.",
)
DOC_NOT_FOUND = rule(
    "prd.doc.not-found",
    "error",
    "The PR links a repository document that does not exist at the PR's head commit.",
    "Fix the path in the PR description, or commit the document to the PR's branch.",
)
DOC_NOT_APPROVED = rule(
    "prd.doc.not-approved",
    "error",
    "The PR links a repository design document whose front matter does not say `status: approved`.",
    "Get the design approved and set `status: approved` in its front matter (between the `---` lines).",
)
ISSUE_NOT_APPROVED = rule(
    "prd.issue.not-approved",
    "error",
    "The PR links an issue that does not carry an approval label from prd.accept.linked_issue_labels.",
    "Have the issue's PRD approved and labelled, or link the issue that holds the approved PRD.",
)
ISSUE_LABEL_NOT_ALLOWED = rule(
    "prd.issue.label-not-allowed",
    "error",
    "A linked issue carries an approval label, but the person who applied it (per the issue's timeline) is the "
    "PR's author or not in prd.accept.label_appliers, so it does not count.",
    "Ask one of the allowed appliers to remove the label from the issue and add it again.",
)
MERGE_GROUP_PASSED = rule(
    "prd.merge-group.passed",
    "notice",
    "A merge-queue run passed by policy (prd.merge_group: pass) without evaluating the PR again.",
    "Nothing to do; set prd.merge_group: evaluate to re-check queued PRs.",
)


@dataclass
class Verdict:
    #: "not-required", "exempt", "accepted" or "missing".
    status: str
    findings: list[Finding]
    #: One-line facts for the summary: what was checked and why.
    notes: list[str] = field(default_factory=list)
    #: How the PR passed (for outputs), e.g. "label design-approved by alice".
    accepted_by: str = ""
    #: Why a design is (or is not) required, and every way to pass, for the PR comment.
    reason: str = ""
    how: str = ""


@dataclass(frozen=True)
class Needs:
    """What the second read must fetch; all empty when the first read settles the verdict."""

    label_timeline: bool
    teams: tuple[str, ...]
    doc_paths: tuple[str, ...]
    #: Issues referenced in the body: their labels and timeline are read.
    issues: tuple[tuple[str, int], ...]
    #: Closing-linked issues that carry an approval label: their timeline says who applied it.
    closing_issues: tuple[tuple[str, int], ...] = ()

    @property
    def anything(self) -> bool:
        return self.label_timeline or bool(self.doc_paths) or bool(self.issues) or bool(self.closing_issues)


# ------------------------------------------------------------------------------------------ pieces


def _fold(values: tuple[str, ...] | list[str]) -> set[str]:
    return {v.casefold() for v in values}


def approval_labels_present(pr: PullRequest, policy: PrdPolicy) -> list[str]:
    wanted = _fold(policy.accept.approval_labels)
    return [label for label in pr.labels if label.casefold() in wanted]


def teams_of(appliers: tuple[str, ...]) -> tuple[str, ...]:
    """``@org/team`` entries, normalised to lowercase with the ``@``."""
    return tuple(f"@{a.lstrip('@').lower()}" for a in appliers if "/" in a)


def users_of(appliers: tuple[str, ...]) -> set[str]:
    return {a.lstrip("@").casefold() for a in appliers if "/" not in a}


def url_accepted(url: str, patterns: tuple[str, ...]) -> bool:
    """A URL matches a glob (``*`` within a path segment, ``**`` across); query and fragment are ignored
    unless the pattern itself has them."""
    bare = url.split("#", 1)[0]
    candidates = {url, bare, bare.split("?", 1)[0]}
    for pattern in patterns:
        rx = compile_glob(pattern.lower())
        if any(rx.match(c.lower()) for c in candidates):
            return True
    return False


def doc_paths(links: BodyLinks, policy: PrdPolicy) -> tuple[str, ...]:
    patterns = policy.accept.path_patterns
    return tuple(p for p in links.paths if patterns and matches(p, patterns))


def issue_approval_labels(issue: IssueRef, policy: PrdPolicy) -> list[str]:
    wanted = _fold(policy.accept.linked_issue_labels)
    return [label for label in issue.labels or () if label.casefold() in wanted]


def needs(pr: PullRequest, policy: PrdPolicy) -> Needs:
    """What to read next; nothing when the PR needs no design, or read 1 already found one.

    A closing-linked issue's approval label does not settle the verdict on its own: like the PR's label, it
    counts only once its timeline shows an allowed person applied it, so it is read in the second query.
    """
    nothing = Needs(False, (), (), ())
    if exemption(pr, policy) is not None or not applicability(pr, policy).required:
        return nothing
    links = parse_body(pr.body, pr.repository)
    if any(url_accepted(u, policy.accept.url_patterns) for u in links.urls):
        return nothing
    labelled = bool(approval_labels_present(pr, policy))
    known = {i.key for i in pr.closing_issues}
    linked = bool(policy.accept.linked_issue_labels)
    issues = tuple((repo, n) for repo, n, _ in links.issues if (repo.lower(), n) not in known) if linked else ()
    closing = tuple((i.repository, i.number) for i in pr.closing_issues if issue_approval_labels(i, policy))
    return Needs(
        label_timeline=labelled,
        teams=teams_of(policy.accept.label_appliers) if labelled or issues or closing else (),
        doc_paths=doc_paths(links, policy),
        issues=issues,
        closing_issues=closing,
    )


def latest_application(label: str, events: tuple[LabelApplication, ...]) -> LabelApplication | None:
    """The most recent `labeled` event for the label: the one that put the current label on the PR."""
    found = [e for e in events if e.label.casefold() == label.casefold()]
    return max(found, key=lambda e: e.created_at) if found else None


def appliers_text(policy: PrdPolicy) -> str:
    appliers = policy.accept.label_appliers
    if not appliers:
        return "anyone with triage access except the PR's author"
    return ", ".join(a if a.startswith("@") else f"@{a}" for a in appliers) + " (never the PR's author)"


# ------------------------------------------------------------------------------------------ rules


def judge_applier(
    subject: str, label: str, events: tuple[LabelApplication, ...], pr: PullRequest, policy: PrdPolicy,
    evidence: Evidence, refused: Rule,
) -> tuple[str | None, Finding | None]:
    """Whether the latest application of an approval label counts: ("applied by @x", None) when an allowed
    person other than the PR's author applied it, else (None, the finding that says who did and who may).

    ``subject`` names the label's place in the message, e.g. "the approval label" or "the PR closes
    acme/x#1, whose approval label".
    """
    event = latest_application(label, events)
    may = f"it may be applied by {appliers_text(policy)}"
    if event is None or not event.actor:
        return None, refused.finding(f"{subject} `{label}` is present, but the timeline shows no one applying it; {may}")
    actor = event.actor
    if actor.casefold() == pr.author.casefold():
        return None, refused.finding(f"{subject} `{label}` was applied by @{actor}, the PR's author, and does not count; {may}")
    teams = teams_of(policy.accept.label_appliers)
    if not policy.accept.label_appliers or actor.casefold() in users_of(policy.accept.label_appliers):
        return f"applied by @{actor}", None
    member_of = [t for t in teams if actor.casefold() in evidence.team_members.get(t, frozenset())]
    if member_of:
        return f"applied by @{actor} ({member_of[0]})", None
    unreadable = [t for t in teams if t in evidence.team_errors]
    if unreadable:
        return None, APPLIERS_UNREADABLE.finding(
            f"{subject} `{label}` was applied by @{actor}, who is not listed by login, and the members of "
            f"{', '.join(unreadable)} could not be read ({evidence.team_errors[unreadable[0]]})"
        )
    return None, refused.finding(f"{subject} `{label}` was applied by @{actor}, who may not approve designs; {may}")


def check_labels(pr: PullRequest, policy: PrdPolicy, evidence: Evidence) -> tuple[list[str], list[Finding]]:
    """Approval labels on the PR, each counted only if an allowed person (not the author) applied it."""
    accepted: list[str] = []
    problems: list[Finding] = []
    for label in approval_labels_present(pr, policy):
        applied, problem = judge_applier("the approval label", label, evidence.label_events, pr, policy, evidence, LABEL_NOT_ALLOWED)
        if applied:
            accepted.append(f"label `{label}` {applied}")
        if problem:
            problems.append(problem)
    return accepted, problems


def check_docs(pr: PullRequest, policy: PrdPolicy, evidence: Evidence, links: BodyLinks) -> tuple[list[str], list[Finding]]:
    accepted = [f"document link {u}" for u in links.urls if url_accepted(u, policy.accept.url_patterns)]
    problems: list[Finding] = []
    texts = {d.path: d.text for d in evidence.docs}
    for path in doc_paths(links, policy):
        if path not in texts:
            continue  # not read: the verdict was settled before the second read
        text = texts[path]
        where = Location(path, 1)
        if text is None:
            problems.append(
                DOC_NOT_FOUND.finding(f"the PR description links `{path}`, which does not exist at the PR's head {pr.head_sha[:7]}", where)
            )
            continue
        status = doc_status(text, path)
        if status.approved:
            accepted.append(f"document `{path}` (status: approved)")
        elif status.status is not None:
            problems.append(
                DOC_NOT_APPROVED.finding(f"the design `{path}` has `status: {status.status}`, not `status: approved`", where)
            )
        else:
            problems.append(DOC_NOT_APPROVED.finding(f"the design `{path}` is not marked approved: {status.problem}", where))
    return accepted, problems


def check_issues(pr: PullRequest, policy: PrdPolicy, evidence: Evidence) -> tuple[list[str], list[Finding]]:
    """Linked issues: one counts when it carries an approval label that an allowed person applied (its
    timeline says who). The second read's copy of an issue, with its timeline, replaces read 1's."""
    accepted: list[str] = []
    problems: list[Finding] = []
    wanted = ", ".join(f"`{label}`" for label in policy.accept.linked_issue_labels)
    reread = {i.key: i for i in evidence.issues}
    seen: set[tuple[str, int]] = set()
    for first in (*pr.closing_issues, *evidence.issues):
        if first.key in seen:
            continue
        seen.add(first.key)
        issue = replace(reread.get(first.key, first), source=first.source)
        how = "closes" if issue.source == "closingIssuesReferences" else "references"
        if issue.labels is None:
            problems.append(
                ISSUE_NOT_APPROVED.finding(
                    f"the PR {how} {issue}, which could not be read (it does not exist, is a pull request, or the "
                    "token cannot see it)"
                )
            )
            continue
        labels = issue_approval_labels(issue, policy)
        if not labels:
            if policy.accept.linked_issue_labels:
                shown = ", ".join(issue.labels) if issue.labels else "none"
                problems.append(
                    ISSUE_NOT_APPROVED.finding(f"the PR {how} {issue}, which has none of the labels {wanted} (its labels: {shown})")
                )
            continue
        rejected: list[Finding] = []
        for label in labels:
            applied, problem = judge_applier(
                f"the PR {how} {issue}, whose approval label", label, issue.label_events or (), pr, policy, evidence,
                ISSUE_LABEL_NOT_ALLOWED,
            )
            if applied:
                accepted.append(f"linked issue {issue} ({how} it; label `{label}` {applied})")
                break
            if problem:
                rejected.append(problem)
        else:
            problems += rejected
    return accepted, problems


def how_to_pass(pr: PullRequest, policy: PrdPolicy) -> str:
    accept = policy.accept
    ways = []
    if accept.approval_labels:
        ways.append(f"have {appliers_text(policy)} add the label {' or '.join(f'`{x}`' for x in accept.approval_labels)}")
    if accept.doc_links:
        docs = ", ".join(accept.url_patterns)
        if accept.path_patterns:
            docs += (", or " if docs else "") + f"a repository file matching {', '.join(accept.path_patterns)} whose front matter says `status: approved`"
        ways.append(f"link the PRD/design in the PR description ({docs})")
    if accept.linked_issue_labels:
        ways.append(
            f"link an issue labelled {' or '.join(f'`{x}`' for x in accept.linked_issue_labels)} with a closing keyword "
            f"(`Closes #N`, `Closes owner/repo#N`{'' if pr.into_default_branch else '; this PR is not into the default branch, so the description is what counts'})"
        )
    return "Do one of: " + "; ".join(ways) + "." if ways else "prd.accept allows nothing: configure at least one way to approve."


def evaluate(pr: PullRequest, policy: PrdPolicy, evidence: Evidence = Evidence()) -> Verdict:
    """The verdict for one PR: exempt, not required, accepted, or missing (with why and how to pass)."""
    exempt: Exemption | None = exemption(pr, policy)
    if exempt is not None:
        line = f"PRD not required for #{pr.number}: {exempt.describe()}"
        return Verdict("exempt", [EXEMPT.finding(line)], [line], f"exempt ({exempt.kind} {exempt.value})")
    scope: Applicability = applicability(pr, policy)
    if not scope.required:
        line = f"PRD not required for #{pr.number}: {scope.reason}"
        return Verdict("not-required", [NOT_REQUIRED.finding(line)], [line], "not required")
    notes = [f"PRD required for #{pr.number}: {scope.reason}"]
    links = parse_body(pr.body, pr.repository)
    accepted: list[str] = []
    problems: list[Finding] = []
    for found, issues in (
        check_issues(pr, policy, evidence),
        check_labels(pr, policy, evidence),
        check_docs(pr, policy, evidence, links),
    ):
        accepted += found
        problems += issues
    notes.append(_checked_note(pr, policy))
    if accepted:
        line = f"approved design found: {accepted[0]}"
        return Verdict("accepted", [ACCEPTED.finding(line)], notes + [line], accepted[0], scope.reason)
    if not problems:
        unmatched = [u for u in links.urls if not url_accepted(u, policy.accept.url_patterns)]
        message = (
            f"PR #{pr.number} needs an approved PRD or design ({scope.reason}) and none was found: no approval label, "
            "no accepted document link, no approved linked issue"
        )
        if unmatched:
            shown = ", ".join(unmatched[:3]) + (" ..." if len(unmatched) > 3 else "")
            message += f"; links in the description that match no prd.accept.doc_links pattern: {shown}"
        problems.append(MISSING.finding(message, hint=how_to_pass(pr, policy)))
    else:
        problems = [f if f.rule == APPLIERS_UNREADABLE.id else _with_ways(f, pr, policy) for f in problems]
    how = how_to_pass(pr, policy)
    notes.append(how)
    return Verdict("missing", problems, notes, "", scope.reason, how)


def _with_ways(finding: Finding, pr: PullRequest, policy: PrdPolicy) -> Finding:
    """A rejection's hint, followed by the other ways to pass: the reader may prefer one of those."""
    return replace(finding, hint=f"{finding.hint} Or: {how_to_pass(pr, policy)[len('Do one of: '):]}")


def _checked_note(pr: PullRequest, policy: PrdPolicy) -> str:
    accept = policy.accept
    parts = []
    if accept.approval_labels:
        parts.append(f"approval labels {', '.join(accept.approval_labels)} (applied by {appliers_text(policy)})")
    if accept.doc_links:
        parts.append(f"document links {', '.join(accept.doc_links)}")
    if accept.linked_issue_labels:
        source = "closingIssuesReferences and the description" if pr.into_default_branch else "the description (not into the default branch)"
        parts.append(f"linked issues labelled {', '.join(accept.linked_issue_labels)} from {source}")
    return "checked: " + "; ".join(parts)


def merge_group_passed(number: int | None) -> Verdict:
    line = (
        f"merge queue: PR #{number} passes by policy (prd.merge_group: pass); it was checked on the PR itself"
        if number
        else "merge queue: passes by policy (prd.merge_group: pass)"
    )
    return Verdict("not-required", [MERGE_GROUP_PASSED.finding(line)], [line], "merge group passed by policy")
