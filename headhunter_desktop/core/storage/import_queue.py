"""The persistent import queue: one row per dropped file, surviving crashes and restarts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import InstrumentedAttribute, Session

from headhunter_desktop.core.domain.import_job import (
    ImportRow,
    ImportState,
)
from headhunter_desktop.core.processes import pid_alive
from headhunter_desktop.core.storage import candidates as repo
from headhunter_desktop.core.storage.errors import NotFoundError
from headhunter_desktop.core.storage.import_leases import (
    UNFINISHED,
    JobScope,
    LeaseOwner,
    release_gone_owners,
)
from headhunter_desktop.core.storage.tables import Candidate, CvFile, ImportJob, ParseStatus

# A job that ended like this may be taken up again (retry, or the same file queued again).
REOPENABLE = (ImportState.FAILED, ImportState.CANCELLED)
CANCELLED_TEXT = "Cancelled"


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
        tuple(job.warnings.splitlines()) if job.warnings else (),
    )


def warnings_text(warnings: Sequence[str]) -> str | None:
    """Warnings as the queue stores them: one a line, NULL for none."""
    return "\n".join(" ".join(w.split()) for w in warnings) or None


def set_candidate_warnings(session: Session, candidate_id: int, warnings: Sequence[str]) -> None:
    """The warnings of the candidate's text read anew (a re-parse), on its queue rows."""
    session.execute(
        sa.update(ImportJob)
        .where(ImportJob.candidate_id == candidate_id)
        .values(warnings=warnings_text(warnings))
        .execution_options(synchronize_session=False)
    )


def candidate_warnings(session: Session, candidate_id: int) -> list[str]:
    """The warnings of the candidate's text, from its latest queue row."""
    text = session.scalar(
        sa.select(ImportJob.warnings)
        .where(ImportJob.candidate_id == candidate_id)
        .order_by(ImportJob.id.desc())
        .limit(1)
    )
    return text.splitlines() if text else []


def add_jobs(
    session: Session, batch_id: str, sources: Sequence[Path], client_company_id: int | None
) -> list[ImportRow]:
    """Queue files; they are processed in the order given."""
    jobs = [_new_job(batch_id, source, client_company_id) for source in sources]
    session.add_all(jobs)
    session.flush()
    return [to_row(job) for job in jobs]


def add_or_resume(
    session: Session,
    batch_id: str,
    files: Sequence[tuple[Path, str | None]],
    client_company_id: int | None,
) -> tuple[list[ImportRow], list[int]]:
    """Queue `(file, sha256)`s; a file whose earlier import never finished resumes that job.

    Returns the rows (new and resumed, in the order given) and the ids of the resumed
    jobs. A resumed job keeps its batch and client; one that failed or was cancelled is
    queued again, as a retry would.
    """
    jobs: list[ImportJob] = []
    resumed: list[int] = []
    interrupted = _InterruptedJobs(session, files)
    for source, sha256 in files:
        job = interrupted.of(source, sha256)
        if job is None or job.id in resumed:
            job = _new_job(batch_id, source, client_company_id)
            session.add(job)
        else:
            _reopen(job)
            resumed.append(job.id)
        jobs.append(job)
    session.flush()
    return [to_row(job) for job in jobs], resumed


def _new_job(batch_id: str, source: Path, client_company_id: int | None) -> ImportJob:
    return ImportJob(
        batch_id=batch_id,
        source_path=str(source),
        client_company_id=client_company_id,
        state=ImportState.QUEUED,
    )


class _InterruptedJobs:
    """The jobs of earlier imports of the dropped files that have not finished their
    candidate, looked up for the whole drop at once (three queries a file made a drop of
    200 files cost 300 ms of Python in the window's process, beside the GUI thread).

    A cancelled or failed job counts too: dropping the file again takes it up where it
    stopped (a cancelled parse is not a candidate the file is "already imported" as).
    """

    def __init__(self, session: Session, files: Sequence[tuple[Path, str | None]]):
        hashes = sorted({sha256 for _, sha256 in files if sha256 is not None})
        unread_paths = sorted({str(source) for source, _ in files})
        not_ended = ImportJob.state.not_in([ImportState.DONE, ImportState.DUPLICATE])
        # Its copy was stored: the job is unfinished, or its candidate has no profile yet
        # (a file is a duplicate only of a candidate that was imported to the end).
        self._same_bytes = _first_job_by(
            session, ImportJob.sha256, hashes, lambda q: q.where(not_ended)
        )
        self._stopped = _first_job_by(
            session,
            CvFile.sha256,
            hashes,
            lambda q: (
                q.join(Candidate, Candidate.id == ImportJob.candidate_id)
                .join(CvFile, CvFile.candidate_id == Candidate.id)
                .where(Candidate.parse_status != ParseStatus.DONE, not_ended)
            ),
        )
        # Queued but never read (maybe cancelled before it was): known by its path only.
        self._never_read = _first_job_by(
            session,
            ImportJob.source_path,
            unread_paths,
            lambda q: q.where(ImportJob.sha256.is_(None), not_ended),
        )

    def of(self, source: Path, sha256: str | None) -> ImportJob | None:
        if sha256 is not None:
            job = self._same_bytes.get(sha256) or self._stopped.get(sha256)
            if job is not None:
                return job
        return self._never_read.get(str(source))


_IN_CHUNK = 500  # bound parameters per query (old SQLite builds allow 999)


JobsByKey = sa.Select[ImportJob, Any]


def _first_job_by(
    session: Session,
    key: InstrumentedAttribute[Any],
    values: Sequence[str],
    narrow: Callable[[JobsByKey], JobsByKey],
) -> dict[str, ImportJob]:
    """For each value, the oldest matching job (by id), where `key` is that value."""
    first: dict[str, ImportJob] = {}
    for start in range(0, len(values), _IN_CHUNK):
        chunk = values[start : start + _IN_CHUNK]
        query = narrow(sa.select(ImportJob, key)).where(key.in_(chunk)).order_by(ImportJob.id)
        for row in session.execute(query):
            if row[1] is not None:
                first.setdefault(row[1], row[0])
    return first


def _reopen(job: ImportJob) -> None:
    if job.state not in REOPENABLE:
        return
    # A job that failed before extraction finished has no candidate: start over.
    job.state = ImportState.PARSING if job.candidate_id else ImportState.QUEUED
    job.error = job.error_code = None
    job.attempts += 1


def recover_interrupted(
    session: Session, me: LeaseOwner, now: datetime, alive: Callable[[int], bool] = pid_alive
) -> int:
    """Free the jobs whose owner is gone (lease run out, or its process here died).

    A file caught mid-extraction starts over; later stages resume where they stopped.
    Jobs a live process holds are left alone: it is working on them.
    """
    freed = release_gone_owners(session, me, now, alive)
    # Caught mid-extraction by a version without leases (owner unknown, so long gone).
    orphans = session.execute(
        sa.update(ImportJob)
        .where(ImportJob.state == ImportState.EXTRACTING, ImportJob.owner_token.is_(None))
        .values(state=ImportState.QUEUED)
        .execution_options(synchronize_session=False)
    )
    return freed + (orphans.rowcount or 0)


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


def mark_if_duplicate(session: Session, job_id: int, sha256: str) -> ImportRow | None:
    """When the pool already has these exact bytes, the job ends as a duplicate."""
    existing = repo.candidate_with_file(session, sha256)
    if existing is None:
        return None
    return set_state(
        session,
        job_id,
        ImportState.DUPLICATE,
        error=f"Same file as candidate #{existing}",
        candidate_id=existing,
    )


def list_rows(
    session: Session, scope: JobScope | None = None, limit: int = 5000
) -> list[ImportRow]:
    """The queue, newest batch first, files in order within a batch."""
    query = (scope or JobScope()).apply(sa.select(ImportJob))
    jobs = session.scalars(query.order_by(ImportJob.id.desc()).limit(limit))
    return [to_row(job) for job in reversed(list(jobs))]


def requeue(session: Session, states: Sequence[ImportState], batch_id: str | None) -> list[int]:
    """Put failed or cancelled jobs back in the queue (retry); returns their ids."""
    query = sa.select(ImportJob).where(ImportJob.state.in_(states))
    if batch_id is not None:
        query = query.where(ImportJob.batch_id == batch_id)
    ids = []
    for job in session.scalars(query):
        _reopen(job)
        ids.append(job.id)
    return ids


def cancel_queued(
    session: Session, batch_id: str | None = None, owner: LeaseOwner | None = None
) -> int:
    """Cancel the jobs no worker is on: queued ones, and ones a stop left waiting for their
    parse or embedding (none that a process other than `owner` holds). A cancelled job
    keeps its candidate and copy: Resume, Retry or the same file dropped again goes on."""
    query = sa.update(ImportJob).where(ImportJob.state.in_(UNFINISHED))
    if batch_id is not None:
        query = query.where(ImportJob.batch_id == batch_id)
    if owner is not None:
        query = query.where(
            sa.or_(ImportJob.owner_token.is_(None), ImportJob.owner_token == owner.token)
        )
    query = query.values(state=ImportState.CANCELLED, error=CANCELLED_TEXT, error_code=None)
    return session.execute(query.execution_options(synchronize_session=False)).rowcount or 0


def cancel_job(session: Session, job_id: int) -> ImportRow:
    """The job cancelled where it stands, unless it ended meanwhile (done stays done)."""
    job = get_job(session, job_id)
    if job.state in UNFINISHED:
        job.state, job.error, job.error_code = ImportState.CANCELLED, CANCELLED_TEXT, None
        session.flush()
    return to_row(job)
