"""A cheap fingerprint of the usage data, so a live view refreshes only when it changed.

Another laptop sharing the database commits calls this process never sees; polling the
whole panel every two seconds would cost a full aggregation each time. The monthly
rollups are kept in step with every insert and every reprice (rollups.py) and hold a few
rows per client, action, model and month, so their sums change with any new call or cost.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa

from headhunter_desktop.core.analytics.tables import monthly_rollups, usage_records


@dataclass(frozen=True)
class UsageSignature:
    """Calls and cost over all time, and the newest call's time (epoch seconds)."""

    calls: int
    cost_usd: Decimal
    latest_epoch: int | None


def usage_signature(engine: sa.Engine) -> UsageSignature:
    """The fingerprint: two small queries (a sum over the rollups, an index lookup)."""
    m, r = monthly_rollups.c, usage_records.c
    with engine.connect() as conn:
        calls, cost = conn.execute(sa.select(sa.func.sum(m.calls), sa.func.sum(m.cost_usd))).one()
        latest = conn.execute(sa.select(sa.func.max(r.occurred_epoch))).scalar()
    return UsageSignature(
        int(calls or 0), Decimal(cost or 0), None if latest is None else int(latest)
    )
