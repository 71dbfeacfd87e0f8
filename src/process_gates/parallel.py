"""Spread per-file work over the cores the process may use, with fork and a pipe per worker.

Why not multiprocessing: its start-up (a resource tracker, a pool, pickling the function) costs more
than the work on a few hundred small files, and a hook pays that on every commit. A forked child
inherits the already-imported engine, computes its share, and sends back one pickle. Falls back to
one process where fork does not exist, when one core is available, or when the batch is small.
"""

from __future__ import annotations

import os
import pickle
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Below this many items the fork and the pickling cost more than they save.
MIN_ITEMS = 64


def usable_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def chunk(items: Sequence[T], parts: int) -> list[Sequence[T]]:
    """Split into ``parts`` contiguous slices of near-equal length (order is kept when rejoined)."""
    size, extra = divmod(len(items), parts)
    out, start = [], 0
    for i in range(parts):
        end = start + size + (1 if i < extra else 0)
        out.append(items[start:end])
        start = end
    return out


def fork_map(func: Callable[[Sequence[T]], R], items: Sequence[T], *, min_items: int = MIN_ITEMS) -> list[R]:
    """``[func(part) for part in chunks(items)]``, the parts computed in parallel where that pays."""
    workers = min(usable_cores(), max(1, len(items) // max(1, min_items // 2)))
    if workers < 2 or len(items) < min_items or not hasattr(os, "fork") or os.environ.get("PROCESS_GATES_NO_FORK"):
        return [func(items)]
    parts = chunk(items, workers)
    children: list[tuple[int, int]] = []
    for part in parts[1:]:
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # child: compute, send, and leave without running the parent's exit handlers
            os.close(read_fd)
            code = 0
            try:
                payload = pickle.dumps((True, func(part)), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException as exc:  # noqa: BLE001 - carried to the parent and raised there
                code = 1
                payload = pickle.dumps((False, f"{type(exc).__name__}: {exc}"))
            try:
                with os.fdopen(write_fd, "wb") as pipe:
                    pipe.write(payload)
            finally:
                os._exit(code)
        os.close(write_fd)
        children.append((pid, read_fd))
    results = [func(parts[0])]
    for pid, read_fd in children:
        with os.fdopen(read_fd, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
        if not data:
            raise RuntimeError("a worker process died without a result")
        ok, value = pickle.loads(data)
        if not ok:
            raise RuntimeError(f"a worker process failed: {value}")
        results.append(value)
    return results
