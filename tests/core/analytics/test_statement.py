"""A client's monthly statement against the seeded calls grouped by hand, on both databases."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa

from headhunter_desktop.core.analytics.prices import Pricer
from headhunter_desktop.core.analytics.statement import PriceUsed, build_statement
from tests.helpers.usage_db import insert
from tests.helpers.usage_months import (
    ACME,
    BERLIN,
    CALLS,
    EMBED,
    HOUSE,
    HOUSE_PRICES,
    LEGACY_KEY,
    MINI,
    month_calls,
    priced_sum,
    seeded_records,
)
from tests.helpers.usage_records import record_id

GENERATED = datetime(2026, 12, 2, 9, 30, tzinfo=BERLIN)
M = Decimal(1_000_000)


@pytest.fixture
def seeded(engine: sa.Engine) -> sa.Engine:
    insert(engine, seeded_records())
    return engine


def statement(engine: sa.Engine, key: str = ACME, markup: Decimal | None = Decimal(10)):
    return build_statement(
        engine,
        Pricer(HOUSE_PRICES),
        key,
        date(2026, 11, 17),  # any day of the month
        BERLIN,
        agency_name="Talent & Co",
        client_name="Acme Ltd",
        markup_pct=markup,
        generated_at=GENERATED,
    )


def test_lines_are_the_months_calls_per_action_and_model(seeded: sa.Engine) -> None:
    s = statement(seeded)
    assert (s.month, s.period_start, s.period_end) == (
        date(2026, 11, 1),
        date(2026, 11, 1),
        date(2026, 11, 30),
    )
    calls = month_calls(ACME, 2026, 11)
    groups = defaultdict(list)
    for call in calls:
        groups[call.action, call.model].append(call)
    got = {(line.action, line.model): line for line in s.lines}
    assert set(got) == set(groups)
    for key, members in groups.items():
        line = got[key]
        assert line.calls == len(members)
        assert line.tokens_input == sum(c.tokens_input for c in members)
        assert line.tokens_cached_input == sum(c.tokens_cached for c in members)
        assert line.tokens_output == sum(c.tokens_output for c in members)
        assert line.tokens_reasoning == sum(c.tokens_reasoning for c in members)
        assert line.unpriced_calls == sum(c.cost is None for c in members)
        priced = [c for c in members if c.cost is not None]
        assert line.cost_usd == (priced_sum(members) if priced else None)
        assert line.markup_usd == (None if line.cost_usd is None else line.cost_usd / 10)
    # Sorted by label: Embed CV, Parse CV, Write interview feedback, Write job posting.
    assert [line.label for line in s.lines][:2] == ["Embed CV", "Parse CV"]
    assert s.total_usd == priced_sum(calls)
    assert s.markup_total_usd == s.total_usd / 10
    assert s.total_with_markup_usd == s.total_usd * Decimal("1.1")
    assert s.calls == len(calls) and s.unpriced_count == 2
    assert (s.agency_name, s.client_name, s.generated_at) == ("Talent & Co", "Acme Ltd", GENERATED)
    assert s.models_without_price == []


def test_unpriced_calls_are_listed_one_by_one(seeded: sa.Engine) -> None:
    s = statement(seeded)
    expected = [
        record_id(1000 + i)
        for i, c in enumerate(CALLS)
        if c.key == ACME and c.local_month() == (2026, 11) and c.cost is None
    ]
    assert [call.id for call in s.unpriced_calls] == expected
    assert {call.status for call in s.unpriced_calls} == {"ok", "cancelled"}


def test_prices_used_are_those_in_force_on_the_calls_days(seeded: sa.Engine) -> None:
    s = statement(seeded)
    # UTC days: the call at 00:30 on 1 November in Berlin is 31 October's in UTC.
    assert s.prices_used == [  # by model name
        PriceUsed(MINI, "genai-prices", Decimal("0.15"), Decimal("0.075"), Decimal("0.6"),
                  date(2026, 10, 31), date(2026, 11, 26)),
        PriceUsed(HOUSE, "override", Decimal(2), Decimal(1), Decimal(8),
                  date(2026, 11, 10), date(2026, 11, 10)),
        PriceUsed(HOUSE, "override", Decimal(3), Decimal("1.5"), Decimal(12),
                  date(2026, 11, 25), date(2026, 11, 25)),
        PriceUsed(EMBED, "genai-prices", Decimal("0.02"), Decimal("0.02"), Decimal(0),
                  date(2026, 11, 2), date(2026, 11, 2)),
    ]  # fmt: skip


def test_no_markup_and_a_client_from_before_uuids(seeded: sa.Engine) -> None:
    s = statement(seeded, LEGACY_KEY, markup=None)
    assert [(line.action, line.calls) for line in s.lines] == [("parse_cv", 1)]
    assert s.total_usd == Decimal("0.00021")
    assert (s.markup_pct, s.markup_total_usd, s.total_with_markup_usd) == (None, None, None)
    assert s.lines[0].markup_usd is None


def test_a_month_without_calls_is_an_empty_statement(seeded: sa.Engine) -> None:
    s = build_statement(
        seeded, Pricer(), ACME, date(2027, 2, 1), BERLIN, agency_name="", client_name="Acme Ltd"
    )
    assert (s.lines, s.total_usd, s.unpriced_calls, s.prices_used) == ([], 0, [], [])
    assert s.period_end == date(2027, 2, 28)


def test_a_cost_whose_price_is_gone_is_named(seeded: sa.Engine) -> None:
    # No overrides any more: the house model's stored costs stay, its price is unknown.
    s = build_statement(
        seeded, Pricer(), ACME, date(2026, 11, 1), BERLIN, agency_name="", client_name="Acme"
    )
    assert s.models_without_price == [HOUSE]
    assert [p.model for p in s.prices_used] == [MINI, EMBED]  # by name
    assert s.total_usd == priced_sum(month_calls(ACME, 2026, 11))
