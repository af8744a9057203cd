"""Is an SQLite file sound? SQLite's own checks, for the main and the usage database.

A page damaged in the middle of a file goes unnoticed until a query reads it: the app
would pay an LLM call and then fail to store its answer. Three depths:

- at open, `PRAGMA quick_check` of every table but the large ones (`large` below): a few
  milliseconds, so start-up stays fast;
- after start, a full `PRAGMA quick_check` off the GUI thread (about 0.5 s for 20,000
  candidates); LLM calls wait for it;
- in `selftest`, `PRAGMA integrity_check`, which also matches every index to its table.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from pathlib import Path

# SQLite stops listing after this many problems; the first one names the damage.
_MAX_PROBLEMS = 5
BUSY_TIMEOUT_S = 10.0


def file_problems(path: Path, *, full: bool = False, large: tuple[str, ...] = ()) -> list[str]:
    """What SQLite finds wrong with the database file at `path` (empty when sound).

    `full` runs `integrity_check` instead of `quick_check`; `large` names tables (and, as
    prefixes, their FTS shadow tables) left out of a quick check, which then goes table
    by table over the rest. The connection cannot write (query_only), yet is not opened
    read-only: SQLite skips CHECK constraints when the file is opened read-only.
    """
    if not path.is_file() or path.stat().st_size == 0:
        return []  # nothing there yet: SQLite will create it
    uri = path.resolve().as_uri() + "?mode=rw"
    try:
        connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S)
    except sqlite3.Error as exc:
        return [_first_line(exc)]
    try:
        connection.execute("PRAGMA query_only = 1")
        return _problems_of(connection, full=full, large=large)
    except sqlite3.DatabaseError as exc:  # the check stopped at a page it could not read
        return [_first_line(exc)]
    finally:
        connection.close()


def _problems_of(
    connection: sqlite3.Connection, *, full: bool, large: tuple[str, ...]
) -> list[str]:
    if full or not large:
        pragma = "integrity_check" if full else "quick_check"
        return _problems(connection.execute(f"PRAGMA {pragma}({_MAX_PROBLEMS})").fetchall())
    problems: list[str] = []
    for table in _small_tables(connection, large):
        problems += _problems(connection.execute(f"PRAGMA quick_check({table})").fetchall())
    return problems[:_MAX_PROBLEMS]


class CheckOnce:
    """A blocking check run once, in a thread of the loop's default executor, for all awaiters.

    Its outcome is kept: after a pass `wait()` returns at once, after a failure it raises
    the same error again. A waiter that is cancelled leaves the check running.
    """

    def __init__(self, check: Callable[[], None]) -> None:
        self._check = check
        self._task: asyncio.Task[None] | None = None

    async def wait(self) -> None:
        loop = asyncio.get_running_loop()
        if self._task is None or self._task.get_loop() is not loop:
            self._task = loop.create_task(asyncio.to_thread(self._check))
        await asyncio.shield(self._task)


def describe_problems(problems: list[str]) -> str:
    """The first problem, short enough for one line of a message."""
    first = " ".join(problems[0].split()) if problems else "unknown damage"
    return first if len(first) <= 120 else first[:117] + "..."


def _small_tables(connection: sqlite3.Connection, large: tuple[str, ...]) -> list[str]:
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'"
    ).fetchall()
    return [
        name
        for (name,) in rows
        if name.isidentifier()
        and not any(name == big or name.startswith(big + "_") for big in large)
    ]


def _problems(rows: list[tuple[object, ...]]) -> list[str]:
    lines = [str(row[0]) for row in rows]
    return [] if lines == ["ok"] else lines


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
