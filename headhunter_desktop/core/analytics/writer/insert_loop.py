"""The database thread: inserts spooled records in batches until the writer closes.

Inserts are idempotent on the record id, so a batch sent twice (a crash between commit
and the spool being emptied) counts once. While the database is away the thread waits
with backoff and the records stay in the spool; a record the database refuses is set
aside so that it does not hold back the others.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable

import sqlalchemy as sa

from headhunter_desktop.core.analytics.db import write_transaction
from headhunter_desktop.core.analytics.failures import is_bad_data, is_busy, survive
from headhunter_desktop.core.analytics.record import UsageRecord
from headhunter_desktop.core.analytics.record_insert import insert_records
from headhunter_desktop.core.analytics.spool import spool_line
from headhunter_desktop.core.analytics.writer.pending import PendingRecords
from headhunter_desktop.core.analytics.writer.spool_owner import SpoolOwner
from headhunter_desktop.core.errors import DatabaseError
from headhunter_desktop.core.private_files import open_private

LOGGER = logging.getLogger("headhunter_desktop.analytics")
Backoff = Callable[[int], float]


class InsertLoop:
    """Sends `pending.spooled` to the database; `wake()` when records were spooled."""

    def __init__(
        self,
        factory: Callable[[], sa.Engine],
        pending: PendingRecords,
        owner: SpoolOwner,
        *,
        backoff: Backoff,
        batch_size: int,
    ) -> None:
        self._factory = factory
        self._pending = pending
        self._owner = owner
        self._backoff = backoff
        self._batch_size = batch_size
        self._engine: sa.Engine | None = None
        self._failing_since: float | None = None
        self._spooled_work = threading.Event()
        self._retry_now = threading.Event()
        self._closing = False
        self._thread = threading.Thread(target=self._run, name="usage-writer", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        self._spooled_work.set()

    def retry_now(self) -> None:
        """Cut a backoff wait short: someone waits for the records (flush, close)."""
        self._retry_now.set()

    def is_alive(self) -> bool:
        return self._thread.is_alive()

    def stop(self) -> None:
        """Ask the thread to end once the spooled records are sent or the database fails."""
        self._closing = True
        self._spooled_work.set()
        self._retry_now.set()

    def join(self, timeout: float | None) -> None:
        self._thread.join(timeout)
        self._drop_engine()

    def _run(self) -> None:
        attempt = 0
        while True:
            batch = self._pending.first_spooled(self._batch_size)
            if not batch:
                if self._closing and not self._pending.queue:
                    return
                self._spooled_work.wait()
                self._spooled_work.clear()
            elif survive(self._commit, batch):
                attempt = 0
            elif self._closing:
                return  # the records stay spooled for the next start
            else:
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

    def _drop_engine(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def _note_failure(self, exc: BaseException) -> None:
        self._drop_engine()  # reconnect from scratch next time: the server or file may have moved
        if not is_busy(exc):
            self._pending.note_failure()  # close() stops waiting for a database that is away
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
        # the refused ones aside.
        for record in batch:
            try:
                with write_transaction(engine) as conn:
                    insert_records(conn, [record])
            except Exception as exc:
                if not is_bad_data(exc):
                    self._note_failure(exc)
                    return False
                self._set_aside(record, exc)
            self._mark_done(1)
        return True

    def _set_aside(self, record: UsageRecord, exc: BaseException) -> None:
        reason = f"{type(exc).__name__}: {exc}".splitlines()[0]
        LOGGER.error("usage record %s refused by the database: %s", record.id, reason)
        try:
            line = spool_line(record)
        except (TypeError, ValueError, AttributeError):
            # Not even serialisable: keep what identifies it, for a human to look at.
            unreadable = {"id": str(record.id), "unreadable": repr(record)[:2000]}
            line = json.dumps(unreadable).encode() + b"\n"
        # Kept next to the spool for a human to look at, and counted (`SetAsideFiles`).
        with open_private(self._owner.spool.rejected_path, "ab") as out:
            out.write(line)

    def _mark_done(self, count: int) -> None:
        # Finished adopted spools go first: deleted before flush() sees their records done.
        self._owner.release_adopted(until=self._pending.done + count)
        self._pending.mark_done(count)
        self._owner.tidy()
        self._pending.report()
