"""Hostile and broken YAML through the real command line, one child process per input.

Each input must end in exactly one line that names the file and says what is wrong and where
(``path:line:col: error input.<rule>: ...``), exit 2 when the file cannot be read as plain YAML data (exit 1
when the YAML is fine and the content is not an SLO), no traceback, and bounded cost: the issue's bounds
are under 2 CPU seconds and under 200 MB peak memory for the child, measured with ``os.wait4``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from corecli import CPU_SECONDS_BOUND, MAX_RSS_BOUND_KB, VALID_SLOTH, CliRun, run_cli

HOSTILE_DIR = Path(__file__).parent / "hostile"


@dataclass(frozen=True)
class Hostile:
    """One input: how to make it, what the child must answer, and where it must point."""

    id: str
    make: Callable[[Path], str]  # writes the input under the folder, returns the path to pass
    code: int
    rule: str
    #: (line, col) the finding must point at; None when the problem has no place (a size, a device).
    where: tuple[int, int] | None
    says: str = ""
    command: tuple[str, ...] = ("slo", "validate")
    options: tuple[str, ...] = ()


def write(name: str, content: bytes | str) -> Callable[[Path], str]:
    def make(folder: Path) -> str:
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / name).write_bytes(data)
        return name

    return make


def shipped(name: str) -> Callable[[Path], str]:
    """A small input that reads better as a file under tests/core/hostile/ than as a Python string."""

    def make(folder: Path) -> str:
        (folder / name).write_bytes((HOSTILE_DIR / name).read_bytes())
        return name

    return make


def laughs(first: str, level: Callable[[int], str], levels: int = 9) -> bytes:
    """A billion-laughs document: a first line, then ``levels`` lines each multiplying the one before."""
    return ("\n".join([first, *(level(i) for i in range(1, levels + 1))]) + "\n").encode()


def laughs_lists() -> bytes:
    return laughs(
        'l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        lambda i: f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]",
        levels=8,
    )


def laughs_mappings() -> bytes:
    return laughs(
        "l0: &l0 {k0: lol, k1: lol, k2: lol, k3: lol, k4: lol, k5: lol, k6: lol, k7: lol, k8: lol}",
        lambda i: f"l{i}: &l{i} {{" + ", ".join(f"k{j}: *l{i - 1}" for j in range(9)) + "}",
    )


def laughs_merge_keys() -> bytes:
    # Each level merges the level below (so it holds all its keys) and adds eight aliases of it.
    return laughs(
        "l0: &l0 {a: lol, b: lol, c: lol, d: lol, e: lol, f: lol, g: lol, h: lol}",
        lambda i: f"l{i}: &l{i} {{<<: *l{i - 1}, " + ", ".join(f"x{i}{j}: *l{i - 1}" for j in range(8)) + "}",
    )


def laughs_as_key() -> bytes:
    # Five levels (66 430 nodes, under the limit) used as a mapping key: refused as a collection key.
    body = "\n".join(laughs_lists().decode().splitlines()[:5])
    return (body + "\n? *l4\n: boom\n").encode()


def text_bomb() -> bytes:
    # Few nodes, much text: one 100 kB string aliased 729 times is 73 MB for any rule that reads values.
    big = "x" * 100_000
    return (
        f'q: &q "{big}"\n'
        "b: &b [" + ",".join(["*q"] * 9) + "]\n"
        "c: &c [" + ",".join(["*b"] * 9) + "]\n"
        "d: [" + ",".join(["*c"] * 9) + "]\n"
    ).encode()


def sparse(size: int) -> Callable[[Path], str]:
    def make(folder: Path) -> str:
        with open(folder / "huge.yaml", "wb") as handle:
            handle.truncate(size)
        return "huge.yaml"

    return make


def raised_limit_scalar(folder: Path) -> str:
    (folder / "limits.yml").write_text("limits:\n  max_file_bytes: 11000000\n", encoding="utf-8")
    (folder / "long-scalar.yaml").write_bytes(b'description: "' + b"x" * 10_000_000 + b'"\n')
    return "long-scalar.yaml"


def fifo(folder: Path) -> str:
    os.mkfifo(folder / "pipe.yaml")
    return "pipe.yaml"


def symlink_loop(folder: Path) -> str:
    os.symlink("loop-b.yaml", folder / "loop-a.yaml")
    os.symlink("loop-a.yaml", folder / "loop-b.yaml")
    return "loop-a.yaml"


def dangling(folder: Path) -> str:
    os.symlink("gone.yaml", folder / "dangling.yaml")
    return "dangling.yaml"


def directory(folder: Path) -> str:
    (folder / "config.yml").mkdir()
    return "config.yml"


def folder_with_bad_file(folder: Path) -> str:
    (folder / "slos").mkdir()
    (folder / "slos" / "bad.yaml").write_bytes(b"a: 1\na: 2\n")
    return "slos"


def unreadable(folder: Path) -> str:
    path = folder / "secret.yaml"
    path.write_text(VALID_SLOTH, encoding="utf-8")
    path.chmod(0)
    return "secret.yaml"


def device(path: str) -> Callable[[Path], str]:
    def make(folder: Path) -> str:
        return path

    return make


CASES = [
    # --- alias bombs ----------------------------------------------------------------------------
    Hostile("billion-laughs-lists", write("laughs.yaml", laughs_lists()), 2, "input.yaml-too-many-nodes", (6, 14), "200000 nodes"),
    Hostile("billion-laughs-mappings", write("laughs.yaml", laughs_mappings()), 2, "input.yaml-too-many-nodes", (6, 14), "200000 nodes"),
    Hostile("billion-laughs-merge-keys", write("laughs.yaml", laughs_merge_keys()), 2, "input.yaml-too-many-nodes", (6, 14), "200000 nodes"),
    Hostile("billion-laughs-as-key", write("laughs.yaml", laughs_as_key()), 2, "input.yaml-key", (6, 3), "keys must be scalars"),
    Hostile("text-bomb", write("text.yaml", text_bomb()), 2, "input.yaml-too-many-nodes", (3, 32), "characters of text"),
    Hostile("undefined-alias", write("alias.yaml", "a: *nope\n"), 2, "input.yaml-key", (1, 4), "*nope"),
    Hostile("self-alias", write("alias.yaml", "a: &a [1, *a]\n"), 2, "input.yaml-key", (1, 11), "*a"),
    # --- depth ------------------------------------------------------------------------------------
    Hostile("deep-flow-sequences", write("deep.yaml", "[" * 20_000 + "]" * 20_000), 2, "input.yaml-too-deep", (1, 65), "64 levels"),
    Hostile("deep-flow-mappings", write("deep.yaml", "{a: " * 20_000 + "1" + "}" * 20_000), 2, "input.yaml-too-deep", (1, 257), "64 levels"),
    Hostile("deep-block-sequences", write("deep.yaml", "- " * 12_000 + "x\n"), 2, "input.yaml-too-deep", (1, 129), "64 levels"),
    Hostile("deep-block-mappings", write("deep.yaml", "".join(" " * i + "a:\n" for i in range(1_400))), 2, "input.yaml-too-deep", (65, 65), "64 levels"),
    # --- size -------------------------------------------------------------------------------------
    Hostile("just-over-the-limit", write("big.yaml", b'a: "' + b"x" * (1024 * 1024 - 5) + b'"\n'), 2, "input.too-large", None, "1048577 bytes"),
    Hostile("huge-sparse-file", sparse(50 * 1024**3), 2, "input.too-large", None, f"{50 * 1024**3} bytes"),
    Hostile("10MB-scalar-under-raised-limit", raised_limit_scalar, 1, "slo.format.unknown", (1, 1), "not a recognised SLO document", options=("--config", "limits.yml")),
    Hostile("very-long-line", write("long.yaml", "key: " + "a" * 900_000 + ": b\n"), 2, "input.yaml-syntax", (1, 900_006), "mapping values are not allowed"),
    Hostile("many-nodes-without-aliases", write("big.yaml", "items:\n" + "".join(f"  - {{name: n{i}, labels: {{a: b}}}}\n" for i in range(28_000))), 1, "slo.format.unknown", (1, 1), "not a recognised SLO document"),
    # --- bytes that are not UTF-8 text ------------------------------------------------------------
    Hostile("nul-byte", write("nul.yaml", b"a: 1\nb: x\x00y\n"), 2, "input.binary", (2, 5), "NUL"),
    Hostile("latin-1", write("latin1.yaml", b"name: caf\xe9\n"), 2, "input.encoding", (1, 10), "0xe9"),
    Hostile("utf-16-le-bom", write("utf16.yaml", "a: b\n".encode("utf-16")), 2, "input.encoding", (1, 1), "UTF-16"),
    Hostile("utf-16-be-bom", write("utf16.yaml", b"\xfe\xff" + "a: b\n".encode("utf-16-be")), 2, "input.encoding", (1, 1), "UTF-16"),
    Hostile("overlong-utf-8", write("overlong.yaml", b"a: 1\nb: \xc0\xaf\n"), 2, "input.encoding", (2, 4), "0xc0"),
    Hostile("lone-surrogate", write("surrogate.yaml", b"a: \xed\xa0\x80\n"), 2, "input.encoding", (1, 4), "0xed"),
    Hostile("c0-control", write("ctrl.yaml", b'a: 1\nb: "x\x07y"\n'), 2, "input.yaml-syntax", (2, 6), "U+0007"),
    Hostile("c1-control", write("ctrl.yaml", "a: 1\nb: é\u0085é\u009b\n".encode()), 2, "input.yaml-syntax", (2, 7), "U+009B"),
    Hostile("escape-character", write("ctrl.yaml", b"a: \x1b[31mred\n"), 2, "input.yaml-syntax", (1, 4), "U+001B"),
    # --- tags: plain data only --------------------------------------------------------------------
    Hostile("python-object-apply", write("tag.yaml", 'a: !!python/object/apply:os.system ["echo pwned"]\n'), 2, "input.yaml-tag", (1, 4), "!!python/object/apply:os.system"),
    Hostile("python-name", write("tag.yaml", "a: !!python/name:os.system\n"), 2, "input.yaml-tag", (1, 4), "!!python/name:os.system"),
    Hostile("custom-tag", write("tag.yaml", "a:\n  b: !vault secret\n"), 2, "input.yaml-tag", (2, 6), "!vault"),
    Hostile("tag-directive", write("tag.yaml", "%TAG !e! tag:example.com,2000:app/\n---\na: !e!foo x\n"), 2, "input.yaml-tag", (3, 4), "tag:example.com,2000:app/foo"),
    Hostile("binary-tag", write("tag.yaml", "a: !!binary aGVsbG8=\n"), 2, "input.yaml-tag", (1, 4), "!!binary"),
    Hostile("set-tag", write("tag.yaml", "a: !!set {x, y}\n"), 2, "input.yaml-tag", (1, 4), "!!set"),
    Hostile("omap-tag", write("tag.yaml", "a: !!omap [x: 1, y: 2]\n"), 2, "input.yaml-tag", (1, 4), "!!omap"),
    Hostile("tag-on-key", write("tag.yaml", "!!python/str a: 1\n"), 2, "input.yaml-tag", (1, 1), "!!python/str"),
    Hostile("bad-core-tag-value", write("tag.yaml", "a: !!int twelve\n"), 2, "input.yaml-syntax", (1, 4), "not a valid !!int"),
    # --- keys -------------------------------------------------------------------------------------
    Hostile("duplicate-key-top", write("dup.yaml", "a: 1\nb: 2\na: 3\n"), 2, "input.yaml-duplicate-key", (3, 1), "first at line 1"),
    Hostile("duplicate-key-nested", write("dup.yaml", "a:\n  x: 1\n  y: 2\n  x: 3\n"), 2, "input.yaml-duplicate-key", (4, 3), "first at line 2"),
    Hostile("duplicate-key-flow", write("dup.yaml", "a: {x: 1, x: 2}\n"), 2, "input.yaml-duplicate-key", (1, 11), "'x'"),
    Hostile("duplicate-merge-keys", shipped("duplicate-merge.yaml"), 2, "input.yaml-duplicate-key", (6, 3), "'<<' (first at line 5)"),
    Hostile("complex-key", write("key.yaml", "? [a, b]\n: c\n"), 2, "input.yaml-key", (1, 3), "keys must be scalars"),
    Hostile("mapping-as-key", write("key.yaml", "{a: 1}: c\n"), 2, "input.yaml-key", (1, 1), "keys must be scalars"),
    Hostile("merge-of-a-scalar", write("merge.yaml", "a: &a 1\nb:\n  <<: *a\n"), 2, "input.yaml-key", (3, 7), "merge key"),
    # --- syntax -----------------------------------------------------------------------------------
    Hostile("tab-indentation", write("tabs.yaml", "a:\n\tb: 1\n"), 2, "input.yaml-syntax", (2, 1), "cannot start any token"),
    Hostile("unterminated-quote", write("quote.yaml", 'a: "abc\nb: c\n'), 2, "input.yaml-syntax", (3, 1), "quoted scalar started at line 1"),
    Hostile("int-5000-digits", write("int.yaml", "a: " + "9" * 5000 + "\n"), 2, "input.yaml-syntax", (1, 4), "out of range"),
    Hostile("int-beyond-float", write("int.yaml", "a: !!float " + "9" * 400 + "\n"), 2, "input.yaml-syntax", (1, 4), "out of range"),
    Hostile("hex-beyond-float", write("int.yaml", "a: 0x" + "f" * 300 + "\n"), 2, "input.yaml-syntax", (1, 4), "out of range"),
    Hostile("float-overflow", write("float.yaml", "a: 1\nb: 1e999\n"), 2, "input.yaml-syntax", (2, 4), "write .inf"),
    Hostile("third-document-broken", shipped("third-document-broken.yaml"), 2, "input.yaml-syntax", (10, 7), "mapping values are not allowed"),
    Hostile("crlf-positions", write("crlf.yaml", b"root:\r\n  a: 1\r\n  b:\r\n    - x\r\n  a: 2\r\n"), 2, "input.yaml-duplicate-key", (5, 3), "first at line 2"),
    Hostile("cr-only-positions", write("cr.yaml", b"root:\r  a: 1\r  a: 2\r"), 2, "input.yaml-duplicate-key", (3, 3), "first at line 2"),
    Hostile("bom-then-error", write("bom.yaml", b"\xef\xbb\xbf{a: 1, a: 2}\n"), 2, "input.yaml-duplicate-key", (1, 8), "'a'"),
    Hostile("non-ascii-columns", write("wide.yaml", "{é😀: 1, é😀: 2}\n".encode()), 2, "input.yaml-duplicate-key", (1, 9), "'é😀'"),
    # --- paths that are not regular files -----------------------------------------------------------
    Hostile("directory", directory, 2, "input.unreadable", None, "directory", command=("config", "validate")),
    Hostile("folder-holding-a-bad-file", folder_with_bad_file, 2, "input.yaml-duplicate-key", (2, 1), "'a'"),
    Hostile("named-pipe", fifo, 2, "input.unreadable", None, "named pipe"),
    Hostile("named-pipe-config", fifo, 2, "input.unreadable", None, "named pipe", command=("config", "validate")),
    Hostile("dev-zero", device("/dev/zero"), 2, "input.unreadable", None, "device"),
    Hostile("dev-null-config", device("/dev/null"), 2, "input.unreadable", None, "device", command=("config", "validate")),
    Hostile("symlink-loop", symlink_loop, 2, "input.unreadable", None, "symbolic links"),
    Hostile("dangling-symlink", dangling, 2, "input.unreadable", None, "no such file"),
    Hostile("nonexistent", lambda folder: "missing.yaml", 2, "input.unreadable", None, "no such file"),
    Hostile("nonexistent-config", lambda folder: "missing.yml", 2, "input.unreadable", None, "no such file", command=("config", "validate")),
    Hostile("unreadable", unreadable, 2, "input.unreadable", None, "permission denied"),
    # --- YAML that is fine, content that is not an SLO -------------------------------------------
    Hostile("not-an-slo", write("other.yaml", "foo: bar\n"), 1, "slo.format.unknown", (1, 1), "not a recognised SLO document"),
    Hostile("anchor-redefined", write("anchors.yaml", "a: &x 1\nb: &x 2\nc: *x\n"), 1, "slo.format.unknown", (1, 1), "not a recognised SLO document"),
    Hostile("top-level-scalar", write("scalar.yaml", "just a string\n"), 1, "slo.format.shape", (1, 1), "expected a mapping"),
    Hostile("config-alias-bomb", write("pg.yml", laughs_lists()), 2, "input.yaml-too-many-nodes", (6, 14), "200000 nodes", command=("config", "validate")),
    Hostile("config-python-tag", write("pg.yml", "version: !!python/object/apply:os.system [id]\n"), 2, "input.yaml-tag", (1, 10), "!!python", command=("config", "validate")),
    Hostile("config-duplicate-key", write("pg.yml", "version: 1\nslo:\n  mode: warn\n  mode: enforce\n"), 2, "input.yaml-duplicate-key", (4, 3), "'mode'", command=("config", "validate")),
    Hostile("config-nul", write("pg.yml", b"version: 1\x00\n"), 2, "input.binary", (1, 11), "NUL", command=("config", "validate")),
]

FINDING = re.compile(r"^(?P<path>.+?)(?::(?P<line>\d+):(?P<col>\d+))?: (?P<severity>error|warning|notice) (?P<rule>[a-z0-9.-]+): (?P<message>.+)$")


def assert_one_clear_line(run: CliRun, name: str, case: Hostile) -> None:
    assert not run.timed_out, f"{case.id}: the child hung and was killed"
    assert "Traceback" not in run.output, run.output
    assert "internal error" not in run.output, run.output
    assert run.returncode == case.code, run.output
    named = run.lines_naming(name)
    assert len(named) == 1, f"{case.id}: expected one line naming {name!r}, got:\n{run.output}"
    match = FINDING.match(named[0])
    assert match, f"{case.id}: not a `path:line:col: severity rule: message` line: {named[0]!r}"
    assert match["rule"] == case.rule, named[0]
    assert match["severity"] == "error", named[0]
    if case.where is None:
        assert match["line"] is None, named[0]
    else:
        assert (int(match["line"]), int(match["col"])) == case.where, named[0]
    assert case.says in match["message"], named[0]
    assert named[0] in run.stdout.splitlines(), "the finding goes to stdout, with the report"


def assert_bounded(run: CliRun, case: Hostile) -> None:
    assert run.cpu_seconds < CPU_SECONDS_BOUND, f"{case.id}: {run.cpu_seconds:.2f} CPU seconds"
    assert run.max_rss_kb < MAX_RSS_BOUND_KB, f"{case.id}: {run.max_rss_kb / 1024:.0f} MB peak memory"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_input_gives_one_clear_line(case: Hostile, tmp_path: Path) -> None:
    if case.id == "unreadable" and os.geteuid() == 0:
        pytest.skip("running as root: root reads a file without read permission, so there is no error to see")
    name = case.make(tmp_path)
    run = run_cli([*case.options, *case.command, name], tmp_path, timeout=30)
    if case.id == "folder-holding-a-bad-file":
        name = os.path.join(name, "bad.yaml")
    assert_one_clear_line(run, name, case)
    assert_bounded(run, case)


def test_there_are_at_least_forty_hostile_inputs() -> None:
    assert len({c.id for c in CASES}) == len(CASES) >= 40


@pytest.mark.parametrize(
    "content",
    [b"", b"# only a comment\n# and another\n", b"---\n", b"--- \n...\n", b"\n\n\n"],
    ids=["empty", "only-comments", "document-marker-only", "explicit-empty-document", "blank-lines"],
)
def test_a_file_without_documents_passes_without_a_finding(content: bytes, tmp_path: Path) -> None:
    """No document means no SLO object, so nothing is wrong with it: the gate passes and says so."""
    (tmp_path / "empty.yaml").write_bytes(content)
    run = run_cli(["slo", "validate", "empty.yaml"], tmp_path)
    assert run.returncode == 0, run.output
    assert run.lines_naming("empty.yaml") == []
    assert run.stdout.splitlines()[-1] == "SLO validation: passed, 0 errors, 0 warnings in 1 file"
    assert_bounded(run, Hostile("empty", write("x", b""), 0, "", None))


def test_empty_configuration_means_defaults(tmp_path: Path) -> None:
    (tmp_path / "pg.yml").write_bytes(b"# nothing configured yet\n")
    run = run_cli(["config", "validate", "pg.yml"], tmp_path)
    assert run.returncode == 0, run.output
    assert run.stdout == "Configuration: passed, 0 errors, 0 warnings in 1 file\n"


def test_byte_order_mark_valid_files_pass(tmp_path: Path) -> None:
    (tmp_path / "search.yaml").write_bytes(b"\xef\xbb\xbf" + VALID_SLOTH.encode())
    (tmp_path / "pg.yml").write_bytes(b"\xef\xbb\xbfversion: 1\nslo:\n  mode: warn\n")
    run = run_cli(["slo", "validate", "search.yaml"], tmp_path)
    assert run.returncode == 0, run.output
    assert "input." not in run.output
    run = run_cli(["config", "validate", "pg.yml"], tmp_path)
    assert (run.returncode, run.stdout) == (0, "Configuration: passed, 0 errors, 0 warnings in 1 file\n")


def test_crlf_valid_file_passes_and_errors_point_at_the_right_line(tmp_path: Path) -> None:
    crlf = VALID_SLOTH.replace("\n", "\r\n")
    (tmp_path / "search.yaml").write_bytes(crlf.encode())
    run = run_cli(["slo", "validate", "search.yaml"], tmp_path)
    assert run.returncode == 0, run.output
    # The same file with `objective` written twice: the position is the second one, counted in CRLF lines.
    broken = crlf.replace("    objective: 99.5\r\n", "    objective: 99.5\r\n    objective: 99.9\r\n")
    (tmp_path / "search.yaml").write_bytes(broken.encode())
    run = run_cli(["slo", "validate", "search.yaml"], tmp_path)
    assert run.returncode == 2, run.output
    assert run.stdout.splitlines()[0] == (
        "search.yaml:6:5: error input.yaml-duplicate-key: duplicate key 'objective' (first at line 5)"
    )


def test_multi_document_file_reports_the_line_inside_the_third_document(tmp_path: Path) -> None:
    content = (HOSTILE_DIR / "third-document-broken.yaml").read_text(encoding="utf-8")
    third_starts = [i for i, line in enumerate(content.splitlines(), 1) if line.startswith("---")][1]
    (tmp_path / "multi.yaml").write_text(content, encoding="utf-8")
    run = run_cli(["slo", "validate", "multi.yaml"], tmp_path)
    line = int(FINDING.match(run.stdout.splitlines()[0])["line"])  # type: ignore[index]
    assert line > third_starts


def test_pipe_is_refused_even_when_a_writer_holds_it_open(tmp_path: Path) -> None:
    """With a writer attached, a blocking open would succeed and read forever: the stat check refuses first."""
    os.mkfifo(tmp_path / "pipe.yaml")
    writer = os.open(tmp_path / "pipe.yaml", os.O_RDWR | os.O_NONBLOCK)
    try:
        run = run_cli(["slo", "validate", "pipe.yaml"], tmp_path, timeout=20)
    finally:
        os.close(writer)
    assert not run.timed_out
    assert run.returncode == 2
    assert run.stdout.splitlines()[0] == "pipe.yaml: error input.unreadable: not a regular file (it is a named pipe)"
