"""CV intake: dropped files become candidates — extracted, parsed by the LLM, embedded.

Every step is committed before the next starts, so a crash or a kill loses at most the
step in flight: at the next start `process()` carries on from there, and a CV already
parsed is never sent to the LLM again.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from headhunter_desktop.core.documents.extraction_pool import ExtractionPool
from headhunter_desktop.core.domain.actions import Action
from headhunter_desktop.core.domain.cv_profile import CvProfile, keep_edited_fields
from headhunter_desktop.core.domain.cv_text import (
    display_name_for,
    normalize_email,
    normalize_phone,
)
from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.core.llm.gateway import LlmGateway
from headhunter_desktop.core.paths import AppPaths
from headhunter_desktop.core.search.talent_search import TalentSearch
from headhunter_desktop.core.services.cv_embedding import CvEmbedding
from headhunter_desktop.core.services.cv_files import SkippedFile, collect_cv_files, hashes_of
from headhunter_desktop.core.services.cv_parser import DEFAULT_CV_TOKEN_BUDGET, parse_cv
from headhunter_desktop.core.services.cv_text_reader import CvTextReader, RereadText
from headhunter_desktop.core.services.embedding_batcher import EmbeddingBatcher
from headhunter_desktop.core.services.import_budget import ImportBudget
from headhunter_desktop.core.services.import_runs import RUN_LEVEL_ERRORS, JobWork, run_jobs
from headhunter_desktop.core.services.job_leases import JobLeases, LeaseOptions
from headhunter_desktop.core.services.scanned_cv import CvFileReader, file_extractor
from headhunter_desktop.core.settings import ScannedCvReading
from headhunter_desktop.core.storage import candidates as repo
from headhunter_desktop.core.storage import import_queue as queue
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.errors import NotFoundError
from headhunter_desktop.core.storage.import_leases import JobScope
from headhunter_desktop.core.storage.import_queue import ImportRow
from headhunter_desktop.core.storage.tables import ImportState

log = logging.getLogger(__name__)
RowListener = Callable[[ImportRow], None]
# Each file waits on two LLM round trips in a row (parse, then embed) plus local work: with
# only one file per request slot, half the slots sit idle. The gateway still caps requests.
FILES_PER_REQUEST_SLOT = 3


@dataclass(frozen=True)
class EnqueueResult:
    batch_id: str
    rows: list[ImportRow]  # new jobs and resumed ones, in the order given
    skipped: list[SkippedFile]
    resumed_job_ids: frozenset[int] = frozenset()  # files whose earlier import never finished

    @property
    def job_ids(self) -> list[int]:
        return [row.job_id for row in self.rows]


@dataclass(frozen=True)
class ReparseResult:
    """The profile a re-parse wrote, and a note when the stored text had to stand in."""

    profile: CvProfile
    note: str | None = None


@dataclass
class ImportOptions:
    """Knobs of the pipeline, read at each step so Settings changes apply at once."""

    parallel: Callable[[], int] = lambda: 4
    token_budget: int = DEFAULT_CV_TOKEN_BUDGET
    passwords: dict[int, str] = field(default_factory=dict)  # job id -> PDF password, memory only
    lease: LeaseOptions = field(default_factory=LeaseOptions)  # read once, by the constructor
    scanned_cvs: Callable[[], ScannedCvReading] = lambda: "off"  # the app passes Settings'


class CvImportService:
    """Queues and processes CV files; tell the UI about every row change via listeners."""

    def __init__(
        self,
        *,
        db: MainDatabase,
        gateway: LlmGateway,
        paths: AppPaths,
        extraction_executor: Executor,
        extraction_pool: ExtractionPool | None = None,
        options: ImportOptions | None = None,
        search: TalentSearch | None = None,
    ):
        self._db = db
        self._gateway = gateway
        self._executor = extraction_executor
        self.options = options or ImportOptions()
        files = CvFileReader(
            db=db, gateway=gateway, executor=extraction_executor,
            extract_file=file_extractor(extraction_pool),  # no pool: in this process (tests)
            setting=lambda: self.options.scanned_cvs(),
        )  # fmt: skip
        self._reader = CvTextReader(
            db=db, paths=paths, executor=extraction_executor, read_file=files.read, emit=self._emit
        )
        self._embedder = EmbeddingBatcher(gateway)
        self._embedding = CvEmbedding(db, gateway, self._embedder, search)
        self._leases = JobLeases(db, self.options.lease)
        self._budget = ImportBudget(db, gateway, lambda: self.options.token_budget, self._emit)
        self._listeners: list[RowListener] = []
        self._run_lock = asyncio.Lock()
        self._run_task: asyncio.Task[object] | None = None
        self._user_cancel = False

    def add_listener(self, listener: RowListener) -> None:
        self._listeners.append(listener)

    def relay(self, row: ImportRow) -> None:
        """Tell the listeners of a row change made by an import in another process."""
        self._emit(row)

    # -- queue ----------------------------------------------------------------------------
    async def enqueue(self, paths: Sequence[Path], client_company_id: int | None) -> EnqueueResult:
        """Expand folders and queue the CV files; other files come back as skipped."""
        await self._cancelled_run_ended()
        loop = asyncio.get_running_loop()
        files, skipped = await loop.run_in_executor(self._executor, collect_cv_files, paths)
        # Hashed now: a file whose import never finished resumes its job (not a duplicate).
        hashes = await loop.run_in_executor(self._executor, hashes_of, files)
        batch_id = str(uuid.uuid4())
        rows, resumed = await self._db.run(
            lambda s: queue.add_or_resume(s, batch_id, hashes, client_company_id)
        )
        # No event per queued row: a 300-file drop would be 300 view updates in one go; the
        # caller shows `rows` at once. Listeners hear from each file when its work starts.
        return EnqueueResult(batch_id, rows, skipped, frozenset(resumed))

    async def rows(
        self, batch_id: str | None = None, *, job_ids: Sequence[int] | None = None
    ) -> list[ImportRow]:
        """The queue's rows: all, one batch's, or the listed jobs'."""
        scope = JobScope.of(batch_id, job_ids)
        return await self._db.run(lambda s: queue.list_rows(s, scope))

    async def retry_failed(
        self,
        batch_id: str | None = None,
        passwords: dict[int, str] | None = None,
        states: Sequence[ImportState] = queue.REOPENABLE,
    ) -> list[int]:
        """Queue failed and cancelled files again (with PDF passwords the user entered)."""
        self.options.passwords.update(passwords or {})
        ids = await self._db.run(lambda s: queue.requeue(s, states, batch_id))
        for row in await self._db.run(lambda s: [queue.to_row(queue.get_job(s, i)) for i in ids]):
            self._emit(row)
        return ids

    async def resume_cancelled(self, batch_id: str | None = None) -> list[int]:
        """Queue cancelled files again, each from the step it was cancelled at."""
        return await self.retry_failed(batch_id, states=(ImportState.CANCELLED,))

    async def cancel_queued(self, batch_id: str | None = None) -> int:
        """Files no worker is on become cancelled (each keeps what it has done so far)."""
        owner = self._leases.owner  # files another process has started are not ours to stop
        count = await self._db.run(lambda s: queue.cancel_queued(s, batch_id, owner))
        for row in await self.rows(batch_id):
            self._emit(row)
        return count

    async def reparse(
        self, candidate_id: int, *, keep_edited: bool = True, allow_over_budget: bool = False
    ) -> ReparseResult:
        """Read the stored original again with today's extractor and parse that text;
        hand-edited fields survive unless told otherwise. Without the file (or when it no
        longer reads) the stored text is parsed again, and the result's note says so.
        `allow_over_budget`: the user confirmed going past the client's hard cap."""
        await self._gateway.tokenizers_ready()  # the budget and the prompt count tokens
        fresh = await self._reader.reread(candidate_id)
        candidate = await self._db.run(lambda s: repo.parse_input(s, candidate_id))
        edited = await self._db.run(lambda s: repo.edited_fields(s, candidate_id))
        # Someone is looking at this candidate: it does not queue behind an import.
        ctx = CallContext(
            Action.PARSE_CV, candidate.client_company_id, candidate.client_company_name,
            "candidate", str(candidate_id), interactive=True, client_uuid=candidate.client_uuid,
            allow_over_budget=allow_over_budget,
        )  # fmt: skip
        async with self._budget.paid_for_parse(ctx):
            profile = await parse_cv(
                self._gateway, ctx, candidate.text if fresh.text is None else fresh.text,
                model=self._gateway.model_for(Action.PARSE_CV),
                token_budget=self.options.token_budget,
            )  # fmt: skip
            if keep_edited and candidate.profile is not None and edited:
                profile = keep_edited_fields(profile, candidate.profile, edited)
            old_name = candidate.profile.basics.name if candidate.profile else None
            name = display_name_for(profile, old_name or "Candidate")
            # The new text is stored with the profile read from it, never without.
            await self._db.run(
                lambda s: _save_reparsed(s, candidate_id, fresh, profile, name, keep_edited)
            )
            embedded = await self._embedding.embed(candidate_id, interactive=True)
            if embedded is not None:  # None only without a profile; one was just saved
                await self._embedding.store(embedded, lambda _: None)
        return ReparseResult(profile, fresh.note)

    # -- processing -----------------------------------------------------------------------
    def cancel(self) -> None:
        """The user's Cancel: files not started are cancelled, files in flight stop too."""
        self._user_cancel = True
        if self._run_task is not None:
            self._run_task.cancel()

    async def process(
        self,
        batch_id: str | None = None,
        *,
        job_ids: Sequence[int] | None = None,
        allow_over_budget: bool = False,
    ) -> list[ImportRow]:
        """Work through the queue (one batch's or the listed jobs), `parallel` files at a
        time, until nothing is runnable here and no other process holds a job of it.

        Files queued while this runs are picked up too. Jobs another process works on are
        left to it (and taken over once it is gone). A run-level failure (no key, server
        unreachable, key rejected, budget cap) stops the run with that error and leaves
        the files queued for next time; `allow_over_budget`: the user said "Run anyway".
        """
        async with self._run_lock:
            self._user_cancel = False
            self._budget.allow_over_budget = allow_over_budget
            self._run_task = asyncio.current_task()
            try:
                await self._leases.recover()
                await self._gateway.wait_ready()  # a damaged database: refused before any work
                # Held first: never half done. A Cancel anywhere in it (the hold too)
                # leaves the file cancelled, never stuck at the step it was on.
                work = self._cancellable(self._budget.paid_ahead(self._process_job))
                return await run_jobs(
                    self._leases, JobScope.of(batch_id, job_ids), self._capacity, work
                )
            except asyncio.CancelledError:
                self._embedder.cancel_batch_work()  # a hung request must not hold up Ctrl-C
                if self._user_cancel:
                    await self.cancel_queued(batch_id)
                raise
            finally:
                self._run_task = None
                await self._leases.release()
                await self._embedder.aclose()

    def _cancellable(self, work: JobWork) -> JobWork:
        async def run(job_id: int) -> ImportRow:
            try:
                return await work(job_id)
            except asyncio.CancelledError:
                if self._user_cancel:
                    # Shielded: a second Cancel must not leave the file at its old step.
                    write = self._db.run(lambda s: queue.cancel_job(s, job_id))
                    self._emit(await asyncio.shield(write))
                # Otherwise (shutdown) the step in flight is redone at the next start.
                raise

        return run

    async def _cancelled_run_ended(self) -> None:
        """After a Cancel, files dropped again wait until the cancelled run has put its
        files down: a file it is still cancelling would otherwise be resumed, then cancelled."""
        if self._user_cancel and self._run_task is not None:
            async with self._run_lock:
                pass

    def _capacity(self) -> int:
        return FILES_PER_REQUEST_SLOT * max(1, self.options.parallel())

    async def _process_job(self, job_id: int) -> ImportRow:
        row = await self._db.run(lambda s: queue.to_row(queue.get_job(s, job_id)))
        try:
            if row.state == ImportState.QUEUED:
                password = self.options.passwords.get(row.job_id)
                row = await self._reader.extract_queued(row, password)
            if row.state == ImportState.PARSING:
                row = await self._parse(row)
            if row.state == ImportState.EMBEDDING:
                row = await self._embed(row)
        except RUN_LEVEL_ERRORS as exc:
            # Not this file's fault: put it back where it was, say why, and stop the run.
            back = ImportState.QUEUED if row.candidate_id is None else row.state
            await self._set(job_id, back, error=str(exc), error_code=exc.code)
            raise
        except UserFacingError as exc:  # this file's own problem: unreadable, deleted, …
            row = await self._fail(row, str(exc), exc.code)
        except Exception as exc:  # a bug must fail one file, not the batch
            log.exception("import of job %s failed unexpectedly", job_id)
            row = await self._fail(row, f"Unexpected error: {type(exc).__name__}", "internal")
        return row

    async def _parse(self, row: ImportRow) -> ImportRow:
        assert row.candidate_id is not None
        candidate = await self._db.run(lambda s: repo.parse_input(s, row.candidate_id))
        if candidate.profile is None:
            ctx = CallContext(
                Action.PARSE_CV, candidate.client_company_id, candidate.client_company_name,
                "candidate", str(candidate.id), client_uuid=candidate.client_uuid,
            )  # fmt: skip
            profile = await parse_cv(
                self._gateway,
                ctx,
                candidate.text,
                model=self._gateway.model_for(Action.PARSE_CV),
                token_budget=self.options.token_budget,
            )

            def save(session: Session) -> ImportRow:
                # With the job's next step, in one transaction: never a profile stored
                # and its job still at "parsing".
                repo.save_profile(
                    session, candidate.id, profile, display_name_for(profile, row.file_name),
                    normalize_email(profile.basics.email), normalize_phone(profile.basics.phone),
                )  # fmt: skip
                return queue.set_state(session, row.job_id, ImportState.EMBEDDING)

            return self._emit(await self._db.run(save))
        return await self._set(row.job_id, ImportState.EMBEDDING)

    async def _embed(self, row: ImportRow) -> ImportRow:
        assert row.candidate_id is not None
        embedded = await self._embedding.embed(row.candidate_id, interactive=False)
        if embedded is None:
            return await self._set(row.job_id, ImportState.PARSING)  # no profile: parse again
        # The vector and "done" in one transaction: a kill between them would pay for the
        # embedding again at the next start.
        done = await self._embedding.store(
            embedded, lambda s: queue.set_state(s, row.job_id, ImportState.DONE)
        )
        return self._emit(done)

    async def _fail(self, row: ImportRow, message: str, code: str) -> ImportRow:
        def work(session: Session) -> ImportRow:
            job_row = queue.set_state(
                session, row.job_id, ImportState.FAILED, error=message, error_code=code
            )
            if job_row.candidate_id is not None:
                repo.mark_parse_failed(session, job_row.candidate_id, message)
            return job_row

        try:
            return self._emit(await self._db.run(work))
        except NotFoundError:
            # Deleting the candidate mid-import erased its queue entry too: nothing is left
            # to store, but the view still learns why the file stopped.
            failed = dataclasses.replace(
                row, state=ImportState.FAILED, error=message, error_code=code
            )
            return self._emit(failed)

    async def _set(self, job_id: int, state: ImportState, **values: object) -> ImportRow:
        return self._emit(await self._db.run(lambda s: queue.set_state(s, job_id, state, **values)))

    def _emit(self, row: ImportRow) -> ImportRow:
        for listener in self._listeners:
            listener(row)
        return row


def _save_reparsed(
    session: Session, candidate_id: int, fresh: RereadText, profile: CvProfile, name: str,
    keep_edited: bool,
) -> None:  # fmt: skip
    if fresh.text is not None:
        repo.replace_text(session, candidate_id, fresh.text)
        queue.set_candidate_warnings(session, candidate_id, fresh.warnings)
    email, phone = normalize_email(profile.basics.email), normalize_phone(profile.basics.phone)
    repo.save_profile(
        session, candidate_id, profile, name, email, phone, keep_edited_list=keep_edited
    )
