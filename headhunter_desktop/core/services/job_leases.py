"""The import jobs this process holds, kept ours by a heartbeat while it works on them.

Leases are what let a window and a command-line import share one data folder without
parsing a CV twice (see `core/storage/import_leases.py` for the rules).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Collection
from contextlib import asynccontextmanager
from dataclasses import dataclass

from headhunter_desktop.core.errors import DatabaseError
from headhunter_desktop.core.storage import import_leases as leases
from headhunter_desktop.core.storage import import_queue as queue
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.import_leases import JobScope, LeaseOwner
from headhunter_desktop.core.storage.types import utcnow

log = logging.getLogger(__name__)
LostListener = Callable[[set[int]], None]


@dataclass(frozen=True)
class LeaseOptions:
    """How long a claim lasts without a heartbeat, and how often a waiting run looks again."""

    duration_s: float = 120.0
    # A run whose remaining jobs another process holds checks this often whether they
    # finished, or whether that process is gone and they can be taken over.
    poll_s: float = 2.0
    # Who this process says it is; None: a new identity (tests pose as another machine).
    owner: LeaseOwner | None = None

    @property
    def heartbeat_s(self) -> float:
        # Several beats per lease: one late beat (a busy disk, a slow server) loses nothing.
        return self.duration_s / 4


class JobLeases:
    """Claims, renews and releases this process's import jobs in the main database."""

    def __init__(self, db: MainDatabase, options: LeaseOptions) -> None:
        self._db = db
        self.options = options
        self.owner = options.owner or LeaseOwner.of_this_process()
        self._held: set[int] = set()

    async def recover(self) -> int:
        """Free the jobs of owners that are gone, so this process can take them over."""
        return await self._db.run(lambda s: queue.recover_interrupted(s, self.owner, utcnow()))

    async def claim(self, scope: JobScope, limit: int) -> list[int]:
        """Up to `limit` jobs of `scope` that nobody holds, now ours."""
        lease_s = self.options.duration_s
        ids = await self._db.run(
            lambda s: leases.claim_jobs(s, scope, self.owner, utcnow(), lease_s, limit)
        )
        self._held.update(ids)
        return ids

    async def release(self, job_ids: Collection[int] | None = None) -> None:
        """Give up these jobs (all ours when None); failing to is logged, not raised."""
        if job_ids is None:
            self._held.clear()
        else:
            self._held.difference_update(job_ids)
        try:
            await self._db.run(lambda s: leases.release(s, self.owner, job_ids))
        except (DatabaseError, RuntimeError) as exc:  # RuntimeError: database closed
            # Harmless: the lease runs out, or the next start sees this process is gone.
            log.warning("could not release import jobs: %s", exc)

    async def wait_for_others(self, scope: JobScope) -> bool:
        """When other processes hold jobs of `scope`: wait a poll, free the jobs of those
        gone, and return True (look again); False when no job of `scope` is held elsewhere."""
        held = await self._db.run(lambda s: leases.held_elsewhere(s, scope, self.owner))
        if not held:
            return False
        await asyncio.sleep(self.options.poll_s)
        await self.recover()
        return True

    @asynccontextmanager
    async def heartbeat(self, on_lost: LostListener) -> AsyncIterator[None]:
        """Renew our leases while the body runs; `on_lost` hears of jobs taken over."""
        task = asyncio.ensure_future(self._beat(on_lost))
        try:
            yield
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    async def _beat(self, on_lost: LostListener) -> None:
        while True:
            await asyncio.sleep(self.options.heartbeat_s)
            if self._held:
                await self._renew(set(self._held), on_lost)

    async def _renew(self, held: set[int], on_lost: LostListener) -> None:
        lease_s = self.options.duration_s
        try:
            ours = await self._db.run(
                lambda s: leases.renew(s, self.owner, held, utcnow(), lease_s)
            )
        except DatabaseError as exc:  # the next beat tries again, well within the lease
            log.warning("could not renew import leases: %s", exc)
            return
        # Released while the renewal ran is not lost; only what we still think is ours.
        lost = (held - ours) & self._held
        if lost:
            log.warning("import jobs %s were taken over by another process", sorted(lost))
            self._held -= lost
            on_lost(lost)
