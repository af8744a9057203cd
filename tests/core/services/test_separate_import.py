"""The window's imports in a process of their own (`SeparateImport`, `import_worker`): the
same contract as an import in the window's process — rows as they move, the same errors,
Cancel leaves files resumable — over a real spawned process and the local test server."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

import pytest
import sqlalchemy as sa

from headhunter_desktop.core.llm.errors import AuthenticationFailedError
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.separate_import import ImportProcessError, SeparateImport
from headhunter_desktop.core.storage.import_queue import ImportRow
from headhunter_desktop.core.storage.tables import ImportJob, ImportState
from tests.fakes import ErrorReply, FakeOpenAIServer
from tests.fakes.cv_responder import cv_profile_responder
from tests.helpers.app_services import run_on_data_folder
from tests.helpers.cv_files import write_txt_cvs


@pytest.fixture
def server(fake_openai_env: FakeOpenAIServer) -> FakeOpenAIServer:
    fake_openai_env.responder = cv_profile_responder
    return fake_openai_env


def separate(services: AppServices, monkeypatch: pytest.MonkeyPatch) -> SeparateImport:
    """The services import in a worker from now on; the window's own pipeline must not run."""

    async def not_here(**_: object) -> None:
        raise AssertionError("the import ran in the window's process")

    monkeypatch.setattr(services.importer, "process", not_here)
    services.import_in_own_process()
    assert services.separate_import is not None
    return services.separate_import


def job_states(services: AppServices) -> list[ImportState]:
    query = sa.select(ImportJob.state).order_by(ImportJob.id)
    return services.db.run_sync(lambda s: list(s.scalars(query)))


async def until_parsing(events: list[ImportRow], run: asyncio.Future[None]) -> None:
    """Until a file is being parsed; a run that ended first shows its error."""
    async with asyncio.timeout(60):
        while not any(e.state == ImportState.PARSING for e in events) and not run.done():
            await asyncio.sleep(0.02)
    assert not run.done(), run.result()


def test_files_import_in_the_worker_and_their_vectors_reach_this_search(
    server: FakeOpenAIServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = write_txt_cvs(tmp_path / "cvs", 4)
    events: list[ImportRow] = []

    async def work(services: AppServices) -> None:
        worker = separate(services, monkeypatch)
        services.importer.add_listener(events.append)
        await services.search.ensure_loaded()  # loaded empty: not reloaded by the import
        await services.importer.enqueue(files, None)
        await services.process_imports()
        assert len(services.search.vectors) == 4  # taken in as the files finished
        assert worker._worker is not None and worker._worker.process.pid != os.getpid()

    run_on_data_folder(tmp_path / "data", work)

    for job_id in {e.job_id for e in events}:
        states = [e.state for e in events if e.job_id == job_id]
        assert states[-3:] == [ImportState.PARSING, ImportState.EMBEDDING, ImportState.DONE]
    assert len({e.job_id for e in events}) == 4
    assert len(server.chat_requests()) == 4  # each file parsed once


def test_cancel_in_the_worker_leaves_files_cancelled_and_resume_imports_them(
    server: FakeOpenAIServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = write_txt_cvs(tmp_path / "cvs", 3)
    server.latency = 60  # every parse request is in flight when Cancel comes
    events: list[ImportRow] = []

    async def work(services: AppServices) -> list[ImportState]:
        separate(services, monkeypatch)
        services.importer.add_listener(events.append)
        await services.importer.enqueue(files, None)
        run = asyncio.ensure_future(services.process_imports())
        await until_parsing(events, run)
        services.cancel_imports()
        with pytest.raises(asyncio.CancelledError):
            await run
        cancelled = job_states(services)
        server.latency = 0
        await services.importer.resume_cancelled()
        await services.process_imports()
        return cancelled

    cancelled = run_on_data_folder(tmp_path / "data", work)

    assert cancelled == [ImportState.CANCELLED] * 3  # no file left half-way
    assert events[-1].state == ImportState.DONE
    assert {e.job_id for e in events if e.state == ImportState.DONE} == {1, 2, 3}


def test_a_cancel_pressed_while_the_worker_starts_still_cancels(
    server: FakeOpenAIServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = write_txt_cvs(tmp_path / "cvs", 2)

    async def work(services: AppServices) -> list[ImportState]:
        separate(services, monkeypatch)
        await services.importer.enqueue(files, None)
        run = asyncio.ensure_future(services.process_imports())
        await asyncio.sleep(0.1)  # the worker is still being spawned (~1 s)
        services.cancel_imports()
        with pytest.raises(asyncio.CancelledError):
            await run
        return job_states(services)

    assert run_on_data_folder(tmp_path / "data", work) == [ImportState.CANCELLED] * 2
    assert server.chat_requests() == []  # nothing was sent, nothing paid for


def test_a_run_level_stop_is_the_same_error_in_the_window(
    server: FakeOpenAIServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = write_txt_cvs(tmp_path / "cvs", 1)
    server.queue(ErrorReply(401, "Incorrect API key provided."))

    async def work(services: AppServices) -> list[ImportState]:
        separate(services, monkeypatch)
        await services.importer.enqueue(files, None)
        with pytest.raises(AuthenticationFailedError) as stop:
            await services.process_imports()
        assert stop.value.code == "auth" and "key" in str(stop.value).lower()
        return job_states(services)

    # Not failed: the file waits at the step it stood at, for a Resume once the key is fixed.
    assert run_on_data_folder(tmp_path / "data", work) == [ImportState.PARSING]


def test_a_killed_worker_is_a_clear_error_and_a_new_one_finishes_the_files(
    server: FakeOpenAIServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = write_txt_cvs(tmp_path / "cvs", 2)
    server.latency = 60
    events: list[ImportRow] = []

    async def work(services: AppServices) -> int | None:
        worker = separate(services, monkeypatch)
        services.importer.add_listener(events.append)
        await services.importer.enqueue(files, None)
        run = asyncio.ensure_future(services.process_imports())
        await until_parsing(events, run)
        assert worker._worker is not None
        killed = worker._worker.process
        os.kill(killed.pid, signal.SIGKILL)  # type: ignore[arg-type]
        with pytest.raises(ImportProcessError, match=r"unexpectedly \(exit code -9\).*Resume"):
            await run
        server.latency = 0
        await services.process_imports()  # a new worker takes over the dead one's files
        assert job_states(services) == [ImportState.DONE, ImportState.DONE]
        return killed.exitcode

    assert run_on_data_folder(tmp_path / "data", work) == -signal.SIGKILL


def test_closing_the_services_ends_the_worker(
    server: FakeOpenAIServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def work(services: AppServices):  # type: ignore[no-untyped-def]
        worker = separate(services, monkeypatch)
        await worker.prepare()
        assert worker._worker is not None and worker._worker.alive()
        return worker._worker.process

    process = run_on_data_folder(tmp_path / "data", work)

    assert not process.is_alive() and process.exitcode == 0


def test_the_worker_sends_as_many_requests_at_once_as_the_settings_allow(
    server: FakeOpenAIServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No person waits on the import process: unlike the window's gateway, it keeps no slot
    # free for a search (the window's own gateway serves those).
    server.latency = 0.3  # long enough for the requests of one round to overlap
    files = write_txt_cvs(tmp_path / "cvs", 8)

    async def work(services: AppServices) -> int:
        separate(services, monkeypatch)
        await services.importer.enqueue(files, None)
        await services.process_imports()
        return services.settings.parallel_requests

    parallel = run_on_data_folder(tmp_path / "data", work)

    assert parallel > 1 and server.most_at_once == parallel
    assert len(server.chat_requests()) == 8


def test_settings_saved_during_a_run_reach_the_worker(
    server: FakeOpenAIServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As in the window's process: a change of parallel requests applies to the run going on.
    server.latency = 0.3
    files = write_txt_cvs(tmp_path / "cvs", 16)
    events: list[ImportRow] = []

    def save_parallel(services: AppServices, n: int) -> None:  # as the Settings dialog does
        services.apply_settings(services.settings.model_copy(update={"parallel_requests": n}))

    async def work(services: AppServices) -> list[int]:
        separate(services, monkeypatch)
        save_parallel(services, 1)
        services.importer.add_listener(events.append)
        await services.importer.enqueue(files, None)
        run = asyncio.ensure_future(services.process_imports())
        async with asyncio.timeout(60):  # two files done, one request at a time
            while sum(e.state == ImportState.DONE for e in events) < 2:
                await asyncio.sleep(0.02)
        at_first = server.most_at_once
        save_parallel(services, 4)
        await run
        return [at_first, server.most_at_once]

    at_first, at_most = run_on_data_folder(tmp_path / "data", work)

    assert (at_first, at_most) == (1, 4)
    assert len(server.chat_requests()) == 16
