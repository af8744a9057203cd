"""Reprice: recompute stored costs after price overrides change, keeping the old values.

`reprice_preview` prices the same calls the same way without writing anything, so a user
sees what a reprice would change (how many calls, which clients, totals before and
after) before confirming it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Protocol

import sqlalchemy as sa

from headhunter_desktop.core.analytics.columns import Money
from headhunter_desktop.core.analytics.db import write_transaction
from headhunter_desktop.core.analytics.record_insert import epoch_seconds, quantize_cost
from headhunter_desktop.core.analytics.rollups import COST_INDEX, UNPRICED_INDEX, RollupDeltas
from headhunter_desktop.core.analytics.tables import (
    client_condition,
    cost_revisions,
    usage_records,
)
from headhunter_desktop.core.analytics.tables import client_key as key_of_client

_CHUNK = 2000


class PricerLike(Protocol):
    """What reprice needs of `prices.Pricer`."""

    def price(
        self,
        model: str,
        *,
        tokens_input: int,
        tokens_cached_input: int,
        tokens_output: int,
        tokens_reasoning: int,
        at: datetime,
    ) -> Any: ...


def reprice(
    engine: sa.Engine,
    pricer: PricerLike,
    start: datetime,
    end: datetime,
    *,
    reason: str = "reprice",
    client_key: str | None = None,
) -> int:
    """Reprice records in [start, end) at each one's own time; returns how many changed.

    client_key: only that client's records (a UUID, "legacy:N", or NO_CLIENT); None: all.
    Every change writes a cost_revisions row with the old and new cost, and moves the
    rollups by the difference. Work is committed in chunks, each one consistent, so an
    interrupted run can simply be repeated. Months removed by retention are not touched.
    """
    first, stop = epoch_seconds(start), epoch_seconds(end)
    after: tuple[int, str] = (first - 1, "")
    changed = 0
    while True:
        with write_transaction(engine) as conn:
            rows = _next_chunk(conn, first, stop, after, client_key)
            if not rows:
                return changed
            changed += _apply(conn, pricer, rows, reason)
        after = (rows[-1]["occurred_epoch"], rows[-1]["id"])


@dataclass(frozen=True)
class RepricePreview:
    """What a reprice of the same period and client would change.

    calls: how many calls would change. clients: (client_key, name, cost before, cost
    after) of each client with a changed call, by name (calls for no client last);
    before/after sum only its changed calls, None when none of them has a price on that
    side. The totals sum every changed call's known cost. newly_priced: unpriced calls
    that get a price; newly_unpriced: priced calls that lose theirs.
    """

    calls: int
    clients: list[tuple[str, str | None, Decimal | None, Decimal | None]]
    before_total: Decimal
    after_total: Decimal
    newly_priced: int
    newly_unpriced: int


def reprice_preview(
    engine: sa.Engine,
    pricer: PricerLike,
    start: datetime,
    end: datetime,
    client_key: str | None = None,
) -> RepricePreview:
    """What `reprice(engine, pricer, start, end, client_key=client_key)` would change;
    writes nothing."""
    first, stop = epoch_seconds(start), epoch_seconds(end)
    after: tuple[int, str] = (first - 1, "")
    clients: dict[str, list[Any]] = {}  # key -> [name, before, after]
    counts = {"calls": 0, "newly_priced": 0, "newly_unpriced": 0}
    while True:
        with engine.connect() as conn:
            rows = _next_chunk(conn, first, stop, after, client_key)
        if not rows:
            break
        for row in rows:
            new_cost, new_source = _new_price(pricer, row)
            if (new_cost, new_source) == (row["cost_usd"], row["price_source"]):
                continue
            _count_change(counts, clients, row, new_cost)
        after = (rows[-1]["occurred_epoch"], rows[-1]["id"])
    return _preview(counts, clients)


def _count_change(
    counts: dict[str, int], clients: dict[str, list[Any]], row: dict[str, Any], new: Any
) -> None:
    old = row["cost_usd"]
    counts["calls"] += 1
    counts["newly_priced"] += old is None and new is not None
    counts["newly_unpriced"] += old is not None and new is None
    key = key_of_client(row["client_uuid"], row["client_company_id"])
    entry = clients.setdefault(key, [None, None, None])
    entry[0] = row["client_company_name"] or entry[0]  # the latest name seen (time order)
    if old is not None:
        entry[1] = (entry[1] or Decimal(0)) + old
    if new is not None:
        entry[2] = (entry[2] or Decimal(0)) + new


def _preview(counts: dict[str, int], clients: dict[str, list[Any]]) -> RepricePreview:
    rows = [(key, name, before, after) for key, (name, before, after) in clients.items()]
    rows.sort(key=lambda c: (c[1] is None, (c[1] or "").casefold(), c[0]))
    return RepricePreview(
        calls=counts["calls"],
        clients=rows,
        before_total=sum((c[2] or Decimal(0) for c in rows), Decimal(0)),
        after_total=sum((c[3] or Decimal(0) for c in rows), Decimal(0)),
        newly_priced=counts["newly_priced"],
        newly_unpriced=counts["newly_unpriced"],
    )


def _next_chunk(
    conn: sa.Connection,
    first: int,
    stop: int,
    after: tuple[int, str],
    client_key: str | None = None,
) -> list[dict[str, Any]]:
    r = usage_records.c
    query = (
        sa.select(usage_records)
        .where(r.occurred_epoch >= first, r.occurred_epoch < stop)
        .where(sa.tuple_(r.occurred_epoch, r.id) > sa.tuple_(*after))
        .order_by(r.occurred_epoch, r.id)
        .limit(_CHUNK)
    )
    if client_key is not None:
        query = query.where(client_condition(client_key))
    return [dict(row._mapping) for row in conn.execute(query)]


def _new_price(pricer: PricerLike, row: dict[str, Any]) -> tuple[Decimal | None, str]:
    price = pricer.price(
        row["model"] or row["requested_model"],
        tokens_input=row["tokens_input"],
        tokens_cached_input=row["tokens_cached_input"],
        tokens_output=row["tokens_output"],
        tokens_reasoning=row["tokens_reasoning"],
        at=row["occurred_at"],
    )
    return quantize_cost(price.cost_usd), price.source


def _apply(conn: sa.Connection, pricer: PricerLike, rows: list[dict[str, Any]], reason: str) -> int:
    now = datetime.now(UTC)
    revisions, updates = [], []
    deltas = RollupDeltas()
    for row in rows:
        new_cost, new_source = _new_price(pricer, row)
        if (new_cost, new_source) == (row["cost_usd"], row["price_source"]):
            continue
        revisions.append(
            {
                "record_id": row["id"],
                "old_cost_usd": row["cost_usd"],
                "old_price_source": row["price_source"],
                "new_cost_usd": new_cost,
                "new_price_source": new_source,
                "revised_at": now,
                "reason": reason,
            }
        )
        updates.append({"rid": row["id"], "new_cost": new_cost, "new_source": new_source})
        for delta in deltas.measures_of(row):
            _add_cost_change(delta, row["cost_usd"], new_cost)
    if not updates:
        return 0
    conn.execute(cost_revisions.insert(), revisions)
    conn.execute(
        usage_records.update()
        .where(usage_records.c.id == sa.bindparam("rid"))
        .values(
            cost_usd=sa.bindparam("new_cost", type_=Money()),
            price_source=sa.bindparam("new_source"),
        ),
        updates,
    )
    deltas.apply(conn)
    return len(updates)


def _add_cost_change(delta: list[Any], old: Decimal | None, new: Decimal | None) -> None:
    delta[UNPRICED_INDEX] += (new is None) - (old is None)
    delta[COST_INDEX] += (new or Decimal(0)) - (old or Decimal(0))
