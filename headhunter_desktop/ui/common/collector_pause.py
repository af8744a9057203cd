"""Python's garbage collector paused while text streams into the window.

A full collection walks every object made since start-up froze the ones it made
(`gc.freeze()` in `MainWindow.warm_up`): ~20 ms on the GUI thread once the app has been in
use a while, more than a frame, and it came in the middle of streams (bench_job_stream.py:
the run's longest stall, 22 ms, was one). While any stream runs the collector waits; it
resumes `RESUME_AFTER_MS` after the last one ends, so the collection it owes runs in a
quiet moment, not in the end of the stream (each field's Markdown rendered, the save).
A stream makes little cyclic garbage: reference counting frees almost all of it at once.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QTimer

RESUME_AFTER_MS = 1000


class _Pauses:
    """How many streams run, and whether the collector was on when the first began."""

    def __init__(self) -> None:
        self.count = 0
        self.resume_when_done = False
        self.timer: QTimer | None = None

    def begin(self) -> None:
        if self.timer is not None and self.timer.isActive():
            self.timer.stop()  # still paused for the stream before: stays paused
        elif self.count == 0:
            # Off already (start-up keeps it off until its warm-up): its owner turns it on.
            self.resume_when_done = gc.isenabled()
        self.count += 1
        gc.disable()

    def end(self) -> None:
        self.count -= 1
        if self.count == 0 and self.resume_when_done:
            if self.timer is None:
                self.timer = QTimer()
                self.timer.setSingleShot(True)
                self.timer.timeout.connect(self._resume)
            self.timer.start(RESUME_AFTER_MS)

    def _resume(self) -> None:
        if self.count == 0:
            gc.enable()


_PAUSES = _Pauses()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Automatic collection off for the block; back on a moment after the last such block."""
    _PAUSES.begin()
    try:
        yield
    finally:
        _PAUSES.end()
