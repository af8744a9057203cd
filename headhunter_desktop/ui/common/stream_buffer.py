"""StreamBuffer: deltas of an LLM stream in, one insert per frame out.

A server can send thousands of deltas a second; inserting (and so laying out and
painting) each one is what makes streaming UIs stutter. As in qtconsole's console
widget, a delta is only appended to a list on arrival; a single-shot timer, started by
the first delta after a flush, joins the list and hands it to the widget in one call.
When that call takes long (a big document, a slow machine) the interval stretches so
inserting never takes more than about a third of the GUI thread (ipython PR #3409).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

FRAME_MS = 16
# Longer and the text visibly lags the stream (issue 9's target: 50 ms from delta to screen).
MAX_INTERVAL_MS = 50
# The interval is at least this many times the last insert's duration.
INTERVAL_PER_INSERT_TIME = 3


class StreamBuffer(QObject):
    """Collects deltas and passes them, joined, to `insert` at most once per interval.

    Signals:
        flushed(int): after each insert, with the number of deltas it carried.
    """

    flushed = Signal(int)

    def __init__(self, insert: Callable[[str], None], parent: QObject | None = None):
        super().__init__(parent)
        self._insert = insert
        self._pending: list[str] = []
        # A Python flag rather than QTimer.isActive(): push() runs once per delta.
        self._scheduled = False
        self._flush_count = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self.flush)

    def push(self, delta: str) -> None:
        """Keep `delta` for the next flush; the first one after a flush starts the timer."""
        self._pending.append(delta)
        if not self._scheduled:
            self._scheduled = True
            self._timer.start()

    def flush(self) -> None:
        """Insert everything pending now, in one call, and adapt the interval to its cost."""
        self._timer.stop()
        self._scheduled = False
        if not self._pending:
            return
        count = len(self._pending)
        chunk = "".join(self._pending)
        self._pending = []
        started = time.perf_counter()
        self._insert(chunk)
        took_ms = (time.perf_counter() - started) * 1000
        interval = round(took_ms * INTERVAL_PER_INSERT_TIME)
        self._timer.setInterval(min(MAX_INTERVAL_MS, max(FRAME_MS, interval)))
        self._flush_count += 1
        self.flushed.emit(count)

    def discard(self) -> None:
        """Drop what is pending without inserting it."""
        self._timer.stop()
        self._scheduled = False
        self._pending = []

    def reset(self) -> None:
        """Forget the last stream: nothing pending, first interval one frame, count zero."""
        self.discard()
        self._timer.setInterval(FRAME_MS)
        self._flush_count = 0

    def flush_count(self) -> int:
        """Inserts since the last reset (tests and benchmarks compare it to the deltas)."""
        return self._flush_count

    def interval_ms(self) -> int:
        return self._timer.interval()
