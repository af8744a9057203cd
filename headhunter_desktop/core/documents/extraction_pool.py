"""Extraction in worker processes, each file under a budget of time, memory and inflated bytes.

A hostile PDF can take minutes of CPU and gigabytes of memory; in a process of its own it
can be stopped, and its CPU stays off the window's interpreter (the GUI thread shares the
GIL with every thread of the app, not with another process). Processes are spawned, not
forked (the app has Qt and threads), lazily at the first file that needs one, so start-up
pays nothing. A process past its time is killed and the next file gets a fresh one.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import multiprocessing
import threading
import time
from multiprocessing.process import BaseProcess
from pathlib import Path

from .errors import ExtractionCrashedError, TimeLimitError
from .extracted import ExtractedDocument
from .extraction_process import READY, ExtractionReply, ExtractionRequest, MoreTime, serve
from .limits import DEFAULT_LIMITS, ExtractionLimits, ScanReading

# Spawning a process imports Python and pypdf afresh: seconds on a loaded laptop, never minutes.
START_TIMEOUT_S = 60.0
_STOP_TIMEOUT_S = 2.0


class PoolClosedError(RuntimeError):
    """The pool was closed (the app is shutting down) while a file waited or was read."""


class _Worker:
    """One spawned process and the parent's end of its connection."""

    def __init__(self, max_memory_bytes: int) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, child_end = context.Pipe()
        self.process: BaseProcess = context.Process(
            target=serve, args=(child_end, max_memory_bytes), name="cv-extraction", daemon=True
        )
        try:
            self.process.start()
            child_end.close()  # only the child holds it now: its death reads as EOF here
            ready = self.conn.poll(START_TIMEOUT_S) and self.conn.recv() == READY
        except (EOFError, OSError):
            ready = False
        if not ready:
            self.kill()
            raise ExtractionCrashedError(self.process.exitcode)

    def ask(self, request: ExtractionRequest) -> ExtractionReply:
        """Send one file; its reply, or TimeLimitError past the time (the caller kills us)."""
        try:
            self.conn.send(request)
            return self._reply(request.limits.max_seconds)
        except (EOFError, OSError) as exc:  # the process died: a crash, or killed from outside
            self.process.join(_STOP_TIMEOUT_S)
            raise ExtractionCrashedError(self.process.exitcode) from exc

    def _reply(self, seconds: float) -> ExtractionReply:
        # The worker may ask for more time first (MoreTime: the OCR of a scan's pages).
        deadline = time.monotonic() + seconds
        while self.conn.poll(max(0.0, deadline - time.monotonic())):
            message = self.conn.recv()
            if not isinstance(message, MoreTime):
                return message
            seconds += message.seconds
            deadline += message.seconds
        raise TimeLimitError(seconds)

    def stop(self) -> None:
        """Ask an idle process to end; kill it if it does not."""
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.process.join(_STOP_TIMEOUT_S)
        self.kill()

    def kill(self) -> None:
        """End the process now, whatever it is doing. Idempotent."""
        if self.process.pid is not None and self.process.is_alive():
            self.process.kill()
            self.process.join(_STOP_TIMEOUT_S)
        # close() on another thread (the app closing) may race this one: the second
        # os.close of the pipe fails with EBADF, which changes nothing.
        with contextlib.suppress(OSError):
            self.conn.close()


class ExtractionPool:
    """Up to `processes` worker processes extracting CV text; `extract()` is thread-safe.

    `extract()` blocks: call it from a thread. It waits for a free process, then for the
    file, at most `limits.max_seconds`; past that the process is killed and the file fails
    with TimeLimitError. Errors and documents cross the process boundary by pickling.
    """

    def __init__(self, processes: int = 2, limits: ExtractionLimits = DEFAULT_LIMITS) -> None:
        self.limits = limits
        self._processes = processes
        self._slots = threading.BoundedSemaphore(processes)
        self._lock = threading.Lock()
        self._idle: list[_Worker] = []
        self._busy: set[_Worker] = set()
        self._closed = False

    def extract(
        self, path: Path, password: str | None = None, *, scans: ScanReading | None = None
    ) -> ExtractedDocument:
        """Read a PDF, DOCX or TXT CV into clean text in a worker process, under the limits;
        `scans`: what to do with a scan, if not what the pool's limits say."""
        limits = self.limits if scans is None else dataclasses.replace(self.limits, scans=scans)
        request = ExtractionRequest(str(path), password, limits)
        with self._slots:
            worker = self._checkout()
            try:
                reply = worker.ask(request)
            except BaseException as exc:
                self._discard(worker)
                if self._closed:
                    raise PoolClosedError("extraction stopped: the app is closing") from exc
                raise
            self._checkin(worker, retire=reply.retire)
        _log_again(reply.logs)
        if reply.error is not None:
            raise reply.error
        assert reply.document is not None
        return reply.document

    def prepare(self) -> None:
        """Spawn the processes now (blocking), not at the first files: the import process
        does, so that its first files do not wait ~0.4 s for them."""
        taken: list[_Worker] = []
        try:
            while len(taken) < self._processes and self._slots.acquire(blocking=False):
                try:
                    taken.append(self._checkout())
                except BaseException:
                    self._slots.release()
                    raise
        finally:
            for worker in taken:
                self._checkin(worker, retire=False)
                self._slots.release()

    def process_ids(self) -> list[int]:
        """The ids of the worker processes alive now (for diagnostics and tests)."""
        with self._lock:
            workers = [*self._idle, *self._busy]
        return [w.process.pid for w in workers if w.process.pid and w.process.is_alive()]

    def close(self) -> None:
        """Stop every process; files being read fail with PoolClosedError. Idempotent."""
        with self._lock:
            self._closed = True
            idle, busy = self._idle, list(self._busy)
            self._idle = []
        for worker in busy:
            worker.kill()  # wakes the thread waiting on it
        for worker in idle:
            worker.stop()

    def _checkout(self) -> _Worker:
        with self._lock:
            if self._closed:
                raise PoolClosedError("extraction stopped: the app is closing")
            worker = self._idle.pop() if self._idle else None
        if worker is None:
            worker = _Worker(self.limits.max_memory_bytes)  # outside the lock: it takes a while
        with self._lock:
            self._busy.add(worker)
            closed = self._closed
        if closed:
            self._discard(worker)
            raise PoolClosedError("extraction stopped: the app is closing")
        return worker

    def _checkin(self, worker: _Worker, *, retire: bool) -> None:
        with self._lock:
            self._busy.discard(worker)
            keep = not retire and not self._closed
            if keep:
                self._idle.append(worker)
        if not keep:
            worker.stop()

    def _discard(self, worker: _Worker) -> None:
        with self._lock:
            self._busy.discard(worker)
        worker.kill()


def _log_again(records: list[tuple[str, int, str]]) -> None:
    """The worker's log records, through the app's handlers (app.log, stderr in the CLI)."""
    for name, level, message in records:
        logging.getLogger(name).log(level, "%s", message)
