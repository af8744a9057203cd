"""The spool files one writer owns, and every change to them besides the spooler's appends.

A writer locks a spool for its life: the primary, or a secondary of its own when another
live process holds the primary (see `spool_lock`). It adopts the spools of dead writers
at start, empties or compacts its spool and deletes adopted ones as records are
committed, and gives them all up at close. Records submitted after close go to a spool
of ours, never to one another writer owns.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections import deque
from collections.abc import Mapping
from pathlib import Path

from headhunter_desktop.core.analytics.record import UsageRecord
from headhunter_desktop.core.analytics.spool import Spool
from headhunter_desktop.core.analytics.spool_lock import (
    SpoolLock,
    new_secondary,
    secondary_spools,
    try_lock,
)
from headhunter_desktop.core.analytics.writer.pending import PendingRecords

LOGGER = logging.getLogger("headhunter_desktop.analytics")
# Under a constant stream the spool may never be fully committed at one instant;
# past this many committed lines (and half the file) it is rewritten with only the pending ones.
COMPACT_AFTER_LINES = 20_000
Adopted = tuple[list[UsageRecord], SpoolLock]


class SpoolOwner:
    """Our spool (`spool`) and the adopted ones; the file lock orders their writers."""

    def __init__(self, primary: Path, pending: PendingRecords) -> None:
        self._primary = primary
        self._pending = pending
        # None where the file system has no locks: then this writer assumes it is alone.
        self._own_lock = _own_spool(primary)
        own = primary if self._own_lock is None else self._own_lock.spool_path
        self.spool = Spool(own, side_files=primary)
        self._late_path: Path | None = None  # a spool of ours for records submitted after close
        self._late_in_own = False  # lines in our spool that pending.spooled does not hold
        # Adopted spools being sent, first in pending.spooled: (pending.done that frees it, lock).
        self._adopted: deque[tuple[int, SpoolLock]] = deque()
        self._adopted_until = 0  # the records accepted before this count are adopted ones
        self._lines_in_file = 0  # guarded by _file_lock
        # Intent lines in our file whose record is not spooled yet, by id (_file_lock):
        # emptying or compacting the file keeps them.
        self._open_intents: dict[str, bytes] = {}
        self._file_lock = threading.Lock()  # taken before pending.lock, never after

    # -- spooler thread ----------------------------------------------------------------

    def take_over(self) -> bool:
        """Hand dead writers' spools and our own to the database thread; True if any records."""
        try:
            adopted = self._adopt_orphans()
        except Exception:
            LOGGER.exception("cannot adopt the usage spools of stopped writers")
            adopted = []
        replayed = self._load_own()
        with self._file_lock, self._pending.lock:
            for records, lock in adopted:
                self._adopted.append((self._pending.accept_spooled(records), lock))
            self._adopted_until = self._pending.accepted
            self._pending.accept_spooled(replayed)
            self._lines_in_file = len(replayed)
        if replayed:
            LOGGER.info("replaying %d usage records from %s", len(replayed), self.spool.path)
        return bool(adopted or replayed)

    def append(
        self, batch: list[UsageRecord], lines: list[bytes], intents: Mapping[str, bytes] = {}
    ) -> None:
        """Append (fsynced) the intent lines (by id) and the lines of `batch`, then hand
        `batch` to the database thread. A record settles the intent of the same id."""
        with self._file_lock:
            self._open_intents.update(intents)
            for record in batch:
                self._open_intents.pop(record.id, None)
            written = 0
            try:
                written = self.spool.append_lines([*intents.values(), *lines])
            except OSError as exc:
                # Still worth inserting: only the crash protection is missing for these.
                LOGGER.error("cannot write the usage spool %s: %s", self.spool.path, exc)
            self._lines_in_file += written
            self._pending.spooled_now(batch)

    def _adopt_orphans(self) -> list[Adopted]:
        # The other spools of this data folder whose writer is gone: their records are
        # sent like replayed ones, and each file is deleted once all of it is committed.
        if self._own_lock is None:
            return []  # without locks a live writer's spool cannot be told from a dead one's
        adopted = []
        for path in secondary_spools(self._primary):
            if path != self.spool.path and (found := self._adopt(path)) is not None:
                adopted.append(found)
        return adopted

    def _adopt(self, path: Path) -> Adopted | None:
        try:
            lock = try_lock(path)
        except OSError as exc:
            LOGGER.warning("cannot lock the usage spool %s: %s", path, exc)
            return None
        if lock is None:
            return None  # its writer is running: not ours to touch
        try:
            records = Spool(path, side_files=self._primary).load()
        except OSError as exc:
            LOGGER.error("cannot read the usage spool %s: %s", path, exc)
            lock.release()
            return None
        if not records:
            _discard(lock)
            return None
        LOGGER.info(
            "sending %d usage records left in %s by a writer that stopped", len(records), path.name
        )
        return records, lock

    def _load_own(self) -> list[UsageRecord]:
        try:
            return self.spool.load()
        except OSError as exc:
            LOGGER.error("cannot read the usage spool %s: %s", self.spool.path, exc)
            return []

    # -- database thread ---------------------------------------------------------------

    def release_adopted(self, until: int) -> None:
        """Delete the adopted spools whose records are all done once `done` reaches `until`."""
        with self._pending.lock:
            while self._adopted and self._adopted[0][0] <= until:
                _discard(self._adopted.popleft()[1])

    def tidy(self) -> None:
        """Empty our spool once all of it is committed, or compact it when mostly committed."""
        # The file lock keeps the spooler from appending while the file is emptied or
        # rewritten; if it is appending right now, the next commit tidies instead.
        if not self._file_lock.acquire(blocking=False):
            return
        try:
            with self._pending.lock:
                self._tidy_locked()
        except Exception as exc:
            LOGGER.error("cannot tidy the usage spool %s: %s", self.spool.path, exc)
        finally:
            self._file_lock.release()

    def _tidy_locked(self) -> None:
        if self._late_in_own:
            return  # emptying or rewriting would drop the lines spooled after close
        # Adopted records come first in pending.spooled and are not in our file.
        adopted = max(0, self._adopted_until - self._pending.done)
        own = len(self._pending.spooled) - adopted
        if self._pending.all_committed() and not self._open_intents:
            if self._lines_in_file:
                self.spool.clear()
                self._lines_in_file = 0
        elif self._lines_in_file - own > max(COMPACT_AFTER_LINES, own):
            # At least half the file is committed: rewriting costs no more per record
            # than the appends did.
            pending = itertools.islice(self._pending.spooled, adopted, None)
            intents = list(self._open_intents.values())
            self._lines_in_file = self.spool.rewrite(pending, intents)
            LOGGER.debug("usage spool compacted to %d records", self._lines_in_file)

    # -- close and after ---------------------------------------------------------------

    def give_up(self) -> None:
        """At close, with both threads stopped: release every spool we hold.

        An emptied secondary spool of ours is deleted; anything uncommitted stays for the
        next start.
        """
        # Under the pending lock: a record submitted meanwhile waits (spool_after_close).
        with self._pending.lock:
            late = self._pending.take_queued()  # submitted while close began: spooled, not lost
            if late:
                try:
                    self._append_own(late)
                except OSError as exc:
                    LOGGER.error("%d usage records lost at close: %s", len(late), exc)
            for _, lock in self._adopted:
                lock.release()
            self._adopted.clear()
            emptied = self._pending.all_committed() and not self._open_intents
            self._release_own(emptied and not self._late_in_own)

    def spool_after_close(self, record: UsageRecord) -> None:
        """Spool a record submitted after close; the next start sends it."""
        # Under the pending lock: tidy() and give_up() leave the spool alone meanwhile.
        with self._pending.lock:
            try:
                self._append_after_close([record])
            except OSError as exc:
                LOGGER.error("usage record %s lost after close: %s", record.id, exc)

    def _append_after_close(self, records: list[UsageRecord]) -> None:
        if self._own_lock is None or self._own_lock.held:
            self._append_own(records)  # still ours (or no locks here)
            return
        # Given up at close: lock it again for this append, unless another writer has
        # taken it since; then into a spool of our own that the next start adopts.
        lock = try_lock(self.spool.path)
        if lock is None and self._late_path is not None:
            lock = try_lock(self._late_path)
        if lock is None:
            lock = new_secondary(self._primary)
            self._late_path = lock.spool_path
        try:
            Spool(lock.spool_path).append(records)
        finally:
            lock.release()

    def _append_own(self, records: list[UsageRecord]) -> None:
        # Neither in _lines_in_file nor in pending.spooled: only the next start sends them.
        self._late_in_own = True
        self.spool.append(records)

    def _release_own(self, all_committed: bool) -> None:
        own = self._own_lock
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
