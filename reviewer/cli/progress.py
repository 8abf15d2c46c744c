"""A one-line progress bar on a terminal; silent when the output is piped."""

from __future__ import annotations

import time
from typing import TextIO


class TerminalProgress:
    """Draws `name [#####     ] 42%` on stderr, at most ten times a second."""

    WIDTH = 30

    def __init__(self, stream: TextIO, name: str, *, enabled: bool) -> None:
        self.stream = stream
        self.name = name
        self.enabled = enabled
        self._last = 0.0
        self._drawn = False

    def update(self, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        now = time.monotonic()
        if now - self._last < 0.1 and done < total:
            return
        self._last = now
        share = min(1.0, done / total)
        filled = int(share * self.WIDTH)
        bar = "#" * filled + " " * (self.WIDTH - filled)
        self.stream.write(f"\r{self.name} [{bar}] {share:4.0%}")
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        if self._drawn:
            self.stream.write("\r" + " " * (len(self.name) + self.WIDTH + 10) + "\r")
            self.stream.flush()
            self._drawn = False
