"""UsageWriter: the write path from the gateway to the analytics database.

submit() only appends to an in-memory deque. A spooler thread appends what was
submitted to the spool file and fsyncs; a database thread inserts spooled records in
batches (idempotent on id), then empties the spool once everything in it is
committed. Two threads, so that a slow or unreachable database never delays the
moment a record becomes durable.

Several processes (the GUI and a CLI command) may write usage for the same data folder:
each owns its spool file through an OS lock (see `spool_lock`), and at start a writer
also sends and then deletes the spools of writers that died.
"""

from __future__ import annotations

import atexit
import functools
import itertools
import logging
import os
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa

from headhunter_desktop.core.analytics.db import open_analytics_db, write_transaction
from headhunter_desktop.core.analytics.failures import exponential_backoff, is_bad_data, is_busy
from headhunter_desktop.core.analytics.record import UsageRecord
from headhunter_desktop.core.analytics.spool import Spool, spool_line
from headhunter_desktop.core.analytics.spool_lock import (
    SpoolLock,
    new_secondary,
    secondary_spools,
    try_lock,
)
from headhunter_desktop.core.analytics.store import insert_records
from headhunter_desktop.core.errors import DatabaseError

LOGGER = logging.getLogger("headhunter_desktop.analytics")
Backoff = Callable[[int], float]
BATCH_SIZE = 5000  # a commit (one fsync) per 5,000 records keeps bursts above 20,000/s
# Under a constant stream the spool may never be fully committed at one instant;
# past this many committed lines (and half the file) it is rewritten with only the pending ones.
COMPACT_AFTER_LINES = 20_000


class UsageWriter:
    """Records usage without ever blocking the caller; nothing submitted is lost or doubled.

    `on_pending_changed(n)` is called from a writer thread whenever the number of
    records not yet committed changes: marshal it to the GUI thread before touching widgets.
    """

    def __init__(
        self,
        url_or_engine_factory: str | Callable[[], sa.Engine],
        spool_path: str | os.PathLike[str],
        *,
        on_pending_changed: Callable[[int], None] | None = None,
        backoff: Backoff = exponential_backoff,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        if isinstance(url_or_engine_factory, str):
            url = url_or_engine_factory
            self._factory: Callable[[], sa.Engine] = lambda: open_analytics_db(url)
        else:
            self._factory = url_or_engine_factory
        self._primary = Path(spool_path)
        # None where the file system has no locks: then this writer assumes it is alone.
        self._spool_lock = _own_spool(self._primary)
        own = self._primary if self._spool_lock is None else self._spool_lock.spool_path
        self._spool = Spool(own, side_files=self._primary)
        self._late_path: Path | None = None  # a spool of ours for records submitted after close
        self._on_pending_changed = on_pending_changed
        self._backoff = backoff
        self._batch_size = batch_size
        self._queue: deque[UsageRecord] = deque()
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._spooled: deque[UsageRecord] = deque()  # in the spool file, not committed
        # Spools of dead writers being sent, first in _spooled: (self._done that frees it, lock).
        self._adopted: deque[tuple[int, SpoolLock]] = deque()
        self._adopted_until = 0  # the records accepted before this one are adopted ones
        self._lines_in_file = 0
        self._unspooled = 0  # taken from the queue, not yet written to the spool
        self._file_lock = threading.Lock()  # taken before self._lock, never after
        self._accepted = 0  # records taken into the pipeline, replayed ones included
        self._done = 0  # records committed, found already present, or rejected
        self._last_reported = -1
        self._report_lock = threading.Lock()
        self._failures = 0
        self._engine: sa.Engine | None = None
        self._failing_since: float | None = None
        self._new_work = threading.Event()
        self._spooled_work = threading.Event()
        self._retry_now = threading.Event()
        self._closing = False
        self._spooler = threading.Thread(target=self._spool_loop, name="usage-spooler", daemon=True)
        self._inserter = threading.Thread(target=self._db_loop, name="usage-writer", daemon=True)
        self._replayed = threading.Event()
        self._spooler.start()
        self._inserter.start()
        self._at_exit = functools.partial(_close_at_exit, weakref.ref(self))
        atexit.register(self._at_exit)

    # -- the caller's side -------------------------------------------------------------

    def submit(self, record: UsageRecord) -> None:
        """Queue a record; returns at once, from any thread, touching neither disk nor database."""
        if self._closing:
            self._spool_after_close(record)
            return
        self._queue.append(record)
        self._new_work.set()

    @property
    def pending_count(self) -> int:
        """Records submitted or replayed but not yet committed to the database."""
        with self._lock:
            return len(self._queue) + self._accepted - self._done

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
        for event in (self._new_work, self._spooled_work, self._retry_now):
            event.set()
        self._spooler.join(timeout)
        self._inserter.join(timeout)
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
        if not self._spooler.is_alive() and not self._inserter.is_alive():
            # A thread still running may yet write its spool: then the locks stay held
            # until the process ends.
            self._give_up_spools()
        atexit.unregister(self._at_exit)
        return flushed

    def _wait_committed(self, timeout: float | None, *, give_up_on_failure: bool) -> bool:
        deadline = None if timeout is None else time.monotonic() + timeout
        if not self._replayed.wait(timeout):
            return False
        with self._lock:
            target = self._accepted + len(self._queue)
            failures = self._failures
        self._new_work.set()
        self._retry_now.set()
        with self._changed:
            while self._done < target:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                if not self._inserter.is_alive():
                    return False
                if give_up_on_failure and self._failures > failures:
                    return False
                self._changed.wait(remaining if remaining is not None else 1.0)
        return True

    # -- spooler thread ----------------------------------------------------------------

    def _spool_loop(self) -> None:
        adopted = _survive_adoption(self._adopt_orphans)
        try:
            replayed = self._spool.load()
        except OSError as exc:
            LOGGER.error("cannot read the usage spool %s: %s", self._spool.path, exc)
            replayed = []
        with self._lock:
            for records, lock in adopted:
                self._spooled.extend(records)
                self._accepted += len(records)
                self._adopted.append((self._accepted, lock))
            self._adopted_until = self._accepted
            self._spooled.extend(replayed)
            self._lines_in_file = len(replayed)
            self._accepted += len(replayed)
        if adopted:
            self._spooled_work.set()
        if replayed:
            LOGGER.info("replaying %d usage records from %s", len(replayed), self._spool.path)
            self._spooled_work.set()
        self._replayed.set()
        self._report_pending()
        while True:
            self._new_work.wait()
            self._new_work.clear()
            if self._queue:
                _survive(self._spool_queued)
            elif self._closing:
                return

    def _adopt_orphans(self) -> list[tuple[list[UsageRecord], SpoolLock]]:
        # The other spools of this data folder whose writer is gone: their records are
        # sent like replayed ones, and each file is deleted once all of it is committed.
        if self._spool_lock is None:
            return []  # without locks a live writer's spool cannot be told from a dead one's
        adopted = []
        for path in secondary_spools(self._primary):
            if path == self._spool.path:
                continue
            try:
                lock = try_lock(path)
            except OSError as exc:
                LOGGER.warning("cannot lock the usage spool %s: %s", path, exc)
                continue
            if lock is None:
                continue  # its writer is running: not ours to touch
            try:
                records = Spool(path, side_files=self._primary).load()
            except OSError as exc:
                LOGGER.error("cannot read the usage spool %s: %s", path, exc)
                lock.release()
                continue
            if records:
                LOGGER.info(
                    "sending %d usage records left in %s by a writer that stopped",
                    len(records),
                    path.name,
                )
                adopted.append((records, lock))
            else:
                _discard(lock)
        return adopted

    def _spool_queued(self) -> None:
        with self._lock:
            batch = list(self._queue)
            for _ in batch:
                self._queue.popleft()
            self._accepted += len(batch)
            self._unspooled += len(batch)
        # Serialised outside the locks: the database thread keeps committing meanwhile.
        lines = []
        for record in batch:
            try:
                lines.append(spool_line(record))
            except (ValueError, TypeError, AttributeError) as exc:
                LOGGER.error("usage record %s cannot be spooled: %s", record.id, exc)
        with self._file_lock:
            written = 0
            try:
                written = self._spool.append_lines(lines)
            except OSError as exc:
                # Still worth inserting: only the crash protection is missing for these.
                LOGGER.error("cannot write the usage spool %s: %s", self._spool.path, exc)
            with self._lock:
                self._lines_in_file += written
                self._spooled.extend(batch)
                self._unspooled -= len(batch)
        self._spooled_work.set()
        self._report_pending()

    # -- database thread ---------------------------------------------------------------

    def _db_loop(self) -> None:
        attempt = 0
        while True:
            with self._lock:
                batch = list(itertools.islice(self._spooled, self._batch_size))
            if not batch:
                if self._closing and not self._queue:
                    return
                self._spooled_work.wait()
                self._spooled_work.clear()
                continue
            if _survive(self._commit, batch):
                attempt = 0
                continue
            if self._closing:
                return
            attempt += 1
            self._retry_now.wait(self._backoff(attempt))
            self._retry_now.clear()

    def _commit(self, batch: list[UsageRecord]) -> bool:
        try:
            engine = self._connect()
        except Exception as exc:
            self._note_failure(exc)
            return False
        try:
            with write_transaction(engine) as conn:
                insert_records(conn, batch)
        except Exception as exc:
            if is_bad_data(exc):
                return self._isolate_bad_records(engine, batch)
            self._note_failure(exc)
            return False
        if self._failing_since is not None:
            LOGGER.info("usage database reachable again; sending the waiting records")
            self._failing_since = None
        self._mark_done(len(batch))
        return True

    def _connect(self) -> sa.Engine:
        if self._engine is None:
            self._engine = self._factory()
        return self._engine

    def _note_failure(self, exc: BaseException) -> None:
        if self._engine is not None:
            # Reconnect from scratch next time: the server or the file may have moved.
            self._engine.dispose()
            self._engine = None
        if not is_busy(exc):
            with self._changed:
                self._failures += 1  # close() stops waiting for a database that is away
                self._changed.notify_all()
        reason = str(exc) if isinstance(exc, DatabaseError) else f"{type(exc).__name__}: {exc}"
        first = self._failing_since is None
        if first:
            self._failing_since = time.monotonic()
        (LOGGER.warning if first else LOGGER.debug)(
            "usage records wait in the spool, the database is unavailable: %s",
            reason.splitlines()[0] if reason else type(exc).__name__,
        )

    def _isolate_bad_records(self, engine: sa.Engine, batch: list[UsageRecord]) -> bool:
        # One malformed record must not hold back the others: insert one by one and set
        # the refused ones aside in a file next to the spool.
        for record in batch:
            try:
                with write_transaction(engine) as conn:
                    insert_records(conn, [record])
            except Exception as exc:
                if not is_bad_data(exc):
                    self._note_failure(exc)
                    return False
                LOGGER.error("usage record %s refused by the database: %s", record.id, exc)
                with self._spool.rejected_path.open("ab") as out:
                    out.write(spool_line(record))
            self._mark_done(1)
        return True

    def _mark_done(self, count: int) -> None:
        with self._changed:
            for _ in range(count):
                self._spooled.popleft()
            self._done += count
            while self._adopted and self._adopted[0][0] <= self._done:
                # Deleted before flush() returns; a few unlinks, once per adopted file.
                _discard(self._adopted.popleft()[1])
            self._changed.notify_all()
        self._tidy_spool()
        self._report_pending()

    def _tidy_spool(self) -> None:
        # The file lock keeps the spooler from appending while the file is emptied or
        # rewritten; if it is appending right now, the next commit tidies instead.
        if not self._file_lock.acquire(blocking=False):
            return
        try:
            with self._lock:
                # Adopted records come first in _spooled and are not in our file.
                adopted = max(0, self._adopted_until - self._done)
                own = len(self._spooled) - adopted
                if not self._spooled and not self._unspooled:
                    if self._lines_in_file:
                        self._spool.clear()
                        self._lines_in_file = 0
                elif self._lines_in_file - own > max(COMPACT_AFTER_LINES, own):
                    # At least half the file is committed: rewriting costs no more per
                    # record than the appends did.
                    pending = itertools.islice(self._spooled, adopted, None)
                    self._lines_in_file = self._spool.rewrite(pending)
                    LOGGER.debug("usage spool compacted to %d records", self._lines_in_file)
        except Exception as exc:
            LOGGER.error("cannot tidy the usage spool %s: %s", self._spool.path, exc)
        finally:
            self._file_lock.release()

    def _report_pending(self) -> None:
        if self._on_pending_changed is None:
            return
        # Serialised, and the count read inside: the last report is always the latest count.
        with self._report_lock:
            count = self.pending_count
            if count == self._last_reported:
                return
            self._last_reported = count
            try:
                self._on_pending_changed(count)
            except Exception:
                LOGGER.exception("on_pending_changed callback failed")

    def _spool_after_close(self, record: UsageRecord) -> None:
        # Late records (a call finishing during shutdown) go straight to the spool; the
        # next start sends them.
        with self._lock:
            try:
                self._append_after_close([record])
            except OSError as exc:
                LOGGER.error("usage record %s lost after close: %s", record.id, exc)

    def _append_after_close(self, records: list[UsageRecord]) -> None:
        # Call with self._lock held.
        if self._spool_lock is None or self._spool_lock.held:
            self._spool.append(records)  # still ours (or no locks here)
            return
        # Given up at close: lock it again for this append, unless another writer has
        # taken it since; then into a spool of our own that the next start adopts.
        lock = try_lock(self._spool.path)
        if lock is None and self._late_path is not None:
            lock = try_lock(self._late_path)
        if lock is None:
            lock = new_secondary(self._primary)
            self._late_path = lock.spool_path
        try:
            Spool(lock.spool_path).append(records)
        finally:
            lock.release()

    def _give_up_spools(self) -> None:
        # At close, with both threads stopped: release the locks; an emptied secondary
        # spool is deleted, anything uncommitted stays for the next start.
        with self._lock:
            late = list(self._queue)  # submitted while close began: spooled, not lost
            self._queue.clear()
            self._accepted += len(late)
            adopted = [lock for _, lock in self._adopted]
            self._adopted.clear()
            all_committed = not self._spooled and not self._unspooled and not late
            own = self._spool_lock
            if late:
                try:
                    self._spool.append(late)
                except OSError as exc:
                    LOGGER.error("%d usage records lost at close: %s", len(late), exc)
        for lock in adopted:
            lock.release()
        if own is None or not own.held:
            return
        if all_committed and own.spool_path != self._primary:
            _discard(own)
        else:
            own.release()


def _own_spool(primary: Path) -> SpoolLock | None:
    # The primary spool if no live process holds it, else a secondary one of our own.
    try:
        lock = try_lock(primary)
        if lock is None:
            lock = new_secondary(primary)
            LOGGER.info(
                "usage spool %s is in use by another process; this one spools to %s",
                primary,
                lock.spool_path.name,
            )
        return lock
    except OSError as exc:
        LOGGER.warning(
            "cannot lock the usage spool %s (%s); assuming no other process uses it", primary, exc
        )
        return None


def _discard(lock: SpoolLock) -> None:
    try:
        lock.discard()
    except OSError as exc:
        # Sent anyway; the next start finds it again and its inserts are idempotent.
        LOGGER.error("cannot delete the usage spool %s: %s", lock.spool_path, exc)
        lock.release()


def _survive_adoption(
    step: Callable[[], list[tuple[list[UsageRecord], SpoolLock]]],
) -> list[tuple[list[UsageRecord], SpoolLock]]:
    try:
        return step()
    except Exception:
        LOGGER.exception("cannot adopt the usage spools of stopped writers")
        return []


def _survive(step: Callable[..., bool | None], *args: object) -> bool:
    # A bug in one step must not end a thread: the records would wait until a restart.
    try:
        return bool(step(*args))
    except Exception:
        LOGGER.exception("usage writer step failed; the records stay in the spool")
        return False


def _close_at_exit(ref: weakref.ref[UsageWriter]) -> None:
    writer = ref()
    if writer is not None and not writer._closing:
        writer.close(timeout=5.0)
