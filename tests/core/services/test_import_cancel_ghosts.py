"""Cancel leaves every file imported or cleanly cancelled, never a half-imported ghost:
the same files dropped again take up their own jobs and import (never "Already imported")."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

import pytest
import sqlalchemy as sa

from headhunter_desktop.core.storage.tables import Candidate, ImportJob, ImportState
from tests.fakes import ErrorReply, FakeOpenAIServer
from tests.helpers.cv_files import write_txt_cvs
from tests.helpers.import_pipeline import ImportEnv, make_env
from tests.helpers.main_db import BACKENDS, fresh_database_url


@pytest.fixture(params=BACKENDS)
def one_slot(request: pytest.FixtureRequest, fake_openai: FakeOpenAIServer, tmp_path: Path):
    """A pipeline with one request slot: three files in flight, the others still queued;
    its main database on SQLite, then on PostgreSQL."""
    with fresh_database_url(request.param, tmp_path / "db") as url:
        env = make_env(fake_openai, tmp_path / "data", parallel=1, db_url=url)
        yield env
        env.db.close()


def jobs(env: ImportEnv) -> list[tuple[int, str]]:
    query = sa.select(ImportJob.id, ImportJob.state).order_by(ImportJob.id)
    return env.db.run_sync(lambda s: [tuple(row) for row in s.execute(query)])


def candidate_states(env: ImportEnv) -> list[str]:
    return env.db.run_sync(lambda s: list(s.scalars(sa.select(Candidate.parse_status))))


async def cancel_when(env: ImportEnv, state: ImportState, count: int) -> None:
    """Start a run, press Cancel once `count` files reached `state`, let the run unwind."""
    run = asyncio.ensure_future(env.service.process())
    while sum(e.state == state for e in env.events) < count:
        await asyncio.sleep(0.01)
    env.service.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await run


@pytest.mark.parametrize("stage", [ImportState.PARSING, ImportState.EMBEDDING])
def test_cancel_mid_batch_then_the_same_files_import(
    one_slot: ImportEnv, tmp_path: Path, stage: ImportState
) -> None:
    env = one_slot
    files = write_txt_cvs(tmp_path / "cvs", 6)
    # The server holds every request of that stage until it stops: Cancel hits it in flight.
    if stage == ImportState.PARSING:
        env.server.latency = 60
    else:
        env.server.embedding_latency = 60

    async def scenario():
        first = await env.service.enqueue(files, None)
        await cancel_when(env, stage, 3)
        after_cancel = jobs(env)
        env.server.latency = env.server.embedding_latency = 0
        again = await env.service.enqueue(files, None)
        await env.service.process(job_ids=again.job_ids)
        return first, after_cancel, again

    first, after_cancel, again = env.run(scenario())
    assert [state for _, state in after_cancel] == [ImportState.CANCELLED] * 6
    # Each file carried on in its own job: none queued anew, none "Already imported".
    assert again.job_ids == first.job_ids and again.resumed_job_ids == set(first.job_ids)
    assert jobs(env) == [(job_id, ImportState.DONE) for job_id in first.job_ids]
    assert candidate_states(env) == ["done"] * 6


def test_dropping_files_again_while_cancel_unwinds_imports_them(
    one_slot: ImportEnv, tmp_path: Path
) -> None:
    env = one_slot
    files = write_txt_cvs(tmp_path / "cvs", 4)
    env.server.latency = 60

    async def scenario():
        await env.service.enqueue(files, None)
        run = asyncio.ensure_future(env.service.process())
        while sum(e.state == ImportState.PARSING for e in env.events) < 2:
            await asyncio.sleep(0.01)
        env.service.cancel()
        env.server.latency = 0
        # Dropped again at once: the cancelled run has not put its files down yet.
        again = await env.service.enqueue(files, None)
        with contextlib.suppress(asyncio.CancelledError):
            await run
        await env.service.process(job_ids=again.job_ids)

    env.run(scenario())
    assert [state for _, state in jobs(env)] == [ImportState.DONE] * 4
    assert candidate_states(env) == ["done"] * 4


def test_cancel_after_a_stop_leaves_no_file_at_parsing(one_slot: ImportEnv, tmp_path: Path) -> None:
    env = one_slot
    files = write_txt_cvs(tmp_path / "cvs", 3)
    # The key is refused: every file in flight stops alike, parsed from its text already.
    env.server.queue(*[ErrorReply(401, "Incorrect API key", code="invalid_api_key")] * 3)

    async def scenario():
        await env.service.enqueue(files, None)
        with contextlib.suppress(Exception):
            await env.service.process()
        stopped = jobs(env)
        await env.service.cancel_queued()
        cancelled = jobs(env)
        await env.service.resume_cancelled()
        await env.service.process()
        return stopped, cancelled

    stopped, cancelled = env.run(scenario())
    assert [state for _, state in stopped] == [ImportState.PARSING] * 3
    assert [state for _, state in cancelled] == [ImportState.CANCELLED] * 3
    assert [state for _, state in jobs(env)] == [ImportState.DONE] * 3
    assert candidate_states(env) == ["done"] * 3
