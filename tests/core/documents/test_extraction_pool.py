"""Extraction in worker processes: same results, passwords, and each file's budgets enforced."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from headhunter_desktop.core.documents import (
    CorruptFileError,
    ExtractionLimits,
    InflatedSizeLimitError,
    MemoryLimitError,
    PasswordRequiredError,
    TimeLimitError,
    WrongPasswordError,
    extract_text,
)
from headhunter_desktop.core.documents.extraction_pool import ExtractionPool, PoolClosedError
from tests.data import make_cv_corpus as cvs
from tests.helpers.cv_files import long_pdf_cv
from tests.helpers.pdf_bombs import GB, MB, bomb_pdf

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")


@pytest.fixture(scope="module")
def pool() -> Iterator[ExtractionPool]:
    """Two worker processes with the default limits, shared by the tests that keep them alive."""
    pool = ExtractionPool(2)
    yield pool
    pool.close()


def alive(pid: int) -> bool:
    """The process exists and is not a zombie (one whose parent has not collected it)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] == "Z")


def hung_file(tmp_path: Path) -> Path:
    """A named pipe nobody writes to, named like a CV: opening it blocks forever."""
    path = tmp_path / "hangs.pdf"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("name", ["two_column.pdf", "links.pdf", "docx_table.docx", "cv_utf8.txt"])
def test_a_worker_process_reads_files_as_this_process_does(
    pool: ExtractionPool, corpus: dict[str, Path], name: str
) -> None:
    assert pool.extract(corpus[name]) == extract_text(corpus[name])
    assert pool.process_ids() and os.getpid() not in pool.process_ids()


def test_pdf_passwords_cross_to_the_worker(pool: ExtractionPool, corpus: dict[str, Path]) -> None:
    locked = corpus["encrypted_password.pdf"]
    with pytest.raises(PasswordRequiredError) as no_password:
        pool.extract(locked)
    assert type(no_password.value) is PasswordRequiredError  # the UI asks for the password
    with pytest.raises(WrongPasswordError):
        pool.extract(locked, "not-it")
    document = pool.extract(locked, cvs.PDF_PASSWORD)
    assert document == extract_text(locked, password=cvs.PDF_PASSWORD)


def test_a_bomb_fails_within_its_budget_and_long_cvs_pass(
    pool: ExtractionPool, tmp_path: Path
) -> None:
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(bomb_pdf(1, 4 * GB, nested=True))
    long_cv = tmp_path / "long_cv.pdf"
    long_cv.write_bytes(long_pdf_cv(20))
    # Refused by the inflated-bytes budget, not by the time limit (60 s) or the memory cap.
    with pytest.raises(InflatedSizeLimitError):
        pool.extract(bomb)
    assert pool.extract(long_cv).pages == 20  # a 20-page CV is well inside every budget


def test_the_workers_log_records_reach_the_app_log(
    pool: ExtractionPool, corpus: dict[str, Path], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    with pytest.raises(CorruptFileError):
        pool.extract(corpus["truncated.pdf"])
    assert any(record.name.startswith("pypdf") for record in caplog.records)


@needs_fifo
def test_a_hung_file_is_stopped_at_its_time_limit_and_its_process_replaced(
    tmp_path: Path, corpus: dict[str, Path]
) -> None:
    pool = ExtractionPool(1, ExtractionLimits(max_seconds=1))
    try:
        pool.extract(corpus["plain.pdf"])
        (first,) = pool.process_ids()
        with pytest.raises(TimeLimitError) as stopped:
            pool.extract(hung_file(tmp_path))
        assert stopped.value.code == "time_limit" and "after 1 s" in str(stopped.value)
        assert not alive(first) and pool.process_ids() == []
        assert pool.extract(corpus["plain.pdf"]) == extract_text(corpus["plain.pdf"])
        (second,) = pool.process_ids()
        assert second != first
    finally:
        pool.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is enforced on Linux")
def test_a_file_needing_more_memory_than_the_cap_fails_and_the_next_one_reads(
    tmp_path: Path, corpus: dict[str, Path]
) -> None:
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(bomb_pdf(1, 4 * GB, nested=True))
    # A budget of inflated bytes high enough that only the memory cap can stop it.
    limits = ExtractionLimits(max_inflated_bytes=3 * GB, max_memory_bytes=100 * MB)
    pool = ExtractionPool(1, limits)
    try:
        with pytest.raises(MemoryLimitError, match="more than 100 MB of memory"):
            pool.extract(bomb)
        assert pool.process_ids() == []  # a process that ran out of memory is not reused
        assert pool.extract(corpus["plain.pdf"]).pages == 1
    finally:
        pool.close()


@needs_fifo
def test_closing_the_pool_stops_a_file_being_read(tmp_path: Path) -> None:
    pool = ExtractionPool(1)  # the default time limit: only the closing can end this read
    outcome: list[BaseException] = []

    def read() -> None:
        try:
            pool.extract(hung_file(tmp_path))
        except BaseException as exc:
            outcome.append(exc)

    reader = threading.Thread(target=read)
    reader.start()
    while not pool.process_ids() and reader.is_alive():
        time.sleep(0.05)  # until the file is with a worker process
    pool.close()
    reader.join(timeout=30)
    assert not reader.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], PoolClosedError)
    assert pool.process_ids() == []
    with pytest.raises(PoolClosedError):
        pool.extract(tmp_path / "any.txt")


APP_THAT_GETS_KILLED = """
import os, sys, threading
from pathlib import Path
from headhunter_desktop.core.documents.extraction_pool import ExtractionPool
if __name__ == "__main__":
    pool = ExtractionPool(1)
    threading.Thread(target=pool.extract, args=(Path(sys.argv[1]),), daemon=True).start()
    while not pool.process_ids():
        threading.Event().wait(0.05)
    print(pool.process_ids()[0], flush=True)
    threading.Event().wait()
"""


@needs_fifo
def test_a_killed_app_leaves_no_extraction_process_behind(tmp_path: Path) -> None:
    # SIGKILL runs none of the app's clean-up; the worker, stuck on a file, must go anyway.
    app = subprocess.Popen(
        [sys.executable, "-c", APP_THAT_GETS_KILLED, str(hung_file(tmp_path))],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert app.stdout is not None
    worker = int(app.stdout.readline())
    assert alive(worker)
    app.send_signal(signal.SIGKILL)
    app.wait()
    for _ in range(200):  # up to 10 s for the worker to notice
        if not alive(worker):
            break
        time.sleep(0.05)
    assert not alive(worker)
