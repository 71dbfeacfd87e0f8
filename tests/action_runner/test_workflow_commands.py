"""Workflow-command parsing, case by case against actions/runner's ActionCommand and ActionCommandManager."""

from __future__ import annotations

import pytest

from action_runner.file_commands import FileCommandError, parse_key_values, parse_path_file
from action_runner.workflow_commands import CommandProcessor, parse_legacy, parse_v2

REGISTERED = frozenset({"error", "warning", "notice", "set-output", "add-mask", "stop-commands", "group"})


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("::error::boom", ("error", {}, "boom")),
        ("   \t::error::leading whitespace is trimmed", ("error", {}, "leading whitespace is trimmed")),
        ("::ERROR::names are case-insensitive", ("ERROR", {}, "names are case-insensitive")),
        (
            "::error file=a%3Ab.yaml,line=3,title=t%2Cx::m%0An%25",
            ("error", {"file": "a:b.yaml", "line": "3", "title": "t,x"}, "m\nn%"),
        ),
        ("::set-output name=x::a=b::c", ("set-output", {"name": "x"}, "a=b::c")),
        ("::error k=v,broken,=novalue,k2=::data", ("error", {"k": "v"}, "data")),
    ],
)
def test_v2_commands(line: str, expected: tuple) -> None:
    assert parse_v2(line, REGISTERED) == expected


@pytest.mark.parametrize("line", ["x ::error::not at the start", "::unknown::x", "::error no terminator", ": :error::x", ""])
def test_v2_non_commands(line: str) -> None:
    assert parse_v2(line, REGISTERED) is None


def test_legacy_commands_are_found_anywhere_in_a_line() -> None:
    assert parse_legacy("text ##[error]x", REGISTERED) == ("error", {}, "x")
    assert parse_legacy("##[set-output name=a;other=%3B]v%5D", REGISTERED) == ("set-output", {"name": "a", "other": ";"}, "v]")
    assert parse_legacy("##[unknown]x", REGISTERED) is None
    assert parse_legacy("#\\#[error]escaped", REGISTERED) is None


def test_stop_commands_pauses_until_the_token() -> None:
    processor = CommandProcessor()
    processor.feed("::stop-commands::pause-token")
    assert processor.feed("::error::ignored while paused") is None
    assert processor.feed("::pause-token::") is None
    assert processor.feed("::error::processed again") is not None
    assert [c.name for c in processor.commands] == ["stop-commands", "error"]
    assert processor.ignored == ["::error::ignored while paused"]
    assert processor.stopped_until is None


def test_add_mask_masks_later_text() -> None:
    processor = CommandProcessor()
    processor.feed("::add-mask::s3cr3t")
    assert processor.mask("token s3cr3t here") == "token *** here"


def test_file_commands_both_forms() -> None:
    text = "a=1\nb<<EOF\nline 1\nline 2\nEOF\nc=x=y\n\nd<<D\nD\n"
    assert parse_key_values(text) == {"a": "1", "b": "line 1\nline 2", "c": "x=y", "d": ""}


@pytest.mark.parametrize("text", ["=value\n", "name<<EOF\nno end\n", "just-a-name\n", "<<EOF\nx\nEOF\n"])
def test_file_commands_refuse_what_the_runner_refuses(text: str) -> None:
    with pytest.raises(FileCommandError):
        parse_key_values(text)


def test_path_file_skips_blank_lines() -> None:
    assert parse_path_file("/a\n\n/b\n") == ["/a", "/b"]
