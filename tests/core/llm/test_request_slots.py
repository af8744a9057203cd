"""Request slots: interactive calls overtake batch work and always find a slot it left free."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from headhunter_desktop.core.llm.request_slots import RequestSlots


class Holders:
    """Tasks that take a slot, note that they got it, and hold it until released."""

    def __init__(self, slots: RequestSlots) -> None:
        self.slots = slots
        self.started: list[str] = []
        self._release: dict[str, asyncio.Event] = {}
        self.tasks: dict[str, asyncio.Task[None]] = {}

    def start(self, name: str, *, interactive: bool) -> None:
        self._release[name] = asyncio.Event()
        self.tasks[name] = asyncio.ensure_future(self._hold(name, interactive))

    def release(self, name: str) -> None:
        self._release[name].set()

    async def _hold(self, name: str, interactive: bool) -> None:
        async with self.slots.hold(interactive=interactive):
            self.started.append(name)
            await self._release[name].wait()


async def settle() -> None:
    """Let every ready task run until all of them wait again (no clock involved)."""
    for _ in range(20):
        await asyncio.sleep(0)


def run(scenario: Callable[[], Awaitable[None]]) -> None:
    asyncio.run(scenario())


def test_batch_work_leaves_one_slot_for_interactive_calls() -> None:
    async def scenario() -> None:
        h = Holders(RequestSlots(3))
        for name in ("b1", "b2", "b3", "b4"):
            h.start(name, interactive=False)
        await settle()
        assert h.started == ["b1", "b2"]  # at most capacity - 1 batch requests
        h.start("i1", interactive=True)
        await settle()
        assert h.started == ["b1", "b2", "i1"]  # no wait behind the batch queue
        h.release("i1")
        await settle()
        assert h.started == ["b1", "b2", "i1"]  # the freed slot stays reserved
        h.release("b1")
        await settle()
        assert h.started == ["b1", "b2", "i1", "b3"]  # batch requests go in order

    run(scenario)


def test_a_process_serving_batch_work_only_uses_every_slot() -> None:
    # The import process: a person's requests go through the window's own slots.
    async def scenario() -> None:
        h = Holders(RequestSlots(3))
        for name in ("b1", "b2", "b3", "b4"):
            h.start(name, interactive=False)
        await settle()
        assert h.started == ["b1", "b2"]
        h.slots.serve_batch_only()
        await settle()
        assert h.started == ["b1", "b2", "b3"]  # the kept slot is handed out at once
        h.release("b1")
        await settle()
        assert h.started == ["b1", "b2", "b3", "b4"]
        assert h.slots.running(interactive=False) == 3

    run(scenario)


def test_a_waiting_interactive_call_gets_the_next_slot_before_waiting_batch_calls() -> None:
    async def scenario() -> None:
        h = Holders(RequestSlots(2))
        h.start("b1", interactive=False)
        h.start("i1", interactive=True)
        await settle()
        h.start("b2", interactive=False)  # queued first...
        h.start("i2", interactive=True)  # ...but overtaken by this one
        h.start("i3", interactive=True)
        await settle()
        assert h.started == ["b1", "i1"]
        h.release("b1")
        await settle()
        assert h.started == ["b1", "i1", "i2"]
        h.release("i1")
        await settle()
        assert h.started == ["b1", "i1", "i2", "i3"]  # interactive calls keep their order
        h.release("i2")
        await settle()
        assert h.started[-1] == "b2"

    run(scenario)


def test_with_one_slot_batch_work_may_use_it() -> None:
    async def scenario() -> None:
        h = Holders(RequestSlots(1))
        h.start("b1", interactive=False)
        h.start("b2", interactive=False)
        h.start("i1", interactive=True)
        await settle()
        assert h.started == ["b1"]
        h.release("b1")
        await settle()
        assert h.started == ["b1", "i1"]

    run(scenario)


def test_a_cancelled_waiter_leaves_its_place_and_takes_no_slot() -> None:
    async def scenario() -> None:
        slots = RequestSlots(2)
        h = Holders(slots)
        h.start("b1", interactive=False)
        h.start("i1", interactive=True)
        h.start("i2", interactive=True)
        h.start("b2", interactive=False)
        await settle()
        h.tasks["i2"].cancel()
        await settle()
        h.release("i1")
        await settle()
        assert h.started == ["b1", "i1"]  # b2 still waits: the freed slot is the reserved one
        h.release("b1")
        await settle()
        assert h.started == ["b1", "i1", "b2"]
        assert slots.running(interactive=True) == 0 and slots.running(interactive=False) == 1

    run(scenario)


def test_cancelled_just_after_its_slot_was_granted_the_slot_passes_on() -> None:
    async def scenario() -> None:
        slots = RequestSlots(1)
        h = Holders(slots)
        h.start("i1", interactive=True)
        h.start("i2", interactive=True)
        h.start("i3", interactive=True)
        await settle()
        h.release("i1")
        await asyncio.sleep(0)  # i1 runs once: it leaves and grants the slot to i2...
        assert h.started == ["i1"] and slots.running(interactive=True) == 1
        h.tasks["i2"].cancel()  # ...which is cancelled before it could run
        await settle()
        assert h.started == ["i1", "i3"]
        assert slots.running(interactive=True) == 1

    run(scenario)


def test_resize_starts_waiters_at_once_and_shrinking_lets_running_ones_finish() -> None:
    async def scenario() -> None:
        slots = RequestSlots(2)
        h = Holders(slots)
        for name in ("b1", "b2", "b3"):
            h.start(name, interactive=False)
        await settle()
        assert h.started == ["b1"]
        slots.resize(4)
        await settle()
        assert h.started == ["b1", "b2", "b3"]
        slots.resize(1)
        h.start("i1", interactive=True)
        await settle()
        assert h.started == ["b1", "b2", "b3"]  # three running on one slot: none to spare
        for name in ("b1", "b2", "b3"):
            h.release(name)
        await settle()
        assert h.started[-1] == "i1"

    run(scenario)


def test_no_slots_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one"):
        RequestSlots(0)
    with pytest.raises(ValueError, match="at least one"):
        RequestSlots(2).resize(0)
