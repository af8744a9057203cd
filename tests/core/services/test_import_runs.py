"""The loop around the per-file pipeline: how files are started."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from pathlib import Path

from sqlalchemy.orm import Session

from headhunter_desktop.core.domain.import_job import ImportRow, ImportState
from headhunter_desktop.core.services.import_runs import run_jobs
from headhunter_desktop.core.services.job_leases import JobLeases, LeaseOptions
from headhunter_desktop.core.storage import import_queue as queue
from headhunter_desktop.core.storage.import_leases import JobScope
from tests.fakes import FakeOpenAIServer
from tests.helpers.cv_files import write_txt_cvs
from tests.helpers.import_pipeline import make_env


def test_files_start_one_a_turn_of_the_loop(fake_openai: FakeOpenAIServer, tmp_path: Path) -> None:
    # All started in one turn, the first steps of a run's files (24 at 8 requests) ran in
    # one pass of Qt's events, a stall the window could not paint through.
    write_txt_cvs(tmp_path / "cvs", 6)
    env = make_env(fake_openai, tmp_path / "data")
    env.run(env.service.enqueue([tmp_path / "cvs"], None))
    leases = JobLeases(env.db, LeaseOptions())
    started_before_mine: list[int] = []
    started = 0

    async def first_step_then_done(job_id: int) -> ImportRow:
        # Its first step: how many files had been started by then, this one included.
        started_before_mine.append(started)
        await asyncio.sleep(0)
        return await env.db.run(lambda s: _finish(s, job_id))

    def work(job_id: int) -> Awaitable[ImportRow]:
        nonlocal started
        started += 1
        return first_step_then_done(job_id)

    async def main() -> list[ImportRow]:
        return await run_jobs(leases, JobScope(), lambda: 6, work)

    rows = env.run(main())
    assert len(rows) == 6
    assert started_before_mine == [1, 2, 3, 4, 5, 6]


def _finish(session: Session, job_id: int) -> ImportRow:
    queue.set_state(session, job_id, ImportState.CANCELLED)  # done with, by the run's rules
    return queue.to_row(queue.get_job(session, job_id))
