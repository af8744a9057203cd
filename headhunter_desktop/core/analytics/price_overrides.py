"""Local price overrides (negotiated prices, local models), stored in the analytics database."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa

from headhunter_desktop.core.analytics.db import upsert, write_transaction
from headhunter_desktop.core.analytics.prices import PriceOverride
from headhunter_desktop.core.analytics.tables import price_overrides


def load_price_overrides(engine: sa.Engine) -> list[PriceOverride]:
    """Every override, ordered by model and effective date (what Pricer takes)."""
    t = price_overrides.c
    query = sa.select(
        t.model, t.input_per_mtok, t.output_per_mtok, t.cached_input_per_mtok, t.effective_from
    ).order_by(t.model, t.effective_from)
    with engine.connect() as conn:
        return [
            PriceOverride(
                model=row.model,
                input_per_mtok=row.input_per_mtok,
                output_per_mtok=row.output_per_mtok,
                cached_input_per_mtok=row.cached_input_per_mtok,
                effective_from=row.effective_from,
            )
            for row in conn.execute(query)
        ]


def add_price_override(engine: sa.Engine, override: PriceOverride) -> None:
    """Store an override; one with the same model and effective date is replaced."""
    for name in ("input_per_mtok", "output_per_mtok", "cached_input_per_mtok"):
        value = getattr(override, name)
        if value is not None and value < 0:
            raise ValueError(f"{name} cannot be negative")
    if not override.model.strip():
        raise ValueError("an override needs a model name")
    values = {
        "model": override.model,
        "input_per_mtok": override.input_per_mtok,
        "output_per_mtok": override.output_per_mtok,
        "cached_input_per_mtok": override.cached_input_per_mtok,
        "effective_from": override.effective_from,
        "created_at": datetime.now(UTC),
    }
    with write_transaction(engine) as conn:
        upsert(conn, price_overrides, values, ["model", "effective_from"])


def delete_price_override(engine: sa.Engine, model: str, effective_from: date) -> bool:
    """Remove one override; False if there was none."""
    t = price_overrides.c
    with write_transaction(engine) as conn:
        result = conn.execute(
            price_overrides.delete().where(t.model == model, t.effective_from == effective_from)
        )
    return result.rowcount > 0
