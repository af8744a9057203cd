"""Interviews and their scorecards: plain functions over a Session, run inside
`MainDatabase.run()`.

An interview's row holds its facts and its feedback report; its scorecard is rows of
`interview_competencies` in the interviewer's order. Saving updates the rows of
competencies still named (matched case-insensitively), adds new ones and deletes the rest,
so a change of case or order never trips the per-interview unique name.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.orm import Session

from headhunter_desktop.core.domain.interview import (
    Competency,
    FeedbackReport,
    Interview,
    Outcome,
    check_stage,
    competency_key,
    duplicate_competency,
)
from headhunter_desktop.core.storage.errors import InvalidInputError, NotFoundError
from headhunter_desktop.core.storage.tables import (
    Candidate,
    ClientCompany,
    InterviewCompetency,
    Job,
)
from headhunter_desktop.core.storage.tables import Interview as InterviewRow
from headhunter_desktop.core.storage.types import utcnow


class InterviewListRow(NamedTuple):
    """One line of a list of interviews, with the names it shows."""

    id: int
    candidate_id: int
    candidate_name: str
    job_id: int | None
    job_title: str | None
    client_id: int | None
    client_name: str | None
    stage: str
    date: date | None
    interviewer: str
    outcome: Outcome | None
    has_feedback: bool
    updated_at: datetime


def list_interviews(
    session: Session,
    *,
    client_id: int | None = None,
    candidate_id: int | None = None,
    job_id: int | None = None,
) -> list[InterviewListRow]:
    """Interviews matching every filter given: the newest date first (undated last), then
    the most recently changed."""
    query = _list_query()
    if client_id is not None:
        query = query.where(Job.client_company_id == client_id)
    if candidate_id is not None:
        query = query.where(InterviewRow.candidate_id == candidate_id)
    if job_id is not None:
        query = query.where(InterviewRow.job_id == job_id)
    return [_list_row(*row) for row in session.execute(query)]


def get_interview(session: Session, interview_id: int) -> Interview:
    """The interview with `interview_id`; NotFoundError when it is gone."""
    return _interview(row_of(session, interview_id))


def save_interview(session: Session, interview: Interview) -> Interview:
    """Create the interview (id None) or update it; returns it as stored.

    InvalidInputError for an unknown candidate or job, an empty stage, a rating outside
    1..5 or a competency named twice; NotFoundError when the interview is gone.
    """
    checked = checked_interview(interview)
    _check_links(session, checked)
    row = InterviewRow() if checked.id is None else row_of(session, checked.id)
    _write(row, checked)
    _write_scorecard(row, checked.scorecard)
    row.updated_at = utcnow()  # also when only the scorecard rows changed
    session.add(row)
    session.flush()
    return _interview(row)


def save_feedback(session: Session, interview_id: int, report: FeedbackReport) -> Interview:
    """Keep `report` as the interview's feedback; returns the interview as stored."""
    row = row_of(session, interview_id)
    _write_feedback(row, report)
    row.updated_at = utcnow()
    session.flush()
    return _interview(row)


def delete_interview(session: Session, interview_id: int) -> None:
    """Delete the interview and its scorecard; one already gone is not an error."""
    session.execute(sa.delete(InterviewRow).where(InterviewRow.id == interview_id))


class InterviewNames(NamedTuple):
    """The names an interview is shown with (None: it has no job, or the job no client)."""

    candidate_name: str
    job_title: str | None
    client_name: str | None


def interview_names(session: Session, interview_id: int) -> InterviewNames:
    """The candidate's name, the job's title and the client's name of an interview."""
    row = row_of(session, interview_id)
    job = row.job
    client = None if job is None else job.client
    return InterviewNames(
        row.candidate.display_name,
        None if job is None else job.title,
        None if client is None else client.name,
    )


def row_of(session: Session, interview_id: int) -> InterviewRow:
    """The interview's row; NotFoundError when it is gone."""
    row = session.get(InterviewRow, interview_id)
    if row is None:
        raise NotFoundError(
            "That interview no longer exists; it may have been deleted in another window."
        )
    return row


def checked_interview(interview: Interview) -> Interview:
    """`interview` validated again (its lists may have changed since it was built), with
    its values cleaned; InvalidInputError saying what is wrong."""
    problem = _scorecard_problem(interview.scorecard)
    if problem:
        raise InvalidInputError(problem)
    try:
        check_stage(interview.stage)
        return Interview.model_validate(interview.model_dump())
    except (ValueError, ValidationError) as exc:
        raise InvalidInputError(_first_reason(exc)) from None


def _scorecard_problem(scorecard: Sequence[Competency]) -> str | None:
    for competency in scorecard:
        rating = competency.rating
        if rating is not None and not 1 <= rating <= 5:
            return f"{competency.name}: a rating is 1 to 5 (or not rated), not {rating}."
        if not competency.name.strip():
            return "Every competency of the scorecard needs a name."
    if (duplicate := duplicate_competency(scorecard)) is not None:
        return f"The scorecard names {duplicate!r} twice."
    return None


def _first_reason(exc: ValueError) -> str:
    # Our validators' messages say what is wrong on their own; pydantic's need the field.
    if isinstance(exc, ValidationError):
        error = exc.errors()[0]
        message = str(error["msg"])
        if not message.startswith("Value error, "):
            where = ".".join(str(part) for part in error["loc"])
            return f"{where}: {message}."
        exc = ValueError(message.removeprefix("Value error, "))
    text = str(exc)
    return text[:1].upper() + text[1:] + "."


def _check_links(session: Session, interview: Interview) -> None:
    if session.get(Candidate, interview.candidate_id) is None:
        raise InvalidInputError(
            f"There is no candidate {interview.candidate_id}; it may have been deleted."
        )
    if interview.job_id is not None and session.get(Job, interview.job_id) is None:
        raise InvalidInputError(f"There is no job {interview.job_id}; it may have been deleted.")


def _write(row: InterviewRow, interview: Interview) -> None:
    row.candidate_id = interview.candidate_id
    row.job_id = interview.job_id
    row.stage = interview.stage
    row.interview_date = interview.date
    row.interviewer = interview.interviewer or None
    row.notes = interview.notes or None
    row.outcome = interview.outcome
    _write_feedback(row, interview.feedback)


def _write_feedback(row: InterviewRow, report: FeedbackReport) -> None:
    row.feedback_text = None if report.is_empty else report.markdown
    row.feedback_ai_drafted = report.ai_drafted
    row.feedback_edited_by_person = report.edited_by_person
    row.feedback_generated_at = report.generated_at
    row.feedback_model = report.model


def _write_scorecard(row: InterviewRow, scorecard: list[Competency]) -> None:
    # Rows are matched by name key, so the keys deleted (orphans) and inserted are disjoint.
    existing = {item.name_key: item for item in row.competencies}
    kept: list[InterviewCompetency] = []
    for position, competency in enumerate(scorecard):
        key = competency_key(competency.name)
        item = existing.pop(key, None) or InterviewCompetency(name_key=key)
        item.position, item.name = position, competency.name
        item.rating, item.comment = competency.rating, competency.comment
        kept.append(item)
    row.competencies = kept


def _interview(row: InterviewRow) -> Interview:
    return Interview.model_validate(
        {
            "id": row.id,
            "candidate_id": row.candidate_id,
            "job_id": row.job_id,
            "stage": row.stage,
            "date": row.interview_date,
            "interviewer": row.interviewer or "",
            "notes": row.notes or "",
            "scorecard": [_competency(item) for item in row.competencies],
            "outcome": row.outcome,
            "feedback": _feedback(row),
        }
    )


def _competency(item: InterviewCompetency) -> dict[str, Any]:
    return {"name": item.name, "rating": item.rating, "comment": item.comment}


def _feedback(row: InterviewRow) -> FeedbackReport:
    return FeedbackReport(
        markdown=row.feedback_text or "",
        ai_drafted=row.feedback_ai_drafted,
        edited_by_person=row.feedback_edited_by_person,
        generated_at=row.feedback_generated_at,
        model=row.feedback_model,
    )


def _list_query() -> sa.Select[InterviewRow, str, str, ClientCompany]:
    return (
        sa.select(InterviewRow, Candidate.display_name, Job.title, ClientCompany)
        .join(Candidate, InterviewRow.candidate_id == Candidate.id)
        .outerjoin(Job, InterviewRow.job_id == Job.id)
        .outerjoin(ClientCompany, Job.client_company_id == ClientCompany.id)
        .order_by(
            InterviewRow.interview_date.is_(None),
            InterviewRow.interview_date.desc(),
            InterviewRow.updated_at.desc(),
            InterviewRow.id.desc(),
        )
    )


def _list_row(
    row: InterviewRow, candidate_name: str, job_title: str | None, client: ClientCompany | None
) -> InterviewListRow:
    return InterviewListRow(
        id=row.id,
        candidate_id=row.candidate_id,
        candidate_name=candidate_name,
        job_id=row.job_id,
        job_title=job_title,
        client_id=None if client is None else client.id,
        client_name=None if client is None else client.name,
        stage=row.stage,
        date=row.interview_date,
        interviewer=row.interviewer or "",
        outcome=row.outcome,
        has_feedback=bool(row.feedback_text),
        updated_at=row.updated_at,
    )
