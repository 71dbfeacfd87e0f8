"""Real postmortems and templates from ../shared/corpus/postmortems give the findings they deserve.

The real ones (DFDS, MIT) lack action-item owners and dates; PM2021-011 names people in its timeline,
runs 15:50 before 14:30, and says "could have be done". The empty templates fail on their sections and
on nothing else: no owner, due, timeline or language finding comes from a template.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pm_support import where

from process_gates.config.model import PostmortemLintPolicy
from process_gates.postmortem.gather import lint_paths

OWNER = "postmortem.action-item.owner"
DUE = "postmortem.action-item.due"
MISSING = "postmortem.section.missing"
EMPTY = "postmortem.section.empty"


def findings_of(corpus_dir: Path, name: str) -> list[tuple[str, int | None, int | None]]:
    path = corpus_dir / "postmortems" / name
    result = lint_paths([str(path)], PostmortemLintPolicy(), 1 << 20)
    assert result.files == 1
    return where(result.findings, "")


def unowned(*lines: int) -> list[tuple[str, int, int]]:
    return [finding for line in lines for finding in ((DUE, line, 3), (OWNER, line, 3))]


def test_pm2021_011_log4shell(corpus_dir: Path) -> None:
    assert findings_of(corpus_dir, "dfds__PM2021-011_log4shell.md") == [
        (MISSING, 1, 3),  # Impact
        (MISSING, 1, 3),  # Root Causes (no contributing factors section)
        ("postmortem.language.person-as-cause", 21, 24),  # "Jan and John discussing ..."
        ("postmortem.timeline.order", 23, 3),  # 14:30 after 15:50 on 2021-12-13
        ("postmortem.language.person-as-cause", 24, 25),  # "(Lloyd Middleton)"
        ("postmortem.language.person-as-cause", 28, 101),  # "(Søren Iversen)"
        *unowned(44, 45, 46, 47, 48, 49),
        ("postmortem.language.counterfactual", 74, 126),  # "could have be done"
    ]


def test_pm2021_011_messages_name_both_times_and_the_phrase(corpus_dir: Path) -> None:
    result = lint_paths([str(corpus_dir / "postmortems" / "dfds__PM2021-011_log4shell.md")], PostmortemLintPolicy(), 1 << 20)
    by_rule = {f.rule: f.message for f in result.findings}
    assert by_rule["postmortem.timeline.order"] == 'timeline entry "2021-12-13 14:30" is earlier than "2021-12-13 15:50" above it (line 22)'
    assert by_rule["postmortem.language.counterfactual"] == 'counterfactual "could have" in "could have be done by"'


def test_pm2019_011_iac_reverted(corpus_dir: Path) -> None:
    assert findings_of(corpus_dir, "dfds__PM2019-011_iac_reverted.md") == [(MISSING, 1, 3), *unowned(44, 46, 48, 50, 52)]


def test_pm2020_004_coredns(corpus_dir: Path) -> None:
    assert findings_of(corpus_dir, "dfds__PM2020-004_coredns.md") == [(MISSING, 1, 3), *unowned(36, 37)]


def test_morty_fixture_has_metadata_only(corpus_dir: Path) -> None:
    assert findings_of(corpus_dir, "morty__testdata_0002-second-mortem.md") == [(MISSING, 2, 3)] * 6


TEMPLATES = {
    "dastergon__postmortem-template-srebook.md": [(EMPTY, 11, 5), (EMPTY, 13, 5), (EMPTY, 15, 5), (EMPTY, 23, 4), (EMPTY, 25, 4), (EMPTY, 33, 4)],
    "dastergon__postmortem-template-michael.kehoe.md": [(EMPTY, 5, 5), (EMPTY, 28, 5), (EMPTY, 35, 5), (EMPTY, 49, 6), (EMPTY, 60, 5), (EMPTY, 68, 5)],
    "dastergon__postmortem-template-thecloudbook.md": [(EMPTY, 7, 5), (EMPTY, 11, 5), (EMPTY, 19, 4), (EMPTY, 21, 4), (EMPTY, 23, 5), (EMPTY, 27, 4)],
    "dastergon__postmortem-template-elastic.md": [(MISSING, 3, 3), (EMPTY, 11, 4), (EMPTY, 13, 5), (EMPTY, 15, 4), (EMPTY, 19, 4), (EMPTY, 21, 4)],
    "dfds__PMyyyy-nnn_template.md": [(MISSING, 1, 3), (EMPTY, 3, 4), (EMPTY, 5, 4), (EMPTY, 13, 4), (EMPTY, 17, 4), (EMPTY, 21, 4)],
}


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_empty_templates_fail_on_sections_and_nothing_else(corpus_dir: Path, name: str) -> None:
    assert findings_of(corpus_dir, name) == TEMPLATES[name]


def test_every_corpus_file_is_covered(corpus_dir: Path) -> None:
    listed = {p.name for p in (corpus_dir / "postmortems").glob("*.md")}
    covered = set(TEMPLATES) | {
        "dfds__PM2021-011_log4shell.md", "dfds__PM2019-011_iac_reverted.md", "dfds__PM2020-004_coredns.md",
        "morty__testdata_0002-second-mortem.md",
    }
    assert listed == covered
