"""One updating line on stderr while long work runs (many history versions, many files): a
terminal only, and only once the work has taken more than a moment. A sink at the edge:
the readers call `step`, and nothing they return depends on it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

AFTER_SECONDS = 2.0  # shorter work needs no sign of life


class Progress:
    def __init__(
        self, stream: TextIO | None, now: Callable[[], float], after: float = AFTER_SECONDS
    ) -> None:
        self.stream, self.now, self.after = stream, now, after
        self.start = now()
        self.width = 0

    def step(self, what: str, done: int, total: int) -> None:
        """`done` of `total` items of `what`; shown once AFTER_SECONDS have passed."""
        if self.stream is None or self.now() - self.start < self.after:
            return
        line = f"gate: {what} {done:,}/{total:,}"
        self.stream.write("\r" + line.ljust(self.width))
        self.stream.flush()
        self.width = max(self.width, len(line))

    def end(self) -> None:
        """The line cleared, so that what follows starts at the left edge."""
        if self.stream is not None and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0


SILENT = Progress(None, lambda: 0.0)
