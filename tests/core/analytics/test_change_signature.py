"""The usage data's change signature moves with every new call and every reprice, and
stays put otherwise (the Usage tab refreshes only when it moves)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import sqlalchemy as sa

from headhunter_desktop.core.analytics.change_signature import UsageSignature, usage_signature
from headhunter_desktop.core.analytics.price_overrides import (
    add_price_override,
    load_price_overrides,
)
from headhunter_desktop.core.analytics.prices import PriceOverride, Pricer
from headhunter_desktop.core.analytics.record_insert import epoch_seconds
from headhunter_desktop.core.analytics.reprice import reprice
from tests.helpers.usage_db import insert
from tests.helpers.usage_records import make_record, record_id


def test_new_calls_and_reprices_move_the_signature(engine: sa.Engine) -> None:
    assert usage_signature(engine) == UsageSignature(0, Decimal(0), None)
    first = datetime(2025, 3, 2, 9, tzinfo=UTC)
    later = datetime(2025, 3, 20, 9, tzinfo=UTC)
    local = {"model": "llama3", "requested_model": "llama3", "price_source": "unpriced"}
    records = [
        make_record(id=record_id(1), occurred_at=later, cost_usd=Decimal("0.25")),
        make_record(id=record_id(2), occurred_at=first, cost_usd=None, **local),
    ]
    insert(engine, records)
    signature = usage_signature(engine)
    assert signature == UsageSignature(2, Decimal("0.25"), epoch_seconds(later))
    assert usage_signature(engine) == signature  # nothing new: the same

    # An older call committed late (another laptop's spool) still moves it.
    insert(engine, [make_record(id=record_id(3), occurred_at=first, cost_usd=Decimal("1"))])
    before_reprice = usage_signature(engine)
    assert before_reprice == UsageSignature(3, Decimal("1.25"), epoch_seconds(later))

    override = PriceOverride("llama3", Decimal("1"), Decimal("2"), None, date(2025, 1, 1))
    add_price_override(engine, override)
    pricer = Pricer(load_price_overrides(engine))
    start, end = datetime(2025, 3, 1, tzinfo=UTC), datetime(2025, 3, 3, tzinfo=UTC)
    assert reprice(engine, pricer, start, end, client_key=None) >= 1
    moved = usage_signature(engine)  # the same calls, new costs
    assert moved.calls == 3 and moved.cost_usd != before_reprice.cost_usd
