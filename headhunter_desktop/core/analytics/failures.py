"""How the writer tells a database that is away from a record it refuses, and how it waits.

Also how its threads outlive a bug in one of their steps.
"""

from __future__ import annotations

import logging
import random
import sqlite3
from collections.abc import Callable

import sqlalchemy as sa

LOGGER = logging.getLogger("headhunter_desktop.analytics")


def exponential_backoff(attempt: int) -> float:
    """Seconds to wait before retry `attempt` (1, 2, ...): 0.5 s doubling to 30 s, with jitter."""
    return min(30.0, 0.5 * 2 ** (attempt - 1)) * random.uniform(0.8, 1.0)


def is_bad_data(exc: BaseException) -> bool:
    """A record the database refuses (as opposed to a database that is away).

    Getting this wrong either way is costly: a refused record taken for an outage is
    retried forever and holds back every record after it; an outage taken for a refused
    record sets good records aside.
    """
    if isinstance(exc, sa.exc.OperationalError | sa.exc.InterfaceError):
        return False
    # DataError covers PostgreSQL's NumericValueOutOfRange (a count or cost too large).
    if isinstance(exc, sa.exc.IntegrityError | sa.exc.DataError):
        return True
    if isinstance(exc, sqlite3.IntegrityError | sqlite3.DataError):
        return True  # raised by the raw executemany of the SQLite fast path
    # A field of the wrong type or size, found while building or binding the row: sqlite3
    # raises OverflowError for an integer past 64 bits, decimal InvalidOperation (an
    # ArithmeticError) for a cost it cannot round.
    if isinstance(exc, TypeError | ValueError | AttributeError | ArithmeticError):
        return True
    # A StatementError that is not a DBAPIError failed while binding a value.
    return isinstance(exc, sa.exc.StatementError) and not isinstance(exc, sa.exc.DBAPIError)


def is_busy(exc: BaseException) -> bool:
    """The database is there but busy (another instance's transaction): worth waiting for."""
    text = str(exc).lower()
    return any(word in text for word in ("locked", "busy", "deadlock", "serializ"))


def survive(step: Callable[..., bool | None], *args: object) -> bool:
    """Run one step of a writer thread; False (logged) if it raised."""
    # A bug in one step must not end a thread: the records would wait until a restart.
    try:
        return bool(step(*args))
    except Exception:
        LOGGER.exception("usage writer step failed; the records stay in the spool")
        return False
