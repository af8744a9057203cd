"""UsageWriter: the public face of the write path, and its spooler thread.

submit() only appends to an in-memory deque. The spooler thread here appends what was
submitted to the spool file and fsyncs; the database thread (`insert_loop`) inserts the
spooled records. Two threads, so that a slow or unreachable database never delays the
moment a record becomes durable.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

import sqlalchemy as sa

from headhunter_desktop.core.analytics.db import open_analytics_db
from headhunter_desktop.core.analytics.failures import exponential_backoff, survive
from headhunter_desktop.core.analytics.record import UsageRecord
from headhunter_desktop.core.analytics.spool import intent_line, spool_line
from headhunter_desktop.core.analytics.writer.insert_loop import Backoff, InsertLoop
from headhunter_desktop.core.analytics.writer.pending import PendingRecords, RecordObserver
from headhunter_desktop.core.analytics.writer.set_aside import SetAsideFiles, SetAsideRecords
from headhunter_desktop.core.analytics.writer.spool_owner import SpoolOwner

LOGGER = logging.getLogger("headhunter_desktop.analytics")
BATCH_SIZE = 5000  # a commit (one fsync) per 5,000 records keeps bursts above 20,000/s


class UsageWriter:
    """Records usage without ever blocking the caller; nothing submitted is lost or doubled.

    `on_pending_changed(n)` is called from a writer thread whenever the number of
    records not yet committed changes: marshal it to the GUI thread before touching widgets.
    Call close() before the process ends, or the records still in memory are lost.
    """

    def __init__(
        self,
        url_or_engine_factory: str | sa.URL | Callable[[], sa.Engine],
        spool_path: str | os.PathLike[str],
        *,
        on_pending_changed: Callable[[int], None] | None = None,
        backoff: Backoff = exponential_backoff,
        batch_size: int = BATCH_SIZE,
        observer: RecordObserver | None = None,
    ) -> None:
        """`observer` hears of every record submitted or replayed, and of each one done."""
        self._pending = PendingRecords(on_pending_changed, observer)
        self._owner = SpoolOwner(Path(spool_path), self._pending)
        self._set_aside = SetAsideFiles(Path(spool_path))
        self._inserts = InsertLoop(
            _engine_factory(url_or_engine_factory),
            self._pending,
            self._owner,
            backoff=backoff,
            batch_size=batch_size,
        )
        self._new_work = threading.Event()
        self._replayed = threading.Event()
        self._closing = False
        self._spooler = threading.Thread(target=self._spool_loop, name="usage-spooler", daemon=True)
        self._spooler.start()
        self._inserts.start()

    def submit(self, record: UsageRecord) -> None:
        """Queue a record; returns at once, from any thread, touching neither disk nor database."""
        if (observer := self._pending.observer) is not None:
            observer.records_pending((record,))
        if self._closing:
            self._owner.spool_after_close(record)
            return
        self._pending.queue.append(record)
        self._new_work.set()

    def write_intent(self, estimate: UsageRecord) -> Future[None]:
        """Spool what a request about to leave counts as if nothing more is heard of it (see
        core/llm/call_intents); done once on disk. The call's record, submitted with the
        same id, settles it; at the next start an unsettled one becomes its record."""
        written: Future[None] = Future()
        if self._closing:
            written.set_result(None)  # nothing more is spooled by the threads: go ahead
            return written
        self._pending.intents.append((estimate, written))
        self._new_work.set()
        return written

    @property
    def pending_count(self) -> int:
        """Records submitted or replayed but not yet committed to the database."""
        return self._pending.count()

    def set_aside_records(self) -> SetAsideRecords:
        """Records refused by the database or unreadable in a spool, kept in side files.

        They are in no usage figure. Reads the files (cheaply, from any thread): the
        count includes what other processes on this data folder set aside.
        """
        return self._set_aside.count()

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until everything submitted so far is committed; False if `timeout` passed first."""
        return self._wait_committed(timeout, give_up_on_failure=False)

    def close(self, timeout: float | None = 10.0) -> bool:
        """Flush (up to `timeout`), then stop the threads; uncommitted records stay spooled.

        With the database unreachable, close makes one more attempt and then returns at
        once: the records are safe in the spool and are sent at the next start.
        """
        flushed = self._wait_committed(timeout, give_up_on_failure=True)
        self._closing = True
        self._new_work.set()
        self._inserts.stop()
        self._spooler.join(timeout)
        self._inserts.join(timeout)
        if not self._spooler.is_alive() and not self._inserts.is_alive():
            # A thread still running may yet write its spool: then the locks stay held
            # until the process ends.
            self._owner.give_up()
        return flushed

    def _wait_committed(self, timeout: float | None, *, give_up_on_failure: bool) -> bool:
        deadline = None if timeout is None else time.monotonic() + timeout
        if not self._replayed.wait(timeout):
            return False
        return self._pending.wait_committed(
            deadline,
            give_up_on_failure=give_up_on_failure,
            wake=self._wake_threads,
            working=self._inserts.is_alive,
        )

    def _wake_threads(self) -> None:
        self._new_work.set()
        self._inserts.retry_now()

    # -- spooler thread ----------------------------------------------------------------

    def _spool_loop(self) -> None:
        if self._owner.take_over():
            self._inserts.wake()
        self._replayed.set()
        self._pending.report()
        while True:
            self._new_work.wait()
            self._new_work.clear()
            if self._pending.queue or self._pending.intents:
                survive(self._spool_queued)
            elif self._closing:
                return

    def _spool_queued(self) -> None:
        intents = self._pending.take_intents()
        batch = self._pending.take_queued()
        try:
            # Serialised outside the locks: the database thread keeps committing meanwhile.
            lines = _spool_lines(batch)
            self._owner.append(batch, lines, _intent_lines([e for e, _ in intents]))
        finally:
            for _, written in intents:
                written.set_result(None)  # on disk, or it never will be: the request goes
        self._inserts.wake()
        self._pending.report()


def _engine_factory(
    url_or_factory: str | sa.URL | Callable[[], sa.Engine],
) -> Callable[[], sa.Engine]:
    if isinstance(url_or_factory, str | sa.URL):
        url = url_or_factory
        return lambda: open_analytics_db(url)
    return url_or_factory


def _intent_lines(estimates: list[UsageRecord]) -> dict[str, bytes]:
    lines = {}
    for estimate in estimates:
        try:
            lines[estimate.id] = intent_line(estimate)
        except (ValueError, TypeError, AttributeError) as exc:
            LOGGER.error("intent of request %s cannot be spooled: %s", estimate.id, exc)
    return lines


def _spool_lines(batch: list[UsageRecord]) -> list[bytes]:
    lines = []
    for record in batch:
        try:
            lines.append(spool_line(record))
        except (ValueError, TypeError, AttributeError) as exc:
            LOGGER.error("usage record %s cannot be spooled: %s", record.id, exc)
    return lines
