"""Retention keeps month totals; reprice revises costs with an audit trail; price overrides."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from headhunter_desktop.core.analytics.price_overrides import (
    add_price_override,
    delete_price_override,
    load_price_overrides,
)
from headhunter_desktop.core.analytics.prices import PriceOverride, Pricer
from headhunter_desktop.core.analytics.queries import UsageQuery, usage_breakdown, usage_totals
from headhunter_desktop.core.analytics.record import UsageRecord
from headhunter_desktop.core.analytics.reprice import reprice
from headhunter_desktop.core.analytics.retention import apply_retention, retention_cutoff_for
from headhunter_desktop.core.analytics.tables import cost_revisions, usage_records
from tests.helpers.usage_db import count_rows, insert
from tests.helpers.usage_records import client_uuid_of, make_record, random_records, record_id

NOW = datetime(2025, 5, 20, tzinfo=UTC)
MONTHS = [(date(2025, m, 1), date(2025, m + 1, 1) - timedelta(days=1)) for m in range(1, 6)]


def _month_figures(engine: sa.Engine) -> list[object]:
    out: list[object] = []
    for start, end in MONTHS:
        for client in (None, client_uuid_of(1), "legacy:3"):
            q = UsageQuery(client_uuid=client, start=start, end=end)
            out.append(usage_totals(engine, q))
            out += [usage_breakdown(engine, q, by) for by in ("action", "model", "client")]
    return out


def test_retention_keeps_month_totals(engine: sa.Engine) -> None:
    insert(engine, random_records(400))
    before = _month_figures(engine)
    all_days = usage_breakdown(engine, UsageQuery(), "day")
    whole = usage_totals(engine, UsageQuery())

    result = apply_retention(engine, 2, NOW)  # keep March, April, May
    assert result.cutoff_month == date(2025, 3, 1)
    assert result.deleted_records > 0 and result.rolled_up_months == 2
    with engine.connect() as conn:
        oldest = conn.execute(sa.select(sa.func.min(usage_records.c.occurred_at))).scalar()
    assert oldest >= datetime(2025, 3, 1, tzinfo=UTC)

    assert _month_figures(engine) == before
    assert usage_totals(engine, UsageQuery()) == whole
    assert usage_breakdown(engine, UsageQuery(), "day") == all_days  # all clients: kept


def test_late_records_for_removed_months_still_count(engine: sa.Engine) -> None:
    insert(engine, random_records(200))
    apply_retention(engine, 2, NOW)
    february = UsageQuery(start=date(2025, 2, 1), end=date(2025, 2, 28))
    before = usage_totals(engine, february)
    late = make_record(id=record_id(10_000), occurred_at=datetime(2025, 2, 10, tzinfo=UTC))
    insert(engine, [late])  # an offline laptop syncing its spool
    after = usage_totals(engine, february)
    assert after.calls == before.calls + 1
    assert after.cost_usd == before.cost_usd + late.cost_usd
    # The next run removes the late row without rebuilding February from it alone.
    second = apply_retention(engine, 2, NOW + timedelta(days=1))
    assert (second.deleted_records, second.rolled_up_months) == (1, 0)
    assert usage_totals(engine, february) == after


def test_retention_cutoff() -> None:
    assert retention_cutoff_for(12, datetime(2026, 1, 15, tzinfo=UTC)) == date(2025, 1, 1)
    assert retention_cutoff_for(1, datetime(2026, 1, 15, tzinfo=UTC)) == date(2025, 12, 1)
    with pytest.raises(ValueError):
        retention_cutoff_for(0, NOW)


def test_price_overrides_are_stored_and_replaced(engine: sa.Engine) -> None:
    first = PriceOverride("llama3", Decimal("0"), Decimal("0"), None, date(2025, 1, 1))
    nego = PriceOverride(
        "gpt-4o-mini", Decimal("0.1"), Decimal("0.5"), Decimal("0.05"), date(2025, 3, 1)
    )
    add_price_override(engine, first)
    add_price_override(engine, nego)
    add_price_override(
        engine, PriceOverride("llama3", Decimal("0.01"), Decimal("0.02"), None, date(2025, 1, 1))
    )
    loaded = load_price_overrides(engine)
    assert loaded == [
        nego,
        PriceOverride("llama3", Decimal("0.01"), Decimal("0.02"), None, date(2025, 1, 1)),
    ]
    assert delete_price_override(engine, "llama3", date(2025, 1, 1))
    assert not delete_price_override(engine, "llama3", date(2025, 1, 1))
    assert load_price_overrides(engine) == [nego]


def _llama(index: int, at: datetime) -> UsageRecord:
    """A call to a local model nobody has priced yet: 1M tokens in, 0.5M out."""
    return make_record(
        id=record_id(index),
        requested_model="llama3",
        model="llama3",
        cost_usd=None,
        price_source="unpriced",
        tokens_input=1_000_000,
        tokens_cached_input=0,
        tokens_output=500_000,
        tokens_reasoning=0,
        occurred_at=at,
    )


def test_reprice_revises_costs_and_keeps_the_old_ones(engine: sa.Engine) -> None:
    local = [_llama(i, datetime(2025, 3, 11 + i, tzinfo=UTC)) for i in range(3)]
    other = make_record(id=record_id(9), occurred_at=datetime(2025, 3, 11, tzinfo=UTC))
    other.cost_usd = (
        Pricer()
        .price(
            other.model,
            tokens_input=other.tokens_input,
            tokens_cached_input=other.tokens_cached_input,
            tokens_output=other.tokens_output,
            tokens_reasoning=other.tokens_reasoning,
            at=other.occurred_at,
        )
        .cost_usd
    )  # already right: reprice must leave it alone
    outside = _llama(8, datetime(2025, 4, 2, tzinfo=UTC))
    insert(engine, [*local, other, outside])
    march = UsageQuery(start=date(2025, 3, 1), end=date(2025, 3, 31))
    before = usage_totals(engine, march)
    assert before.unpriced_calls == 3

    # The agency says its local model costs $0.20 in and $0.40 out per million tokens
    # from March 12th: the first call stays unpriced, the two others get a price.
    override = PriceOverride("llama3", Decimal("0.2"), Decimal("0.4"), None, date(2025, 3, 12))
    add_price_override(engine, override)
    pricer = Pricer(load_price_overrides(engine))
    start, end = datetime(2025, 3, 1, tzinfo=UTC), datetime(2025, 4, 1, tzinfo=UTC)
    assert reprice(engine, pricer, start, end, reason="local model price") == 2

    after = usage_totals(engine, march)
    assert after.unpriced_calls == 1
    assert after.cost_usd == before.cost_usd + 2 * Decimal("0.4")
    with engine.connect() as conn:
        revisions = conn.execute(
            sa.select(cost_revisions).order_by(cost_revisions.c.record_id)
        ).all()
        outside_cost = conn.execute(
            sa.select(usage_records.c.cost_usd).where(usage_records.c.id == record_id(8))
        ).scalar()
    audit = [
        (r.record_id, r.old_cost_usd, r.old_price_source, r.new_cost_usd, r.new_price_source)
        for r in revisions
    ]
    assert audit == [
        (record_id(1), None, "unpriced", Decimal("0.4"), "override"),
        (record_id(2), None, "unpriced", Decimal("0.4"), "override"),
    ]
    assert all(r.reason == "local model price" for r in revisions)
    assert outside_cost is None  # April was not in the period

    # Nothing changed since: a second run revises nothing.
    assert reprice(engine, pricer, start, end) == 0

    # The rollups moved with the records: full-month (rollup) and day (quarter-hour) paths agree.
    days = usage_breakdown(engine, march, "day")
    assert sum((d.cost_usd for d in days), Decimal(0)) == after.cost_usd
    assert count_rows(engine) == 5


def test_retention_removes_the_revisions_of_removed_records(engine: sa.Engine) -> None:
    old = _llama(1, datetime(2025, 1, 5, tzinfo=UTC))
    insert(engine, [old])
    add_price_override(
        engine, PriceOverride("llama3", Decimal(1), Decimal(1), None, date(2025, 1, 1))
    )
    pricer = Pricer(load_price_overrides(engine))
    reprice(engine, pricer, datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 2, 1, tzinfo=UTC))
    apply_retention(engine, 2, NOW)
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(cost_revisions)).scalar() == 0
    january = usage_totals(engine, UsageQuery(start=date(2025, 1, 1), end=date(2025, 1, 31)))
    assert january.calls == 1 and january.unpriced_calls == 0
