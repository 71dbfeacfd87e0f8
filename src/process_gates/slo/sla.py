"""The convention by which an SLO written in a format without an SLA field says it is an SLA.

Sloth and slo-generator have no field for "this is a contractual promise", yet teams keep an external SLA
beside the internal SLO of the same service, and the SLA must stay looser than the SLO (hygiene checks
that). We recognise an SLA by what teams write anyway:

- a name with ``sla`` as a word of its own (``checkout-sla``, ``sla_availability``, ``api.SLA``), not as
  part of a word (``slack-delivery`` and ``islands`` are not SLAs);
- a label ``sla`` whose value is true (``"true"``, ``"yes"``, ``"1"``);
- any label whose value is exactly ``sla`` (``type: sla``, ``objective_type: SLA``).
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

_WORDS = re.compile(r"[A-Za-z0-9]+")
_TRUE = frozenset(("true", "yes", "1"))


def named_as_sla(name: Any) -> bool:
    return isinstance(name, str) and any(word.lower() == "sla" for word in _WORDS.findall(name))


def labelled_as_sla(labels: Any) -> bool:
    if not isinstance(labels, Mapping):
        return False
    for key, value in labels.items():
        text = str(value).strip().lower() if isinstance(value, (str, int, bool)) else ""
        if isinstance(value, bool):
            text = "true" if value else "false"
        if str(key).lower() == "sla" and text in _TRUE:
            return True
        if text == "sla":
            return True
    return False


def is_sla(names: Iterable[Any], label_maps: Iterable[Any]) -> bool:
    """True when any of the names or label maps marks the SLO as an SLA by the convention above."""
    return any(named_as_sla(n) for n in names) or any(labelled_as_sla(m) for m in label_maps)
