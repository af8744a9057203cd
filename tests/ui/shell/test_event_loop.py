"""A task stepped in qasync's last turn of Qt events still runs inside its loop."""

from __future__ import annotations

import asyncio


def test_a_task_alive_across_run_until_complete_calls_always_finds_its_loop(qloop) -> None:
    """qasync processes Qt events once more after each `run_until_complete`; a background
    task (an import, a stream) stepped then used to find no running loop and fail."""
    loops_seen: list[asyncio.AbstractEventLoop] = []

    async def background() -> None:
        for _ in range(200):
            loops_seen.append(asyncio.get_running_loop())  # RuntimeError outside the loop
            await asyncio.sleep(0)

    task = qloop.create_task(background())
    for _ in range(50):
        qloop.run_until_complete(asyncio.sleep(0))
    qloop.run_until_complete(task)
    assert len(loops_seen) == 200 and all(loop is qloop for loop in loops_seen)
    assert asyncio.events._get_running_loop() is None  # and none is left set afterwards
