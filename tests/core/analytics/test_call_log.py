"""The per-call log: every field of every call, keyset pages, filters, counts and the
filter choices, against the seeded records themselves, on both databases."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from headhunter_desktop.core.analytics.call_log import (
    CallFilter,
    CallRow,
    count_calls,
    filter_choices,
    list_calls,
)
from headhunter_desktop.core.analytics.record import UsageRecord
from tests.helpers.usage_db import insert
from tests.helpers.usage_records import EMBED, MINI, client_uuid_of, make_record, record_id, utc

BERLIN = ZoneInfo("Europe/Berlin")
ACME, BETA = client_uuid_of(1), client_uuid_of(2)


def _seeded() -> list[UsageRecord]:
    """Three clients (one legacy), no client, ties within a second, an unpriced model,
    failed, cancelled and estimated calls, around Berlin's midnight of 1 March 2025."""
    base = utc(2025, 2, 28, 22, 30)  # 23:30 in Berlin
    specs = [
        # (seconds after base, client id, uuid?, action, model, status, usage_source, cost)
        (0, 1, True, "parse_cv", MINI, "ok", "provider", "0.000123456789"),
        (0, 2, True, "embed_cv", EMBED, "ok", "provider", "0.000016"),
        (0, None, False, "embed_query", EMBED, "ok", "estimated", "0.0000002"),
        (1800, 1, True, "generate_job", None, "error", "provider", None),  # 00:00 Berlin
        (1800, 3, False, "parse_cv", "llama3", "ok", "provider", None),
        (3600, 1, True, "generate_feedback", "o4-mini-2025-04-16", "cancelled", "invalid",
         "0.0121"),
        (7200, 2, True, "parse_cv", MINI, "interrupted", "provider", "0.00036"),
        (86400, 1, True, "parse_cv", MINI, "ok", "estimated", "1.5"),
        (90000, None, False, "embed_query", EMBED, "ok", "provider", "0.0000001"),
        (90000, 2, True, "generate_department", MINI, "ok", "provider", "0.0023"),
    ]  # fmt: skip
    records = []
    for i, (after, client, has_uuid, action, model, status, source, cost) in enumerate(specs):
        entity = (None, None) if action == "embed_query" else ("cv_file", f"sha-{i % 4}")
        records.append(
            make_record(
                # Ids out of time order: the tie-break on id must not follow insertion.
                id=record_id(100 - 7 * i % 31),
                occurred_at=base + timedelta(seconds=after, microseconds=i),
                client_company_id=client,
                client_uuid=client_uuid_of(client) if has_uuid else None,
                client_company_name=None if client is None else f"Client {client}",
                action=action,
                requested_model="llama3" if model is None else model.split("-20")[0],
                model=model,
                entity_type=entity[0],
                entity_id=entity[1],
                tokens_input=100 * i + 1,
                tokens_cached_input=10 * i,
                tokens_output=3 * i,
                tokens_reasoning=i,
                tokens_total=103 * i + 1,
                usage_source=source,
                cost_usd=None if cost is None else Decimal(cost),
                price_source="unpriced" if cost is None else "genai-prices",
                latency_ms=50 + i,
                status=status,
                error_type="APIError" if status == "error" else None,
                app_user=f"user{i % 3}@agency",
            )
        )
    return records


def _expected(record: UsageRecord) -> CallRow:
    """The row the log must show for a record, worked out from the record alone."""
    if record.client_uuid is not None:
        key = record.client_uuid
    elif record.client_company_id is not None:
        key = f"legacy:{record.client_company_id}"
    else:
        key = ""
    return CallRow(
        id=record.id,
        occurred_at=record.occurred_at,
        client_key=key,
        client_name=record.client_company_name,
        action=record.action,
        model=record.model if record.model is not None else record.requested_model,
        entity_type=record.entity_type,
        entity_id=record.entity_id,
        tokens_input=record.tokens_input,
        tokens_cached_input=record.tokens_cached_input,
        tokens_output=record.tokens_output,
        tokens_reasoning=record.tokens_reasoning,
        tokens_total=record.tokens_total,
        cost_usd=record.cost_usd,
        price_source=record.price_source,
        latency_ms=record.latency_ms,
        status=record.status,
        error_type=record.error_type,
        usage_source=record.usage_source,
        estimated=record.usage_source != "provider",
        app_user=record.app_user,
    )


def _newest_first(records: list[UsageRecord]) -> list[CallRow]:
    ordered = sorted(records, key=lambda r: (int(r.occurred_at.timestamp()), r.id), reverse=True)
    return [_expected(r) for r in ordered]


def _all_pages(engine: sa.Engine, f: CallFilter, limit: int) -> list[CallRow]:
    rows, cursor, pages = [], None, 0
    while True:
        page = list_calls(engine, f, after=cursor, limit=limit)
        pages += 1
        rows.extend(page.rows)
        assert len(page.rows) <= limit
        if page.next_cursor is None:
            return rows
        assert len(page.rows) == limit
        cursor = page.next_cursor
        assert cursor == (int(page.rows[-1].occurred_at.timestamp()), page.rows[-1].id)
        assert pages < 100


@pytest.fixture
def seeded(engine: sa.Engine) -> tuple[sa.Engine, list[UsageRecord]]:
    records = _seeded()
    insert(engine, records)
    return engine, records


@pytest.mark.parametrize("limit", [1, 3, 10, 200])
def test_pages_hold_every_call_once_newest_first_with_every_field(
    seeded: tuple[sa.Engine, list[UsageRecord]], limit: int
) -> None:
    engine, records = seeded
    rows = _all_pages(engine, CallFilter(), limit)
    assert rows == _newest_first(records)
    assert all(r.occurred_at.tzinfo is not None for r in rows)


def test_fields_of_particular_calls(seeded: tuple[sa.Engine, list[UsageRecord]]) -> None:
    engine, _ = seeded
    by_id = {row.id: row for row in _all_pages(engine, CallFilter(), 200)}
    unpriced = by_id[record_id(100 - 7 * 3 % 31)]
    assert (unpriced.cost_usd, unpriced.price_source, unpriced.model) == (
        None,
        "unpriced",
        "llama3",
    )
    assert (unpriced.status, unpriced.error_type) == ("error", "APIError")
    legacy = by_id[record_id(100 - 7 * 4 % 31)]
    assert (legacy.client_key, legacy.client_name) == ("legacy:3", "Client 3")
    no_client = by_id[record_id(100 - 7 * 2 % 31)]
    assert (no_client.client_key, no_client.client_name, no_client.estimated) == ("", None, True)
    assert no_client.cost_usd == Decimal("0.0000002") and no_client.entity_type is None
    dollar = by_id[record_id(100 - 7 * 7 % 31)]
    assert dollar.cost_usd == Decimal("1.5") and dollar.tokens_total == 103 * 7 + 1


def _select(records: list[UsageRecord], f: CallFilter) -> list[UsageRecord]:
    """Brute force: the records a filter selects, from their Python values."""

    def key(r: UsageRecord) -> str:
        return _expected(r).client_key

    def local_day(r: UsageRecord) -> date:
        return r.occurred_at.astimezone(f.tz).date()

    picked = []
    for r in records:
        row = _expected(r)
        if f.client_key is not None and key(r) != f.client_key:
            continue
        if f.start is not None and local_day(r) < f.start:
            continue
        if f.end is not None and local_day(r) > f.end:
            continue
        if f.status == "failed" and r.status not in ("error", "interrupted"):
            continue
        if f.priced is not None and (r.cost_usd is not None) != f.priced:
            continue
        wanted = {
            "action": f.action,
            "model": f.model,
            "status": None if f.status == "failed" else f.status,
            "app_user": f.app_user,
            "entity_type": f.entity_type,
            "entity_id": f.entity_id,
            "estimated": f.estimated,
        }
        if any(value is not None and getattr(row, name) != value for name, value in wanted.items()):
            continue
        picked.append(r)
    return picked


FILTERS = [
    CallFilter(client_key=ACME),
    CallFilter(client_key=BETA, tz=BERLIN),
    CallFilter(client_key="legacy:3"),
    CallFilter(client_key=""),
    CallFilter(start=date(2025, 3, 1), end=date(2025, 3, 1), tz=BERLIN),
    CallFilter(start=date(2025, 3, 1), end=date(2025, 3, 1)),  # UTC: a different day
    CallFilter(end=date(2025, 2, 28), tz=BERLIN),
    CallFilter(start=date(2025, 3, 2), tz=BERLIN),
    CallFilter(action="parse_cv"),
    CallFilter(model=MINI),
    CallFilter(model="llama3"),  # the requested model of a call no model answered
    CallFilter(status="error"),
    CallFilter(status="cancelled"),
    CallFilter(status="failed"),  # error or interrupted: what the Errors figure counts
    CallFilter(status="failed", client_key=ACME),
    CallFilter(priced=False),
    CallFilter(priced=True),
    CallFilter(priced=False, client_key="legacy:3"),
    CallFilter(app_user="user1@agency"),
    CallFilter(entity_type="cv_file"),
    CallFilter(entity_type="cv_file", entity_id="sha-1"),
    CallFilter(estimated=True),
    CallFilter(estimated=False),
    CallFilter(client_key=ACME, action="parse_cv", start=date(2025, 3, 1), tz=BERLIN),
    CallFilter(client_key=client_uuid_of(99)),
]


def test_filters_select_what_brute_force_selects(
    seeded: tuple[sa.Engine, list[UsageRecord]],
) -> None:
    # One seeded database for every filter: a database per filter cost ~1.5 s each.
    engine, records = seeded
    for f in FILTERS:
        expected = _newest_first(_select(records, f))
        assert _all_pages(engine, f, 2) == expected, f
        assert count_calls(engine, f) == len(expected), f


def test_the_filters_each_select_something(seeded: tuple[sa.Engine, list[UsageRecord]]) -> None:
    # Guards the brute-force test against passing on empty selections only.
    engine, records = seeded
    counts = [len(_select(records, f)) for f in FILTERS]
    assert all(0 < n < len(records) for n in counts[:-1]) and counts[-1] == 0
    assert count_calls(engine, CallFilter()) == len(records)


def test_filter_choices_are_of_the_client_and_period_only(
    seeded: tuple[sa.Engine, list[UsageRecord]],
) -> None:
    engine, records = seeded
    # The action filter is ignored: a drop-down offers what its own filter can pick.
    f = CallFilter(client_key=ACME, start=date(2025, 3, 1), end=date(2025, 3, 1), tz=BERLIN)
    chosen = _select(records, CallFilter(client_key=ACME, start=f.start, end=f.end, tz=BERLIN))
    choices = filter_choices(engine, CallFilter(**{**f.__dict__, "action": "parse_cv"}))
    assert choices == {
        "action": sorted({r.action for r in chosen}),
        "model": sorted({_expected(r).model for r in chosen}),
        "status": sorted({r.status for r in chosen}),
        "app_user": sorted({r.app_user for r in chosen}),
        "entity_type": sorted({r.entity_type for r in chosen if r.entity_type}),
    }
    assert choices["action"] == ["generate_feedback", "generate_job", "parse_cv"]
    everything = filter_choices(engine, CallFilter())
    assert everything["model"] == sorted({_expected(r).model for r in records})
    assert everything["entity_type"] == ["cv_file"]  # no None among the choices
    assert filter_choices(engine, CallFilter(client_key=client_uuid_of(99))) == {
        name: [] for name in ("action", "model", "status", "app_user", "entity_type")
    }


def test_a_page_ends_exactly_at_the_last_call(seeded: tuple[sa.Engine, list[UsageRecord]]) -> None:
    engine, records = seeded
    page = list_calls(engine, CallFilter(), limit=len(records))
    assert len(page.rows) == len(records) and page.next_cursor is None
    with pytest.raises(ValueError):
        list_calls(engine, CallFilter(), limit=0)


def test_calls_inserted_later_in_the_same_second_page_in_order(engine: sa.Engine) -> None:
    moment = datetime(2025, 5, 1, 12, 0, 0, tzinfo=UTC)
    records = [
        make_record(id=record_id(i), occurred_at=moment + timedelta(microseconds=i))
        for i in (5, 1, 9, 3, 7)
    ]
    insert(engine, records)
    rows = _all_pages(engine, CallFilter(), 2)
    assert [r.id for r in rows] == [record_id(i) for i in (9, 7, 5, 3, 1)]
