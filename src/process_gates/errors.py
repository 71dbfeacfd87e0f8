"""Exceptions that end a command with a documented exit code instead of a traceback."""

from __future__ import annotations

from .findings import ExitCode


class GateError(Exception):
    """Base: carries the exit code and one line for the user."""

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class UsageError(GateError):
    """A bad flag, a missing file given on the command line, an unusable environment: exit 2."""

    exit_code = ExitCode.USAGE


class ServiceError(GateError):
    """GitHub or Prometheus failed after retries: exit 3, with the call and the status in the message."""

    exit_code = ExitCode.SERVICE
