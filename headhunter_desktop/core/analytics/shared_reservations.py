"""Reservations every process sharing the usage database sees, so a hard cap holds for
calls made by several at once (a window and a command-line import, several laptops).

Each process publishes one row per client: what it has set aside for calls in flight (at
their worst case) plus its records not yet committed here. A process checking a cap, under
a lock per client, reads the other processes' rows first and the month's spend after: a
record committed in between is counted twice (never not at all), and a process removes a
record from its row only once that record is committed. A row lapses after
`ROW_LIFETIME_S` without being published again, so a process that died stops counting;
the row of a process of this machine that is gone (killed) is dropped at once, so a crash
does not hold the client's budget for ten minutes.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import socket
from decimal import Decimal

import sqlalchemy as sa

from headhunter_desktop.core.analytics.db import upsert
from headhunter_desktop.core.analytics.tables import open_reservations
from headhunter_desktop.core.processes import pid_alive

# Longer than any call may run (timeout x retries): a live process republishes at each
# reservation and at close; a row older than this is a dead process's.
ROW_LIFETIME_S = 600


def new_owner() -> str:
    """This process's name in the table, fresh per run: "<token>:<pid>@<host>" (64 chars at
    most), so another process of the same machine can tell when it is gone."""
    return f"{secrets.token_hex(8)}:{os.getpid()}@{_host()}"


def _host() -> str:
    return socket.gethostname()[:40]


def _gone_from_this_machine(owner: str) -> bool:
    _token, _, rest = owner.partition(":")
    pid_text, _, host = rest.partition("@")
    if host != _host() or not pid_text.isdigit() or int(pid_text) == os.getpid():
        return False  # another machine's (it lapses), an old-style name, or this process
    return not pid_alive(int(pid_text))


def lock_client(conn: sa.Connection, client_uuid: str) -> None:
    """Serialise cap checks for one client until the transaction ends.

    SQLite's BEGIN IMMEDIATE (`write_transaction`) already lets one writer in at a time.
    """
    if conn.dialect.name == "postgresql":
        digest = hashlib.sha256(client_uuid.encode()).digest()
        key = int.from_bytes(digest[:8], "big", signed=True)
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def others_reserved(conn: sa.Connection, client_uuid: str, owner: str, now_epoch: int) -> Decimal:
    """What the other live processes have set aside for the client (a gone local process's
    row is deleted on the way)."""
    t = open_reservations.c
    rows = conn.execute(
        sa.select(t.owner, t.amount_usd).where(
            t.client_uuid == client_uuid, t.owner != owner, t.expires_epoch > now_epoch
        )
    ).all()
    gone = [row.owner for row in rows if _gone_from_this_machine(row.owner)]
    if gone:
        conn.execute(open_reservations.delete().where(t.owner.in_(gone)))
    return sum((Decimal(row.amount_usd) for row in rows if row.owner not in gone), Decimal(0))


def publish(
    conn: sa.Connection, owner: str, client_uuid: str, amount: Decimal, now_epoch: int
) -> None:
    """This process's row for the client: `amount` (none when nothing is set aside)."""
    t = open_reservations.c
    if amount <= 0:
        conn.execute(
            open_reservations.delete().where(t.owner == owner, t.client_uuid == client_uuid)
        )
        return
    row = {
        "owner": owner,
        "client_uuid": client_uuid,
        "amount_usd": amount,
        "expires_epoch": now_epoch + ROW_LIFETIME_S,
    }
    upsert(conn, open_reservations, row, ["owner", "client_uuid"])


def withdraw(conn: sa.Connection, owner: str, now_epoch: int) -> None:
    """At close: this process's rows go, and so do lapsed ones of processes that died."""
    t = open_reservations.c
    conn.execute(
        open_reservations.delete().where(sa.or_(t.owner == owner, t.expires_epoch <= now_epoch))
    )
