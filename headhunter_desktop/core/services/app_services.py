"""The composition root: builds every service once, for the GUI and the CLI alike."""

from __future__ import annotations

import asyncio
import atexit
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from headhunter_desktop.core.analytics.db import check_file_integrity
from headhunter_desktop.core.analytics.writer import UsageWriter
from headhunter_desktop.core.db_integrity import CheckOnce
from headhunter_desktop.core.db_urls import is_sqlite_url, sqlite_file
from headhunter_desktop.core.documents import ExtractedDocument
from headhunter_desktop.core.documents.limits import ScanReading
from headhunter_desktop.core.domain.actions import Action
from headhunter_desktop.core.domain.cv_profile import CvProfile
from headhunter_desktop.core.errors import DatabaseError, UserFacingError
from headhunter_desktop.core.llm.client_factory import ClientOptions
from headhunter_desktop.core.llm.gateway import LlmGateway
from headhunter_desktop.core.search.talent_search import TalentSearch
from headhunter_desktop.core.search.vector_cache import VectorCache
from headhunter_desktop.core.secrets import ApiKeyStore, embedding_key_store
from headhunter_desktop.core.services.candidate_merge import CandidateMergeService
from headhunter_desktop.core.services.candidates import CandidateService
from headhunter_desktop.core.services.clients import ClientService
from headhunter_desktop.core.services.cv_import import CvImportService, ImportOptions
from headhunter_desktop.core.services.pool_watch import PoolWatch
from headhunter_desktop.core.services.talent_pool import TalentPoolService
from headhunter_desktop.core.services.usage import UsageService, is_own_usage_file
from headhunter_desktop.core.services.working_for import WorkingForMemory
from headhunter_desktop.core.settings import (
    EffectiveConfig,
    Settings,
    SettingsStore,
    resolve_config,
)
from headhunter_desktop.core.storage import clients as clients_repo
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.workers import Workers

if TYPE_CHECKING:
    from pydantic import BaseModel

    from headhunter_desktop.core.services.company_profiles import CompanyProfileService
    from headhunter_desktop.core.services.departments import DepartmentService
    from headhunter_desktop.core.services.interviews import InterviewService
    from headhunter_desktop.core.services.jobs import JobService
    from headhunter_desktop.core.services.separate_import import SeparateImport

log = logging.getLogger(__name__)
# The writer flushes for at most this long at shutdown; what is left stays in the spool.
WRITER_CLOSE_TIMEOUT_S = 10.0
WRITER_EXIT_TIMEOUT_S = 5.0  # at interpreter exit, when no close ran


@dataclass
class AppServices:
    """Everything a front end needs, wired together; close with `aclose()`."""

    config: EffectiveConfig
    settings_store: SettingsStore
    keys: ApiKeyStore
    db: MainDatabase
    clients: ClientService
    usage: UsageService
    usage_writer: UsageWriter
    workers: Workers
    gateway: LlmGateway = field(init=False)
    search: TalentSearch = field(init=False)
    candidates: CandidateService = field(init=False)
    candidate_merge: CandidateMergeService = field(init=False)
    talent_pool: TalentPoolService = field(init=False)
    importer: CvImportService = field(init=False)
    working_for: WorkingForMemory = field(init=False)
    pool_watch: PoolWatch = field(init=False)
    # The key of an embedding server of its own (Settings: embeddings server).
    embedding_keys: ApiKeyStore = field(default_factory=embedding_key_store)
    # Set by `import_in_own_process()`: the import queue runs in a worker process.
    separate_import: SeparateImport | None = field(default=None, init=False)
    _closed: bool = field(default=False, repr=False)
    _analytics_check: CheckOnce = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.gateway = LlmGateway(
            options=self.llm_options,
            model_for=lambda action: self.settings.model_for(action),
            sink=self.usage_writer,
            prices=self.usage.pricer,
            spend_guard=self.usage.spend_guard,
            ready=self.verify_databases,
            parallel_requests=self.settings.parallel_requests,
            embedding_options=self.embedding_options,
            embedding_input_type=lambda: self.settings.embedding_input_type,
        )
        analytics_url = self.config.analytics_url
        self._analytics_check = CheckOnce(lambda: check_file_integrity(analytics_url, full=False))
        paths = self.config.paths
        self.search = TalentSearch(
            self.db,
            self.settings.model_for(Action.EMBED_CV),
            executor=self.workers.vector_search,
            vector_cache=_vector_cache_of(self.config.database_url),
        )
        self.candidates = CandidateService(self.db, paths, self.search)
        self.candidate_merge = CandidateMergeService(self.db, self.search)
        self.talent_pool = TalentPoolService(
            self.db, self.search, self.gateway, self.candidates, self.llm_ready
        )
        self.importer = CvImportService(
            db=self.db,
            gateway=self.gateway,
            paths=paths,
            extraction_executor=self.workers.cv_files,
            extraction_pool=self.workers.extraction,
            options=ImportOptions(
                parallel=lambda: self.settings.parallel_requests,
                scanned_cvs=lambda: self.settings.scanned_cvs,
            ),
            search=self.search,
        )
        self.working_for = WorkingForMemory(paths.data_dir)
        self.pool_watch = PoolWatch(self.db)  # open windows follow other processes

    # The services of the Jobs, Departments, Companies and Interviews tabs are made at their
    # first use: their modules (and their answers' models) are not imported before the
    # window is usable, only when those tabs are built, just after (~50 ms at a start).
    @cached_property
    def departments(self) -> DepartmentService:
        from headhunter_desktop.core.services.departments import DepartmentService

        return DepartmentService(self.db, self.gateway)

    @cached_property
    def jobs(self) -> JobService:
        from headhunter_desktop.core.services.document_text import document_reader
        from headhunter_desktop.core.services.jobs import JobService

        # Job descriptions are read as CVs are: in the extraction processes, waited on by
        # the CV-file threads.
        read_document = document_reader(self.workers.cv_files, self._extract_document)
        return JobService(self.db, self.gateway, read_document)

    @cached_property
    def company_profiles(self) -> CompanyProfileService:
        from headhunter_desktop.core.services.company_profiles import CompanyProfileService

        return CompanyProfileService(self.db, self.gateway)

    @cached_property
    def interviews(self) -> InterviewService:
        from headhunter_desktop.core.services.interviews import InterviewService

        return InterviewService(self.db, self.gateway)

    @classmethod
    def open(cls, config: EffectiveConfig, settings_store: SettingsStore) -> AppServices:
        """Create the data folder, open and migrate the databases. Blocking: use an executor."""
        config.paths.ensure()
        workers = Workers()
        try:
            db = MainDatabase(config.database_url, executor=workers.main_db)
        except BaseException:
            workers.close()
            raise
        usage = UsageService(
            config.analytics_url, executor=workers.analytics, spool_path=config.paths.usage_spool
        )
        try:
            usage.engine()  # migrate now, so a damaged local file is reported at start
        except DatabaseError as exc:
            if is_sqlite_url(config.analytics_url):
                db.close()
                workers.close()
                raise
            log.warning("usage database not reachable at start: %s", exc)
        if is_own_usage_file(config.analytics_url, config.paths.analytics_db):
            # Old records name clients by id; in this data folder's own file, unambiguously.
            usage.adopt_legacy_clients(lambda: db.run_sync(clients_repo.uuids_by_id))
        # The budget ledger hears of every record until it is committed: a hard cap counts
        # what the database does not hold yet.
        ledger = usage.spend_guard.ledger
        writer = UsageWriter(config.analytics_url, config.paths.usage_spool, observer=ledger)
        # Should the process end without aclose()/close_sync(), the records still in memory
        # reach the spool. A bound method: unregistering it leaves other writers' hooks alone.
        atexit.register(writer.close, WRITER_EXIT_TIMEOUT_S)
        clients = ClientService(db, usage)  # the usage database keeps the shared directory
        return cls(config, settings_store, ApiKeyStore(), db, clients, usage, writer, workers)

    async def start(self) -> None:
        """Work after the window is up: warm-up, price overrides, the retention the user set."""
        loop = asyncio.get_running_loop()
        # First uses cost ~1 s of imports and table loading (openai, the tokenizers, the
        # price data): pay them in a worker thread now, not on the GUI thread later. The
        # tokenizers first, through the gateway: a call made meanwhile shares that build.
        await self.gateway.tokenizers_ready()
        await loop.run_in_executor(None, self.warm_up_llm)
        try:
            # The retention deletes rows: not before the files are known to be sound.
            await self.verify_databases()
        except DatabaseError:
            return  # the front end reports the damage (the window closes with a dialog)
        try:
            await self.usage.load_prices()
            months = self.settings.usage_retention_months
            if months:
                result = await self.usage.apply_retention(months)
                log.info("usage retention: %s detail rows removed", result.deleted_records)
        except DatabaseError as exc:
            log.warning("usage database not ready at start: %s", exc)

    async def verify_databases(self) -> None:
        """Wait for the full integrity check of both SQLite files (run once, off the loop).

        Every LLM request waits for it too: nothing is paid for while a database that
        would store the answer is damaged. Raises DatabaseError naming the damage.
        """
        checks = [self.db.verified()]
        if is_sqlite_url(self.config.analytics_url):
            checks.append(self._analytics_check.wait())
        await asyncio.gather(*checks)

    def warm_up_llm(self) -> None:
        """Blocking (a worker thread): the LLM client, its schemas and the price tables."""
        self.gateway.prepare(schemas=structured_answers())
        # Loads the price tables; any model name would do, the chat model is the likeliest.
        self.usage.pricer.is_priced(self.gateway.model_for(Action.PARSE_CV), datetime.now(UTC))

    @property
    def settings(self) -> Settings:
        return self.config.settings

    def llm_options(self) -> ClientOptions:
        """How to reach the LLM right now (key and base URL as in force)."""
        s = self.settings
        key, url = self.keys.get(), self.config.base_url
        return ClientOptions(key, url, s.request_timeout_s, s.max_retries)

    def embedding_options(self) -> ClientOptions | None:
        """The embedding server of its own and its key; None: embeddings go to the chat one."""
        url = self.config.embedding_base_url
        if url is None:
            return None
        s = self.settings
        return ClientOptions(self.embedding_keys.get(), url, s.request_timeout_s, s.max_retries)

    def _extract_document(self, path: Path) -> ExtractedDocument:
        # A scanned job description is read here (local OCR) unless reading scans is off.
        scans: ScanReading = "refuse" if self.settings.scanned_cvs == "off" else "ocr"
        return self.workers.extraction.extract(path, scans=scans)

    def llm_ready(self) -> bool:
        """A key is set, or a local server that needs none is configured (may ask the
        keyring: blocking, ~70 ms the first time)."""
        return self.config.base_url is not None or bool(self.keys.get())

    def llm_ready_without_keyring(self) -> bool | None:
        """`llm_ready()` when it needs no keyring look-up to tell; None when it does."""
        if self.config.base_url is not None or self.keys.held_outside_keyring():
            return True
        return None

    def apply_settings(self, settings: Settings) -> None:
        """Save new settings; the data folder and databases change at the next start."""
        self.settings_store.save(settings)
        self.use_config(resolve_config(settings, data_dir_flag=str(self.config.paths.data_dir)))

    def use_config(self, config: EffectiveConfig) -> None:
        """Work with `config` from now on (its data folder and databases excepted)."""
        self.config = config
        self.gateway.set_parallel_requests(config.settings.parallel_requests)
        # Imports embed with the new model from now on (the gateway reads the settings);
        # search switches to that model's vectors before its next use, no restart needed.
        self.search.set_embedding_model(self.settings.model_for(Action.EMBED_CV))
        if self.separate_import is not None:  # an import running there takes them too
            self.separate_import.settings_changed()

    # -- imports: in this process, or in one of their own (the window's) -----------------
    def import_in_own_process(self) -> None:
        """Run the import queue in a worker process from now on (the window does: the
        import's CPU work then takes no time from its GUI thread)."""
        from headhunter_desktop.core.services.separate_import import SeparateImport

        self.separate_import = SeparateImport(self)

    async def prepare_imports(self) -> None:
        """Spawn the import process now (~1 s of imports in it), if imports run in one, so
        that the first import does not wait for it."""
        if self.separate_import is not None:
            try:
                await self.separate_import.prepare()
            except UserFacingError as exc:  # the first import tries again, and says why
                log.warning("the import process did not start: %s", exc)

    async def process_imports(self, *, allow_over_budget: bool = False) -> None:
        """Work through the import queue (see `CvImportService.process`)."""
        if self.separate_import is not None:
            await self.separate_import.process(allow_over_budget=allow_over_budget)
        else:
            await self.importer.process(allow_over_budget=allow_over_budget)

    def cancel_imports(self) -> None:
        """The user's Cancel of the running import (its files stay resumable)."""
        if self.separate_import is not None:
            self.separate_import.cancel()
        else:
            self.importer.cancel()

    async def aclose(self) -> None:
        """Orderly shutdown: HTTP client closed, usage flushed, databases disposed."""
        if self._closed:
            return
        self._closed = True
        if self.separate_import is not None:
            await self.separate_import.aclose()
        await self.gateway.aclose()
        # The closing itself blocks (joins, fsyncs): off the event loop, on a thread that
        # is none of the pools being stopped (the loop's default executor).
        await asyncio.to_thread(self._close_blocking)

    def close_sync(self) -> None:
        """For the CLI after its loop has ended: flush usage and close the databases."""
        if self._closed:
            return
        self._closed = True
        self._close_blocking()

    def _close_blocking(self) -> None:
        # Producers first: searches and extraction stop, usage is flushed (it still
        # reads nothing from the databases), then the databases, then the threads.
        self.search.close()
        atexit.unregister(self.usage_writer.close)
        self.usage_writer.close(WRITER_CLOSE_TIMEOUT_S)
        self.usage.close()
        self.pool_watch.close()
        self.db.close()
        self.workers.close()


def _vector_cache_of(database_url: str | sa.URL) -> VectorCache | None:
    """The vectors' copy beside an SQLite file (headhunter.db: headhunter-vectors/)."""
    path = sqlite_file(sa.make_url(database_url))
    return VectorCache(path.with_name(f"{path.stem}-vectors")) if path is not None else None


def structured_answers() -> tuple[type[BaseModel], ...]:
    """The structured answers the app asks for, an import's first: the warm-up builds their
    JSON schemas (~3-12 ms each) so that no first request builds one on the GUI thread."""
    from headhunter_desktop.core.domain.company_facts import CompanyFacts
    from headhunter_desktop.core.domain.department import DepartmentProfileDraft
    from headhunter_desktop.core.domain.job_posting import JobAnalysis, JobPostingDraft

    return (CvProfile, JobPostingDraft, JobAnalysis, DepartmentProfileDraft, CompanyFacts)
