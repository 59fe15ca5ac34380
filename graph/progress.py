"""Progress of long work on standard error: the stage and how far, on a terminal only.

A build of a few reports takes a second and says nothing; past ``delay``
seconds a line such as ``ydkg: parsing 1,204/5,000`` is rewritten in place
(at most ten times a second) and cleared when the work is done. Nothing is
written when standard error is not a terminal (piped, redirected, in CI) or
with ``--quiet``.
"""
from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

#: A progress callback: ``(stage, done, total)``; ``total`` 0 when unknown.
Callback = Callable[[str, int, int], None]


class Progress:
    """A :data:`Callback` that writes one self-rewriting line to a terminal."""

    def __init__(self, stream: TextIO | None = None, *, enabled: bool | None = None, delay: float = 2.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream if stream is not None else sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = bool(isatty and isatty()) if enabled is None else enabled
        self.delay = delay
        self.clock = clock
        self.started = clock()
        self.last = float("-inf")
        self.shown = False

    def __call__(self, stage: str, done: int = 0, total: int = 0) -> None:
        """Show ``stage`` (and ``done/total``) if the work has run past the delay."""
        if not self.enabled:
            return
        now = self.clock()
        if now - self.started < self.delay or (now - self.last < 0.1 and done < total):
            return
        self.last = now
        text = f"ydkg: {stage} {done:,}/{total:,}" if total else f"ydkg: {stage}"
        self.stream.write("\r\x1b[2K" + text)
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        """Clear the line, if one was written."""
        if self.shown:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self.shown = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def quiet(stage: str, done: int = 0, total: int = 0) -> None:
    """A :data:`Callback` that says nothing."""
