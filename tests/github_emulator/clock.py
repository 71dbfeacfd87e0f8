"""A client clock driven by the emulator's: time moves only when the client sleeps, and it moves the
emulator's time with it, so an exhausted rate-limit budget really resets with no real wait.

Used by the tests of the retry policy's waits and by benchmarks/bench_github_requests.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from process_gates.github.retry import Clock

if TYPE_CHECKING:
    from . import GitHubEmulator


class SharedTime:
    """Monotonic and wall time for the client; the emulator's clock is frozen at ``start`` (default: its
    current time) so that a window resets exactly when the client's wait for ``x-ratelimit-reset`` ends."""

    def __init__(self, emulator: "GitHubEmulator", start: str | None = None) -> None:
        self.state = emulator.state
        self.state.freeze(start if start is not None else self.state.now())
        self.mono = 0.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.mono += seconds
        self.state.advance(seconds)

    @property
    def clock(self) -> Clock:
        return Clock(monotonic=lambda: self.mono, now=self.state.epoch, sleep=self.sleep)
