"""The inside of an extraction worker process: read files on request, under a memory cap.

Started by `ExtractionPool` (spawned, never forked: the app has Qt and threads). It speaks
over one `multiprocessing` connection: it sends `READY` once started, then answers each
`ExtractionRequest` with one `ExtractionReply` (after any `MoreTime` the file needs: the
OCR of a scan); `None` or a closed connection ends it.
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.connection
import os
import pickle
import signal
import sys
import threading
import traceback
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from .errors import ExtractionError, MemoryLimitError
from .extracted import ExtractedDocument
from .limits import ExtractionLimits

READY = "ready"
_MAX_LOG_RECORDS = 100  # per file: a broken PDF can make pypdf warn thousands of times


@dataclass(frozen=True, slots=True)
class ExtractionRequest:
    path: str
    password: str | None
    limits: ExtractionLimits


@dataclass(frozen=True, slots=True)
class MoreTime:
    """Sent before the reply: this file needs `seconds` beyond its time budget."""

    seconds: float


@dataclass(slots=True)
class ExtractionReply:
    """The document or the error; the log records of the work; `retire`: stop this process."""

    document: ExtractedDocument | None = None
    error: BaseException | None = None
    logs: list[tuple[str, int, str]] = field(default_factory=list)
    retire: bool = False


class _LogBuffer(logging.Handler):
    """Keeps this file's log records, to be logged again by the app with its handlers."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.records) < _MAX_LOG_RECORDS:
            self.records.append((record.name, record.levelno, record.getMessage()))

    def take(self) -> list[tuple[str, int, str]]:
        records, self.records = self.records, []
        return records


_app: Connection | None = None  # in a worker process: its end of the pipe to the app


def ask_for_time(seconds: float) -> None:
    """Tell the app this file needs `seconds` more than its budget: for work whose length
    the file does not decide (OCR, bounded by the page limit). Outside a worker: nothing."""
    if _app is not None:
        _app.send(MoreTime(seconds))


def serve(conn: Connection, max_memory_bytes: int) -> None:
    """A worker process's main: answer extraction requests until told to stop."""
    global _app
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the app's to handle, not ours
    _exit_with_parent()
    # Before numpy loads (the OCR engine of scans needs it): one BLAS thread, not one per
    # core, each reserving buffers of address space that the memory cap counts.
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    from . import extract  # noqa: F401  (loads pypdf before READY, not in the app)

    logs = _capture_logs()
    limit_memory(max_memory_bytes)
    _app = conn
    conn.send(READY)
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return  # the app is gone
        if request is None:
            return
        reply = answer(request, logs)
        conn.send(reply)
        if reply.retire:
            return


def _exit_with_parent() -> None:
    # A killed app (SIGKILL, a crash) runs none of its clean-up: the worker watches for that
    # itself, or a file it is reading could keep it busy, orphaned, for up to its time limit.
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def answer(request: ExtractionRequest, logs: _LogBuffer) -> ExtractionReply:
    """Extract one file; every outcome becomes a reply that pickles."""
    from .extract import extract_text  # loaded by `serve` already: a dict lookup

    try:
        document = extract_text(
            Path(request.path), password=request.password, limits=request.limits
        )
        return ExtractionReply(document=document, logs=logs.take())
    except MemoryError:
        # The heap may be left fragmented and near the cap: a fresh process takes the next file.
        error = MemoryLimitError(request.limits.max_memory_bytes)
        return ExtractionReply(error=error, logs=logs.take(), retire=True)
    except ExtractionError as exc:
        return ExtractionReply(error=exc, logs=logs.take())
    except Exception as exc:  # a bug: the app logs it and fails this one file
        records = logs.take()
        records.append((__name__, logging.ERROR, traceback.format_exc()))
        return ExtractionReply(error=_picklable(exc), logs=records)


def _picklable(error: Exception) -> Exception:
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")
    return error


def _capture_logs() -> _LogBuffer:
    buffer = _LogBuffer()
    root = logging.getLogger()
    root.handlers[:] = [buffer]
    root.setLevel(logging.INFO)
    logging.captureWarnings(True)  # pypdf's deprecation warnings too, not onto stderr
    return buffer


def limit_memory(extra_bytes: int) -> None:
    """Cap this process's address space at what it uses now plus `extra_bytes` (Linux).

    Past the cap an allocation fails with MemoryError instead of the machine swapping.
    Relative to the current size because the baseline differs between platforms and between
    a plain interpreter and one that re-imported the app's entry module. macOS does not
    enforce RLIMIT_AS and Windows has no rlimits: there the other budgets still apply.
    """
    if not sys.platform.startswith("linux"):
        return
    import resource  # POSIX only

    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = address_space() + extra_bytes
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def widen_memory_cap(extra_bytes: int) -> None:
    """Raise the cap `limit_memory` set by `extra_bytes`, if one is set (Linux).

    For what the process keeps for good once loaded (the OCR engine of scans): it belongs
    to what the process holds at rest, so each file still gets its whole budget on top.
    """
    if not sys.platform.startswith("linux") or extra_bytes <= 0:
        return
    import resource  # POSIX only

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if soft == resource.RLIM_INFINITY:
        return
    cap = soft + extra_bytes
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def address_space() -> int:
    """This process's address space in bytes, what RLIMIT_AS counts (0 off Linux)."""
    if not sys.platform.startswith("linux"):
        return 0
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
