"""Named, cancellable background tasks with strong references.

A new task under a name cancels the old one (a second "Generate" replaces the first);
results are kept until done so asyncio never drops a running task.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

log = logging.getLogger(__name__)

ErrorHandler = Callable[[BaseException], None]


class TaskRegistry:
    """Owns the app's background tasks; `cancel_all` is the first step of shutdown."""

    def __init__(self, on_error: ErrorHandler | None = None):
        self._tasks: dict[str, asyncio.Task[Any]] = {}
        self._anonymous: set[asyncio.Task[Any]] = set()
        self._on_error = on_error
        self._closed = False

    def start(self, name: str | None, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any] | None:
        """Run `coro`; with a name, cancel a running task of the same name first.

        After `cancel_all` (shutdown) nothing new starts: a timer firing late must not
        reach services that are closing. Returns the task, or None when refused.
        """
        if self._closed:
            coro.close()
            return None
        if name is not None and (old := self._tasks.get(name)) and not old.done():
            old.cancel()
        task = asyncio.ensure_future(coro)
        if name is None:
            self._anonymous.add(task)
        else:
            self._tasks[name] = task
        task.add_done_callback(lambda t: self._finished(name, t))
        return task

    def running(self, name: str) -> bool:
        task = self._tasks.get(name)
        return task is not None and not task.done()

    def cancel(self, name: str) -> None:
        if task := self._tasks.get(name):
            task.cancel()

    async def cancel_all(self, timeout: float = 5.0) -> None:
        """Cancel everything, refuse new tasks, and wait (bounded) for the tasks to unwind."""
        self._closed = True
        tasks = [t for t in (*self._tasks.values(), *self._anonymous) if not t.done()]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=timeout)

    def _finished(self, name: str | None, task: asyncio.Task[Any]) -> None:
        if name is None:
            self._anonymous.discard(task)
        elif self._tasks.get(name) is task:
            del self._tasks[name]
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:
            if self._on_error is not None:
                self._on_error(exc)
            else:
                log.error("background task %s failed", name, exc_info=exc)
