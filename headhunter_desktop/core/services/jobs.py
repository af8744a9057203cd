"""Job postings of client companies: kept in the main database, written or read from a raw
description by the LLM in the client's voice, billed to the client, exported for job boards.

`generate`, `analyze` and `regenerate_field` are async context managers around the
gateway's structured stream: the hard budget cap is checked on entering
(BudgetExceededError, before a byte is sent); leaving the block early closes the stream and
records the call as cancelled, with estimated usage. None of them saves: the front end
applies the field events to its editors and saves what the user keeps (`draft` does both,
for the CLI).
"""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from headhunter_desktop.core.domain.actions import Action
from headhunter_desktop.core.domain.department import DepartmentProfile, JobTemplate
from headhunter_desktop.core.domain.job_posting import (
    EmploymentType,
    JobAnalysis,
    JobPosting,
    JobPostingDraft,
    JobStatus,
    RemotePolicy,
)
from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.core.llm.errors import InvalidModelOutputError
from headhunter_desktop.core.llm.gateway import LlmGateway
from headhunter_desktop.core.services import job_export, job_prompts
from headhunter_desktop.core.services.departments import DepartmentService
from headhunter_desktop.core.services.document_text import DocumentReader
from headhunter_desktop.core.services.generation import (
    StructuredUpdate,
    generation_context,
    load_client_profile,
    single_field_schema,
    stream_fields,
)
from headhunter_desktop.core.services.job_prompts import JobContext
from headhunter_desktop.core.storage import jobs as repo
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.errors import InvalidInputError

UpdateListener = Callable[[StructuredUpdate[Any]], None]


@dataclass(frozen=True)
class JobSummary:
    """One line of a client's job list."""

    id: int
    client_id: int
    title: str
    status: JobStatus
    department_name: str | None
    updated_at: datetime


@dataclass(frozen=True)
class JobRequest:
    """What the recruiter asks for: the role, and where the posting starts from."""

    title: str
    department_id: int | None = None
    template_title: str | None = None  # one of the department's job templates
    location: str = ""
    remote: bool = False
    employment_type: EmploymentType | None = None
    guidance: str = ""  # the recruiter's own instructions, followed as such


class JobDescriptionFileError(UserFacingError):
    """A job description file that cannot become text (the CV extraction's reasons)."""

    code = "job_description_file"


class JobService:
    """Create, edit, delete, generate, analyse and export a client's job postings."""

    def __init__(
        self, db: MainDatabase, gateway: LlmGateway, read_document: DocumentReader
    ) -> None:
        self._db = db
        self._gateway = gateway
        self._read_document = read_document
        self._departments = DepartmentService(db, gateway)

    async def list(self, client_id: int) -> builtins.list[JobSummary]:
        """The client's jobs, the newest first."""
        rows = await self._db.run(lambda s: repo.list_jobs(s, client_id))
        return [JobSummary(*row) for row in rows]

    async def get(self, job_id: int) -> JobPosting:
        """One job; NotFoundError when it is gone."""
        return await self._db.run(lambda s: repo.get_job(s, job_id))

    async def save(self, job: JobPosting) -> JobPosting:
        """Create (id None) or update a job; returns it as saved. InvalidInputError for an
        empty title or a department of another client."""
        return await self._db.run(lambda s: repo.save_job(s, job))

    async def set_status(self, job_id: int, status: JobStatus) -> JobPosting:
        """Move the job to `status`; opening it sets `date_posted` (today) and
        `valid_through` (30 days later) when they are unset."""
        today, validity = date.today(), job_export.DEFAULT_VALIDITY
        return await self._db.run(lambda s: repo.set_status(s, job_id, status, today, validity))

    async def delete(self, job_id: int) -> None:
        """Delete a job (one already gone is no error)."""
        await self._db.run(lambda s: repo.delete_job(s, job_id))

    @asynccontextmanager
    async def generate(
        self, client_id: int, request: JobRequest, *, allow_over_budget: bool = False
    ) -> AsyncIterator[AsyncIterator[StructuredUpdate[JobPostingDraft]]]:
        """`async with service.generate(client, request) as updates:` the whole posting
        streamed, written from the client's profile, voice, department and template."""
        _check_title(request.title)
        context = await self._job_context(client_id, request.department_id, request.template_title)
        ctx = await self._call_context(Action.GENERATE_JOB, client_id, None, allow_over_budget)
        messages = job_prompts.generate_messages(context, request)
        async with stream_fields(self._gateway, ctx, messages, JobPostingDraft) as updates:
            yield updates

    @asynccontextmanager
    async def analyze(
        self,
        client_id: int,
        description: str,
        request: JobRequest,
        *,
        allow_over_budget: bool = False,
    ) -> AsyncIterator[AsyncIterator[StructuredUpdate[JobAnalysis]]]:
        """A raw job description read into the posting's fields, streamed; what it does
        not say stays empty, or is proposed and named in `suggested_fields`."""
        if not description.strip():
            raise InvalidInputError("The job description is empty: paste it or drop its file.")
        context = await self._job_context(client_id, request.department_id, request.template_title)
        ctx = await self._call_context(Action.ANALYZE_JOB, client_id, None, allow_over_budget)
        model = self._gateway.model_for(Action.ANALYZE_JOB)
        await self._gateway.tokenizers_ready()  # the prompt cuts the text to a token budget
        messages = job_prompts.analyze_messages(context, request, description, model)
        async with stream_fields(self._gateway, ctx, messages, JobAnalysis) as updates:
            yield updates

    async def read_description(self, path: Path) -> str:
        """The text of a DOCX, PDF or TXT job description, read as CVs are (in a worker
        process, under the same limits); JobDescriptionFileError saying why not."""
        try:
            return await self._read_document(Path(path))
        except UserFacingError as exc:
            error = JobDescriptionFileError(f"{Path(path).name}: {exc}")
            error.code = exc.code
            raise error from exc

    @asynccontextmanager
    async def regenerate_field(
        self, job: JobPosting, field: str, *, allow_over_budget: bool = False
    ) -> AsyncIterator[AsyncIterator[StructuredUpdate[BaseModel]]]:
        """Only `field` written again (its events carry the paths of the whole posting);
        the other fields go with the prompt as context. Apply it with `with_field`."""
        if field not in JobPostingDraft.model_fields:
            raise ValueError(f"a job posting has no field {field!r}")
        context = await self._job_context(job.client_id, job.department_id, job.template_title)
        known = None if job.id is None else str(job.id)
        ctx = await self._call_context(Action.GENERATE_JOB, job.client_id, known, allow_over_budget)
        messages = job_prompts.regenerate_messages(context, job, field)
        schema = single_field_schema(JobPostingDraft, field)
        async with stream_fields(self._gateway, ctx, messages, schema) as updates:
            yield updates

    async def draft(
        self,
        client_id: int,
        request: JobRequest,
        *,
        description: str | None = None,
        on_update: UpdateListener | None = None,
    ) -> JobPosting:
        """Generate a posting (or analyse `description`) and save it, as the CLI does."""
        opened: AbstractAsyncContextManager[AsyncIterator[StructuredUpdate[Any]]]
        if description is None:
            opened = self.generate(client_id, request)
        else:
            opened = self.analyze(client_id, description, request)
        final: JobPostingDraft | None = None
        async with opened as updates:
            async for update in updates:
                if on_update is not None:
                    on_update(update)
                if update.final is not None:
                    final = update.final
        if final is None:  # the stream ends with the object or raises; never silently empty
            raise InvalidModelOutputError("The model's answer ended before the posting did.")
        return await self.save(posting_from(client_id, request, final))

    async def export_jsonld(self, job_id: int) -> dict[str, Any]:
        """The job as a schema.org JobPosting document (JobExportError naming what is missing)."""
        job = await self.get(job_id)
        client = await load_client_profile(self._db, job.client_id)
        return job_export.job_posting_jsonld(job, client)

    async def export_markdown(self, job_id: int) -> str:
        """The job as a Markdown document."""
        job = await self.get(job_id)
        client = await load_client_profile(self._db, job.client_id)
        return job_export.job_posting_markdown(job, client)

    async def _job_context(
        self, client_id: int, department_id: int | None, template_title: str | None
    ) -> JobContext:
        client = await load_client_profile(self._db, client_id)
        if department_id is None:
            if template_title:
                raise InvalidInputError("A job template belongs to a department: choose one.")
            return JobContext(client)
        department = await self._departments.get(department_id)
        if department.client_id != client_id:
            raise InvalidInputError("That department belongs to another client.")
        return JobContext(client, department, _template(department, template_title))

    async def _call_context(
        self, action: Action, client_id: int, job_id: str | None, allow_over_budget: bool
    ) -> CallContext:
        return await generation_context(
            self._db,
            action,
            client_id,
            entity_type="job",
            entity_id=job_id,
            allow_over_budget=allow_over_budget,
        )


def posting_from(client_id: int, request: JobRequest, written: JobPostingDraft) -> JobPosting:
    """A new job from what the model wrote; the recruiter's own facts win over the model's."""
    fields = JobPostingDraft.model_validate(written.model_dump(exclude={"suggested_fields"}))
    update: dict[str, Any] = {"title": request.title.strip() or fields.title}
    if request.employment_type is not None:
        update["employment_type"] = request.employment_type
    if request.remote:
        update["remote_policy"] = RemotePolicy.REMOTE
    suggested = written.suggested_fields if isinstance(written, JobAnalysis) else []
    return JobPosting(
        client_id=client_id,
        department_id=request.department_id,
        template_title=request.template_title,
        fields=fields.model_copy(update=update),
        suggested_fields=[name for name in suggested if name in JobPostingDraft.model_fields],
        ai_drafted=True,
    )


def with_field(job: JobPosting, field: str, regenerated: BaseModel) -> JobPosting:
    """`job` with `field` replaced by a `regenerate_field` result, every other field kept;
    the field is no longer edited by hand nor merely suggested."""
    value = getattr(regenerated, field)
    return job.model_copy(
        update={
            "fields": job.fields.model_copy(update={field: value}),
            "edited_fields": [name for name in job.edited_fields if name != field],
            "suggested_fields": [name for name in job.suggested_fields if name != field],
        }
    )


def _template(department: DepartmentProfile, title: str | None) -> JobTemplate | None:
    if not title:
        return None
    wanted = " ".join(title.split()).casefold()
    for template in department.fields.job_templates:
        if " ".join(template.title.split()).casefold() == wanted:
            return template
    raise InvalidInputError(f"The department {department.name} has no job template '{title}'.")


def _check_title(title: str) -> None:
    if not title.strip():
        raise InvalidInputError("A job needs a title.")
