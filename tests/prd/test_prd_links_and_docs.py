"""What the PR body points at, and a design document's front matter."""

from __future__ import annotations

from process_gates.prd.docs import doc_status, front_matter
from process_gates.prd.links import MAX_REFERENCES, parse_body

BODY = """\
Fixes #12 and closes acme/api#3. Resolves: https://github.com/acme/ops/issues/5
Design: [PRD](./docs/design/retry.md "the PRD"), see `docs/prd/x.md` and docs/rfcs/a.md.
Also https://docs.example.com/prd/retry-budget. and https://github.com/acme/widgets/blob/main/docs/design/b.md
Related: https://github.com/acme/prds/issues/7 and other/repo#9; not #44.
<!-- Fixes #99 (template example) -->
```
fixes #100
```
"""


def test_closing_keywords_cross_repo_refs_and_issue_urls() -> None:
    links = parse_body(BODY, "acme/widgets")
    assert links.issues == (
        ("acme/widgets", 12, True),
        ("acme/api", 3, True),
        ("acme/ops", 5, True),
        ("acme/prds", 7, False),
        ("other/repo", 9, False),
    )


def test_urls_and_repository_paths() -> None:
    links = parse_body(BODY, "acme/widgets")
    assert links.urls[:2] == ("https://github.com/acme/ops/issues/5", "https://docs.example.com/prd/retry-budget")
    assert links.paths == ("docs/design/b.md", "docs/design/retry.md", "docs/prd/x.md", "docs/rfcs/a.md")


def test_blob_urls_of_other_repositories_and_escaping_paths_are_not_paths() -> None:
    links = parse_body("https://github.com/evil/repo/blob/main/docs/design/x.md and ../../etc/passwd.md", "acme/widgets")
    assert links.paths == ()


def test_references_are_capped() -> None:
    body = " ".join(f"acme/x#{n}" for n in range(1, 100))
    assert len(parse_body(body, "acme/widgets").issues) == MAX_REFERENCES


def test_front_matter_statuses() -> None:
    assert doc_status("---\nstatus: approved\n---\n# x\n", "d.md").approved
    assert doc_status("\ufeff---\nstatus: ' Approved '\n...\n", "d.md").approved
    assert doc_status("---\nstatus: draft\n---\n", "d.md").status == "draft"
    assert doc_status("---\ntitle: x\n---\n", "d.md").problem == "its front matter has no `status:`"
    assert doc_status("---\n- a\n---\n", "d.md").problem == "its front matter is not a mapping of keys to values"
    assert doc_status("---\nstatus: [\n---\n", "d.md").problem.startswith("its front matter is not valid YAML")
    assert front_matter("# title\n---\nstatus: approved\n---\n") is None
    assert front_matter("---\nstatus: approved\n") is None  # never closed
