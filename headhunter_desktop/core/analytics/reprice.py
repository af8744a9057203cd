"""Reprice: recompute stored costs after price overrides change, keeping the old values."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Protocol

import sqlalchemy as sa

from headhunter_desktop.core.analytics.columns import Money
from headhunter_desktop.core.analytics.db import write_transaction
from headhunter_desktop.core.analytics.record_insert import epoch_seconds, quantize_cost
from headhunter_desktop.core.analytics.rollups import (
    COST_INDEX,
    UNPRICED_INDEX,
    apply_deltas,
    month_key,
    time_deltas,
    time_measures,
    zero_measures,
)
from headhunter_desktop.core.analytics.tables import cost_revisions, usage_records

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
) -> int:
    """Reprice records in [start, end) at each one's own time; returns how many changed.

    Every change writes a cost_revisions row with the old and new cost, and moves the
    rollups by the difference. Work is committed in chunks, each one consistent, so an
    interrupted run can simply be repeated. Months removed by retention are not touched.
    """
    first, stop = epoch_seconds(start), epoch_seconds(end)
    after: tuple[int, str] = (first - 1, "")
    changed = 0
    while True:
        with write_transaction(engine) as conn:
            rows = _next_chunk(conn, first, stop, after)
            if not rows:
                return changed
            changed += _apply(conn, pricer, rows, reason)
        after = (rows[-1]["occurred_epoch"], rows[-1]["id"])


def _next_chunk(
    conn: sa.Connection, first: int, stop: int, after: tuple[int, str]
) -> list[dict[str, Any]]:
    r = usage_records.c
    query = (
        sa.select(usage_records)
        .where(r.occurred_epoch >= first, r.occurred_epoch < stop)
        .where(sa.tuple_(r.occurred_epoch, r.id) > sa.tuple_(*after))
        .order_by(r.occurred_epoch, r.id)
        .limit(_CHUNK)
    )
    return [dict(row._mapping) for row in conn.execute(query)]


def _apply(conn: sa.Connection, pricer: PricerLike, rows: list[dict[str, Any]], reason: str) -> int:
    now = datetime.now(UTC)
    revisions, updates = [], []
    months: dict[Any, list[Any]] = {}
    times = time_deltas()
    for row in rows:
        price = pricer.price(
            row["model"] or row["requested_model"],
            tokens_input=row["tokens_input"],
            tokens_cached_input=row["tokens_cached_input"],
            tokens_output=row["tokens_output"],
            tokens_reasoning=row["tokens_reasoning"],
            at=row["occurred_at"],
        )
        new_cost = quantize_cost(price.cost_usd)
        if (new_cost, price.source) == (row["cost_usd"], row["price_source"]):
            continue
        revisions.append(
            {
                "record_id": row["id"],
                "old_cost_usd": row["cost_usd"],
                "old_price_source": row["price_source"],
                "new_cost_usd": new_cost,
                "new_price_source": price.source,
                "revised_at": now,
                "reason": reason,
            }
        )
        updates.append({"rid": row["id"], "new_cost": new_cost, "new_source": price.source})
        for delta in (
            months.setdefault(month_key(row), zero_measures()),
            *time_measures(times, row["occurred_epoch"]),
        ):
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
    apply_deltas(conn, months, times)
    return len(updates)


def _add_cost_change(delta: list[Any], old: Decimal | None, new: Decimal | None) -> None:
    delta[UNPRICED_INDEX] += (new is None) - (old is None)
    delta[COST_INDEX] += (new or Decimal(0)) - (old or Decimal(0))
