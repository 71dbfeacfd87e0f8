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

    prd = gates.add_parser("prd", help="PR: linked PRD/design doc or approval label")
    prd_cmds = prd.add_subparsers(dest="action", metavar="ACTION", required=True)
    pc = prd_cmds.add_parser("check", help="check the event's PR (or merge group), read live from GitHub (needs GITHUB_* and a token)")
    pc.add_argument("--pr", type=int, metavar="N", help="the pull request to check (default: the event's; needed on workflow_dispatch and schedule)")
    _global_options(pc, suppress=True)

    quality = gates.add_parser("quality", help="PR quality: size, tests with code, changelog, blocking labels")
    quality_cmds = quality.add_subparsers(dest="action", metavar="ACTION", required=True)
    qc = quality_cmds.add_parser("check", help="check the event's PR, read live from GitHub (needs GITHUB_* and a token)")
    qc.add_argument("--pr", type=int, metavar="N", help="the pull request to check (default: the event's; needed on workflow_dispatch and schedule)")
    _global_options(qc, suppress=True)

    workflow = gates.add_parser("workflow", help="the gates' workflow: re-run it when a linked issue changes")
    workflow_cmds = workflow.add_subparsers(dest="action", metavar="ACTION", required=True)
    wr = workflow_cmds.add_parser("rerun", help="on an issue event, re-run the gates' latest run for each open PR that references the issue")
    wr.add_argument("--workflow", required=True, help="file name of the workflow that runs the gates (e.g. process-gates.yml)")
    _global_options(wr, suppress=True)

    postmortem = gates.add_parser("postmortem", help="postmortems: lint them")
    postmortem_cmds = postmortem.add_subparsers(dest="action", metavar="ACTION", required=True)
    pl = postmortem_cmds.add_parser("lint", help="lint Markdown postmortems: sections, action items, timeline, impact, blameless language")
    pl.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: the configured postmortem.lint.files globs)")
    _global_options(pl, suppress=True)
    po = postmortem_cmds.add_parser("open", help="incident issue event -> one postmortem issue (needs GITHUB_* and a token)")
    po.add_argument("--issue", type=int, metavar="N", help="the incident's issue number (default: the event's issue)")
    po.add_argument("--dry-run", action="store_true", help="read and decide, print what would be done, write nothing")
    po.add_argument("--at", metavar="ISO-8601", help="act as on this day (default: today, UTC)")
    _global_options(po, suppress=True)
    pr = postmortem_cmds.add_parser("remind", help="overdue postmortems and action items: one comment a day, grouped by owner")
    pr.add_argument("--dry-run", action="store_true", help="list what is overdue, write nothing")
    pr.add_argument("--at", metavar="ISO-8601", help="act as on this day (default: today, UTC)")
    pr.add_argument("--max-operations", type=int, metavar="N", help="comments per run at most (default: postmortem.remind.max_operations)")
    _global_options(pr, suppress=True)

    release = gates.add_parser("release", help="releases: freeze windows, release trains, error budget")
    release_cmds = release.add_subparsers(dest="action", metavar="ACTION", required=True)
    rc = release_cmds.add_parser("check", help="would a release pass now (or --at a moment)?")
    rc.add_argument("--at", metavar="ISO-8601", help="judge this moment instead of now (no offset: the repository's release.timezone)")
    rc.add_argument("--branch", metavar="NAME", help="target branch for the release trains (default: GITHUB_BASE_REF, GITHUB_REF_NAME)")
    rc.add_argument("--prometheus-url", metavar="URL", help="Prometheus for the error budget (default: release.error_budget.prometheus_url, else $PROMETHEUS_URL)")
    _global_options(rc, suppress=True)

    report = gates.add_parser("report", help="process-health report: lead time, deployments, change failure rate, time to restore, follow-ups, SLO budget")
    report.add_argument("--since", metavar="ISO-8601", help="start of the window (default: --until minus --window)")
    report.add_argument("--until", metavar="ISO-8601", help="end of the window, exclusive (default: now)")
    report.add_argument("--window", metavar="DURATION", help="length of the window when --since is not given, e.g. 28d or 4w (default: report.window, 28d)")
    report.add_argument("--json", metavar="PATH", help="also write the JSON document (version 1) to PATH")
    report.add_argument("--prometheus-url", metavar="URL", help="Prometheus for the SLO budget (default: release.error_budget.prometheus_url, else $PROMETHEUS_URL)")
    _global_options(report, suppress=True)
    return parser


def _dispatch(args: argparse.Namespace) -> Callable[[argparse.Namespace], int]:
    if args.gate == "report":
        from .commands.report_cmd import run_report

        return run_report
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
    if key == ("workflow", "rerun"):
        from .commands.companion_cmd import run_rerun

        return run_rerun
    if key == ("quality", "check"):
        from .commands.quality_cmd import run_check as quality_check

        return quality_check
    if key == ("postmortem", "lint"):
        from .commands.postmortem_cmd import run_lint as postmortem_lint

        return postmortem_lint
    if key == ("postmortem", "open"):
        from .commands.postmortem_github_cmd import run_open as postmortem_open

        return postmortem_open
    if key == ("postmortem", "remind"):
        from .commands.postmortem_github_cmd import run_remind as postmortem_remind

        return postmortem_remind
    if key == ("prd", "check"):
        from .commands.prd_cmd import run_check as prd_check

        return prd_check
    if key == ("release", "check"):
        from .commands.release_cmd import run_check as release_check

        return release_check
    raise AssertionError(key)  # argparse only lets known commands through


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from .errors import GateError

    try:
        return int(_dispatch(args)(args))
    except GateError as exc:
        from .github.workflow import annotation, neutralize_line

        if getattr(args, "format", None) == "github":
            # On a runner the line must also reach the checks UI, or a failed check explains nothing.
            print(annotation("error", exc.message, title="process-gates"), flush=True)
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
