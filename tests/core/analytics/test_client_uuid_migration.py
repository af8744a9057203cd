"""Analytics migration 0002: clients by UUID. Old records, rollups and budgets keep their
figures under a legacy key per old id; nothing is merged with a UUID it may not be."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from headhunter_desktop.core.analytics.budgets import get_budget
from headhunter_desktop.core.analytics.db import open_analytics_db
from headhunter_desktop.core.analytics.queries import UsageQuery, usage_breakdown, usage_totals
from headhunter_desktop.core.analytics.tables import monthly_rollups, usage_records
from tests.helpers.legacy_usage import OLD_BUDGETS, OLD_MONTHLY, OldCall, create_0001_usage_db
from tests.helpers.usage_db import insert, migrate_to
from tests.helpers.usage_records import client_uuid_of, make_record, record_id, utc

MARCH = (date(2025, 3, 1), date(2025, 3, 31))
OLD_CALLS: list[OldCall] = [
    (3, "Acme (old)", "0.25", utc(2025, 3, 10, 9)),
    (None, None, "0.5", utc(2025, 3, 11, 9)),
]


@pytest.fixture
def upgraded(db_url: str) -> sa.Engine:
    create_0001_usage_db(db_url, OLD_CALLS, {3: "Acme (old)"})
    engine = open_analytics_db(db_url)
    yield engine
    engine.dispose()


def test_old_records_keep_their_figures_under_a_legacy_key(upgraded: sa.Engine) -> None:
    with upgraded.connect() as conn:
        uuids = conn.execute(sa.select(usage_records.c.client_uuid)).scalars().all()
        keys = set(conn.execute(sa.select(monthly_rollups.c.client_key)).scalars())
    assert uuids == [None, None]  # nothing tells which laptop's client an old id was
    assert keys == {"legacy:3", ""}
    whole_march = UsageQuery(None, *MARCH)  # answered from the monthly rollups
    one_day = UsageQuery(None, date(2025, 3, 10), date(2025, 3, 11))  # from the detail rows
    for q in (whole_march, one_day):
        rows = usage_breakdown(upgraded, q, "client")
        assert [(r.key, r.label, r.calls, r.cost_usd) for r in rows] == [
            ("legacy:3", "Acme (old)", 1, Decimal("0.25")),
            (None, "(no client)", 1, Decimal("0.5")),
        ]
        assert (rows[0].client_uuid, rows[0].client_company_id) == (None, 3)
        legacy = UsageQuery("legacy:3", q.start, q.end)
        assert usage_totals(upgraded, legacy).cost_usd == Decimal("0.25")


def test_new_records_of_a_client_are_not_merged_with_old_ids(upgraded: sa.Engine) -> None:
    acme = client_uuid_of(3)
    at = utc(2025, 3, 12, 9)
    new = make_record(
        id=record_id(9), client_company_id=3, client_uuid=acme, occurred_at=at, cost_usd=Decimal(1)
    )
    insert(upgraded, [new])
    rows = usage_breakdown(upgraded, UsageQuery(None, *MARCH), "client")
    assert {r.key: r.calls for r in rows} == {acme: 1, "legacy:3": 1, None: 1}
    assert usage_totals(upgraded, UsageQuery(acme, *MARCH)).cost_usd == Decimal("1")


def test_old_budget_is_kept_under_its_legacy_key(upgraded: sa.Engine) -> None:
    budget = get_budget(upgraded, "legacy:3")
    assert budget is not None and budget.monthly_limit_usd == 100 and budget.hard_cap


def test_downgrade_restores_old_ids_while_nothing_is_keyed_by_uuid(db_url: str) -> None:
    create_0001_usage_db(db_url, OLD_CALLS, {3: "Acme (old)"})
    migrate_to(db_url, "head")
    migrate_to(db_url, "0001", down=True)
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as conn:
            keys = set(conn.execute(sa.select(OLD_MONTHLY.c.client_key)).scalars())
            budget = conn.execute(sa.select(OLD_BUDGETS.c.client_company_id)).scalar()
    finally:
        engine.dispose()
    assert keys == {3, -1} and budget == 3
