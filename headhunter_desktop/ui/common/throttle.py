"""Throttle: call a function at most once per interval, with the latest arguments.

Bursts of events (files finishing an import together, deltas of a stream, keystrokes)
each want one update, not one per event. The first call runs at once; calls during the
interval are folded into one that runs when it ends, with the arguments of the last.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer


class Throttle(QObject):
    """Wraps `func`; call the throttle instead of the function.

    With `leading=False` the first call waits too (a debounce-like "when things settle"
    behaviour that still fires at least once per interval under a constant stream).
    """

    def __init__(
        self,
        func: Callable[..., object],
        delay_ms: int,
        parent: QObject | None = None,
        *,
        leading: bool = True,
    ):
        super().__init__(parent)
        self._func = func
        self._delay_ms = delay_ms
        self._leading = leading
        self._pending: tuple[tuple[Any, ...], dict[str, Any]] | None = None
        self._last_call_s: float | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._fire_pending)

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        if self._timer.isActive():
            self._pending = (args, kwargs)
            return
        since_last_ms = self._ms_since_last_call()
        if self._leading and (since_last_ms is None or since_last_ms >= self._delay_ms):
            self._run(args, kwargs)
            self._timer.start(self._delay_ms)
            return
        self._pending = (args, kwargs)
        wait = self._delay_ms if since_last_ms is None else self._delay_ms - since_last_ms
        self._timer.start(max(0, int(wait)))

    def is_pending(self) -> bool:
        """A call is waiting for the interval to end."""
        return self._pending is not None

    def flush(self) -> None:
        """Run a waiting call now (e.g. before reading what it would update)."""
        self._timer.stop()
        self._fire_pending()

    def cancel(self) -> None:
        """Drop a waiting call."""
        self._timer.stop()
        self._pending = None

    def _fire_pending(self) -> None:
        if self._pending is None:
            return
        args, kwargs = self._pending
        self._pending = None
        self._run(args, kwargs)

    def _run(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        self._last_call_s = time.monotonic()
        self._func(*args, **kwargs)

    def _ms_since_last_call(self) -> float | None:
        if self._last_call_s is None:
            return None
        return (time.monotonic() - self._last_call_s) * 1000
