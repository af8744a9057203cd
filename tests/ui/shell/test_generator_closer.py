"""An async generator dropped while suspended is closed on the qasync loop, in a task, the
way asyncio's own loop does it: its cleanup can await (httpx's body iterators need to)."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator

from tests.helpers.waiting import streams_closed


def test_a_dropped_async_generator_is_closed_in_a_task_on_the_loop(qloop) -> None:
    cleanups: list[tuple[object, bool]] = []

    async def body() -> AsyncIterator[int]:
        try:
            yield 1
            yield 2
        finally:
            await asyncio.sleep(0)  # cleanup that awaits, like httpcore's aclose()
            cleanups.append((asyncio.get_running_loop(), asyncio.current_task() is not None))

    async def scenario() -> None:
        chunks = body()
        assert await anext(chunks) == 1
        del chunks  # left suspended, as a stream cancelled mid-answer leaves it
        gc.collect()
        await streams_closed()

    qloop.run_until_complete(scenario())
    assert cleanups == [(qloop, True)]
