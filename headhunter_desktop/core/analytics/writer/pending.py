"""The records between submit() and their commit, and the counts the writer reports.

A record moves queue -> (unspooled) -> spooled -> done. `accepted - done` plus the queue
is what `pending_count` reports and what flush() waits for. Everything here is guarded
by `lock`, which the spool owner also takes to see the records and counts consistently.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from typing import Protocol

from headhunter_desktop.core.analytics.record import UsageRecord

LOGGER = logging.getLogger("headhunter_desktop.analytics")


class RecordObserver(Protocol):
    """Told, from any thread, what enters the pipeline and what leaves it (committed or
    set aside): the budget ledger counts what the database does not hold yet."""

    def records_pending(self, records: Iterable[UsageRecord]) -> None: ...

    def records_done(self, records: Iterable[UsageRecord]) -> None: ...


class PendingRecords:
    """Records not yet committed, from any of the writer's threads.

    `on_changed(n)` is called from a writer thread whenever the count changes.
    """

    def __init__(
        self, on_changed: Callable[[int], None] | None, observer: RecordObserver | None = None
    ) -> None:
        # Reentrant: the spool owner holds it across several of these calls at once.
        self.lock = threading.RLock()
        self.changed = threading.Condition(self.lock)  # notified when `done` or `failures` grows
        # Appended to without the lock by submit(): a deque append is atomic.
        self.queue: deque[UsageRecord] = deque()
        # Intents of requests about to leave, and the futures set once they are on disk.
        self.intents: deque[tuple[UsageRecord, Future[None]]] = deque()
        self.observer = observer
        # In a spool file (or meant to be), not committed; the database thread's work.
        self.spooled: deque[UsageRecord] = deque()
        self.accepted = 0  # records taken into the pipeline, replayed ones included
        self.done = 0  # records committed, found already present, or rejected
        self.unspooled = 0  # taken from the queue, not yet written to the spool
        self.failures = 0  # times the database was found away
        self._on_changed = on_changed
        self._last_reported = -1
        self._report_lock = threading.Lock()

    def count(self) -> int:
        """Records submitted or replayed but not yet committed."""
        with self.lock:
            return len(self.queue) + self.accepted - self.done

    def all_committed(self) -> bool:
        with self.lock:
            return not self.spooled and not self.unspooled

    def take_queued(self) -> list[UsageRecord]:
        """Take the submitted records for spooling; they count as unspooled until spooled()."""
        with self.lock:
            batch = list(self.queue)
            # Not clear(): records submitted since the copy must stay queued.
            for _ in batch:
                self.queue.popleft()
            self.accepted += len(batch)
            self.unspooled += len(batch)
        return batch

    def take_intents(self) -> list[tuple[UsageRecord, Future[None]]]:
        """Take the intents to spool (before the records taken after them)."""
        taken = []
        while self.intents:
            taken.append(self.intents.popleft())
        return taken

    def spooled_now(self, batch: list[UsageRecord]) -> None:
        """Hand records taken by take_queued() to the database thread."""
        with self.lock:
            self.spooled.extend(batch)
            self.unspooled -= len(batch)

    def accept_spooled(self, records: list[UsageRecord]) -> int:
        """Add records already in a spool file; returns `accepted` after them."""
        if self.observer is not None:
            self.observer.records_pending(records)
        with self.lock:
            self.spooled.extend(records)
            self.accepted += len(records)
            return self.accepted

    def first_spooled(self, limit: int) -> list[UsageRecord]:
        with self.lock:
            return list(itertools.islice(self.spooled, limit))

    def mark_done(self, count: int) -> None:
        """The first `count` spooled records are committed (or set aside)."""
        with self.changed:
            done = [self.spooled.popleft() for _ in range(count)]
            self.done += count
            self.changed.notify_all()
        if self.observer is not None:
            self.observer.records_done(done)

    def note_failure(self) -> None:
        with self.changed:
            self.failures += 1
            self.changed.notify_all()

    def wait_committed(
        self,
        deadline: float | None,
        *,
        give_up_on_failure: bool,
        wake: Callable[[], None],
        working: Callable[[], bool],
    ) -> bool:
        """Wait until everything accepted or queued now is done; `wake()` starts the threads.

        False at the deadline, once `working()` is False (the database thread ended), or,
        with `give_up_on_failure`, once the database is found away after `wake()`.
        """
        with self.lock:
            target = self.accepted + len(self.queue)
            failures = self.failures
        wake()  # after counting failures: the attempt it triggers is the one that counts
        with self.changed:
            while self.done < target:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                if not working() or (give_up_on_failure and self.failures > failures):
                    return False
                self.changed.wait(1.0 if remaining is None else remaining)
        return True

    def report(self) -> None:
        """Tell `on_changed` the count, if it changed since the last report."""
        if self._on_changed is None:
            return
        # Serialised, and the count read inside: the last report is always the latest count.
        with self._report_lock:
            count = self.count()
            if count == self._last_reported:
                return
            self._last_reported = count
            try:
                self._on_changed(count)
            except Exception:
                LOGGER.exception("on_pending_changed callback failed")
