"""Killed mid-batch (SIGKILL), the import resumes at the next start, parsing nothing twice."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import pytest
import sqlalchemy as sa

from headhunter_desktop.core.storage.tables import Candidate, ImportJob, ImportState
from tests.fakes import FakeOpenAIServer
from tests.fakes.cv_responder import cv_profile_responder
from tests.helpers.cv_files import write_txt_cvs
from tests.helpers.import_child import emails_asked, parsed_so_far, start_import_child
from tests.helpers.import_pipeline import make_env
from tests.helpers.waiting import block_until


def test_sigkill_mid_batch_then_resume(fake_openai: FakeOpenAIServer, tmp_path: Path) -> None:
    fake_openai.responder = cv_profile_responder
    fake_openai.latency = 0.3
    write_txt_cvs(tmp_path / "cvs", 12)
    data = tmp_path / "data"
    child = start_import_child(fake_openai, data, tmp_path / "cvs")
    assert child.stdout is not None and child.stdout.readline().startswith("queued 12")
    # Some parsed, others in flight (or the child died: then the assert below says so).
    block_until(lambda: parsed_so_far(data / "headhunter.db") >= 2 or child.poll() is not None, 60)
    assert child.poll() is None, "the import ended before it could be killed"
    child.send_signal(signal.SIGKILL)
    child.wait()

    env = make_env(fake_openai, data, parallel=2)
    try:
        parsed_before = env.db.run_sync(
            lambda s: set(
                s.scalars(
                    sa.select(Candidate.email_normalized).where(Candidate.profile_json.is_not(None))
                )
            )
        )
        assert 1 <= len(parsed_before) < 12
        fake_openai.latency = 0.0
        rows = env.run(env.service.process())  # what the app runs at its next start
        assert rows and all(r.state == ImportState.DONE for r in rows)
        people = env.db.run_sync(lambda s: list(s.scalars(sa.select(Candidate))))
        assert len(people) == 12 and all(p.parse_status == "done" for p in people)
        assert len({p.email_normalized for p in people}) == 12
        asked = emails_asked(fake_openai)
        assert set(asked) == {p.email_normalized for p in people}
        for email in parsed_before:
            assert asked[email] == 1, f"{email} was parsed again after the restart"
        assert all(count <= 2 for count in asked.values())  # at most the one lost in flight
    finally:
        env.db.close()


def test_a_stop_once_the_vector_is_stored_does_not_embed_it_again(
    fake_openai: FakeOpenAIServer, tmp_path: Path
) -> None:
    """The app closed while a finished file is being indexed: its vector and its "done"
    were stored together, so the next start has nothing to pay for again."""
    [cv] = write_txt_cvs(tmp_path / "cvs", 1)
    data = tmp_path / "data"
    env = make_env(fake_openai, data, with_search=True)
    assert env.search is not None
    indexing = env.search.index

    async def first_start() -> None:
        async def index_then_close(*args: object, **kwargs: object) -> bool:
            run.cancel()  # what closing the window does to a run
            await asyncio.sleep(0.05)  # the cancellation reaches this file here
            return await indexing(*args, **kwargs)  # type: ignore[arg-type]

        env.search.index = index_then_close  # type: ignore[method-assign]
        await env.service.enqueue([cv], None)  # queued first: the run must find it
        run = asyncio.ensure_future(env.service.process())
        with pytest.raises(asyncio.CancelledError):
            await run

    try:
        env.run(first_start())
        stored = env.db.run_sync(lambda s: s.scalar(sa.select(Candidate.embedding_model)))
        assert stored is not None, "the stop came before the vector was stored"
    finally:
        env.db.close()
    assert len(fake_openai.embedding_requests()) == 1

    after = make_env(fake_openai, data)  # the next start
    try:
        rows = after.run(after.service.process())
        states = after.db.run_sync(lambda s: list(s.scalars(sa.select(ImportJob.state))))
    finally:
        after.db.close()
    assert states == [ImportState.DONE]
    assert len(fake_openai.embedding_requests()) == 1, "the stored vector was paid for again"
    assert rows == []  # nothing was left to do
