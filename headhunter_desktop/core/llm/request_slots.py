"""How many LLM requests run at once, with a fast lane for a person waiting on an answer.

A plain semaphore is first come, first served: a search typed during a 200-CV import
would wait behind every parse request queued before it. Here interactive requests get
the next free slot before any waiting batch request, and batch work never holds the
last slot (when there is more than one), so an interactive request starts at once
whenever only batch work is running. A process that serves no person (the import
process: the window's searches and generations go through its own gateway) lets batch
work take every slot (`serve_batch_only`).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class RequestSlots:
    """`async with slots.hold(interactive=...)` around each request."""

    def __init__(self, capacity: int) -> None:
        self._capacity = _checked(capacity)
        self._running = {True: 0, False: 0}  # by lane: interactive?
        self._waiting: dict[bool, deque[asyncio.Future[None]]] = {True: deque(), False: deque()}
        self._keep_one_for_interactive = True

    @property
    def capacity(self) -> int:
        return self._capacity

    def running(self, *, interactive: bool) -> int:
        """Requests of that lane holding a slot now."""
        return self._running[interactive]

    def resize(self, capacity: int) -> None:
        """Takes effect at once: more room starts waiters; less room lets running ones finish."""
        self._capacity = _checked(capacity)
        self._start_waiters()

    def serve_batch_only(self) -> None:
        """No interactive request will come: batch work may hold every slot."""
        self._keep_one_for_interactive = False
        self._start_waiters()

    @asynccontextmanager
    async def hold(self, *, interactive: bool) -> AsyncIterator[None]:
        """Wait for a slot of the lane, hold it for the body, then pass it on."""
        await self._acquire(interactive)
        try:
            yield
        finally:
            self._release(interactive)

    async def _acquire(self, interactive: bool) -> None:
        if not self._queue_ahead(interactive) and self._has_room(interactive):
            self._running[interactive] += 1
            return
        granted = asyncio.get_running_loop().create_future()
        self._waiting[interactive].append(granted)
        try:
            await granted
        except asyncio.CancelledError:
            if granted.done() and not granted.cancelled():
                self._release(interactive)  # the slot came just as the wait was cancelled
            else:
                # Still queued, unless a release already skipped it as cancelled.
                with contextlib.suppress(ValueError):
                    self._waiting[interactive].remove(granted)
            raise

    def _release(self, interactive: bool) -> None:
        self._running[interactive] -= 1
        self._start_waiters()

    def _queue_ahead(self, interactive: bool) -> bool:
        # Interactive requests overtake batch ones, never each other.
        return bool(self._waiting[True]) or (not interactive and bool(self._waiting[False]))

    def _has_room(self, interactive: bool) -> bool:
        if sum(self._running.values()) >= self._capacity:
            return False
        return interactive or self._running[False] < self._batch_limit()

    def _batch_limit(self) -> int:
        keep_one = self._keep_one_for_interactive and self._capacity > 1
        return self._capacity - 1 if keep_one else self._capacity

    def _start_waiters(self) -> None:
        for interactive in (True, False):
            waiting = self._waiting[interactive]
            while waiting and self._has_room(interactive):
                granted = waiting.popleft()
                if not granted.done():  # a cancelled waiter removes itself later
                    self._running[interactive] += 1
                    granted.set_result(None)


def _checked(capacity: int) -> int:
    if capacity < 1:
        raise ValueError(f"need at least one request slot, got {capacity}")
    return capacity
