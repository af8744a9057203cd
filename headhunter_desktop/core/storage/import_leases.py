"""Who works on an import job: leases that let processes share one queue safely.

A window opened while a command-line import runs sees the same queue. Each process claims
the jobs it works on in one UPDATE whose WHERE says nobody else holds them (SQLite's
BEGIN IMMEDIATE and PostgreSQL's row locks make that atomic), renews the leases with a
heartbeat while it works, and releases them when done. A job whose owner is gone — its
lease ran out, or its process died on this machine — may be taken over; a live owner is
never robbed before its lease ends.
"""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session

from headhunter_desktop.core.domain.import_job import ImportState
from headhunter_desktop.core.processes import pid_alive
from headhunter_desktop.core.storage.tables import ImportJob

T = TypeVar("T", bound=Any)

UNFINISHED = (
    ImportState.QUEUED,
    ImportState.EXTRACTING,
    ImportState.PARSING,
    ImportState.EMBEDDING,
)
# A job caught mid-extraction is put back to queued when released, so it is never claimed
# in that state: its extraction starts over.
CLAIMABLE = (ImportState.QUEUED, ImportState.PARSING, ImportState.EMBEDDING)
_NO_OWNER = {"owner_token": None, "owner_host": None, "owner_pid": None, "lease_expires_at": None}


@dataclass(frozen=True)
class LeaseOwner:
    """One process working on the queue: a random token (pids are reused), host and pid."""

    token: str
    host: str
    pid: int

    @classmethod
    def of_this_process(cls) -> LeaseOwner:
        """A new identity for this process (each service run gets its own token)."""
        return cls(secrets.token_hex(16), socket.gethostname()[:255], os.getpid())


@dataclass(frozen=True)
class JobScope:
    """The jobs a run works on: one batch, the listed jobs, or (neither given) the queue."""

    batch_id: str | None = None
    job_ids: frozenset[int] | None = None

    @classmethod
    def of(cls, batch_id: str | None, job_ids: Collection[int] | None) -> JobScope:
        return cls(batch_id, None if job_ids is None else frozenset(job_ids))

    def apply(self, query: sa.Select[T]) -> sa.Select[T]:
        """`query` narrowed to this scope."""
        if self.batch_id is not None:
            query = query.where(ImportJob.batch_id == self.batch_id)
        if self.job_ids is not None:
            query = query.where(ImportJob.id.in_(sorted(self.job_ids)))
        return query


def claim_jobs(
    session: Session, scope: JobScope, owner: LeaseOwner, now: datetime, lease_s: float, limit: int
) -> list[int]:
    """Take up to `limit` runnable jobs nobody holds, oldest first; returns those now ours."""
    free = sa.select(ImportJob.id).where(ImportJob.state.in_(CLAIMABLE), _unheld(now))
    ids = list(session.scalars(scope.apply(free).order_by(ImportJob.id).limit(limit)))
    if not ids:
        return []
    # Checked again by the UPDATE itself: on PostgreSQL another process may have claimed
    # some since the SELECT; its row lock makes this UPDATE re-read them and skip them.
    session.execute(
        sa.update(ImportJob)
        .where(ImportJob.id.in_(ids), ImportJob.state.in_(CLAIMABLE), _unheld(now))
        .values(owner_token=owner.token, owner_host=owner.host, owner_pid=owner.pid)
        .values(_lease_values(now, lease_s))
        .execution_options(synchronize_session=False)
    )
    return sorted(_held_by(session, owner, ids))


def renew(
    session: Session, owner: LeaseOwner, job_ids: Collection[int], now: datetime, lease_s: float
) -> set[int]:
    """Extend our leases on `job_ids`; returns those still ours (one taken over is not)."""
    session.execute(
        sa.update(ImportJob)
        .where(ImportJob.id.in_(list(job_ids)), ImportJob.owner_token == owner.token)
        .values(_lease_values(now, lease_s))
        .execution_options(synchronize_session=False)
    )
    return _held_by(session, owner, job_ids)


def release(session: Session, owner: LeaseOwner, job_ids: Collection[int] | None = None) -> None:
    """Give up our jobs (all of them unless `job_ids` is given)."""
    mine = [ImportJob.owner_token == owner.token]
    if job_ids is not None:
        mine.append(ImportJob.id.in_(list(job_ids)))
    _release_where(session, *mine)


def release_gone_owners(
    session: Session, me: LeaseOwner, now: datetime, alive: Callable[[int], bool] = pid_alive
) -> int:
    """Free the jobs whose owner is gone: lease run out, or its process on this host died."""
    held = session.execute(
        sa.select(
            ImportJob.id, ImportJob.owner_token, ImportJob.owner_host, ImportJob.owner_pid,
            ImportJob.lease_expires_at,
        ).where(
            ImportJob.state.in_(UNFINISHED),
            ImportJob.owner_token.is_not(None),
            ImportJob.owner_token != me.token,
        )
    ).all()  # fmt: skip
    gone = [job for job in held if _owner_gone(job, me, now, alive)]
    for job in gone:
        # Only while the same owner holds it: one renewed or taken over meanwhile stays.
        _release_where(session, ImportJob.id == job.id, ImportJob.owner_token == job.owner_token)
    return len(gone)


def held_elsewhere(session: Session, scope: JobScope, me: LeaseOwner) -> int:
    """Unfinished jobs of `scope` that another process holds (what a run waits for)."""
    query = sa.select(sa.func.count(ImportJob.id)).where(
        ImportJob.state.in_(UNFINISHED),
        ImportJob.owner_token.is_not(None),
        ImportJob.owner_token != me.token,
    )
    return session.scalar(scope.apply(query)) or 0


def _owner_gone(job: Any, me: LeaseOwner, now: datetime, alive: Callable[[int], bool]) -> bool:
    if job.lease_expires_at is None or job.lease_expires_at <= now:
        return True
    # A pid means something on its own machine only.
    return job.owner_host == me.host and job.owner_pid is not None and not alive(job.owner_pid)


def _unheld(now: datetime) -> sa.ColumnElement[bool]:
    return sa.or_(ImportJob.owner_token.is_(None), ImportJob.lease_expires_at <= now)


def _lease_values(now: datetime, lease_s: float) -> dict[str, datetime]:
    return {"heartbeat_at": now, "lease_expires_at": now + timedelta(seconds=lease_s)}


def _held_by(session: Session, owner: LeaseOwner, job_ids: Collection[int]) -> set[int]:
    query = sa.select(ImportJob.id).where(
        ImportJob.id.in_(list(job_ids)), ImportJob.owner_token == owner.token
    )
    return set(session.scalars(query))


def _release_where(session: Session, *conditions: sa.ColumnElement[bool]) -> None:
    # Caught mid-extraction: it starts over (the stored copy is kept and reused).
    session.execute(
        sa.update(ImportJob)
        .where(*conditions, ImportJob.state == ImportState.EXTRACTING)
        .values(state=ImportState.QUEUED)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        sa.update(ImportJob)
        .where(*conditions)
        .values(_NO_OWNER)
        .execution_options(synchronize_session=False)
    )
