"""Reprice preview says what a reprice will change, changes nothing, and agrees with the
reprice that follows; a reprice limited to one client leaves the others' costs alone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa

from headhunter_desktop.core.analytics.call_log import CallFilter, list_calls
from headhunter_desktop.core.analytics.price_overrides import (
    add_price_override,
    load_price_overrides,
)
from headhunter_desktop.core.analytics.prices import PriceOverride, Pricer
from headhunter_desktop.core.analytics.record import UsageRecord
from headhunter_desktop.core.analytics.reprice import RepricePreview, reprice, reprice_preview
from headhunter_desktop.core.analytics.tables import cost_revisions
from tests.helpers.usage_db import insert
from tests.helpers.usage_records import MINI, client_uuid_of, make_record, record_id

ACME, BETA = client_uuid_of(1), client_uuid_of(2)
MARCH = (datetime(2025, 3, 1, tzinfo=UTC), datetime(2025, 4, 1, tzinfo=UTC))
# Per million tokens: llama3 0.2 in / 0.4 out from 5 March; gpt-4o-mini 0.15 / 0.6.
LLAMA_PRICE = PriceOverride("llama3", Decimal("0.2"), Decimal("0.4"), None, date(2025, 3, 5))
MINI_PRICE = PriceOverride("gpt-4o-mini", Decimal("0.15"), Decimal("0.6"), None, date(2025, 1, 1))
# 1M tokens in, 0.5M out: 0.2 + 0.2 at llama3's price; 2M in, 1M out: 0.3 + 0.6 for mini.
LLAMA_COST, MINI_COST = Decimal("0.4"), Decimal("0.9")


def _call(index: int, day: int, client: int | None, model: str, cost: str | None,
          source: str, *, month: int = 3) -> UsageRecord:  # fmt: skip
    big = model != "llama3"
    return make_record(
        id=record_id(index),
        occurred_at=datetime(2025, month, day, 12, tzinfo=UTC),
        client_company_id=client,
        client_uuid=client_uuid_of(client) if client in (1, 2) else None,
        client_company_name={1: "Acme Ltd", 2: "Beta GmbH", 3: "Old Corp"}.get(client or 0),
        model=model,
        requested_model=model.split("-20")[0],
        tokens_input=2_000_000 if big else 1_000_000,
        tokens_cached_input=0,
        tokens_output=1_000_000 if big else 500_000,
        tokens_reasoning=0,
        tokens_total=3_000_000 if big else 1_500_000,
        cost_usd=None if cost is None else Decimal(cost),
        price_source=source,
    )


RECORDS = [
    _call(1, 12, 1, "llama3", None, "unpriced"),  # gets a price: 0.4
    _call(2, 13, 1, MINI, "0.5", "genai-prices"),  # a stale cost: 0.5 -> 0.9
    _call(3, 14, 2, "llama3", "0.4", "override"),  # already right
    _call(4, 15, 2, "mystery-model-x", "0.7", "override"),  # its price is gone: unpriced
    _call(5, 16, 3, "llama3", None, "unpriced"),  # legacy:3, gets a price
    _call(6, 17, None, MINI, "0.9", "override"),  # already right
    _call(7, 2, 1, "llama3", None, "unpriced"),  # before llama3 has a price: stays unpriced
    _call(8, 2, 1, "llama3", None, "unpriced", month=4),  # outside the period
]


@pytest.fixture
def seeded(engine: sa.Engine) -> tuple[sa.Engine, Pricer]:
    insert(engine, RECORDS)
    add_price_override(engine, LLAMA_PRICE)
    add_price_override(engine, MINI_PRICE)
    return engine, Pricer(load_price_overrides(engine))


def _costs(engine: sa.Engine) -> dict[str, Decimal | None]:
    return {row.id: row.cost_usd for row in list_calls(engine, CallFilter(), limit=100).rows}


def _revisions(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(cost_revisions)).scalar_one()


def test_preview_of_every_client(seeded: tuple[sa.Engine, Pricer]) -> None:
    engine, pricer = seeded
    before = _costs(engine)
    preview = reprice_preview(engine, pricer, *MARCH)
    assert preview == RepricePreview(
        calls=4,
        clients=[
            (ACME, "Acme Ltd", Decimal("0.5"), LLAMA_COST + MINI_COST),
            (BETA, "Beta GmbH", Decimal("0.7"), None),
            ("legacy:3", "Old Corp", None, LLAMA_COST),
        ],
        before_total=Decimal("0.5") + Decimal("0.7"),
        after_total=2 * LLAMA_COST + MINI_COST,
        newly_priced=2,
        newly_unpriced=1,
    )
    assert _costs(engine) == before and _revisions(engine) == 0  # nothing written

    assert reprice(engine, pricer, *MARCH) == preview.calls
    after = _costs(engine)
    changed = {i for i in after if after[i] != before[i]}
    assert changed == {record_id(i) for i in (1, 2, 4, 5)}
    assert sum((after[i] or 0 for i in changed), Decimal(0)) == preview.after_total
    assert reprice_preview(engine, pricer, *MARCH).calls == 0  # nothing left to change


def test_preview_and_reprice_of_one_client(seeded: tuple[sa.Engine, Pricer]) -> None:
    engine, pricer = seeded
    preview = reprice_preview(engine, pricer, *MARCH, ACME)
    assert (preview.calls, preview.newly_priced, preview.newly_unpriced) == (2, 1, 0)
    assert preview.clients == [(ACME, "Acme Ltd", Decimal("0.5"), LLAMA_COST + MINI_COST)]
    assert reprice_preview(engine, pricer, *MARCH, "legacy:3").clients == [
        ("legacy:3", "Old Corp", None, LLAMA_COST)
    ]
    assert reprice_preview(engine, pricer, *MARCH, "").calls == 0  # no-client call is right

    before = _costs(engine)
    assert reprice(engine, pricer, *MARCH, client_key=ACME) == 2
    after = _costs(engine)
    assert after[record_id(1)] == LLAMA_COST and after[record_id(2)] == MINI_COST
    others = [i for i in before if i not in (record_id(1), record_id(2))]
    assert {i: after[i] for i in others} == {i: before[i] for i in others}
    assert _revisions(engine) == 2
    # Every other client's calls still wait for their reprice.
    assert reprice_preview(engine, pricer, *MARCH).calls == 2
