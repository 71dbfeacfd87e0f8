"""``process-gates``: the one command line behind every hook and action.

Contract (DESIGN.md): ``process-gates [--config PATH] [--format text|github|json|sarif] COMMAND ...``;
exit 0 passed (warnings allowed), 1 the gate found errors, 2 usage/configuration/input error,
3 an outside service failed after retries. Imports stay lazy: the hooks start in tens of milliseconds.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Callable, NoReturn, Sequence

from . import __version__
from .findings import ExitCode

Command = Callable[[argparse.Namespace], "object"]


def _global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--config",
        metavar="PATH",
        default=default,
        help="configuration file (default: .github/process-gates.yml, else built-in defaults)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "github", "json", "sarif"),
        default=argparse.SUPPRESS if suppress else "text",
        help="output format (default: text; github writes annotations, a job summary and outputs)",
    )


class _Parser(argparse.ArgumentParser):
    """argparse, with its error line made safe for a runner's log: it echoes the offending argument,
    and an argument may be a file name from a pull request (``##[stop-commands]x.yaml``)."""

    def error(self, message: str) -> NoReturn:
        from .github.workflow import neutralize_line

        self.print_usage(sys.stderr)
        self.exit(int(ExitCode.USAGE), neutralize_line(f"{self.prog}: error: {message}") + "\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="process-gates",
        description="Lightweight, data-informed process gates: SLO hygiene, PRD approval, quality gates, postmortems.",
        epilog="Exit codes: 0 passed, 1 findings, 2 usage/configuration/input error, 3 outside service failed.",
    )
    parser.add_argument("--version", action="version", version=f"process-gates {__version__}")
    _global_options(parser, suppress=False)
    gates = parser.add_subparsers(dest="gate", metavar="COMMAND", required=True)

    config = gates.add_parser("config", help="the configuration file itself")
    config_cmds = config.add_subparsers(dest="action", metavar="ACTION", required=True)
    cv = config_cmds.add_parser("validate", help="validate .github/process-gates.yml against its schema")
    cv.add_argument("paths", nargs="*", metavar="PATH", help="configuration files (default: the repository's)")
    _global_options(cv, suppress=True)
    cs = config_cmds.add_parser("schema", help="print the configuration's JSON Schema (for editors)")
    _global_options(cs, suppress=True)

    slo = gates.add_parser("slo", help="SLO files: validate them, require them")
    slo_cmds = slo.add_subparsers(dest="action", metavar="ACTION", required=True)
    sv = slo_cmds.add_parser("validate", help="validate OpenSLO, Sloth and slo-generator files")
    sv.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: the configured slo.files globs)")
    _global_options(sv, suppress=True)
    sr = slo_cmds.add_parser("require", help="every folder matching slo.require_for holds a valid SLO")
    sr.add_argument("paths", nargs="*", metavar="PATH", help="ignored (pre-commit passes changed files); the whole repository is checked")
    sr.add_argument("--root", default=".", help="repository root (default: the current directory)")
    _global_options(sr, suppress=True)
    return parser


def _dispatch(args: argparse.Namespace) -> Callable[[argparse.Namespace], int]:
    key = (args.gate, args.action)
    if key == ("config", "validate"):
        from .commands.config_cmd import run_validate

        return run_validate
    if key == ("config", "schema"):
        from .commands.config_cmd import run_schema

        return run_schema
    if key == ("slo", "validate"):
        from .commands.slo_cmd import run_validate as slo_validate

        return slo_validate
    if key == ("slo", "require"):
        from .commands.slo_cmd import run_require

        return run_require
    raise AssertionError(key)  # argparse only lets known commands through


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from .errors import GateError

    try:
        return int(_dispatch(args)(args))
    except GateError as exc:
        from .github.workflow import neutralize_line

        print(neutralize_line(f"process-gates: {exc.message}"), file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        print("process-gates: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return int(ExitCode.PASSED)
    except Exception as exc:  # noqa: BLE001 - the contract is one line and exit 2, never a traceback
        if os.environ.get("PROCESS_GATES_DEBUG"):
            raise
        from .github.workflow import neutralize_line

        print(
            neutralize_line(
                f"process-gates: internal error: {type(exc).__name__}: {exc} "
                "(set PROCESS_GATES_DEBUG=1 for a traceback, and please report it)"
            ),
            file=sys.stderr,
        )
        return int(ExitCode.USAGE)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
