"""The Markdown structure reader: blocks as GitHub renders them, each at its 1-based line and column."""

from __future__ import annotations

from process_gates.postmortem.markdown import (
    CodeBlock,
    FrontMatter,
    Heading,
    LinkDefinition,
    ListBlock,
    Paragraph,
    Table,
    Text,
    ThematicBreak,
    parse,
    prose,
)


def kinds(text: str) -> list[str]:
    return [type(b).__name__ for b in parse(text).blocks]


def headings(text: str) -> list[tuple[int, Text, bool]]:
    return [(h.level, h.title, h.setext) for h in parse(text).headings()]


# --- headings -------------------------------------------------------------------------------------------


def test_atx_headings_with_positions_and_closing_hashes() -> None:
    text = "# Title\n\n  ### Root Cause(s) ###\n####### seven is text\n#hashtag is text\n##\n"
    assert headings(text) == [
        (1, Text(1, 3, "Title"), False),
        (3, Text(3, 7, "Root Cause(s)"), False),
        (2, Text(6, 3, ""), False),
    ]
    assert kinds(text) == ["Heading", "Heading", "Paragraph", "Heading"]


def test_closing_hashes_need_a_space_before_them() -> None:
    assert headings("## C# #\n## Issue #42\n") == [(2, Text(1, 4, "C#"), False), (2, Text(2, 4, "Issue #42"), False)]


def test_setext_headings_take_the_paragraph_lines_and_start_at_the_first() -> None:
    text = "Checkout outage\n===\n\nSummary\nof the day\n---\ntext\n"
    assert headings(text) == [
        (1, Text(1, 1, "Checkout outage"), True),
        (2, Text(4, 1, "Summary of the day"), True),
    ]
    assert kinds(text) == ["Heading", "Heading", "Paragraph"]


def test_dashes_after_a_blank_line_are_a_thematic_break_not_a_heading() -> None:
    assert kinds("text\n\n---\n") == ["Paragraph", "ThematicBreak"]
    assert kinds("- a\n---\n") == ["ListBlock", "ThematicBreak"]


# --- lists and task lists -------------------------------------------------------------------------------


def test_task_list_items_nesting_and_content_columns() -> None:
    text = "- [ ] Fix X (@alice, due 2024-05-01)\n  - [x] sub done\n    more of sub\n- plain\n1. ordered\n"
    doc = parse(text)
    [block] = doc.blocks
    assert isinstance(block, ListBlock)
    first, plain, ordered = block.items
    assert (first.line, first.column, first.task, first.lines) == (1, 1, " ", [Text(1, 7, "Fix X (@alice, due 2024-05-01)")])
    [child] = first.children
    assert (child.line, child.column, child.task) == (2, 3, "x")
    assert child.lines == [Text(2, 9, "sub done"), Text(3, 5, "more of sub")]
    assert (plain.task, plain.lines) == (None, [Text(4, 3, "plain")])
    assert ordered.ordered and ordered.lines == [Text(5, 4, "ordered")]


def test_lazy_continuation_and_loose_items_stay_in_the_item() -> None:
    text = "- first line\nlazy line\n\n  second paragraph\n- next\n\nafter the list\n"
    doc = parse(text)
    block = doc.blocks[0]
    assert isinstance(block, ListBlock)
    assert [t.text for t in block.items[0].lines] == ["first line", "lazy line", "second paragraph"]
    assert kinds(text) == ["ListBlock", "Paragraph"]


def test_empty_items_and_task_boxes_have_no_text() -> None:
    block = parse("-\n- [ ]\n* [x]\n").blocks[0]
    assert isinstance(block, ListBlock)
    assert [(i.task, i.lines) for i in block.items] == [(None, []), (" ", []), ("x", [])]


def test_an_empty_item_or_a_number_other_than_1_does_not_interrupt_a_paragraph() -> None:
    assert kinds("The year was\n2024. It rained.\n") == ["Paragraph"]
    assert kinds("text\n-\n") == ["Heading"]  # a setext underline, as CommonMark reads it
    assert kinds("text\n- item\n") == ["Paragraph", "ListBlock"]


# --- tables ---------------------------------------------------------------------------------------------


def test_table_cells_with_columns_escaped_pipes_and_padding() -> None:
    text = "| Time | Event |\n|:-----|------:|\n| 14:30 | a \\| b |\n| 15:00 |\n| x | y | extra |\n"
    [table] = parse(text).blocks
    assert isinstance(table, Table)
    assert table.header.cells == [Text(1, 3, "Time"), Text(1, 10, "Event")]
    assert [c.text for c in table.rows[0].cells] == ["14:30", "a \\| b"]
    assert table.rows[0].cells[1].column == 11
    assert [c.text for c in table.rows[1].cells] == ["15:00", ""]
    assert [c.text for c in table.rows[2].cells] == ["x", "y"]


def test_a_table_needs_a_delimiter_row_with_as_many_cells() -> None:
    assert kinds("| a | b |\n|---|\n| 1 | 2 |\n") == ["Paragraph"]
    assert kinds("a | b\n--- | ---\n1 | 2\n") == ["Table"]
    assert kinds("| a |\n| --- |\n") == ["Table"]


def test_a_table_ends_at_a_blank_line_or_another_block() -> None:
    assert kinds("| a |\n|---|\n| 1 |\n\ntext\n") == ["Table", "Paragraph"]
    assert kinds("| a |\n|---|\n| 1 |\n## Next\n") == ["Table", "Heading"]
    assert kinds("| a |\n|---|\n- item\n") == ["Table", "ListBlock"]


def test_a_table_may_follow_a_paragraph_line() -> None:
    assert kinds("All times in UTC.\n| Time | Event |\n|---|---|\n| 1 | 2 |\n") == ["Paragraph", "Table"]


# --- code, comments, front matter -----------------------------------------------------------------------


def test_fences_hide_headings_lists_and_comments() -> None:
    text = "```markdown\n# not a heading\n- not an item\n<!-- not a comment -->\n```\n~~~\n~~~\n# Heading\n"
    doc = parse(text)
    assert kinds(text) == ["CodeBlock", "CodeBlock", "Heading"]
    code = doc.blocks[0]
    assert isinstance(code, CodeBlock) and (code.line, code.end_line, code.info, code.has_text) == (1, 5, "markdown", True)
    assert doc.comments == []


def test_an_unclosed_fence_runs_to_the_end() -> None:
    assert kinds("```\n# inside\n") == ["CodeBlock"]


def test_indented_code_only_where_a_paragraph_cannot_continue() -> None:
    assert kinds("text\n    continued\n") == ["Paragraph"]
    assert kinds("text\n\n    code\n\nafter\n") == ["Paragraph", "CodeBlock", "Paragraph"]


def test_html_comments_are_hidden_and_kept_with_their_positions() -> None:
    text = "# Title <!-- hint -->\n\ntext <!-- a\nmulti-line\ncomment --> tail\n<!--> `<!-- code -->`\n"
    doc = parse(text)
    assert [(c.line, c.column, c.end_line, c.body) for c in doc.comments] == [
        (1, 9, 1, "hint"),
        (3, 6, 5, "a\nmulti-line\ncomment"),
        (6, 1, 6, ""),
    ]
    assert doc.headings()[0].title == Text(1, 3, "Title")
    paragraph = doc.blocks[1]
    assert isinstance(paragraph, Paragraph)
    assert [t.text for t in paragraph.lines] == ["text", "tail", "`<!-- code -->`"]
    assert paragraph.lines[1].column == 13


def test_an_unclosed_comment_hides_the_rest_of_the_file() -> None:
    doc = parse("# A\n<!-- open\n# B\n")
    assert [h.title.text for h in doc.headings()] == ["A"]
    assert [(c.line, c.end_line) for c in doc.comments] == [(2, 3)]


def test_front_matter_is_skipped_only_when_closed() -> None:
    assert kinds("---\ntitle: x\n---\n# T\n") == ["FrontMatter", "Heading"]
    front = parse("---\ntitle: x\n...\n").blocks[0]
    assert isinstance(front, FrontMatter) and (front.line, front.end_line) == (1, 3)
    assert kinds("---\ntext\n") == ["ThematicBreak", "Paragraph"]


def test_line_endings_and_byte_order_mark() -> None:
    doc = parse("\ufeff# A\r\ntext\rmore\r\n## B\n")
    assert [(h.title.line, h.title.text) for h in doc.headings()] == [(1, "A"), (4, "B")]
    assert doc.line_count == 4


def test_link_definitions_and_quotes() -> None:
    doc = parse("> Template from [x][y]\n> more\n\n[y]: https://example.com\n")
    assert kinds("> q\n\n[y]: https://example.com\n") == ["Paragraph", "LinkDefinition"]
    quote = doc.blocks[0]
    assert isinstance(quote, Paragraph) and quote.quote and quote.lines[1] == Text(2, 3, "more")
    assert isinstance(doc.blocks[1], LinkDefinition) and doc.link_labels == frozenset({"y"})
    assert isinstance(parse("***\n").blocks[0], ThematicBreak)
    assert isinstance(parse("# A\n").blocks[0], Heading)


def test_prose_blanks_code_urls_and_tags_without_moving_columns() -> None:
    text = "see `should have` and [the doc](https://x.y/should-have) <b>x</b> https://blame.example"
    cleaned = prose(text)
    assert len(cleaned) == len(text)
    assert "should" not in cleaned and "blame" not in cleaned
    assert cleaned.index("the doc") == text.index("the doc")
    assert cleaned.split() == ["see", "and", "[the", "doc]", "x"]
