"""Usage queries against hand-computed figures and a brute-force oracle, on both databases."""

from __future__ import annotations

from datetime import UTC, date, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from headhunter_desktop.core.analytics import local_days, period_plan
from headhunter_desktop.core.analytics.latency import REPRESENTATIVE_MS, latency_bucket
from headhunter_desktop.core.analytics.queries import (
    UsageQuery,
    month_spend,
    usage_breakdown,
    usage_panel,
    usage_totals,
)
from headhunter_desktop.core.analytics.record import UsageRecord
from tests.helpers.usage_db import insert
from tests.helpers.usage_records import (
    EMBED,
    MINI,
    client_uuid_of,
    make_record,
    random_records,
    record_id,
    utc,
)
from tests.helpers.usage_reference import Expected, assert_matches, reference

BERLIN = ZoneInfo("Europe/Berlin")
ACME, BETA = client_uuid_of(1), client_uuid_of(2)


def _fixed() -> list[UsageRecord]:
    # Around Berlin's switch to summer time (2025-03-30 01:00 UTC) and local midnights.
    rows = [
        (utc(2025, 3, 29, 22, 30), 1, "parse_cv", MINI, 1000, 200, 300, 0, "0.000123456789", 100),
        (utc(2025, 3, 29, 23, 30), 1, "generate_job", MINI, 2000, 0, 500, 0, "0.0006", 200),
        (utc(2025, 3, 30, 0, 59, 59), 2, "embed_cv", EMBED, 800, 0, 0, 0, "0.000016", 300),
        (utc(2025, 3, 30, 1, 0, 0), 2, "parse_cv", None, 1500, 0, 400, 0, None, 400),
        (utc(2025, 3, 30, 21, 59, 59), None, "embed_query", EMBED, 10, 0, 0, 0, "0.0000002", 500),
        (utc(2025, 3, 30, 22, 0), 1, "generate_job", "o4-mini-2025-04-16", 3000, 1000, 2000, 1500,
         "0.0121", 600),
        (utc(2025, 3, 31, 10, 0), 1, "parse_cv", MINI, 1000, 500, 200, 0, "0.0001875", 700),
        (utc(2025, 4, 1, 12, 0), 2, "parse_cv", MINI, 1200, 0, 300, 0, "0.00036", 800),
    ]  # fmt: skip
    names = {1: "Acme GmbH", 2: "Beta AG", None: None}
    records = []
    for i, (at, client, action, model, t_in, t_cached, t_out, t_reason, cost, lat) in enumerate(
        rows
    ):
        records.append(
            make_record(
                id=record_id(i),
                occurred_at=at,
                client_company_id=client,
                client_company_name="Acme Group" if i == 6 else names[client],
                action=action,
                requested_model="llama3" if model is None else model.split("-20")[0],
                model=model,
                tokens_input=t_in,
                tokens_cached_input=t_cached,
                tokens_output=t_out,
                tokens_reasoning=t_reason,
                tokens_total=t_in + t_out,
                cost_usd=None if cost is None else Decimal(cost),
                price_source="unpriced" if cost is None else "genai-prices",
                status={5: "error", 6: "cancelled"}.get(i, "ok"),
                latency_ms=lat,
            )
        )
    return records


@pytest.fixture
def fixed(engine: sa.Engine) -> sa.Engine:
    insert(engine, _fixed())
    return engine


def _p(ms: int) -> int:
    return REPRESENTATIVE_MS[latency_bucket(ms)]


def test_totals_by_hand(fixed: sa.Engine) -> None:
    t = usage_totals(fixed, UsageQuery())
    assert (t.calls, t.tokens_input, t.tokens_cached_input) == (8, 10510, 1700)
    assert (t.tokens_output, t.tokens_reasoning, t.tokens_total) == (3700, 1500, 14210)
    assert t.cost_usd == Decimal("0.013387156789")
    assert (t.unpriced_calls, t.errors, t.error_rate) == (1, 1, 0.125)
    assert t.avg_tokens_per_call == 1776.25
    assert (t.latency_p50_ms, t.latency_p95_ms) == (_p(400), _p(800))
    assert abs(t.latency_p50_ms - 400) <= 40 and abs(t.latency_p95_ms - 800) <= 80


def test_days_are_local_across_dst_and_midnight(fixed: sa.Engine) -> None:
    berlin = usage_breakdown(fixed, UsageQuery(tz=BERLIN), "day")
    assert [(r.key, r.calls) for r in berlin] == [
        (date(2025, 3, 29), 1),
        (date(2025, 3, 30), 4),  # 00:30 CET .. 23:59:59 CEST, a 23-hour day
        (date(2025, 3, 31), 2),
        (date(2025, 4, 1), 1),
    ]
    assert berlin[1].cost_usd == Decimal("0.0006162") and berlin[1].unpriced_calls == 1
    assert berlin[1].day == date(2025, 3, 30) and berlin[1].label == "2025-03-30"
    in_utc = usage_breakdown(fixed, UsageQuery(), "day")
    assert [r.calls for r in in_utc] == [2, 4, 1, 1]


def test_one_local_day_as_a_period(fixed: sa.Engine) -> None:
    day = date(2025, 3, 30)
    t = usage_totals(fixed, UsageQuery(start=day, end=day, tz=BERLIN))
    assert (t.calls, t.cost_usd, t.unpriced_calls) == (4, Decimal("0.0006162"), 1)
    t = usage_totals(fixed, UsageQuery(start=day, end=day))
    assert t.calls == 4 and t.errors == 1  # in UTC: 00:59:59 .. 22:00


def test_breakdowns_by_hand(fixed: sa.Engine) -> None:
    actions = usage_breakdown(fixed, UsageQuery(), "action")
    assert [(r.key, r.calls) for r in actions] == [
        ("embed_cv", 1),
        ("embed_query", 1),
        ("generate_job", 2),
        ("parse_cv", 4),
    ]
    assert actions[2].action == "generate_job" and actions[2].tokens_reasoning == 1500
    models = usage_breakdown(fixed, UsageQuery(), "model")
    assert [(r.key, r.calls) for r in models] == [
        (MINI, 4),
        ("llama3", 1),  # no answer from the API: the requested name
        ("o4-mini-2025-04-16", 1),
        (EMBED, 2),
    ]
    assert models[1].cost_usd == 0 and models[1].unpriced_calls == 1
    clients = usage_breakdown(fixed, UsageQuery(), "client")
    assert [(r.key, r.label, r.calls, r.cost_usd) for r in clients] == [
        (ACME, "Acme Group", 4, Decimal("0.013010956789")),  # its latest name
        (BETA, "Beta AG", 3, Decimal("0.000376")),
        (None, "(no client)", 1, Decimal("0.0000002")),
    ]
    assert clients[0].client_uuid == ACME and clients[0].client_company_name == "Acme Group"


def test_one_client_one_local_month(fixed: sa.Engine) -> None:
    q = UsageQuery(client_uuid=ACME, start=date(2025, 3, 1), end=date(2025, 3, 31), tz=BERLIN)
    t = usage_totals(fixed, q)
    assert (t.calls, t.errors, t.cost_usd) == (4, 1, Decimal("0.013010956789"))
    assert [r.calls for r in usage_breakdown(fixed, q, "day")] == [1, 1, 2]


def test_empty_selection(fixed: sa.Engine) -> None:
    q = UsageQuery(client_uuid=client_uuid_of(99))
    t = usage_totals(fixed, q)
    assert (t.calls, t.cost_usd, t.error_rate, t.latency_p50_ms) == (0, 0, 0.0, None)
    assert usage_breakdown(fixed, q, "day") == []


def test_panel_is_the_same_as_separate_queries(fixed: sa.Engine) -> None:
    q = UsageQuery(start=date(2025, 3, 1), end=date(2025, 4, 30), tz=BERLIN)
    panel = usage_panel(fixed, q)
    assert panel.totals == usage_totals(fixed, q)
    assert panel.by_action == usage_breakdown(fixed, q, "action")
    assert panel.by_day == usage_breakdown(fixed, q, "day")
    assert panel.by_client == usage_breakdown(fixed, q, "client")


def test_month_spend(fixed: sa.Engine) -> None:
    start, end = utc(2025, 3, 1), utc(2025, 4, 1)
    assert month_spend(fixed, ACME, start, end) == Decimal("0.013010956789")
    assert month_spend(fixed, BETA, start, end) == Decimal("0.000016")
    assert month_spend(fixed, client_uuid_of(3), start, end) == 0


def test_json_dict_keeps_full_precision(fixed: sa.Engine) -> None:
    data = usage_breakdown(fixed, UsageQuery(tz=BERLIN), "day")[0].to_json_dict()
    assert data["cost_usd"] == "0.000123456789" and data["key"] == "2025-03-29"


ZONES = [
    UTC,
    BERLIN,
    ZoneInfo("America/New_York"),
    ZoneInfo("Asia/Kolkata"),  # +05:30: local midnight is not on a UTC hour
    timezone(timedelta(minutes=7, seconds=30)),  # not even on a quarter hour: detail rows
]
PERIODS = [
    (None, None),
    (date(2025, 2, 1), date(2025, 4, 30)),
    (date(2025, 3, 30), date(2025, 3, 30)),
    (date(2025, 1, 20), date(2025, 3, 15)),
    (None, date(2025, 3, 31)),
    # Most of a month, with calls outside the period in that month: the month's rollup
    # less the rest (period_plan._DayCover.add_month_part).
    (date(2025, 1, 3), date(2025, 2, 25)),
    (date(2025, 3, 4), date(2025, 3, 29)),
]


def test_every_query_agrees_with_brute_force(engine: sa.Engine) -> None:
    records = random_records(500)
    insert(engine, records)
    for tz in ZONES:
        for start, end in PERIODS:
            # All, one client by UUID (both laptops' calls), one recorded before UUIDs.
            for client in (None, BETA, "legacy:13"):
                q = UsageQuery(client_uuid=client, start=start, end=end, tz=tz)
                want = reference(records, tz, start, end, client, None)
                assert_matches(usage_totals(engine, q), want.get(None) or _empty())
                panel = usage_panel(engine, q)  # every client: from the marginal rollups
                assert_matches(panel.totals, want.get(None) or _empty())
                for by in ("action", "model", "client", "day"):
                    want = reference(records, tz, start, end, client, by)
                    got = usage_breakdown(engine, q, by)
                    assert [r.key for r in got] == sorted(want, key=_sort_key), (tz, q, by)
                    for row in got:
                        assert_matches(row, want[row.key])
                    in_panel = getattr(panel, f"by_{by}")
                    assert [r.key for r in in_panel] == [r.key for r in got], (tz, q, by)
                    for row in in_panel:
                        assert_matches(row, want[row.key])


def test_full_months_come_from_the_rollups(engine: sa.Engine) -> None:
    with engine.connect() as conn:
        first, stop = local_days.period_instants(date(2025, 2, 1), date(2025, 4, 30), UTC)
        plan = period_plan.plan_period(
            conn, None, first, stop, local_days.calendar_months(None, None)
        )
    assert plan.month_ranges == ((date(2025, 2, 1), date(2025, 5, 1)),)
    assert plan.detail_ranges == ()


def test_most_of_a_month_is_its_rollup_less_the_days_outside(engine: sa.Engine) -> None:
    def day(d: int) -> int:
        return local_days.period_instants(date(2025, 3, d), None, UTC)[0]

    with engine.connect() as conn:
        first, stop = local_days.period_instants(date(2025, 3, 4), date(2025, 3, 29), UTC)
        plan = period_plan.plan_period(
            conn, None, first, stop, local_days.calendar_months(date(2025, 3, 4), None)
        )
    april = local_days.month_epoch(date(2025, 4, 1))
    assert plan.month_ranges == ((date(2025, 3, 1), date(2025, 4, 1)),)
    assert plan.minus_day_ranges == ((day(1), day(4)), (day(30), april))
    assert plan.day_ranges == () and plan.detail_ranges == ()


def _sort_key(key: object) -> tuple[bool, object]:
    return (key is None, key)


def _empty():

    return Expected()
