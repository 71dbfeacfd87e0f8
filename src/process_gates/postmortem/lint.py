"""``postmortem lint``, evaluated: one Markdown text and the policy in, findings out (pure).

The word lists, the section catalogue and the name list are compiled once per run (a ``Linter``),
so that linting two hundred files costs two hundred parses and nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from ..config.model import PostmortemLintPolicy
from ..findings import Finding, registered_rules
from .action_items import check_action_items
from .headings import SectionCatalog
from .impact import check_impact
from .language import DEFAULT_BLAME_WORDS, DEFAULT_COUNTERFACTUALS, Vocabulary, check_language
from .markdown import parse
from .model import PostmortemDocument, build_document
from .sections import check_sections
from .suppressions import Suppression, apply_suppressions, parse_suppressions
from .timeline import check_timeline


#: The rule families of ``postmortem lint``, the ones an inline comment may suppress.
LINT_RULE_PREFIXES = tuple(f"postmortem.{family}." for family in ("section", "action-item", "timeline", "impact", "language"))


@dataclass
class LintResult:
    findings: list[Finding] = field(default_factory=list)
    #: Findings silenced by an inline comment, with the comment (for the audit trail in the notes).
    suppressed: list[tuple[Finding, Suppression]] = field(default_factory=list)
    files: int = 0

    def extend(self, other: "LintResult") -> None:
        self.findings.extend(other.findings)
        self.suppressed.extend(other.suppressed)
        self.files += other.files


class Linter:
    """The policy, compiled once: section catalogue and vocabulary (word lists, person names)."""

    def __init__(self, policy: PostmortemLintPolicy):
        self.policy = policy
        self.catalog = SectionCatalog(policy.required_sections, policy.section_aliases)
        self.vocabulary = Vocabulary.of(
            DEFAULT_COUNTERFACTUALS if policy.counterfactuals is None else policy.counterfactuals,
            DEFAULT_BLAME_WORDS if policy.blame_words is None else policy.blame_words,
            policy.person_names,
            policy.not_person_names,
        )
        # Only this linter's rules: the other postmortem commands' rules may be registered too.
        self.rule_ids = sorted(r for r in registered_rules() if r.startswith(LINT_RULE_PREFIXES))

    def document(self, text: str, path: str) -> PostmortemDocument:
        return build_document(path, parse(text), self.catalog)

    def evaluate(self, doc: PostmortemDocument) -> list[Finding]:
        """Every rule over one document, before suppressions."""
        findings = check_sections(doc, self.catalog)
        findings += check_action_items(doc, self.policy.action_item_types)
        findings += check_timeline(doc)
        findings += check_impact(doc)
        findings += check_language(doc, self.vocabulary)
        return findings

    def lint(self, text: str, path: str) -> LintResult:
        doc = self.document(text, path)
        suppressions, problems = parse_suppressions(doc.markdown.comments, path, self.rule_ids)
        kept, silenced = apply_suppressions(self.evaluate(doc), suppressions, path)
        return LintResult(kept + problems, silenced, 1)


def lint_text(text: str, path: str, policy: PostmortemLintPolicy | None = None) -> LintResult:
    """One document with the given (or default) policy: the entry point for tests and tools."""
    return Linter(policy or PostmortemLintPolicy()).lint(text, path)

