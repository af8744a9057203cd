"""Interviews of candidates for client jobs: notes, scorecards, outcomes, and the feedback
report the LLM writes from them, billed to the job's client.

`write_feedback` is an async context manager around the gateway's plain-text stream,
adapted to field events for one Markdown field, "report": the hard budget cap is checked on
entering (BudgetExceededError, before a byte is sent); leaving the block early closes the
stream and records the call as cancelled, with estimated usage. It does not save: the front
end keeps what it wants with `save_feedback` (`draft_feedback` does both, for the CLI).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Sequence
from datetime import UTC, datetime

from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from headhunter_desktop.core.domain.actions import Action
from headhunter_desktop.core.domain.cv_profile import CvProfile
from headhunter_desktop.core.domain.interview import (
    Competency,
    FeedbackReport,
    Interview,
    default_competencies,
)
from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.llm.errors import AnswerCutOffError, InvalidModelOutputError
from headhunter_desktop.core.llm.field_events import FieldCompleted, TextDelta
from headhunter_desktop.core.llm.gateway import LlmGateway
from headhunter_desktop.core.llm.streams import TextStream
from headhunter_desktop.core.services import feedback_checks, interview_export
from headhunter_desktop.core.services.feedback_checks import ScoreConflict
from headhunter_desktop.core.services.feedback_prompt import (
    CandidateRecord,
    FeedbackContext,
    feedback_messages,
)
from headhunter_desktop.core.services.generation import (
    StructuredUpdate,
    client_profile_from_row,
    generation_context,
)
from headhunter_desktop.core.services.interview_export import FeedbackExport
from headhunter_desktop.core.services.interview_summary import InterviewSummary
from headhunter_desktop.core.storage import clients as clients_repo
from headhunter_desktop.core.storage import interviews as repo
from headhunter_desktop.core.storage import jobs as jobs_repo
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.errors import InvalidInputError, NotFoundError
from headhunter_desktop.core.storage.tables import Candidate

__all__ = [
    "REPORT_PATH",
    "FeedbackDraft",
    "FeedbackExport",
    "InterviewNeedsJobError",
    "InterviewService",
    "InterviewSummary",
    "InvalidInputError",
    "NotFoundError",
    "ScoreConflict",
]

REPORT_PATH = ("report",)  # the one field path of the feedback stream's events


class FeedbackDraft(BaseModel):
    """What the feedback stream writes: one Markdown field."""

    report: str = ""


class InterviewNeedsJobError(UserFacingError):
    """Feedback is written for a job (whose client pays for it): the interview has none."""

    code = "interview_needs_job"


FeedbackUpdate = StructuredUpdate[FeedbackDraft]
FeedbackUpdates = AsyncIterator[FeedbackUpdate]
FeedbackListener = Callable[[FeedbackUpdate], None]


class InterviewService:
    """List, edit and delete interviews; write, check and export their feedback."""

    def __init__(self, db: MainDatabase, gateway: LlmGateway) -> None:
        self._db = db
        self._gateway = gateway

    async def list_for_client(self, client_id: int) -> list[InterviewSummary]:
        """Interviews for the client's jobs: the newest date first (undated last), then the
        most recently changed."""
        return await self._list(client_id=client_id)

    async def list_for_candidate(self, candidate_id: int) -> list[InterviewSummary]:
        """The candidate's interviews across jobs and clients, in the same order."""
        return await self._list(candidate_id=candidate_id)

    async def list_for_job(self, job_id: int) -> list[InterviewSummary]:
        """The job's interviews, in the same order."""
        return await self._list(job_id=job_id)

    async def get(self, interview_id: int) -> Interview:
        """One interview; NotFoundError when it is gone."""
        return await self._db.run(lambda s: repo.get_interview(s, interview_id))

    async def save(self, interview: Interview) -> Interview:
        """Create (id None) or update an interview, its feedback included; returns it as
        saved. InvalidInputError for an unknown candidate or job, an empty stage, a rating
        outside 1..5 or a competency named twice."""
        return await self._db.run(lambda s: repo.save_interview(s, interview))

    async def delete(self, interview_id: int) -> None:
        """Delete an interview (one already gone is no error)."""
        await self._db.run(lambda s: repo.delete_interview(s, interview_id))

    async def default_scorecard(self, job_id: int | None) -> list[Competency]:
        """The job's required skills then Communication and Culture fit, all unrated
        (without a job: Communication and Culture fit)."""
        if job_id is None:
            return default_competencies([])
        job = await self._db.run(lambda s: jobs_repo.get_job(s, job_id))
        return default_competencies(job.fields.skills_required)

    def feedback_model(self) -> str:
        """The model the feedback is written with (the settings decide)."""
        return self._gateway.model_for(Action.GENERATE_FEEDBACK)

    @contextlib.asynccontextmanager
    async def write_feedback(
        self, interview_id: int, *, allow_over_budget: bool = False
    ) -> AsyncIterator[FeedbackUpdates]:
        """`async with service.write_feedback(id) as updates:` the report of the SAVED
        interview streamed as TextDelta(("report",), text) events; the last update carries
        FieldCompleted and the FeedbackDraft. InterviewNeedsJobError without a job;
        BudgetExceededError on entering, before a byte is sent, past the client's hard cap.
        Leaving early closes the stream (recorded as cancelled, with estimated usage)."""
        context = await self._db.run(lambda s: _feedback_context(s, interview_id))
        ctx = await generation_context(
            self._db,
            Action.GENERATE_FEEDBACK,
            context.job.client_id,
            entity_type="interview",
            entity_id=str(interview_id),
            allow_over_budget=allow_over_budget,
        )
        await self._gateway.tokenizers_ready()  # the prompt cuts the CV to a token budget
        messages = feedback_messages(context, self.feedback_model())
        async with (
            self._gateway.open_stream(ctx, messages) as deltas,
            contextlib.aclosing(report_updates(deltas)) as updates,
        ):
            yield updates

    async def save_feedback(
        self,
        interview_id: int,
        markdown: str,
        *,
        ai_drafted: bool,
        edited_by_person: bool,
        model: str | None = None,
    ) -> Interview:
        """Keep `markdown` as the interview's report. A fresh draft (AI-drafted, not
        edited) is dated now; otherwise the date and model of the draft are kept."""
        fresh = ai_drafted and not edited_by_person
        now = datetime.now(UTC)

        def work(session: Session) -> Interview:
            kept = repo.get_interview(session, interview_id).feedback
            report = FeedbackReport(
                markdown=markdown,
                ai_drafted=ai_drafted,
                edited_by_person=ai_drafted and edited_by_person,
                generated_at=now if fresh else kept.generated_at,
                model=model or (self.feedback_model() if fresh else kept.model),
            )
            return repo.save_feedback(session, interview_id, report)

        return await self._db.run(work)

    async def draft_feedback(
        self,
        interview_id: int,
        on_update: FeedbackListener | None = None,
        *,
        allow_over_budget: bool = False,
    ) -> Interview:
        """Write the report and save it as AI-drafted, as the CLI does."""
        final: FeedbackDraft | None = None
        async with self.write_feedback(
            interview_id, allow_over_budget=allow_over_budget
        ) as updates:
            async for update in updates:
                if on_update is not None:
                    on_update(update)
                final = update.final or final
        if final is None:  # the stream ends with the report or raises; never silently empty
            raise InvalidModelOutputError("The model's answer ended before the report did.")
        return await self.save_feedback(
            interview_id, final.report, ai_drafted=True, edited_by_person=False
        )

    def score_conflicts(
        self, markdown: str, scorecard: Sequence[Competency]
    ) -> list[ScoreConflict]:
        """Sentences of the report that contradict a rating (feedback_checks.py)."""
        return feedback_checks.score_conflicts(markdown, scorecard)

    async def export_data(self, interview_id: int) -> FeedbackExport:
        """The interview with the names an export shows."""

        def work(session: Session) -> FeedbackExport:
            interview = repo.get_interview(session, interview_id)
            names = repo.interview_names(session, interview_id)
            return FeedbackExport(
                interview, names.client_name, names.candidate_name, names.job_title
            )

        return await self._db.run(work)

    def export_markdown(self, data: FeedbackExport) -> str:
        """The feedback as a Markdown document (interview_export.py)."""
        return interview_export.feedback_markdown(data)

    async def _list(self, **filters: int) -> list[InterviewSummary]:
        return await self._db.run(lambda s: repo.list_interviews(s, **filters))


async def report_updates(deltas: AsyncIterator[str]) -> AsyncGenerator[FeedbackUpdate]:
    """A plain-text stream as the field events of one Markdown field, "report"; the last
    update's value is the text as written, validated (and final) without a wrapping fence."""
    parts: list[str] = []
    async for delta in deltas:
        if delta:
            parts.append(delta)
            yield StructuredUpdate([TextDelta(REPORT_PATH, delta)])
    text = "".join(parts)
    if isinstance(deltas, TextStream) and deltas.cut_off:
        # What arrived stays in the editor, but it is not a report to save as drafted.
        raise AnswerCutOffError(
            "The model's report stopped at its length limit before it was complete: what "
            "arrived is in the editor, not saved. Write again, or choose a model that "
            "writes more (a reasoning model may have spent the limit thinking)."
        )
    report = unfenced(text)
    if not report.strip():
        raise InvalidModelOutputError("The model returned an empty feedback report.")
    completed = FieldCompleted(REPORT_PATH, text, report)
    yield StructuredUpdate([completed], FeedbackDraft(report=report))


def unfenced(text: str) -> str:
    """`text` without the code fence a model sometimes wraps a whole Markdown answer in
    (```markdown … ```); any other text as it is."""
    match = _WHOLE_FENCE.fullmatch(text)
    return match.group(1) if match else text


_WHOLE_FENCE = re.compile(r"\s*```[\w-]*[ \t]*\n(.*?)\n?```\s*", re.DOTALL)


def _feedback_context(session: Session, interview_id: int) -> FeedbackContext:
    interview = repo.get_interview(session, interview_id)
    if interview.job_id is None:
        raise InterviewNeedsJobError(
            "Choose the job this interview was for: its client pays for the feedback."
        )
    job = jobs_repo.get_job(session, interview.job_id)
    client = clients_repo.get_client(session, job.client_id)
    profile = client_profile_from_row(client.name, client.website, client.profile_json)
    candidate = _candidate_record(session.get_one(Candidate, interview.candidate_id))
    return FeedbackContext(interview, job, profile, candidate)


def _candidate_record(row: Candidate) -> CandidateRecord:
    try:
        profile = None if not row.profile_json else CvProfile.model_validate(row.profile_json)
    except ValidationError:  # a profile of an older shape: the CV's text says as much
        profile = None
    return CandidateRecord(row.display_name, profile, row.extracted_text or "")
