"""UsageService's calls and work section: local days in the user's time zone, a client's
reprice preview and reprice, over records a real writer wrote."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from headhunter_desktop.core.analytics.prices import PriceOverride
from headhunter_desktop.core.analytics.writer import UsageWriter
from headhunter_desktop.core.services.usage import UsageService
from tests.helpers.usage_records import client_uuid_of, make_record, record_id

BERLIN = ZoneInfo("Europe/Berlin")
ACME, BETA = client_uuid_of(1), client_uuid_of(2)
LOCAL = {"model": "llama3", "requested_model": "llama3", "cost_usd": None,
         "price_source": "unpriced", "tokens_input": 1000, "tokens_cached_input": 0,
         "tokens_output": 200, "tokens_reasoning": 0, "tokens_total": 1200}  # fmt: skip


@pytest.fixture
def usage(analytics_url: str, tmp_path: Path) -> Iterator[UsageService]:
    """Three local-model calls on 1 March 2025 in Berlin (one of them at 00:30, still
    28 February in UTC) and one on 2 March; Acme's, Beta's, Acme's, no client's."""
    writer = UsageWriter(analytics_url, tmp_path / "spool.jsonl")
    moments = [(0, 30), (12, 0), (23, 30)]
    clients = [1, 2, 1]
    for i, ((hour, minute), client) in enumerate(zip(moments, clients, strict=True)):
        name = {1: "Acme GmbH", 2: "Beta AG"}[client]
        writer.submit(make_record(id=record_id(i), client_company_id=client,
                                  client_company_name=name,
                                  occurred_at=datetime(2025, 3, 1, hour, minute, tzinfo=BERLIN),
                                  entity_type="job", entity_id=str(client), **LOCAL))  # fmt: skip
    writer.submit(make_record(id=record_id(9), client_company_id=None, client_company_name=None,
                              entity_type=None,
                              entity_id=None, occurred_at=datetime(2025, 3, 2, 9, tzinfo=BERLIN),
                              **LOCAL))  # fmt: skip
    assert writer.close(10)
    service = UsageService(analytics_url, BERLIN)
    yield service
    service.close()


def test_calls_count_choices_and_work_in_local_days(usage: UsageService) -> None:
    march_1 = usage.call_filter(None, date(2025, 3, 1), date(2025, 3, 1))
    assert march_1.tz is BERLIN

    async def scenario() -> None:
        page = await usage.calls(march_1, limit=2)
        assert [r.id for r in page.rows] == [record_id(2), record_id(1)]
        rest = await usage.calls(march_1, after=page.next_cursor, limit=2)
        assert [r.id for r in rest.rows] == [record_id(0)] and rest.next_cursor is None
        assert await usage.count_calls(march_1) == 3
        acme = usage.call_filter(ACME, date(2025, 3, 1), date(2025, 3, 1), status="ok")
        assert await usage.count_calls(acme) == 2
        choices = await usage.call_filter_choices(usage.call_filter("", None, None))
        assert choices["entity_type"] == [] and choices["model"] == ["llama3"]
        work = await usage.work_costs(march_1, "job")
        assert [(w.entity_id, w.calls, w.unpriced_calls) for w in work] == [
            ("1", 2, 2),
            ("2", 1, 1),
        ]

    asyncio.run(scenario())


def test_reprice_preview_and_reprice_of_one_client_on_local_days(usage: UsageService) -> None:
    price = PriceOverride("llama3", Decimal(1), Decimal(2), None, date(2025, 1, 1))
    each = (1000 * Decimal(1) + 200 * Decimal(2)) / 1_000_000

    async def scenario() -> None:
        await usage.add_price_override(price)
        day = date(2025, 3, 1)
        preview = await usage.reprice_preview(day, day, ACME)
        assert (preview.calls, preview.newly_priced, preview.after_total) == (2, 2, 2 * each)
        assert preview.clients == [(ACME, "Acme GmbH", None, 2 * each)]
        everyone = await usage.reprice_preview(day, day)
        assert everyone.calls == 3 and [c[0] for c in everyone.clients] == [ACME, BETA]
        assert await usage.reprice(day, day, ACME) == 2
        left = await usage.reprice_preview(day, date(2025, 3, 2))
        assert [(c[0], c[3]) for c in left.clients] == [(BETA, each), ("", each)]

    asyncio.run(scenario())
