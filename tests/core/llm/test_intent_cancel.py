"""A Cancel that arrives as a call's intent is written stops the call: the request is
never sent (Python 3.11's `asyncio.wait_for` returned the write's result instead, and the
import's Cancel left parses hanging on the server)."""

from __future__ import annotations

import asyncio
from concurrent.futures import Future

import pytest

from headhunter_desktop.core.analytics.record import UsageRecord
from headhunter_desktop.core.llm.call_intents import write_intent
from tests.helpers.usage_records import make_record


class HeldIntentLog:
    """The usage writer's side of an intent, finished when the test says so."""

    def __init__(self) -> None:
        self.pending: Future[None] = Future()

    def write_intent(self, record: UsageRecord) -> Future[None]:
        return self.pending


async def cancel_as_the_write_ends(turns_between: int) -> str:
    """'cancelled', 'sent' (the call went on after the Cancel) or 'finished first'."""
    log = HeldIntentLog()
    sent = asyncio.Event()

    async def call() -> None:
        await write_intent(log, make_record())
        sent.set()  # here the request would leave

    task = asyncio.create_task(call())
    await asyncio.sleep(0)  # the call waits for its intent
    log.pending.set_result(None)
    for _ in range(turns_between):
        await asyncio.sleep(0)
    if task.done():
        return "finished first"
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        return "cancelled"
    return "sent" if sent.is_set() else "cancelled"


@pytest.mark.parametrize("turns_between", range(6))
def test_a_cancel_as_the_intent_is_written_is_not_lost(turns_between: int) -> None:
    outcome = asyncio.run(cancel_as_the_write_ends(turns_between))
    assert outcome in ("cancelled", "finished first")
