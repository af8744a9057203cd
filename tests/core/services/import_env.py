"""An import pipeline on real parts: SQLite file, thread pool, gateway on the local server."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest

from headhunter_desktop.core.llm.client_factory import ClientOptions
from headhunter_desktop.core.llm.gateway import LlmGateway
from headhunter_desktop.core.paths import AppPaths
from headhunter_desktop.core.services.cv_import import CvImportService, ImportOptions
from headhunter_desktop.core.settings import Settings
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.import_queue import ImportRow
from tests.core.llm.gateway_helpers import RecordingSink
from tests.fakes import FakeOpenAIServer
from tests.fakes.cv_responder import cv_profile_responder

T = TypeVar("T")


@dataclass
class ImportEnv:
    paths: AppPaths
    db: MainDatabase
    gateway: LlmGateway
    service: CvImportService
    sink: RecordingSink
    server: FakeOpenAIServer
    events: list[ImportRow]

    def run(self, work: Awaitable[T]) -> T:
        """Run on a fresh loop and close the gateway's client on that loop."""

        async def main() -> T:
            try:
                return await work
            finally:
                await self.gateway.aclose()

        return asyncio.run(main())


def make_env(server: FakeOpenAIServer, data_dir: Path, parallel: int = 4) -> ImportEnv:
    server.responder = cv_profile_responder
    paths = AppPaths(data_dir).ensure()
    db = MainDatabase(f"sqlite:///{paths.main_db}")
    sink = RecordingSink()
    options = ClientOptions("sk-test-fake", server.base_url, 10.0, 0)
    gateway = LlmGateway(options=lambda: options, model_for=Settings().model_for, sink=sink)
    service = CvImportService(
        db=db,
        gateway=gateway,
        paths=paths,
        extraction_executor=ThreadPoolExecutor(2, thread_name_prefix="extract"),
        options=ImportOptions(parallel=lambda: parallel),
    )
    events: list[ImportRow] = []
    service.add_listener(events.append)
    return ImportEnv(paths, db, gateway, service, sink, server, events)


@pytest.fixture
def import_env(fake_openai: FakeOpenAIServer, tmp_path: Path) -> Iterator[ImportEnv]:
    env = make_env(fake_openai, tmp_path / "data")
    yield env
    env.db.close()
