"""Workers: every thread and process pool of the app, built and closed by the composition root.

In the app nothing else creates a pool (Anki's `TaskManager` is the model): the services take
theirs from here (used alone, as in tests, they make their own). So what runs
where, and in which order it stops, is written here once. Why each pool exists:

- `main_db` (1 thread): every session of the main database runs on one thread, in order
  and off the GUI thread; SQLite takes one writer at a time anyway.
- `analytics` (1 thread): queries of the usage database, which may be a shared server
  that is slow or out of reach: kept apart so it never delays main-database work.
- `extraction` (2 processes, `ExtractionPool`): PDF and DOCX parsing is CPU work that a
  hostile file can stretch to minutes and gigabytes. In processes of their own it runs under
  a budget (time, memory, inflated bytes) and a process past it is killed; and its CPU stays
  off the window's interpreter, whose GIL it would otherwise share with the GUI thread. Two
  leave a core for the GUI. Spawned lazily, at the first file: start-up pays nothing.
- `cv_files` (3 threads): blocking file work of the CV intake (folder walks, hashing,
  copies into the data folder) and the wait on an extraction process: one thread per
  extraction process, and one so copies go on while both read.
- `vector_search` (2 threads): the numpy scan of all CV vectors runs beside the keyword
  ranking, which runs on `main_db`.

Not pools of ours: one-off blocking steps (warm-up imports, deleting a candidate's files,
the closing sequence at shutdown) use the event loop's default executor, which the loop
owns and shuts down (`app.make_event_loop` gives it plain threads). The usage writer's
spooler and inserter threads belong to `UsageWriter`, whose `close()` joins them; the
composition root closes the writer before `Workers.close()`.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from headhunter_desktop.core.documents.extraction_pool import ExtractionPool

EXTRACTION_PROCESSES = 2


class Workers:
    """The app's thread and process pools; `close()` stops them all (after the services)."""

    def __init__(self) -> None:
        self.main_db = ThreadPoolExecutor(1, thread_name_prefix="main-db")
        self.analytics = ThreadPoolExecutor(1, thread_name_prefix="analytics")
        self.extraction = ExtractionPool(EXTRACTION_PROCESSES)
        self.cv_files = ThreadPoolExecutor(EXTRACTION_PROCESSES + 1, thread_name_prefix="cv-files")
        self.vector_search = ThreadPoolExecutor(2, thread_name_prefix="vector-search")
        self._closed = False

    def close(self) -> None:
        """Let queued work finish, then stop the threads. Idempotent."""
        if self._closed:
            return
        self._closed = True
        # Producers before what they feed: a search may still queue database work. The
        # extraction processes go first: that wakes the threads waiting on them.
        self.extraction.close()
        for pool in (self.vector_search, self.cv_files):
            pool.shutdown(wait=True, cancel_futures=True)
        for pool in (self.analytics, self.main_db):
            pool.shutdown(wait=True)
