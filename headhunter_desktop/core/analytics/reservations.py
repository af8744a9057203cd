"""Hard caps that hold: what a client's month has cost, as far as this process can know it.

A client's spend this month, as counted here, is

- the last reading of the usage database (its month spend), plus
- this process's records that reading lacks: still in the writer or the spool (replayed
  spools included), or recorded after it was taken, plus
- the open reservations: each call in flight at its worst case, and budget holds, plus
- what other processes sharing the database have set aside (`shared_reservations`).

A call goes ahead only if that plus its own worst case stays within a hard cap. The check
and the reservation happen under one lock, so calls in flight together can never all pass
on the same figure. When the database is out of reach the last reading stays in force and
everything recorded since keeps adding to it.

Thread-safe: the writer's threads report records, the event loop reserves.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from headhunter_desktop.core.analytics.budgets import (
    Budget,
    BudgetState,
    BudgetStatus,
    month_bounds,
)
from headhunter_desktop.core.analytics.record import UsageRecord

ZERO = Decimal(0)


@dataclass
class _Local:
    """A record of this process that the database may not hold yet."""

    key: str
    at: datetime
    cost: Decimal
    seq: int
    committed: bool = False


@dataclass(frozen=True)
class ReadingMark:
    """Taken before the database is read: the local records that reading cannot hold."""

    seq: int  # records noted after this one are not in it
    uncommitted: frozenset[str]  # nor are these, not yet committed when it began


@dataclass(frozen=True)
class Reading:
    """The database's figure for one client and month, and which local records it lacks."""

    budget: Budget | None
    spend: Decimal
    month_start: datetime
    month_end: datetime
    mark: ReadingMark


# A reading that holds none of this process's records (one kept from an earlier run).
_EVERY_RECORD = ReadingMark(0, frozenset())


class Reservation:
    """Money set aside for calls not yet recorded; `release()` gives back what is left.

    A hold (one CV's parse and embedding, say) is a reservation that calls draw from:
    `draw` moves part of it into a reservation of the call's own, so the total set aside
    does not change until something is released.
    """

    def __init__(self, ledger: SpendLedger, key: str, amount: Decimal, *, override: bool):
        self.key = key
        # The user confirmed going past the hard cap: what draws from this may too.
        self.override = override
        self._ledger = ledger
        self._amount = amount

    @property
    def amount(self) -> Decimal:
        return self._amount

    def draw(self, wanted: Decimal) -> Reservation | None:
        """Up to `wanted` of what is left, as a reservation of its own (None: nothing left)."""
        with self._ledger.lock:
            taken = min(wanted, self._amount)
            if taken <= 0:
                return None
            self._amount -= taken
        return Reservation(self._ledger, self.key, taken, override=self.override)

    def release(self) -> None:
        """Give back what is left (the call's record, if any, counts from now on)."""
        with self._ledger.lock:
            self._ledger.reserved[self.key] -= self._amount
            self._amount = ZERO


class SpendLedger:
    """Local records, readings of the database and open reservations, per budget key.

    The key is the client's UUID, as budgets are keyed. Also the usage writer's observer:
    it reports records entering the pipeline and records done (committed or set aside).
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.reserved: dict[str, Decimal] = {}
        self._local: dict[str, _Local] = {}
        self._seq = 0
        self._readings: dict[str, Reading] = {}
        self._marks: list[ReadingMark] = []  # readings under way

    # -- the usage writer's observer --------------------------------------------------
    def records_pending(self, records: Iterable[UsageRecord]) -> None:
        """Records submitted, or replayed from a spool: not in the database yet."""
        with self.lock:
            for record in records:
                if record.client_uuid is not None and record.id not in self._local:
                    self._seq += 1
                    cost = record.cost_usd if record.cost_usd is not None else ZERO
                    self._local[record.id] = _Local(
                        record.client_uuid, record.occurred_at, Decimal(cost), self._seq
                    )

    def records_done(self, records: Iterable[UsageRecord]) -> None:
        """Records committed (or set aside): a reading taken from now on holds them."""
        with self.lock:
            for record in records:
                if (local := self._local.get(record.id)) is not None:
                    local.committed = True
            if len(self._local) > 1000:
                self._forget_counted()

    # -- readings ---------------------------------------------------------------------
    def mark(self) -> ReadingMark:
        """Call just before reading the database; then `settle` or `forget_mark`."""
        with self.lock:
            uncommitted = frozenset(i for i, r in self._local.items() if not r.committed)
            mark = ReadingMark(self._seq, uncommitted)
            self._marks.append(mark)
            return mark

    def forget_mark(self, mark: ReadingMark) -> None:
        """The reading failed: the last one stays in force."""
        with self.lock:
            self._marks.remove(mark)

    def settle(self, key: str, mark: ReadingMark, status: BudgetStatus) -> None:
        """The database answered `status` (budget and month spend) after `mark`."""
        with self.lock:
            self._marks.remove(mark)
            self._readings[key] = Reading(
                status.budget, status.spent_usd, status.month_start, status.month_end, mark
            )
            self._forget_counted()

    def adopt(
        self, key: str, budget: Budget, spend: Decimal, month: tuple[datetime, datetime]
    ) -> None:
        """A reading kept from an earlier run, unless one was taken since: every local
        record counts on top of it (the spools replayed at start hold what it lacks)."""
        with self.lock:
            if key not in self._readings:
                self._readings[key] = Reading(budget, spend, *month, _EVERY_RECORD)

    def budget_keys(self) -> list[str]:
        """The budget keys read so far."""
        with self.lock:
            return list(self._readings)

    def reading(self, key: str) -> Reading | None:
        with self.lock:
            return self._readings.get(key)

    def known_spend(self, key: str) -> Decimal | None:
        """The last reading plus the local records it lacks that are committed since: what
        the database held a moment ago, for a snapshot kept across runs."""
        with self.lock:
            reading = self._readings.get(key)
            if reading is None:
                return None
            start, end = reading.month_start, reading.month_end
            return reading.spend + self._unread(key, reading.mark, start, end, committed=True)

    # -- reservations -----------------------------------------------------------------
    def reserve(
        self, key: str, amount: Decimal, now: datetime, *, override: bool, others: Decimal = ZERO
    ) -> tuple[Reservation | None, BudgetStatus]:
        """Set `amount` aside unless it would take `key` past a hard cap (then None, with
        the blocked status); `others`: what other processes have set aside. `now` carries
        the user's time zone: months are theirs."""
        start, end = month_bounds(now)
        with self.lock:
            reading = self._readings.get(key)
            budget = reading.budget if reading else None
            spent = self._month_spend(key, reading, start, end) + others
            state = _state(budget, spent + amount)
            status = BudgetStatus(state, budget, spent, amount, start, end)
            if budget is None or (state == "blocked" and not override):
                return None, status
            self.reserved[key] = self.reserved.get(key, ZERO) + amount
            return Reservation(self, key, amount, override=override), status

    def published_amount(self, key: str, now: datetime) -> Decimal:
        """What other processes must count for this one: its reservations for `key` and
        its records of this month not committed yet."""
        start, end = month_bounds(now)
        with self.lock:
            waiting = sum(
                (
                    r.cost
                    for r in self._local.values()
                    if r.key == key and not r.committed and start <= r.at < end
                ),
                ZERO,
            )
            return self.reserved.get(key, ZERO) + waiting

    def _month_spend(
        self, key: str, reading: Reading | None, start: datetime, end: datetime
    ) -> Decimal:
        if reading is None:
            return ZERO
        if reading.month_start == start:
            recorded = reading.spend + self._unread(key, reading.mark, start, end)
        else:  # a reading of an earlier month (offline since): every record of this one counts
            recorded = self._unread(key, _EVERY_RECORD, start, end)
        return recorded + self.reserved.get(key, ZERO)

    def _unread(
        self,
        key: str,
        mark: ReadingMark,
        start: datetime,
        end: datetime,
        *,
        committed: bool = False,
    ) -> Decimal:
        """Cost of `key`'s local records of [start, end) that a reading after `mark` lacks
        (with `committed`, only those committed by now)."""
        return sum(
            (
                local.cost
                for record_id, local in self._local.items()
                if local.key == key
                and start <= local.at < end
                and (local.seq > mark.seq or record_id in mark.uncommitted)
                and (local.committed or not committed)
            ),
            ZERO,
        )

    def _forget_counted(self) -> None:
        # A committed record every reading (and every reading under way) holds is in the
        # database for good: only the database's figure needs it from now on.
        marks = [r.mark for r in self._readings.values()] + self._marks
        oldest = min((m.seq for m in marks), default=self._seq)
        needed = set().union(*(m.uncommitted for m in marks))
        self._local = {
            i: r for i, r in self._local.items() if not r.committed or r.seq > oldest or i in needed
        }


def _state(budget: Budget | None, projected: Decimal) -> BudgetState:
    if budget is None:
        return "ok"
    if budget.hard_cap and projected > budget.monthly_limit_usd:
        return "blocked"
    if projected >= budget.warn_ratio * budget.monthly_limit_usd:
        return "warn"
    return "ok"
