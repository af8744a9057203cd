"""The window's side of imports run in a process of their own (see `import_worker`).

`process()` keeps the contract of `CvImportService.process()` as the CVs tab uses it: row
changes reach the importer's listeners as they happen, a run-level stop raises the same
error (a budget stop with its status), the user's Cancel ends in `CancelledError` once
the files are cancelled. The worker is spawned once (at start, or at the first import)
and serves every run of the session; the vectors it stores are taken into this
process's search index as files finish.
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import multiprocessing
import threading
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Any

from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.services.carried_errors import CarriedError, rebuilt
from headhunter_desktop.core.services.import_worker import Message, RunOrder, serve
from headhunter_desktop.core.storage.tables import ImportState

if TYPE_CHECKING:
    from headhunter_desktop.core.services.app_services import AppServices
    from headhunter_desktop.core.storage.import_queue import ImportRow

log = logging.getLogger(__name__)
STOP_WAIT_S = 15.0  # a stopped run ends within a request's timeout at most; then it is killed


class ImportProcessError(UserFacingError):
    """The import process ended without finishing its run (killed, crashed)."""

    code = "import_process"


class SeparateImport:
    """Runs the import queue in the worker process; one run at a time."""

    def __init__(self, services: AppServices) -> None:
        self._services = services
        self._worker: _Worker | None = None
        self._starting: asyncio.Lock | None = None
        self._running: _Worker | None = None
        self._finished_ids: list[int] = []
        self._indexing: asyncio.Task[None] | None = None
        self._closing = False
        self._cancel_asked = False  # a Cancel pressed before the run reached the worker
        self._updating: asyncio.Future[None] | None = None  # settings on their way to a run

    async def prepare(self) -> None:
        """Spawn the worker now, so that the first import does not wait for it."""
        await self._started()

    async def process(self, *, allow_over_budget: bool = False) -> None:
        """Work through the queue in the worker (see `CvImportService.process`)."""
        self._cancel_asked = False
        worker = await self._started()
        order = await self._order(allow_over_budget)
        worker.send(("run", order))
        self._running = worker
        if self._cancel_asked:  # pressed while the worker started or the keys were read
            worker.send(("cancel",))
        try:
            outcome = await self._follow(worker)
        except asyncio.CancelledError:  # the window closes: the worker stops its run
            worker.send(("stop",))
            await asyncio.shield(self._until_ended(worker))
            raise
        finally:
            self._running = None
            await self._indexed()
        if outcome == "cancelled":
            raise asyncio.CancelledError  # as the in-process run ends on a Cancel
        if isinstance(outcome, CarriedError):
            raise rebuilt(outcome)
        if outcome != "done":
            raise ImportProcessError(f"The import ended early ({outcome}); Resume carries on.")

    def settings_changed(self) -> None:
        """Settings were saved: a run going on works with them from its next request on
        (models, parallel requests, keys), as a run in the window's process does."""
        if self._running is not None:
            self._updating = asyncio.ensure_future(self._send_settings(self._running))

    async def _send_settings(self, worker: _Worker) -> None:
        try:
            order = await self._order(allow_over_budget=False)  # keys read off this thread
        except Exception:  # the keyring away: the run goes on as it was, and says so
            log.warning("the new settings did not reach the running import", exc_info=True)
            return
        if worker is self._running:
            worker.send(("settings", order))

    def cancel(self) -> None:
        """The user's Cancel: the worker cancels its files (they stay resumable)."""
        self._cancel_asked = True
        if self._running is not None:
            self._running.send(("cancel",))

    async def aclose(self) -> None:
        """End the worker: its run (if any) stops, it exits."""
        self._closing = True
        worker, self._worker = self._worker, None
        if worker is not None:
            await asyncio.get_running_loop().run_in_executor(None, worker.close)

    async def _started(self) -> _Worker:
        if self._starting is None:
            self._starting = asyncio.Lock()
        async with self._starting:
            if self._closing:
                raise ImportProcessError("The app is closing: the import was not started.")
            if self._worker is None or not self._worker.alive():
                worker = await _Worker.start(self._services.config)
                if self._closing:  # closed while it started
                    await asyncio.get_running_loop().run_in_executor(None, worker.close)
                    raise ImportProcessError("The app is closing: the import was not started.")
                self._worker = worker
            return self._worker

    async def _order(self, allow_over_budget: bool) -> RunOrder:
        services = self._services
        loop = asyncio.get_running_loop()
        # Read here (the keyring may be asked: blocking) and handed over in memory.
        key = await loop.run_in_executor(None, services.keys.get)
        embedding_key = None
        if services.config.embedding_base_url is not None:
            embedding_key = await loop.run_in_executor(None, services.embedding_keys.get)
        passwords = dict(services.importer.options.passwords)
        return RunOrder(services.config, key, embedding_key, passwords, allow_over_budget)

    async def _follow(self, worker: _Worker) -> Any:
        """Relay the run's rows until it ends; its outcome."""
        while True:
            kind, *rest = await worker.inbox.get()
            if kind == "row":
                self._take_row(rest[0])
            elif kind == "ended":
                return rest[0]
            elif kind == "closed":
                # Its pipe closes as it dies: the system reports its end a moment later.
                await asyncio.get_running_loop().run_in_executor(None, worker.process.join, 5)
                raise ImportProcessError(
                    f"The import process ended unexpectedly (exit code {worker.exit_code()}). "
                    "The files stay queued: Resume carries on from where each one stood."
                )

    async def _until_ended(self, worker: _Worker) -> None:
        try:
            async with asyncio.timeout(STOP_WAIT_S):
                while (await worker.inbox.get())[0] not in ("ended", "closed"):
                    pass
        except TimeoutError:
            log.warning("the import process did not stop in %.0f s: ended", STOP_WAIT_S)
            worker.kill()

    def _take_row(self, row: ImportRow) -> None:
        self._services.importer.relay(row)
        if row.state == ImportState.DONE and row.candidate_id is not None:
            # Its vector is in the database: this process's search index takes it in.
            self._finished_ids.append(row.candidate_id)
            if self._indexing is None or self._indexing.done():
                self._indexing = asyncio.ensure_future(self._index_finished())

    async def _index_finished(self) -> None:
        while self._finished_ids:
            ids, self._finished_ids = self._finished_ids, []
            await self._services.search.add_stored_vectors(ids)

    async def _indexed(self) -> None:
        if self._indexing is not None:
            await asyncio.shield(self._indexing)


class _Worker:
    """The spawned process, the window's end of its pipe, and what came through it."""

    def __init__(self, process: BaseProcess, connection: Connection) -> None:
        self.process, self.connection = process, connection
        self.inbox: asyncio.Queue[Message] = asyncio.Queue()
        self._loop = asyncio.get_running_loop()
        self._closed = False
        # Set by the relay at the pipe's end: the process has ended (or is ending) even
        # when `is_alive()` still says otherwise — a killed process closes its pipe
        # before the system can report it gone, and a run sent to it would wait forever.
        self._ended = False

    @classmethod
    async def start(cls, config: Any) -> _Worker:
        # Spawned, never forked: this process has Qt and threads. Not a daemon: the worker
        # starts processes of its own (PDF extraction); it ends when its pipe closes.
        context = multiprocessing.get_context("spawn")
        mine, theirs = context.Pipe()
        process = context.Process(target=serve, args=(theirs,), name="headhunter-import")
        await asyncio.get_running_loop().run_in_executor(None, process.start)
        theirs.close()
        worker = cls(process, mine)
        # Before multiprocessing's own exit handler, which would wait for it forever.
        atexit.register(worker.kill)
        threading.Thread(target=worker._read, name="import-relay", daemon=True).start()
        worker.send(("open", config))
        try:
            kind, *rest = await worker.inbox.get()
        except BaseException:  # cancelled (the app closes) while it opens: it did no work
            worker.kill()
            raise
        if kind == "ready":
            return worker
        await asyncio.get_running_loop().run_in_executor(None, worker.close)
        if kind == "failed":
            raise rebuilt(rest[0])
        raise ImportProcessError(
            f"The import process did not start (exit code {worker.exit_code()})."
        )

    def alive(self) -> bool:
        return not (self._closed or self._ended) and self.process.is_alive()

    def exit_code(self) -> int | None:
        return self.process.exitcode

    def send(self, message: Message) -> None:
        try:
            self.connection.send(message)
        except OSError:  # it has ended; the relay says so with ("closed",)
            log.info("the import process no longer listens (%s)", message[0])

    def close(self) -> None:
        """Blocking: tell the process to end, wait for it (kill it if it hangs), then close
        the pipe. Said, not shown by closing the pipe: the relay thread's read holds this
        end open until the process closes the other."""
        self._closed = True
        self.send(("close",))
        self.process.join(STOP_WAIT_S)
        if self.process.is_alive():
            log.warning("the import process did not end in %.0f s: killed", STOP_WAIT_S)
            self.kill()
        self.connection.close()
        atexit.unregister(self.kill)

    def kill(self) -> None:
        """End the process now (idempotent); it leaves nothing half-written that its
        next start does not resume (each step of a file is committed on its own)."""
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)

    def _read(self) -> None:
        while True:
            try:
                message: Message = self.connection.recv()
            except (EOFError, OSError):
                message = ("closed",)
                self._ended = True
            try:
                self._loop.call_soon_threadsafe(self.inbox.put_nowait, message)
            except RuntimeError:  # the loop has ended
                return
            if message[0] == "closed":
                return
