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

from headhunter_desktop.core.analytics.budgets import BudgetExceededError
from headhunter_desktop.core.documents import extract_text
from headhunter_desktop.core.domain.actions import Action
from headhunter_desktop.core.domain.cv_profile import CvProfile, keep_edited_fields
from headhunter_desktop.core.domain.cv_text import (
    display_name_for,
    normalize_email,
    normalize_phone,
    profile_embedding_text,
)
from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.core.llm.errors import (
    AuthenticationFailedError,
    ConnectionFailedError,
    ModelNotFoundError,
    NoApiKeyError,
)
from headhunter_desktop.core.llm.gateway import LlmGateway
from headhunter_desktop.core.paths import AppPaths
from headhunter_desktop.core.search.fields import fields_from
from headhunter_desktop.core.search.talent_search import TalentSearch
from headhunter_desktop.core.services.cv_files import (
    SkippedFile,
    collect_cv_files,
    sha256_of,
    store_original,
)
from headhunter_desktop.core.services.cv_parser import DEFAULT_CV_TOKEN_BUDGET, parse_cv
from headhunter_desktop.core.services.embedding_batcher import EmbeddingBatcher
from headhunter_desktop.core.storage import candidates as repo
from headhunter_desktop.core.storage import import_queue as queue
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.errors import NotFoundError
from headhunter_desktop.core.storage.import_queue import ImportRow
from headhunter_desktop.core.storage.tables import ImportState

log = logging.getLogger(__name__)
RowListener = Callable[[ImportRow], None]
# Each file waits on two LLM round trips in a row (parse, then embed) plus local work: with
# only one file per request slot, half the slots sit idle. The gateway still caps requests.
FILES_PER_REQUEST_SLOT = 3
# Failures that would hit every file alike: they stop the run instead of failing each file.
RUN_LEVEL_ERRORS = (
    NoApiKeyError,
    AuthenticationFailedError,
    ConnectionFailedError,
    ModelNotFoundError,
    BudgetExceededError,
)


@dataclass(frozen=True)
class EnqueueResult:
    batch_id: str
    rows: list[ImportRow]
    skipped: list[SkippedFile]


@dataclass
class ImportOptions:
    """Knobs of the pipeline, read at each step so Settings changes apply at once."""

    parallel: Callable[[], int] = lambda: 4
    token_budget: int = DEFAULT_CV_TOKEN_BUDGET
    passwords: dict[int, str] = field(default_factory=dict)  # job id -> PDF password, memory only


class CvImportService:
    """Queues and processes CV files; tell the UI about every row change via listeners."""

    def __init__(
        self,
        *,
        db: MainDatabase,
        gateway: LlmGateway,
        paths: AppPaths,
        extraction_executor: Executor,
        options: ImportOptions | None = None,
        search: TalentSearch | None = None,
    ):
        self._db = db
        self._gateway = gateway
        self._paths = paths
        self._executor = extraction_executor
        self.options = options or ImportOptions()
        self._embedder = EmbeddingBatcher(gateway)
        self._listeners: list[RowListener] = []
        self._search = search
        self._run_lock = asyncio.Lock()
        self._run_task: asyncio.Task[object] | None = None
        self._user_cancel = False

    def add_listener(self, listener: RowListener) -> None:
        self._listeners.append(listener)

    # -- queue ----------------------------------------------------------------------------
    async def enqueue(self, paths: Sequence[Path], client_company_id: int | None) -> EnqueueResult:
        """Expand folders and queue the CV files; other files come back as skipped."""
        loop = asyncio.get_running_loop()
        files, skipped = await loop.run_in_executor(self._executor, collect_cv_files, paths)
        batch_id = str(uuid.uuid4())
        rows = await self._db.run(lambda s: queue.add_jobs(s, batch_id, files, client_company_id))
        # No event per queued row: a 300-file drop would be 300 view updates in one go; the
        # caller shows `rows` at once. Listeners hear from each file when its work starts.
        return EnqueueResult(batch_id, rows, skipped)

    async def rows(self, batch_id: str | None = None) -> list[ImportRow]:
        return await self._db.run(lambda s: queue.list_rows(s, batch_id))

    async def retry_failed(
        self, batch_id: str | None = None, passwords: dict[int, str] | None = None
    ) -> list[int]:
        """Queue failed and cancelled files again (with PDF passwords the user entered)."""
        self.options.passwords.update(passwords or {})
        states = [ImportState.FAILED, ImportState.CANCELLED]
        ids = await self._db.run(lambda s: queue.requeue(s, states, batch_id))
        for row in await self._db.run(lambda s: [queue.to_row(queue.get_job(s, i)) for i in ids]):
            self._emit(row)
        return ids

    async def cancel_queued(self, batch_id: str | None = None) -> int:
        """Files not started yet become cancelled; the ones in flight finish their step."""
        count = await self._db.run(lambda s: queue.cancel_queued(s, batch_id))
        for row in await self.rows(batch_id):
            self._emit(row)
        return count

    async def reparse(self, candidate_id: int, *, keep_edited: bool = True) -> CvProfile:
        """Parse the stored CV text again; hand-edited fields survive unless told otherwise."""
        candidate = await self._db.run(lambda s: repo.parse_input(s, candidate_id))
        edited = await self._db.run(lambda s: repo.edited_fields(s, candidate_id))
        # Someone is looking at this candidate: it does not queue behind an import.
        ctx = CallContext(
            Action.PARSE_CV, candidate.client_company_id, candidate.client_company_name,
            "candidate", str(candidate_id), interactive=True,
        )  # fmt: skip
        profile = await parse_cv(
            self._gateway, ctx, candidate.text,
            model=self._gateway.model_for(Action.PARSE_CV), token_budget=self.options.token_budget,
        )  # fmt: skip
        if keep_edited and candidate.profile is not None and edited:
            profile = keep_edited_fields(profile, candidate.profile, edited)
        old_name = candidate.profile.basics.name if candidate.profile else None
        name = display_name_for(profile, old_name or "Candidate")
        await self._db.run(
            lambda s: repo.save_profile(
                s, candidate_id, profile, name,
                normalize_email(profile.basics.email), normalize_phone(profile.basics.phone),
                keep_edited_list=keep_edited,
            )
        )  # fmt: skip
        await self._embed_candidate(candidate_id, interactive=True)
        return profile

    # -- processing -----------------------------------------------------------------------
    def cancel(self) -> None:
        """The user's Cancel: files not started are cancelled, files in flight stop too."""
        self._user_cancel = True
        if self._run_task is not None:
            self._run_task.cancel()

    async def process(self, batch_id: str | None = None) -> list[ImportRow]:
        """Work through the queue, `parallel` files at a time, until nothing is runnable.

        Files queued while this runs are picked up too. A run-level failure (no key,
        server unreachable, key rejected, budget cap) stops the run with that error and
        leaves the files queued for next time.
        """
        async with self._run_lock:
            self._user_cancel = False
            self._run_task = asyncio.current_task()
            try:
                await self._db.run(queue.recover_interrupted)
                return await self._run_queue(batch_id)
            except asyncio.CancelledError:
                if self._user_cancel:
                    await self.cancel_queued(batch_id)
                raise
            finally:
                self._run_task = None
                await self._embedder.aclose()

    async def _run_queue(self, batch_id: str | None) -> list[ImportRow]:
        active: dict[asyncio.Task[ImportRow], int] = {}
        finished: list[ImportRow] = []
        try:
            while True:
                free = FILES_PER_REQUEST_SLOT * max(1, self.options.parallel()) - len(active)
                if free > 0:
                    # Re-read each time: files dropped or retried meanwhile join this run.
                    ids = await self._db.run(lambda s: queue.runnable_job_ids(s, batch_id))
                    busy = set(active.values())
                    for job_id in [i for i in ids if i not in busy][:free]:
                        active[asyncio.ensure_future(self._process_job(job_id))] = job_id
                if not active:
                    return finished
                done, _ = await asyncio.wait(active, return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    del active[task]
                    finished.append(task.result())  # a run-level error propagates here
        finally:
            for task in active:
                task.cancel()
            if active:
                await asyncio.wait(active)

    async def _process_job(self, job_id: int) -> ImportRow:
        row = await self._db.run(lambda s: queue.to_row(queue.get_job(s, job_id)))
        try:
            if row.state == ImportState.QUEUED:
                row = await self._extract(row)
            if row.state == ImportState.PARSING:
                row = await self._parse(row)
            if row.state == ImportState.EMBEDDING:
                row = await self._embed(row)
        except asyncio.CancelledError:
            if self._user_cancel:
                await self._set(job_id, ImportState.CANCELLED, error="Cancelled")
            # Otherwise (shutdown) the step in flight is redone at the next start.
            raise
        except RUN_LEVEL_ERRORS:
            # Not this file's fault: put it back where it was and stop the run.
            back = ImportState.QUEUED if row.candidate_id is None else row.state
            await self._set(job_id, back)
            raise
        except UserFacingError as exc:  # this file's own problem: unreadable, deleted, …
            row = await self._fail(row, str(exc), exc.code)
        except Exception as exc:  # a bug must fail one file, not the batch
            log.exception("import of job %s failed unexpectedly", job_id)
            row = await self._fail(row, f"Unexpected error: {type(exc).__name__}", "internal")
        return row

    async def _extract(self, row: ImportRow) -> ImportRow:
        row = await self._set(row.job_id, ImportState.EXTRACTING)
        loop = asyncio.get_running_loop()
        stored = self._paths.data_dir / row.stored_path if row.stored_path else None
        if stored is None or row.sha256 is None or not stored.exists():
            # Keep our own copy first: a retry must not depend on the original still
            # being in Downloads.
            sha, stored = await loop.run_in_executor(
                self._executor, self._store_copy, Path(row.source_path)
            )
            relative = stored.relative_to(self._paths.data_dir).as_posix()
            row = await self._db.run(
                lambda s: queue.set_state(
                    s, row.job_id, ImportState.EXTRACTING, sha256=sha, stored_path=relative
                )
            )
        assert row.sha256 is not None
        sha256 = row.sha256
        if duplicate := await self._db.run(lambda s: _mark_if_duplicate(s, row.job_id, sha256)):
            return self._emit(duplicate)
        password = self.options.passwords.get(row.job_id)
        doc = await loop.run_in_executor(
            self._executor, lambda: extract_text(stored, password=password)
        )
        size = stored.stat().st_size

        def record(session: Session) -> ImportRow:
            # Checked again in this transaction: the same file may have been dropped twice
            # in one batch and extracted side by side.
            if duplicate := _mark_if_duplicate(session, row.job_id, sha256):
                return duplicate
            candidate_id = repo.create_candidate(
                session, row.client_company_id, row.file_name, doc, row.stored_path or "", size
            )
            return queue.set_state(
                session, row.job_id, ImportState.PARSING, candidate_id=candidate_id
            )

        return self._emit(await self._db.run(record))

    def _store_copy(self, source: Path) -> tuple[str, Path]:
        if not source.exists():
            raise UserFacingError(f"{source.name} is no longer at {source.parent}.")
        sha = sha256_of(source)
        return sha, store_original(source, self._paths.cv_files, sha)

    async def _parse(self, row: ImportRow) -> ImportRow:
        assert row.candidate_id is not None
        candidate = await self._db.run(lambda s: repo.parse_input(s, row.candidate_id))
        if candidate.profile is None:
            ctx = CallContext(
                Action.PARSE_CV,
                candidate.client_company_id,
                candidate.client_company_name,
                "candidate",
                str(candidate.id),
            )
            profile = await parse_cv(
                self._gateway,
                ctx,
                candidate.text,
                model=self._gateway.model_for(Action.PARSE_CV),
                token_budget=self.options.token_budget,
            )
            await self._db.run(
                lambda s: repo.save_profile(
                    s,
                    candidate.id,
                    profile,
                    display_name_for(profile, row.file_name),
                    normalize_email(profile.basics.email),
                    normalize_phone(profile.basics.phone),
                )
            )
        return await self._set(row.job_id, ImportState.EMBEDDING)

    async def _embed(self, row: ImportRow) -> ImportRow:
        assert row.candidate_id is not None
        if not await self._embed_candidate(row.candidate_id):
            return await self._set(row.job_id, ImportState.PARSING)  # no profile: parse again
        return await self._set(row.job_id, ImportState.DONE)

    async def _embed_candidate(self, candidate_id: int, *, interactive: bool = False) -> bool:
        """Embed the profile text, store the vector and index the candidate for search."""
        candidate = await self._db.run(lambda s: repo.parse_input(s, candidate_id))
        if candidate.profile is None:
            return False
        ctx = CallContext(
            Action.EMBED_CV, candidate.client_company_id, candidate.client_company_name,
            interactive=interactive,
        )  # fmt: skip
        # Read once: a model changed in Settings meanwhile must not label this vector.
        model = self._gateway.model_for(Action.EMBED_CV)
        text = profile_embedding_text(candidate.profile)
        vector = await self._embedder.embed(ctx, text, model)
        await self._db.run(lambda s: repo.save_embedding(s, candidate.id, vector, model))
        if self._search is not None:
            profile_json = candidate.profile.model_dump(mode="json")
            name = candidate.profile.basics.name or ""
            fields = fields_from(name, profile_json, candidate.text)
            await self._search.index(candidate.id, fields, vector)
        return True

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


def _mark_if_duplicate(session: Session, job_id: int, sha256: str) -> ImportRow | None:
    """When the pool already has these exact bytes, the job ends as a duplicate."""
    existing = repo.candidate_with_file(session, sha256)
    if existing is None:
        return None
    return queue.set_state(
        session,
        job_id,
        ImportState.DUPLICATE,
        error=f"Same file as candidate #{existing}",
        candidate_id=existing,
    )
