"""Job postings: plain functions over a Session, run inside `MainDatabase.run()`.

A job's row keeps what lists and joins need in columns (title, status, department) and
the rest of the `JobPosting` (its fields, suggested and edited fields, dates, template,
whether the model drafted it) in `posting_json`; `posting_text` holds the description.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import Session

from headhunter_desktop.core.domain.job_posting import JobPosting, JobStatus
from headhunter_desktop.core.storage import clients as clients_repo
from headhunter_desktop.core.storage.errors import InvalidInputError, NotFoundError
from headhunter_desktop.core.storage.tables import Department, Job

TITLE_MAX = 300
# Kept in columns, not in posting_json.
_COLUMN_FIELDS = {"id", "client_id", "department_id", "status"}


class JobListRow(NamedTuple):
    """One line of a client's job list."""

    id: int
    client_id: int
    title: str
    status: JobStatus
    department_name: str | None
    updated_at: datetime


def list_jobs(session: Session, client_id: int) -> list[JobListRow]:
    """The client's jobs, the newest first (a saved job keeps its place in the list)."""
    query = (
        sa.select(Job, Department.name)
        .outerjoin(Department, Job.department_id == Department.id)
        .where(Job.client_company_id == client_id)
        .order_by(Job.created_at.desc(), Job.id.desc())
    )
    return [
        JobListRow(
            job.id, job.client_company_id, job.title, _status(job.status), dept, job.updated_at
        )
        for job, dept in session.execute(query)
    ]


def get_job(session: Session, job_id: int) -> JobPosting:
    """The job with `job_id`; raises NotFoundError when it is gone."""
    return _posting(_row(session, job_id))


def save_job(session: Session, job: JobPosting) -> JobPosting:
    """Create the job (id None) or update it; returns it as stored (with its id).

    Raises InvalidInputError for an empty or overlong title, or a department of another
    client; NotFoundError when the client, the department or the job is gone.
    """
    title = _clean_title(job.fields.title)
    clients_repo.get_client(session, job.client_id)
    if job.department_id is not None:
        check_department(session, job.client_id, job.department_id)
    row = Job(client_company_id=job.client_id) if job.id is None else _row(session, job.id)
    if row.client_company_id != job.client_id:
        raise InvalidInputError("A job cannot move to another client.")
    fields = job.fields.model_copy(update={"title": title})
    _write(row, job.model_copy(update={"fields": fields}))
    session.add(row)
    session.flush()
    return _posting(row)


def set_status(
    session: Session, job_id: int, status: JobStatus, today: date, validity: timedelta
) -> JobPosting:
    """Move the job to `status`; opening it dates it (posted `today`, valid for `validity`)
    unless the dates are already set."""
    job = get_job(session, job_id)
    update: dict[str, Any] = {"status": status}
    if status == JobStatus.OPEN:
        posted = job.date_posted or today
        update["date_posted"] = posted
        update["valid_through"] = job.valid_through or posted + validity
    return save_job(session, job.model_copy(update=update))


def delete_job(session: Session, job_id: int) -> None:
    """Delete the job; one already gone is not an error (the result is the same)."""
    session.execute(sa.delete(Job).where(Job.id == job_id))


def check_department(session: Session, client_id: int, department_id: int) -> Department:
    """The department, which must be one of the client's (InvalidInputError otherwise)."""
    department = session.get(Department, department_id)
    if department is None:
        raise NotFoundError(
            "That department no longer exists; it may have been deleted in another window."
        )
    if department.client_company_id != client_id:
        raise InvalidInputError("That department belongs to another client.")
    return department


def _row(session: Session, job_id: int) -> Job:
    row = session.get(Job, job_id)
    if row is None:
        raise NotFoundError(
            "That job no longer exists; it may have been deleted in another window."
        )
    return row


def _clean_title(title: str) -> str:
    cleaned = " ".join(title.split())
    if not cleaned:
        raise InvalidInputError("A job needs a title.")
    if len(cleaned) > TITLE_MAX:
        raise InvalidInputError(f"A job title can have at most {TITLE_MAX} characters.")
    return cleaned


def _write(row: Job, job: JobPosting) -> None:
    row.title = job.fields.title
    row.department_id = job.department_id
    row.status = job.status.value
    row.posting_text = job.fields.description or None
    row.posting_json = job.model_dump(mode="json", exclude=_COLUMN_FIELDS)


def _posting(row: Job) -> JobPosting:
    stored = dict(row.posting_json or {})
    # Rows written before postings had fields hold their text in posting_text only.
    fields = dict(stored.get("fields") or {"description": row.posting_text or ""})
    fields["title"] = row.title
    stored.update(
        id=row.id,
        client_id=row.client_company_id,
        department_id=row.department_id,
        status=_status(row.status),
        fields=fields,
    )
    return JobPosting.model_validate(stored)


def _status(stored: str) -> JobStatus:
    # The column was free-form before the workflow existed; anything else reads as a draft.
    try:
        return JobStatus(stored)
    except ValueError:
        return JobStatus.DRAFT
