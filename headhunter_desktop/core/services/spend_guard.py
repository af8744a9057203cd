"""The gateway's budget check: each call's worst case is reserved against its client's
month before the call is sent, and the hard cap holds.

A check runs in one transaction of the usage database, under a lock per client: it reads
what the other processes sharing the database have set aside, then the budget and the
month's spend, reserves in this process's `SpendLedger` (which adds what the database does
not hold yet and this process's calls in flight), and publishes what this process now has
set aside. With the database out of reach, the last reading stands in for it (from a
previous run: the snapshot kept in the data folder, `BudgetSnapshots`), plus everything
recorded here since.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, tzinfo
from decimal import Decimal
from typing import TypeVar

import sqlalchemy as sa

from headhunter_desktop.core.analytics import budgets, shared_reservations
from headhunter_desktop.core.analytics.budget_snapshots import (
    BudgetSnapshot,
    BudgetSnapshots,
    snapshot_of,
)
from headhunter_desktop.core.analytics.budgets import BudgetExceededError, BudgetStatus
from headhunter_desktop.core.analytics.db import write_transaction
from headhunter_desktop.core.analytics.reservations import Reservation, SpendLedger
from headhunter_desktop.core.errors import DatabaseError
from headhunter_desktop.core.llm.context import CallContext

log = logging.getLogger(__name__)
T = TypeVar("T")
# Runs work on the usage database's thread; raises DatabaseError when it is out of reach.
RunOnDatabase = Callable[[Callable[[sa.Engine], T]], Awaitable[T]]
Reserved = tuple[Reservation | None, BudgetStatus]


class SpendGuard:
    """`await guard.reserve(ctx, worst_usd)`: a Reservation to release once the call is
    recorded, None when the client has no budget; BudgetExceededError past a hard cap."""

    def __init__(
        self,
        run: RunOnDatabase[Reserved],
        tz: tzinfo,
        notify: Callable[[BudgetStatus], None],
        snapshots: BudgetSnapshots | None = None,
    ) -> None:
        self.ledger = SpendLedger()
        self.owner = shared_reservations.new_owner()
        self.published = False  # this process has rows in the shared table
        self._run = run
        self._tz = tz
        self._notify = notify
        self._snapshots = snapshots
        if snapshots is not None:
            for key, snap in snapshots.load().items():
                self.ledger.adopt(key, snap.budget, snap.spend, (snap.month_start, snap.month_end))

    async def reserve(self, ctx: CallContext, worst_usd: Decimal) -> Reservation | None:
        """Reserve `worst_usd` for `ctx`'s client (its UUID), unless a hard cap forbids."""
        key = ctx.client_uuid
        if key is None:
            return None
        now, override = datetime.now(self._tz), ctx.allow_over_budget
        try:
            reservation, status = await self._run(
                lambda engine: self._reserve_shared(engine, key, worst_usd, now, override)
            )
        except DatabaseError as exc:
            # The last reading (or the snapshot of an earlier run) plus what was recorded
            # here since: the cap still holds while the server is away.
            log.warning("budget checked against the last known spend: %s", exc)
            reservation, status = self.ledger.reserve(key, worst_usd, now, override=override)
        if status.state == "blocked" and not override:
            raise BudgetExceededError(status)
        if status.state != "ok":
            self._notify(status)
        return reservation

    def withdraw(self, engine: sa.Engine) -> None:
        """At close (blocking): take this process's rows away."""
        epoch = int(datetime.now(self._tz).timestamp())
        with write_transaction(engine) as conn:
            shared_reservations.withdraw(conn, self.owner, epoch)

    def _reserve_shared(
        self, engine: sa.Engine, key: str, amount: Decimal, now: datetime, override: bool
    ) -> Reserved:
        epoch, reservation = int(now.timestamp()), None
        try:
            with write_transaction(engine) as conn:
                shared_reservations.lock_client(conn, key)
                # The others' rows before the spend: a record committed between counts twice.
                others = shared_reservations.others_reserved(conn, key, self.owner, epoch)
                self._read(engine, key, now)
                reservation, status = self.ledger.reserve(
                    key, amount, now, override=override, others=others
                )
                published = self.ledger.published_amount(key, now)
                shared_reservations.publish(conn, self.owner, key, published, epoch)
                self.published = True
        except BaseException:
            if reservation is not None:
                reservation.release()  # not published: the caller falls back to this ledger
            raise
        return reservation, status

    def _read(self, engine: sa.Engine, key: str, now: datetime) -> None:
        mark = self.ledger.mark()
        try:
            status = budgets.check_budget(engine, key, None, now)
        except BaseException:
            self.ledger.forget_mark(mark)
            raise
        self.ledger.settle(key, mark, status)
        if self._snapshots is not None:
            self._snapshots.save(key, snapshot_of(status))

    def keep_snapshots(self) -> None:
        """Save what the next run starts from if the server is away then (blocking)."""
        if self._snapshots is None:
            return
        for key in self.ledger.budget_keys():
            if (snap := self._snapshot(key)) is not None:
                self._snapshots.save(key, snap)

    def _snapshot(self, key: str) -> BudgetSnapshot | None:
        # The last reading, with what was committed since: what the next run starts from.
        reading = self.ledger.reading(key)
        spend = self.ledger.known_spend(key)
        if reading is None or reading.budget is None or spend is None:
            return None
        return BudgetSnapshot(reading.budget, spend, reading.month_start, reading.month_end)
