"""The PRD gate's pure rules: applicability, exemptions, each accepted form and each rejection."""

from __future__ import annotations

from dataclasses import replace

import pytest

from process_gates.config.prd import PrdAccept, PrdAppliesWhen, PrdExempt, PrdPolicy, prd_from_data
from process_gates.findings import Severity
from process_gates.prd.model import ChangedFile, Evidence, IssueRef, LabelApplication, PullRequest, RepoDoc
from process_gates.prd.policy import applicability, exemption
from process_gates.prd.rules import evaluate, needs, url_accepted

POLICY = PrdPolicy(
    applies_when=PrdAppliesWhen(paths=("src/**", "!src/generated/**"), min_changed_lines=100, ignore_paths=("**/*.md",)),
    accept=PrdAccept(
        approval_labels=("design-approved",),
        label_appliers=("@acme/design-reviewers", "dana"),
        doc_links=("https://docs.example.com/prd/*", "docs/design/*.md"),
        linked_issue_labels=("prd-approved",),
    ),
    exempt=PrdExempt(authors=("dependabot[bot]",), labels=("trivial",), branches=("revert-*",)),
)


def make_pr(**changes: object) -> PullRequest:
    base = PullRequest(
        repository="acme/widgets", number=7, author="carol", author_is_bot=False, body="", base_ref="main",
        head_ref="feature/retry", head_sha="a" * 40, default_branch="main", labels=(),
        files=(ChangedFile("src/retry.py", 90, 30), ChangedFile("README.md", 500, 0)),
    )
    return replace(base, **changes)


def only(verdict):
    assert len(verdict.findings) == 1, verdict.findings
    return verdict.findings[0]


# ------------------------------------------------------------------------------ applies_when, exempt


def test_lines_are_counted_over_matching_files_only() -> None:
    scope = applicability(make_pr(), POLICY)
    assert scope.required and scope.changed_lines == 120
    assert scope.reason == "120 changed line(s) in 1 file(s) matching src/**, !src/generated/** (threshold 100)"


def test_below_the_threshold_is_not_required_with_the_numbers() -> None:
    verdict = evaluate(make_pr(files=(ChangedFile("src/a.py", 10, 5), ChangedFile("docs/x.md", 900, 0))), POLICY)
    finding = only(verdict)
    assert verdict.status == "not-required" and finding.rule == "prd.not-required" and finding.severity is Severity.NOTICE
    assert finding.message == "PRD not required for #7: 15 changed line(s) in 1 matching file(s) is below prd.applies_when.min_changed_lines (100)"


def test_negated_paths_and_ignored_paths_do_not_count() -> None:
    pr = make_pr(files=(ChangedFile("src/generated/api.py", 900, 0), ChangedFile("src/README.md", 900, 0)))
    assert only(evaluate(pr, POLICY)).message.startswith("PRD not required for #7: none of the 2 changed file(s) match")


@pytest.mark.parametrize(
    ("when", "pr_changes", "reason"),
    [
        (PrdAppliesWhen(paths=("**",), min_changed_lines=0, labels_any=("feature",)), {"labels": ("bug",)}, "none of the labels"),
        (PrdAppliesWhen(paths=("**",), min_changed_lines=0, base_branches=("main",)), {"base_ref": "release/1"}, "base branch `release/1`"),
    ],
)
def test_labels_and_base_branches_narrow_the_gate(when, pr_changes, reason) -> None:
    verdict = evaluate(make_pr(**pr_changes), replace(POLICY, applies_when=when))
    assert verdict.status == "not-required" and reason in only(verdict).message


@pytest.mark.parametrize(
    ("pr_changes", "expected"),
    [
        ({"author": "Dependabot[bot]"}, "the author `Dependabot[bot]` is exempt by prd.exempt.authors"),
        ({"labels": ("Trivial",)}, "the label `Trivial` is exempt by prd.exempt.labels"),
        ({"head_ref": "revert-12-retry"}, "the head branch `revert-12-retry` is exempt by prd.exempt.branches"),
    ],
)
def test_exemptions_are_written_down(pr_changes, expected) -> None:
    verdict = evaluate(make_pr(**pr_changes), POLICY)
    assert verdict.status == "exempt"
    assert only(verdict).rule == "prd.exempt" and expected in only(verdict).message
    assert expected in verdict.notes[0]


def test_author_exemption_is_by_exact_login_not_a_glob() -> None:
    assert exemption(make_pr(author="dependabott"), POLICY) is None


# ------------------------------------------------------------------------------ labels


def labelled(actor: str, **evidence: object) -> tuple[PullRequest, Evidence]:
    pr = make_pr(labels=("design-approved",))
    events = (LabelApplication("design-approved", "carol", "2024-01-01T00:00:00Z"), LabelApplication("Design-Approved", actor, "2024-02-01T00:00:00Z"))
    return pr, Evidence(label_events=events, **evidence)  # type: ignore[arg-type]


def test_label_by_a_listed_user_is_accepted_and_the_latest_application_counts() -> None:
    pr, evidence = labelled("Dana")
    verdict = evaluate(pr, POLICY, evidence)
    assert verdict.status == "accepted" and verdict.accepted_by == "label `design-approved` applied by @Dana"


def test_label_by_a_team_member_is_accepted() -> None:
    pr, evidence = labelled("alice", team_members={"@acme/design-reviewers": frozenset({"alice"})})
    assert evaluate(pr, POLICY, evidence).accepted_by == "label `design-approved` applied by @alice (@acme/design-reviewers)"


def test_label_by_the_author_is_refused_even_when_they_are_allowed() -> None:
    pr, evidence = labelled("carol", team_members={"@acme/design-reviewers": frozenset({"carol"})})
    finding = only(evaluate(pr, POLICY, evidence))
    assert finding.rule == "prd.label.not-allowed" and finding.severity is Severity.ERROR
    assert "applied by @carol, the PR's author, and does not count; it may be applied by @acme/design-reviewers, @dana" in finding.message
    assert "Or: have @acme/design-reviewers" in finding.hint


def test_label_by_an_outsider_is_refused_with_who_may_apply_it() -> None:
    pr, evidence = labelled("mallory", team_members={"@acme/design-reviewers": frozenset({"alice"})})
    finding = only(evaluate(pr, POLICY, evidence))
    assert finding.message.startswith("the approval label `design-approved` was applied by @mallory, who may not approve designs")


def test_unreadable_team_is_its_own_rule() -> None:
    pr, evidence = labelled("alice", team_errors={"@acme/design-reviewers": "Resource not accessible by integration"})
    assert only(evaluate(pr, POLICY, evidence)).rule == "prd.label.appliers-unreadable"


def test_with_no_appliers_configured_anyone_but_the_author_may_approve() -> None:
    open_policy = replace(POLICY, accept=replace(POLICY.accept, label_appliers=()))
    pr, by_mallory = labelled("mallory")
    assert evaluate(pr, open_policy, by_mallory).status == "accepted"
    pr, by_author = labelled("carol")
    finding = only(evaluate(pr, open_policy, by_author))
    assert "anyone with triage access except the PR's author" in finding.message


def test_label_without_a_timeline_event_does_not_count() -> None:
    finding = only(evaluate(make_pr(labels=("design-approved",)), POLICY, Evidence()))
    assert "the timeline shows no one applying it" in finding.message


# ------------------------------------------------------------------------------ documents


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://docs.example.com/prd/retry", True),
        ("https://DOCS.example.com/prd/retry#goals", True),
        ("https://docs.example.com/prd/retry?tab=1", True),
        ("https://docs.example.com/prd/retry/v2", False),
        ("https://docs.example.com.evil.io/prd/retry", False),
        ("http://docs.example.com/prd/retry", False),
    ],
)
def test_url_patterns(url: str, ok: bool) -> None:
    assert url_accepted(url, POLICY.accept.url_patterns) is ok


def test_repo_doc_statuses() -> None:
    pr = make_pr(body="See docs/design/retry.md")
    draft = Evidence(docs=(RepoDoc("docs/design/retry.md", "---\nstatus: draft\n---\n"),))
    approved = Evidence(docs=(RepoDoc("docs/design/retry.md", "---\nstatus: approved\n---\n"),))
    no_front = Evidence(docs=(RepoDoc("docs/design/retry.md", "# Retry\nstatus: approved\n"),))
    missing = Evidence(docs=(RepoDoc("docs/design/retry.md", None),))
    assert evaluate(pr, POLICY, approved).status == "accepted"
    finding = only(evaluate(pr, POLICY, draft))
    assert (finding.rule, str(finding.location)) == ("prd.doc.not-approved", "docs/design/retry.md:1")
    assert "has no front matter" in only(evaluate(pr, POLICY, no_front)).message
    assert only(evaluate(pr, POLICY, missing)).rule == "prd.doc.not-found"


def test_needs_asks_only_for_what_is_undecided() -> None:
    assert not needs(make_pr(author="dependabot[bot]", labels=("design-approved",), body="docs/design/a.md"), POLICY).anything
    assert not needs(make_pr(files=(), labels=("design-approved",)), POLICY).anything
    assert not needs(make_pr(body="https://docs.example.com/prd/x"), POLICY).anything
    wanted = needs(make_pr(body="Fixes acme/prds#4, design in docs/design/a.md", labels=("design-approved",)), POLICY)
    assert wanted.label_timeline and wanted.teams == ("@acme/design-reviewers",)
    assert wanted.doc_paths == ("docs/design/a.md",) and wanted.issues == (("acme/prds", 4),)


def test_a_closing_issue_s_approval_label_needs_its_timeline_and_an_unlabelled_one_does_not() -> None:
    approved = IssueRef("acme/widgets", 1, "closingIssuesReferences", ("PRD-Approved",))
    plain = IssueRef("acme/widgets", 2, "closingIssuesReferences", ("bug",))
    wanted = needs(make_pr(closing_issues=(approved, plain)), POLICY)
    assert (wanted.closing_issues, wanted.issues, wanted.label_timeline) == ((("acme/widgets", 1),), (), False)
    assert wanted.teams == ("@acme/design-reviewers",)  # to judge whoever applied it
    assert not needs(make_pr(closing_issues=(plain,)), POLICY).anything


# ------------------------------------------------------------------------------ linked issues


def _issue_labelled_by(actor: str, source: str = "closingIssuesReferences") -> IssueRef:
    return IssueRef("acme/widgets", 1, source, ("prd-approved",), (LabelApplication("prd-approved", actor, "2024-03-01T00:00:00Z"),))


def test_closing_issue_with_and_without_the_label() -> None:
    read1 = IssueRef("acme/widgets", 1, "closingIssuesReferences", ("prd-approved",))
    bad = IssueRef("acme/widgets", 2, "closingIssuesReferences", ("bug",))
    reread = Evidence(issues=(_issue_labelled_by("dana"),))
    verdict = evaluate(make_pr(closing_issues=(read1,)), POLICY, reread)
    assert verdict.accepted_by == "linked issue acme/widgets#1 (closes it; label `prd-approved` applied by @dana)"
    finding = only(evaluate(make_pr(closing_issues=(bad,)), POLICY))
    assert finding.message == "the PR closes acme/widgets#2, which has none of the labels `prd-approved` (its labels: bug)"


@pytest.mark.parametrize(
    ("actor", "rule", "why"),
    [
        ("carol", "prd.issue.label-not-allowed", "was applied by @carol, the PR's author, and does not count; it may be applied by"),
        ("mallory", "prd.issue.label-not-allowed", "was applied by @mallory, who may not approve designs; it may be applied by"),
        (None, "prd.issue.label-not-allowed", "is present, but the timeline shows no one applying it"),
    ],
)
def test_a_linked_issue_s_label_counts_only_from_an_allowed_person(actor, rule, why) -> None:
    issue = _issue_labelled_by(actor) if actor else IssueRef("acme/widgets", 1, "closingIssuesReferences", ("prd-approved",), ())
    finding = only(evaluate(make_pr(closing_issues=(issue,)), POLICY, Evidence(issues=(issue,))))
    assert finding.rule == rule and finding.severity is Severity.ERROR
    assert finding.message.startswith("the PR closes acme/widgets#1, whose approval label `prd-approved` ")
    assert why in finding.message and "@acme/design-reviewers, @dana (never the PR's author)" in finding.message


def test_a_linked_issue_labelled_by_a_team_member_counts_and_an_unreadable_team_says_so() -> None:
    issue = _issue_labelled_by("alice", source="body")
    pr = make_pr(body="Fixes acme/widgets#1")
    members = Evidence(issues=(issue,), team_members={"@acme/design-reviewers": frozenset({"alice"})})
    assert evaluate(pr, POLICY, members).accepted_by == (
        "linked issue acme/widgets#1 (references it; label `prd-approved` applied by @alice (@acme/design-reviewers))"
    )
    unreadable = Evidence(issues=(issue,), team_errors={"@acme/design-reviewers": "Resource not accessible by integration"})
    assert only(evaluate(pr, POLICY, unreadable)).rule == "prd.label.appliers-unreadable"


def test_body_reference_that_could_not_be_read() -> None:
    evidence = Evidence(issues=(IssueRef("acme/prds", 9, "body", None),))
    finding = only(evaluate(make_pr(body="Fixes acme/prds#9"), POLICY, evidence))
    assert finding.rule == "prd.issue.not-approved" and "could not be read" in finding.message


def test_nothing_at_all_lists_every_way_to_pass() -> None:
    verdict = evaluate(make_pr(base_ref="develop", body="notes: https://wiki.example.com/x"), POLICY)
    finding = only(verdict)
    assert finding.rule == "prd.missing" and finding.severity is Severity.ERROR
    assert "links in the description that match no prd.accept.doc_links pattern: https://wiki.example.com/x" in finding.message
    assert finding.hint.startswith("Do one of: have @acme/design-reviewers, @dana (never the PR's author) add the label `design-approved`;")
    assert "this PR is not into the default branch, so the description is what counts" in finding.hint


def test_config_defaults_and_parsing() -> None:
    default = prd_from_data(None)
    assert default.applies_when.min_changed_lines == 200 and default.accept.approval_labels == ("design-approved",)
    parsed = prd_from_data({"mode": "warn", "merge_group": "pass", "comment": {"on_pass": "resolve"}, "accept": {"doc_links": []}})
    assert (parsed.mode, parsed.merge_group, parsed.on_pass, parsed.accept.doc_links) == ("warn", "pass", "resolve", ())
