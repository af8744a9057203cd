"""One run through the import queue: claim jobs, work on a few at a time, wait for others.

The per-file pipeline lives in `cv_import.py`; this is the loop around it, shared by the
window and the command line. A run ends when no job of its scope is left to do here and
no other process holds one (it waits for those, and takes them over if their owner dies).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from headhunter_desktop.core.analytics.budgets import BudgetExceededError
from headhunter_desktop.core.domain.import_job import ImportRow
from headhunter_desktop.core.llm.errors import (
    AuthenticationFailedError,
    ConnectionFailedError,
    ModelNotFoundError,
    NoApiKeyError,
)
from headhunter_desktop.core.services.job_leases import JobLeases
from headhunter_desktop.core.storage.embedding_sizes import EmbeddingSizeChangedError
from headhunter_desktop.core.storage.import_leases import JobScope

JobWork = Callable[[int], Awaitable[ImportRow]]
_Active = dict[asyncio.Task[ImportRow], int]
# Failures that would hit every file alike: they stop the run instead of failing each file.
RUN_LEVEL_ERRORS = (
    NoApiKeyError,
    AuthenticationFailedError,
    ConnectionFailedError,
    ModelNotFoundError,
    BudgetExceededError,
    EmbeddingSizeChangedError,  # every later answer has the new size too
)


async def run_jobs(
    leases: JobLeases, scope: JobScope, capacity: Callable[[], int], work: JobWork
) -> list[ImportRow]:
    """Work through the jobs of `scope`, `capacity()` at a time; returns the rows worked on.

    A run-level error of one job (`work` raises nothing else) stops the run: no job starts
    after it, the ones in flight finish (a budget cap: they are paid for already; other
    causes: their own requests fail alike, each recorded as what the server answered, not
    as a cancelled estimate), then it propagates. The jobs not started stay queued.
    """
    active: _Active = {}
    finished: list[ImportRow] = []
    stops: list[BaseException] = []
    async with leases.heartbeat(lambda lost: _cancel(active, lost)):
        try:
            while True:
                if not stops:
                    await _start_more(leases, scope, capacity, work, active)
                if active:
                    finished += await _collect(leases, active, stops)
                elif stops:
                    raise stops[0]
                elif not await leases.wait_for_others(scope):
                    return finished
        finally:
            for task in active:
                task.cancel()
            if active:
                await asyncio.wait(active)


async def _start_more(
    leases: JobLeases, scope: JobScope, capacity: Callable[[], int], work: JobWork, active: _Active
) -> None:
    # Claimed afresh each time: files dropped or retried meanwhile join this run.
    while (free := capacity() - len(active)) > 0:
        claimed = await leases.claim(scope, free)
        if not claimed:
            return
        for job_id in claimed:
            active[asyncio.ensure_future(work(job_id))] = job_id
            # One start a turn of the loop: the first steps of 24 files started together
            # ran in one pass of Qt's events, ~30 ms of a window that could not paint.
            await asyncio.sleep(0)


async def _collect(
    leases: JobLeases, active: _Active, stops: list[BaseException]
) -> list[ImportRow]:
    done, _ = await asyncio.wait(active, return_when=asyncio.FIRST_COMPLETED)
    rows = []
    for task in done:
        await leases.release([active.pop(task)])
        if task.cancelled():  # its lease was lost, the new owner goes on
            continue
        if (stop := task.exception()) is not None:
            stops.append(stop)  # a run-level error: raised once the others are done
        else:
            rows.append(task.result())
    return rows


def _cancel(active: _Active, lost: set[int]) -> None:
    for task, job_id in active.items():
        if job_id in lost:
            task.cancel()
