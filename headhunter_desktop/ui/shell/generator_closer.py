"""Async generators the garbage collector finds are closed on the loop, not inside it.

asyncio's own `run_forever` installs this hook; qasync's does not. A stream left early
(cancel, an answer that stops being JSON) leaves httpx's body iterators suspended: the
gateway closes the HTTP response itself, but those iterators' own cleanup awaits, and run
by the collector outside any task it fails ("Exception ignored in PoolByteStream.__aiter__:
unknown async library"), at a random later moment.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import sys
import weakref
from collections.abc import AsyncGenerator


class GeneratorCloser:
    """Takes the collected async generators of one loop and closes each in a task there."""

    def __init__(self, loop: asyncio.AbstractEventLoop):
        self._loop = loop
        self._unclosed: collections.deque[AsyncGenerator[object]] = collections.deque()
        self._closing: set[asyncio.Task[None]] = set()  # strong references to the tasks

    def finalize(self, generator: AsyncGenerator[object]) -> None:
        """The hook: called by the collector, on whatever thread it runs."""
        if self._loop.is_closed():
            return  # dropped: its loop is gone (tests make one per test)
        self._unclosed.append(generator)
        with contextlib.suppress(RuntimeError):  # closed meanwhile
            self._loop.call_soon_threadsafe(self._close_waiting)

    def pending(self) -> int:
        """Generators collected and not closed yet."""
        return len(self._unclosed) + len(self._closing)

    def _close_waiting(self) -> None:
        # qasync runs callbacks from Qt timers, so this may come from events processed
        # outside the loop (pytest-qt does that between tests), where a close could not
        # await: those wait for the next call made inside the loop.
        while self._loop.is_running() and self._unclosed:
            task = self._loop.create_task(self._unclosed.popleft().aclose())
            self._closing.add(task)
            task.add_done_callback(self._closing.discard)


_closers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, GeneratorCloser] = (
    weakref.WeakKeyDictionary()
)


def close_async_generators_on(loop: asyncio.AbstractEventLoop) -> None:
    """Install the hook for async generators first iterated from now on (this thread)."""
    closer = _closers[loop] = GeneratorCloser(loop)
    sys.set_asyncgen_hooks(finalizer=closer.finalize)


def async_generators_closing(loop: asyncio.AbstractEventLoop) -> int:
    """How many collected async generators of `loop` still wait to be closed."""
    closer = _closers.get(loop)
    return 0 if closer is None else closer.pending()
