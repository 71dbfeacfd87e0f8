"""(being written) slo_generator rules."""

from __future__ import annotations

from ..config import SloPolicy
from .model import FormatResult, SloObject


def check(obj: SloObject, policy: SloPolicy) -> FormatResult:
    raise NotImplementedError("slo_generator")
