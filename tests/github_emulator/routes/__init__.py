"""Every REST route the emulator serves, and POST /graphql, in one table (``TABLE``)."""

from __future__ import annotations

from . import accounts, actions, checks, comments, graphql, issues, labels, pulls, repos, search  # noqa: F401  (they register)
from .common import TABLE

__all__ = ["TABLE"]
