"""What each piece of work cost: the calls recorded for one entity (a CV file, a job
posting, a department, an interview, a company profile), summed.

Which candidate a CV file belongs to, and what a job is called, live in the main
database: core/services/entity_labels.py names the entities and sums a candidate's CV
files. Calls recorded for no entity (a search query) are left out. The client of a
piece of work is that of its latest call, with the name that call recorded.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from headhunter_desktop.core.analytics.call_log import CallFilter, conditions
from headhunter_desktop.core.analytics.tables import client_key, usage_records


@dataclass(frozen=True)
class WorkCost:
    """The calls of one entity. cost_usd sums the priced ones; unpriced_calls says how
    many have no known price (so a cost of 0 with unpriced calls is not "free")."""

    entity_type: str
    entity_id: str
    client_key: str
    client_name: str | None
    calls: int
    tokens_total: int
    cost_usd: Decimal
    unpriced_calls: int
    first_at: datetime
    last_at: datetime


def work_costs(engine: sa.Engine, f: CallFilter, entity_type: str | None = None) -> list[WorkCost]:
    """The calls `f` selects, per (entity_type, entity_id), most expensive first (then the
    most calls, then by type and id); `entity_type` narrows to one kind of work."""
    r = usage_records.c
    if entity_type is not None:
        if f.entity_type not in (None, entity_type):
            return []  # the filter's own kind of work and this one differ
        f = dataclasses.replace(f, entity_type=entity_type)
    query = (
        sa.select(
            r.entity_type,
            r.entity_id,
            sa.func.count().label("calls"),
            sa.func.sum(r.tokens_total).label("tokens_total"),
            sa.func.sum(r.cost_usd).label("cost"),
            sa.func.count().filter(r.cost_usd.is_(None)).label("unpriced"),
            sa.func.min(r.occurred_at).label("first_at"),
            sa.func.max(r.occurred_at).label("last_at"),
        )
        .where(*conditions(f), r.entity_type.is_not(None), r.entity_id.is_not(None))
        .group_by(r.entity_type, r.entity_id)
    )
    with engine.connect() as conn:
        groups = conn.execute(query).all()
        clients = _latest_clients(conn, f, [(g.entity_type, g.entity_id) for g in groups])
    costs = [_work_cost(group, clients[(group.entity_type, group.entity_id)]) for group in groups]
    costs.sort(key=lambda c: (-c.cost_usd, -c.calls, c.entity_type, c.entity_id))
    return costs


def _latest_clients(
    conn: sa.Connection, f: CallFilter, refs: list[tuple[str, str]]
) -> dict[tuple[str, str], tuple[str, str | None]]:
    # The client (key, name snapshot) of each entity's latest call among those selected.
    r = usage_records.c
    if not refs:
        return {}
    ranked = (
        sa.select(
            r.entity_type,
            r.entity_id,
            r.client_uuid,
            r.client_company_id,
            r.client_company_name,
            sa.func.row_number()
            .over(
                partition_by=(r.entity_type, r.entity_id),
                order_by=(r.occurred_epoch.desc(), r.id.desc()),
            )
            .label("rank"),
        )
        .where(*conditions(f), r.entity_type.is_not(None), r.entity_id.is_not(None))
        .subquery()
    )
    latest = sa.select(ranked).where(ranked.c.rank == 1)
    return {
        (row.entity_type, row.entity_id): (
            client_key(row.client_uuid, row.client_company_id),
            row.client_company_name,
        )
        for row in conn.execute(latest)
    }


def _work_cost(group: Any, client: tuple[str, str | None]) -> WorkCost:
    return WorkCost(
        entity_type=group.entity_type,
        entity_id=group.entity_id,
        client_key=client[0],
        client_name=client[1],
        calls=int(group.calls),
        tokens_total=int(group.tokens_total or 0),
        cost_usd=_money(group.cost),
        unpriced_calls=int(group.unpriced),
        first_at=group.first_at,
        last_at=group.last_at,
    )


def _money(total: Any) -> Decimal:
    # sum() of the Money column comes back raw: scaled integers on SQLite, NUMERIC on PG.
    if total is None:
        return Decimal(0)
    if isinstance(total, int):
        return Decimal(total).scaleb(-12)
    return Decimal(total).quantize(Decimal("1e-12"))
