"""The call log against the figures it drills down from: the failed calls (error or
interrupted) and the unpriced ones are exactly those the Errors and Unpriced figures
count; a call recorded without its client's name shows the shared directory's name.
On both databases."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from headhunter_desktop.core.analytics.call_log import (
    CallFilter,
    CallRow,
    count_calls,
    list_calls,
)
from headhunter_desktop.core.analytics.client_directory import claim_name
from headhunter_desktop.core.analytics.queries import UsageQuery, usage_totals
from headhunter_desktop.core.analytics.record import UsageRecord
from headhunter_desktop.core.analytics.tables import client_directory
from tests.helpers.usage_db import insert
from tests.helpers.usage_records import client_uuid_of, make_record, record_id, utc

BERLIN = ZoneInfo("Europe/Berlin")
ACME, BETA, GAMMA, STRANGER = (client_uuid_of(n) for n in (1, 2, 7, 9))
MARCH = (date(2025, 3, 1), date(2025, 3, 31))
# (record number, client: a UUID, "legacy:3" or None, name snapshot, status, priced?);
# number 11 is February's, outside MARCH. Gamma is only in the directory (another
# laptop's client); STRANGER in no directory at all.
SPECS = [
    (1, ACME, "Acme Ltd", "ok", True),
    (2, ACME, "Acme Ltd", "error", True),
    (3, ACME, "Acme Ltd", "interrupted", False),
    (4, ACME, None, "cancelled", False),
    (5, BETA, None, "error", False),
    (6, BETA, None, "interrupted", True),
    (7, GAMMA, None, "ok", False),
    (8, None, None, "error", False),
    (9, None, None, "ok", True),
    (10, "legacy:3", None, "interrupted", True),
    (11, ACME, "Acme Ltd", "error", False),
    (12, BETA, "Beta GmbH", "ok", True),
    (13, STRANGER, None, "ok", True),
]
# Worked out by hand from SPECS, for March and every client.
FAILED_IN_MARCH = {2, 3, 5, 6, 8, 10}
UNPRICED_IN_MARCH = {3, 4, 5, 7, 8}


def _record(
    number: int, client: str | None, name: str | None, status: str, priced: bool
) -> UsageRecord:
    legacy = client is not None and client.startswith("legacy:")
    day = date(2025, 2, 20) if number == 11 else date(2025, 3, 1) + timedelta(days=number)
    return make_record(
        id=record_id(number),
        occurred_at=utc(day.year, day.month, day.day, 12),
        client_uuid=None if legacy else client,
        client_company_id=3 if legacy else None,
        client_company_name=name,
        status=status,
        error_type="APIError" if status == "error" else None,
        cost_usd=Decimal("0.01") * number if priced else None,
        price_source="genai-prices" if priced else "unpriced",
    )


@pytest.fixture
def calls(engine: sa.Engine) -> list[UsageRecord]:
    """SPECS inserted; Acme, Beta (since renamed in the directory) and Gamma registered."""
    records = [_record(*spec) for spec in SPECS]
    insert(engine, records)
    claim_name(engine, ACME, "Acme Ltd", "acme ltd", "ana@laptop-a")
    claim_name(engine, BETA, "Beta GmbH", "beta gmbh", "ana@laptop-a")
    claim_name(engine, GAMMA, "Gamma Corp", "gamma corp", "bo@laptop-b")
    with engine.begin() as conn:
        conn.execute(
            sa.update(client_directory)
            .where(client_directory.c.uuid == BETA)
            .values(name="Beta Holdings", name_key="beta holdings")
        )
    return records


def _numbers(rows: list[CallRow]) -> set[int]:
    return {int(row.id.rsplit("-", 1)[1]) for row in rows}


@pytest.mark.parametrize("client", [None, ACME, BETA, "", "legacy:3"])
def test_failed_and_unpriced_calls_are_what_the_figures_count(
    engine: sa.Engine, calls: list[UsageRecord], client: str | None
) -> None:
    start, end = MARCH
    totals = usage_totals(engine, UsageQuery(client, start, end, BERLIN))
    scope = CallFilter(client_key=client, start=start, end=end, tz=BERLIN)
    in_scope = {
        number
        for number, who, *_ in SPECS
        if number != 11 and (client is None or (who or "") == client)
    }
    failed = CallFilter(**{**scope.__dict__, "status": "failed"})
    assert _numbers(list_calls(engine, failed).rows) == FAILED_IN_MARCH & in_scope
    assert count_calls(engine, failed) == totals.errors == len(FAILED_IN_MARCH & in_scope)
    unpriced = CallFilter(**{**scope.__dict__, "priced": False})
    assert _numbers(list_calls(engine, unpriced).rows) == UNPRICED_IN_MARCH & in_scope
    assert count_calls(engine, unpriced) == totals.unpriced_calls
    assert totals.unpriced_calls == len(UNPRICED_IN_MARCH & in_scope)
    priced = CallFilter(**{**scope.__dict__, "priced": True})
    assert _numbers(list_calls(engine, priced).rows) == in_scope - UNPRICED_IN_MARCH


def test_the_failed_group_is_more_than_one_status(
    engine: sa.Engine, calls: list[UsageRecord]
) -> None:
    start, end = MARCH
    month = CallFilter(start=start, end=end, tz=BERLIN)
    assert count_calls(engine, CallFilter(**{**month.__dict__, "status": "error"})) == 3
    assert count_calls(engine, CallFilter(**{**month.__dict__, "status": "failed"})) == 6
    both = CallFilter(**{**month.__dict__, "status": "failed", "priced": False})
    assert _numbers(list_calls(engine, both).rows) == {3, 5, 8}
    # Paged two at a time, the group still lists each failed call once, newest first.
    rows, cursor = [], None
    while True:
        page = list_calls(engine, CallFilter(status="failed"), after=cursor, limit=2)
        rows += page.rows
        if (cursor := page.next_cursor) is None:
            break
    assert [row.id for row in rows] == [record_id(n) for n in (10, 8, 6, 5, 3, 2, 11)]


def test_a_call_without_a_name_shows_the_directorys(
    engine: sa.Engine, calls: list[UsageRecord]
) -> None:
    names = {row.id: row.client_name for row in list_calls(engine, CallFilter()).rows}
    assert names == {
        record_id(1): "Acme Ltd",
        record_id(2): "Acme Ltd",
        record_id(3): "Acme Ltd",
        record_id(4): "Acme Ltd",  # no snapshot: the directory's
        record_id(5): "Beta Holdings",  # no snapshot: the directory's, renamed
        record_id(6): "Beta Holdings",
        record_id(7): "Gamma Corp",  # another laptop's client
        record_id(8): None,  # no client
        record_id(9): None,
        record_id(10): None,  # an old id: no UUID, no directory entry
        record_id(11): "Acme Ltd",
        record_id(12): "Beta GmbH",  # the name the call was made under stays
        record_id(13): None,  # a UUID the directory does not know
    }


def test_the_directory_is_read_once_a_page_and_only_when_a_name_is_missing(
    engine: sa.Engine, calls: list[UsageRecord]
) -> None:
    statements: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", seen)
    try:
        page = list_calls(engine, CallFilter(), limit=20)
        reads_all = [s for s in statements if "client_directory" in s]
        statements.clear()
        first_three = CallFilter(client_key=ACME, start=date(2025, 3, 2), end=date(2025, 3, 4))
        named = list_calls(engine, first_three, limit=3)
        reads_named = [s for s in statements if "client_directory" in s]
    finally:
        sa.event.remove(engine, "before_cursor_execute", seen)
    assert len(page.rows) == 13 and len(reads_all) == 1  # eight rows lacked a name
    assert _numbers(named.rows) == {1, 2, 3} and reads_named == []
