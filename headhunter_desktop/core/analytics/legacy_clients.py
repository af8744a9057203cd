"""Usage recorded before clients had UUIDs, moved onto the UUID where that is unambiguous.

Old records, rollup rows and budgets name a client by a main-database id only (the
"legacy:N" key). Only on a usage database that a single main database ever wrote, the
data folder's own analytics.db, does id N surely mean that database's client N: there,
and only there, the app moves them onto the client's UUID, so its history and its
budget (a hard cap above all) carry on after the upgrade. On a shared server they stay
apart under their legacy key: an id there may be any laptop's client.
"""

from __future__ import annotations

import sqlalchemy as sa

from headhunter_desktop.core.analytics.db import write_transaction
from headhunter_desktop.core.analytics.rollups import move_client_rollups
from headhunter_desktop.core.analytics.tables import (
    LEGACY_PREFIX,
    budgets,
    client_condition,
    legacy_id,
    monthly_rollups,
    usage_records,
)


def legacy_client_ids(engine: sa.Engine) -> set[int]:
    """Old ids that still have usage or a budget of their own (cheap: no detail scan).

    Every record is counted in monthly_rollups, so its client keys cover the records.
    """
    like = f"{LEGACY_PREFIX}%"
    with engine.connect() as conn:
        keys = set(
            conn.execute(
                sa.select(monthly_rollups.c.client_key).where(
                    monthly_rollups.c.client_key.like(like)
                )
            ).scalars()
        )
        keys |= set(
            conn.execute(
                sa.select(budgets.c.client_uuid).where(budgets.c.client_uuid.like(like))
            ).scalars()
        )
    return {old for key in keys if (old := legacy_id(key)) is not None}


def adopt_legacy_client(engine: sa.Engine, old_id: int, uuid: str) -> int:
    """Count the records, rollups and budget of old id `old_id` as client `uuid`'s, in one
    transaction; returns how many records moved. A budget set for `uuid` already wins."""
    key = f"{LEGACY_PREFIX}{old_id}"
    with write_transaction(engine) as conn:
        moved = conn.execute(
            usage_records.update().where(client_condition(key)).values(client_uuid=uuid)
        ).rowcount
        move_client_rollups(conn, key, uuid)
        _move_budget(conn, key, uuid)
    return moved


def _move_budget(conn: sa.Connection, key: str, uuid: str) -> None:
    b = budgets.c
    if conn.execute(sa.select(b.client_uuid).where(b.client_uuid == uuid)).first() is None:
        conn.execute(budgets.update().where(b.client_uuid == key).values(client_uuid=uuid))
    else:
        conn.execute(budgets.delete().where(b.client_uuid == key))
