"""The sticky comment's plan, pure: which comment is ours, and what to write (if anything)."""

from __future__ import annotations

import pytest

from process_gates.github.client import MAX_COMMENT_CHARS
from process_gates.github.resources import Comment, Identity
from process_gates.github.sticky import marker, plan, render_body, resolved_text, same_text

BOT = Identity("github-actions[bot]", "GraphQL viewer")


def comment(id: int, body: str, author: str | None = "github-actions[bot]", at: str | None = None) -> Comment:
    return Comment(id=id, body=body, author=author, created_at=at or f"2024-01-01T00:00:{id:02d}Z", html_url=f"u/{id}")


def test_marker_and_body() -> None:
    assert marker("prd") == "<!-- process-gates:prd -->"
    assert render_body("prd", "\nLink a PRD.\n\n") == "<!-- process-gates:prd -->\nLink a PRD.\n"
    with pytest.raises(ValueError):
        marker("PRD check")


def test_create_when_nothing_is_there() -> None:
    step = plan([comment(1, "LGTM", author="alice")], "prd", BOT, "Link a PRD.")
    assert step.action == "create" and step.body == render_body("prd", "Link a PRD.")


def test_nothing_to_say_and_nothing_there() -> None:
    assert plan([], "prd", BOT, None).action == "none"
    assert plan([], "prd", BOT, "   ").action == "none"
    assert plan([], "prd", BOT, None, on_pass="resolve").action == "none"


def test_marker_alone_is_not_ours() -> None:
    """Someone quoting our comment (marker included) must never have their comment edited or deleted."""
    quoted = comment(1, render_body("prd", "old text"), author="alice")
    assert plan([quoted], "prd", BOT, "new text").action == "create"
    assert plan([quoted], "prd", BOT, None).action == "none"


def test_other_gates_comments_are_not_ours() -> None:
    quality = comment(1, render_body("quality", "Add tests."))
    assert plan([quality], "prd", BOT, "Link a PRD.").action == "create"
    assert plan([comment(2, "<!-- process-gates:prd-extra -->\nx")], "prd", BOT, "y").action == "create"


def test_unchanged_text_is_not_rewritten() -> None:
    current = comment(3, render_body("prd", "Link a PRD.").replace("\n", "\r\n") + "  ")
    step = plan([current], "prd", BOT, "Link a PRD.")
    assert step.action == "keep" and step.target == current


def test_changed_text_updates_in_place() -> None:
    current = comment(3, render_body("prd", "Link a PRD."))
    step = plan([current], "prd", BOT, "Link a PRD and get it approved.")
    assert step.action == "update" and step.target == current and "approved" in (step.body or "")


def test_author_match_ignores_case() -> None:
    current = comment(3, render_body("prd", "x"), author="GitHub-Actions[bot]")
    assert plan([current], "prd", BOT, "x").action == "keep"


def test_pass_deletes_or_resolves() -> None:
    current = comment(3, render_body("prd", "Link a PRD."))
    assert plan([current], "prd", BOT, None).action == "delete"
    resolved = plan([current], "prd", BOT, None, on_pass="resolve")
    assert resolved.action == "update" and resolved.body == render_body("prd", resolved_text("prd"))
    already = comment(3, render_body("prd", resolved_text("prd")))
    assert plan([already], "prd", BOT, None, on_pass="resolve").action == "keep"
    with pytest.raises(ValueError):
        plan([], "prd", BOT, None, on_pass="hide")


def test_duplicates_keep_the_oldest() -> None:
    newer = comment(9, render_body("prd", "a"), at="2024-02-01T00:00:00Z")
    older = comment(12, render_body("prd", "b"), at="2024-01-01T00:00:00Z")
    step = plan([newer, comment(5, "hi", author="bob"), older], "prd", BOT, "b")
    assert step.action == "keep" and step.target == older and step.extras == (newer,)


def test_deleted_author_is_never_ours() -> None:
    ghost = comment(1, render_body("prd", "x"), author=None)
    assert plan([ghost], "prd", BOT, "x").action == "create"


def test_huge_text_is_cut_to_githubs_limit() -> None:
    text = "\n".join(f"| finding {i} | {'x' * 80} |" for i in range(2000))
    body = render_body("prd", text)
    assert len(body) <= MAX_COMMENT_CHARS
    assert body.startswith(marker("prd")) and "cut to fit GitHub's comment size limit" in body
    assert same_text(body, render_body("prd", text))  # stable: a re-run does not rewrite it
