"""Noticing new usage while the Usage tab is on screen, without querying per record.

Two cheap signals, polled only while the tab is visible:
- this process's usage writer: its pending count dropping means records were committed
  (read under a lock in microseconds, every half second);
- the database's change signature (change_signature.py), every two seconds, for calls
  other processes sharing the database commit.
Either one asks for one refresh; refreshes that would overlap are coalesced by the tab.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from PySide6.QtCore import QObject, QTimer, Signal

from headhunter_desktop.core.errors import DatabaseError
from headhunter_desktop.ui.shell.task_registry import TaskRegistry

log = logging.getLogger(__name__)

PENDING_POLL_MS = 500
SIGNATURE_POLL_MS = 2000


class UsageWatcher(QObject):
    """Emits `changed` when usage data changed since the signature last `seen`.

    Signals:
        changed(): new calls were committed (here or by another process), or costs changed.
    """

    changed = Signal()

    def __init__(
        self,
        pending_count: Callable[[], int],
        signature: Callable[[], Awaitable[object]],
        tasks: TaskRegistry,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._pending_count, self._signature, self._tasks = pending_count, signature, tasks
        self._last_pending = 0
        self._seen: object = None
        self._pending_timer = QTimer(self)
        self._pending_timer.setInterval(PENDING_POLL_MS)
        self._pending_timer.timeout.connect(self._check_pending)
        self._signature_timer = QTimer(self)
        self._signature_timer.setInterval(SIGNATURE_POLL_MS)
        self._signature_timer.timeout.connect(self._check_signature)

    def start(self) -> None:
        self._last_pending = self._pending_count()
        self._pending_timer.start()
        self._signature_timer.start()

    def stop(self) -> None:
        self._pending_timer.stop()
        self._signature_timer.stop()

    def is_watching(self) -> bool:
        return self._signature_timer.isActive()

    def seen(self, signature: object) -> None:
        """The data shown now is as of `signature` (read by the refresh that showed it)."""
        self._seen = signature

    def _check_pending(self) -> None:
        pending = self._pending_count()
        committed = pending < self._last_pending
        self._last_pending = pending
        if committed:
            self.changed.emit()

    def _check_signature(self) -> None:
        if not self._tasks.running("usage.signature"):
            self._tasks.start("usage.signature", self._compare_signature())

    async def _compare_signature(self) -> None:
        try:
            signature = await self._signature()
        except DatabaseError as exc:  # out of reach: say nothing now, look again later
            log.debug("usage signature not read: %s", exc)
            return
        if signature != self._seen:
            self._seen = signature
            self.changed.emit()
