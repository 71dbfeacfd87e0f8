"""The front matter of a design document: the ``status:`` that says whether it was approved.

Front matter is the YAML block between a first line of ``---`` and the next ``---`` (or ``...``) line, as
Jekyll, Hugo, MkDocs and GitHub's own renderer read it. It is parsed with the engine's bounded safe
loader: a linked document is PR content and may be hostile.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..safe_yaml import InputError, load_bytes

APPROVED = "approved"
#: Front matter longer than this is not front matter worth reading.
MAX_FRONT_MATTER_BYTES = 64 * 1024


@dataclass(frozen=True)
class DocStatus:
    #: The status as written (stripped), or None when there is none.
    status: str | None
    #: Why no status could be read (no front matter, not YAML, not a mapping), for the message.
    problem: str | None = None

    @property
    def approved(self) -> bool:
        return self.status is not None and self.status.strip().lower() == APPROVED


def front_matter(text: str) -> str | None:
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != "---":
        return None
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            return "\n".join(lines[1:index]) + "\n"
    return None


def doc_status(text: str, path: str) -> DocStatus:
    block = front_matter(text)
    if block is None:
        return DocStatus(None, "it has no front matter (a first line `---`, then `status: approved`, then `---`)")
    if len(block.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        return DocStatus(None, "its front matter is larger than 64 KiB")
    try:
        documents = load_bytes(block.encode("utf-8"), path)
    except InputError as exc:
        return DocStatus(None, f"its front matter is not valid YAML ({exc})")
    data = documents[0].data if documents else None
    if not isinstance(data, dict):
        return DocStatus(None, "its front matter is not a mapping of keys to values")
    status = data.get("status")
    if status is None:
        return DocStatus(None, "its front matter has no `status:`")
    return DocStatus(str(status).strip())
