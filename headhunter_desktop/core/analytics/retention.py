"""Retention: drop detail rows older than N months, keeping their monthly totals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import sqlalchemy as sa

from headhunter_desktop.core.analytics import local_days
from headhunter_desktop.core.analytics.db import write_transaction
from headhunter_desktop.core.analytics.period_plan import retention_cutoff
from headhunter_desktop.core.analytics.rollup_rebuild import rebuild_months
from headhunter_desktop.core.analytics.tables import retention_state, usage_records


@dataclass(frozen=True)
class RetentionResult:
    """What a retention run did."""

    cutoff_month: date  # the oldest UTC month that keeps its detail rows
    deleted_records: int
    rolled_up_months: int  # months whose rollups were rebuilt from detail before deleting


def retention_cutoff_for(months: int, now: datetime) -> date:
    """The first UTC month kept: the current month and the `months` before it stay."""
    if months < 1:
        raise ValueError("retention keeps at least one month")
    current = local_days.month_floor(now.astimezone(UTC).date())
    index = current.year * 12 + current.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def apply_retention(engine: sa.Engine, months: int, now: datetime) -> RetentionResult:
    """Roll up, then delete, detail rows before the cutoff month, in one transaction."""
    cutoff = retention_cutoff_for(months, now)
    with write_transaction(engine) as conn:
        if conn.dialect.name == "postgresql":
            # Writers wait until we commit: a record inserted between the rebuild and the
            # delete would otherwise be deleted without being rolled up.
            conn.execute(sa.text("LOCK TABLE usage_records IN SHARE ROW EXCLUSIVE MODE"))
        previous = retention_cutoff(conn)
        if previous is not None and previous >= cutoff:
            cutoff = previous  # a cutoff never moves back: those rows are gone
        rebuilt = _roll_up(conn, previous, cutoff)
        deleted = conn.execute(
            usage_records.delete().where(
                usage_records.c.occurred_epoch < local_days.month_epoch(cutoff)
            )
        ).rowcount
        _save_cutoff(conn, previous, cutoff, now)
    return RetentionResult(cutoff, deleted, rebuilt)


def _roll_up(conn: sa.Connection, previous: date | None, cutoff: date) -> int:
    # Months before the previous cutoff are already final in monthly_rollups (their
    # late-arriving records were counted in on insert); only newer ones are rebuilt.
    floor = local_days.month_epoch(previous) if previous else local_days.LOW
    oldest = conn.execute(
        sa.select(sa.func.min(usage_records.c.occurred_epoch)).where(
            usage_records.c.occurred_epoch >= floor,
            usage_records.c.occurred_epoch < local_days.month_epoch(cutoff),
        )
    ).scalar()
    if oldest is None:
        return 0
    first = local_days.month_of_epoch(int(oldest))
    rebuild_months(conn, first, cutoff)
    return (cutoff.year - first.year) * 12 + cutoff.month - first.month


def _save_cutoff(conn: sa.Connection, previous: date | None, cutoff: date, now: datetime) -> None:
    values = {"cutoff_month": cutoff, "applied_at": now.astimezone(UTC)}
    if previous is None:
        conn.execute(retention_state.insert().values(id=1, **values))
    else:
        conn.execute(retention_state.update().where(retention_state.c.id == 1).values(**values))
