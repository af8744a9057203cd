"""A CV import pipeline on real parts: SQLite file, thread pool, gateway on the fake server."""

from __future__ import annotations

from collections.abc import Awaitable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from headhunter_desktop.core.documents.extraction_pool import ExtractionPool
from headhunter_desktop.core.llm.gateway import LlmGateway
from headhunter_desktop.core.paths import AppPaths
from headhunter_desktop.core.search.talent_search import TalentSearch
from headhunter_desktop.core.services.cv_import import CvImportService, ImportOptions
from headhunter_desktop.core.services.job_leases import LeaseOptions
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.import_queue import ImportRow
from tests.fakes import FakeOpenAIServer
from tests.fakes.cv_responder import cv_profile_responder
from tests.helpers.gateway import RecordingSink, make_gateway, run_then_close

T = TypeVar("T")


@dataclass
class ImportEnv:
    """The parts of one pipeline, what the gateway recorded and the rows the service announced."""

    paths: AppPaths
    db: MainDatabase
    gateway: LlmGateway
    service: CvImportService
    sink: RecordingSink
    server: FakeOpenAIServer
    events: list[ImportRow]
    search: TalentSearch | None = None

    def run(self, work: Awaitable[T]) -> T:
        """Run on a fresh loop and close the gateway's client on that loop."""
        return run_then_close(self.gateway, work)


def make_env(
    server: FakeOpenAIServer,
    data_dir: Path,
    parallel: int = 4,
    lease: LeaseOptions | None = None,
    extraction_pool: ExtractionPool | None = None,
    gateway: LlmGateway | None = None,
    db_url: str | None = None,
    with_search: bool = False,
) -> ImportEnv:
    """A pipeline on an SQLite file in `data_dir`; the server answers parse calls with profiles.

    Each call is a process of its own as far as import leases go (its own owner token).
    Files are extracted on the executor's threads unless an `extraction_pool` is given.
    A `gateway` given (e.g. one with a budget guard) is used instead of one recording into
    `sink`. `db_url`: the main database elsewhere (PostgreSQL) instead of in `data_dir`.
    `with_search`: finished files are indexed in `env.search`, as the app's are.
    """
    server.responder = cv_profile_responder
    paths = AppPaths(data_dir).ensure()
    db = MainDatabase(db_url or f"sqlite:///{paths.main_db}")
    sink = RecordingSink()
    gateway = gateway or make_gateway(server, sink)
    search = TalentSearch(db, "text-embedding-3-small") if with_search else None
    service = CvImportService(
        db=db,
        gateway=gateway,
        paths=paths,
        extraction_executor=ThreadPoolExecutor(2, thread_name_prefix="extract"),
        extraction_pool=extraction_pool,
        options=ImportOptions(parallel=lambda: parallel, lease=lease or LeaseOptions()),
        search=search,
    )
    events: list[ImportRow] = []
    service.add_listener(events.append)
    return ImportEnv(paths, db, gateway, service, sink, server, events, search)
