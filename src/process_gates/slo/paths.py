"""How a field of an SLO document is named in a message: the way people and the formats' own tools do."""

from __future__ import annotations

from ..safe_yaml import PathKey


def field_path(path: PathKey) -> str:
    """``("spec", "slos", 0, "objective")`` -> ``spec.slos[0].objective``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "the document"
