"""The persistent import queue: one row per dropped file, surviving crashes and restarts."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from headhunter_desktop.core.domain.import_job import (
    ImportRow,
    ImportState,
)
from headhunter_desktop.core.storage.errors import NotFoundError
from headhunter_desktop.core.storage.tables import ImportJob


def to_row(job: ImportJob) -> ImportRow:
    return ImportRow(
        job.id,
        job.batch_id,
        Path(job.source_path).name,
        job.source_path,
        job.state,
        job.error,
        job.error_code,
        job.candidate_id,
        job.client_company_id,
        job.attempts,
        job.stored_path,
        job.sha256,
    )


def add_jobs(
    session: Session, batch_id: str, sources: Sequence[Path], client_company_id: int | None
) -> list[ImportRow]:
    """Queue files; they are processed in the order given."""
    jobs = [
        ImportJob(
            batch_id=batch_id,
            source_path=str(source),
            client_company_id=client_company_id,
            state=ImportState.QUEUED,
        )
        for source in sources
    ]
    session.add_all(jobs)
    session.flush()
    return [to_row(job) for job in jobs]


def recover_interrupted(session: Session) -> int:
    """After a crash: files caught mid-extraction start over; later stages resume there."""
    result = session.execute(
        sa.update(ImportJob)
        .where(ImportJob.state == ImportState.EXTRACTING)
        .values(state=ImportState.QUEUED)
    )
    return result.rowcount or 0


def runnable_job_ids(session: Session, batch_id: str | None = None) -> list[int]:
    """Jobs waiting for work (queued, or interrupted after extraction), oldest first."""
    query = sa.select(ImportJob.id).where(
        ImportJob.state.in_([ImportState.QUEUED, ImportState.PARSING, ImportState.EMBEDDING])
    )
    if batch_id is not None:
        query = query.where(ImportJob.batch_id == batch_id)
    return list(session.scalars(query.order_by(ImportJob.id)))


def get_job(session: Session, job_id: int) -> ImportJob:
    job = session.get(ImportJob, job_id)
    if job is None:
        raise NotFoundError(f"Import #{job_id} is no longer in the queue (removed meanwhile).")
    return job


def set_state(
    session: Session,
    job_id: int,
    state: ImportState,
    *,
    error: str | None = None,
    error_code: str | None = None,
    **values: object,
) -> ImportRow:
    """Move a job to `state` (clearing or setting its error) and return its new row."""
    job = get_job(session, job_id)
    job.state, job.error, job.error_code = state, error, error_code
    for name, value in values.items():
        setattr(job, name, value)
    session.flush()
    return to_row(job)


def list_rows(session: Session, batch_id: str | None = None, limit: int = 5000) -> list[ImportRow]:
    """The queue, newest batch first, files in order within a batch."""
    query = sa.select(ImportJob)
    if batch_id is not None:
        query = query.where(ImportJob.batch_id == batch_id)
    jobs = session.scalars(query.order_by(ImportJob.id.desc()).limit(limit))
    return [to_row(job) for job in reversed(list(jobs))]


def requeue(session: Session, states: Sequence[ImportState], batch_id: str | None) -> list[int]:
    """Put failed or cancelled jobs back in the queue (retry); returns their ids."""
    query = sa.select(ImportJob).where(ImportJob.state.in_(states))
    if batch_id is not None:
        query = query.where(ImportJob.batch_id == batch_id)
    ids = []
    for job in session.scalars(query):
        # A job that failed before extraction finished has no candidate: start over.
        job.state = ImportState.PARSING if job.candidate_id else ImportState.QUEUED
        job.error = job.error_code = None
        job.attempts += 1
        ids.append(job.id)
    return ids


def cancel_queued(session: Session, batch_id: str | None = None) -> int:
    """Cancel jobs no worker has started yet."""
    query = sa.update(ImportJob).where(ImportJob.state == ImportState.QUEUED)
    if batch_id is not None:
        query = query.where(ImportJob.batch_id == batch_id)
    return session.execute(query.values(state=ImportState.CANCELLED)).rowcount or 0
