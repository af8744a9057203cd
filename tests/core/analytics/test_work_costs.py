"""Cost per piece of work: the calls of each entity summed, against sums worked out from
the seeded records, on both databases."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from headhunter_desktop.core.analytics.call_log import CallFilter
from headhunter_desktop.core.analytics.record import UsageRecord
from headhunter_desktop.core.analytics.work_costs import WorkCost, work_costs
from tests.helpers.usage_db import insert
from tests.helpers.usage_records import MINI, client_uuid_of, make_record, record_id, utc

BERLIN = ZoneInfo("Europe/Berlin")
ENTITIES = [("cv_file", "sha-a"), ("cv_file", "sha-b"), ("job", "12"), ("interview", "3"),
            ("department", "7"), ("client", "1"), (None, None)]  # fmt: skip


def _records(count: int = 120) -> list[UsageRecord]:
    rnd = random.Random(14)
    first = utc(2025, 3, 1)
    records = []
    for i in range(count):
        entity_type, entity_id = rnd.choice(ENTITIES)
        client = rnd.choice([1, 2, None])
        priced = rnd.random() < 0.8
        tokens = rnd.randrange(1, 5000)
        records.append(
            make_record(
                id=record_id(i),
                occurred_at=first + timedelta(seconds=rnd.randrange(60 * 86_400)),
                client_company_id=client,
                client_company_name=None if client is None else f"Client {client} v{i}",
                entity_type=entity_type,
                entity_id=entity_id,
                action=rnd.choice(["parse_cv", "generate_job"]),
                model=MINI if priced else "llama3",
                tokens_total=tokens,
                cost_usd=Decimal(rnd.randrange(1, 10**9)).scaleb(-12) if priced else None,
                price_source="genai-prices" if priced else "unpriced",
                status=rnd.choice(["ok", "ok", "error", "cancelled"]),
            )
        )
    return records


def _expected(records: list[UsageRecord], keep: object = lambda r: True) -> list[WorkCost]:
    """Brute force over the records themselves."""
    groups: dict[tuple[str, str], list[UsageRecord]] = {}
    for r in records:
        if r.entity_type is not None and r.entity_id is not None and keep(r):
            groups.setdefault((r.entity_type, r.entity_id), []).append(r)
    costs = []
    for (entity_type, entity_id), calls in groups.items():
        latest = max(calls, key=lambda r: (r.occurred_at.replace(microsecond=0), r.id))
        costs.append(
            WorkCost(
                entity_type=entity_type,
                entity_id=entity_id,
                client_key=latest.client_uuid or "",
                client_name=latest.client_company_name,
                calls=len(calls),
                tokens_total=sum(r.tokens_total for r in calls),
                cost_usd=sum((r.cost_usd for r in calls if r.cost_usd is not None), Decimal(0)),
                unpriced_calls=sum(r.cost_usd is None for r in calls),
                first_at=min(r.occurred_at for r in calls),
                last_at=max(r.occurred_at for r in calls),
            )
        )
    costs.sort(key=lambda c: (-c.cost_usd, -c.calls, c.entity_type, c.entity_id))
    return costs


@pytest.fixture
def seeded(engine: sa.Engine) -> tuple[sa.Engine, list[UsageRecord]]:
    records = _records()
    insert(engine, records)
    return engine, records


def test_every_entity_summed_most_expensive_first(
    seeded: tuple[sa.Engine, list[UsageRecord]],
) -> None:
    engine, records = seeded
    costs = work_costs(engine, CallFilter())
    assert costs == _expected(records)
    assert len(costs) == 6  # calls for no entity are left out
    assert [c.cost_usd for c in costs] == sorted((c.cost_usd for c in costs), reverse=True)


def test_one_client_one_period_one_kind(seeded: tuple[sa.Engine, list[UsageRecord]]) -> None:
    engine, records = seeded
    start, end = date(2025, 3, 10), date(2025, 4, 5)

    def keep(r: UsageRecord) -> bool:
        local = r.occurred_at.astimezone(BERLIN).date()
        return r.client_company_id == 2 and start <= local <= end

    f = CallFilter(client_key=client_uuid_of(2), start=start, end=end, tz=BERLIN)
    assert work_costs(engine, f) == _expected(records, keep)
    cvs = work_costs(engine, f, "cv_file")
    assert cvs == [c for c in _expected(records, keep) if c.entity_type == "cv_file"]
    assert {c.entity_id for c in cvs} == {"sha-a", "sha-b"}
    # The filter's own entity type and the argument disagree: nothing matches.
    assert work_costs(engine, CallFilter(entity_type="job"), "cv_file") == []


def test_a_cost_of_only_unpriced_calls_is_zero_with_them_counted(engine: sa.Engine) -> None:
    at = utc(2025, 6, 1, 9)
    insert(
        engine,
        [
            make_record(id=record_id(i), occurred_at=at, entity_type="job", entity_id="5",
                        cost_usd=None, price_source="unpriced", tokens_total=10)
            for i in range(3)
        ],
    )  # fmt: skip
    [cost] = work_costs(engine, CallFilter())
    assert (cost.calls, cost.unpriced_calls, cost.cost_usd, cost.tokens_total) == (3, 3, 0, 30)
    assert cost.client_key == client_uuid_of(1) and cost.first_at == at == cost.last_at
