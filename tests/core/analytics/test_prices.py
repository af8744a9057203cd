"""Prices: genai-prices at the call's time, dated model names, overrides, never a silent zero."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import genai_prices

from headhunter_desktop.core.analytics.prices import PriceOverride, Pricer, base_model_name

AT = datetime(2025, 6, 1, 12, tzinfo=UTC)


def price(pricer: Pricer, model: str, i: int, c: int, o: int, at: datetime = AT):
    return pricer.price(model, tokens_input=i, tokens_cached_input=c, tokens_output=o, at=at)


def test_dated_model_name_prices_like_genai_prices() -> None:
    got = price(Pricer(), "gpt-4o-mini-2024-07-18", 10_000, 4_000, 2_000)
    usage = genai_prices.Usage(input_tokens=10_000, cache_read_tokens=4_000, output_tokens=2_000)
    want = genai_prices.calc_price(
        usage, "gpt-4o-mini", provider_id="openai", genai_request_timestamp=AT
    ).total_price
    assert got.source == "genai-prices" and got.cost_usd == Decimal(want)
    # 6,000 uncached x $0.15 + 4,000 cached x $0.075 + 2,000 output x $0.60, per million
    assert got.cost_usd == Decimal("0.0024")


def test_cached_input_is_cheaper_than_uncached() -> None:
    cached = price(Pricer(), "gpt-4o-mini", 10_000, 10_000, 0).cost_usd
    uncached = price(Pricer(), "gpt-4o-mini", 10_000, 0, 0).cost_usd
    assert cached is not None and uncached is not None and cached < uncached


def test_unknown_model_is_unpriced_never_zero() -> None:
    got = price(Pricer(), "llama3.1:8b", 1_000, 0, 500)
    assert got.cost_usd is None and got.source == "unpriced"


def test_override_wins_from_its_effective_date() -> None:
    overrides = [
        PriceOverride(
            "gpt-4o-mini", Decimal("0.10"), Decimal("0.40"), Decimal("0.05"), date(2025, 5, 1)
        ),
        PriceOverride("gpt-4o-mini", Decimal("0.08"), Decimal("0.30"), None, date(2025, 7, 1)),
    ]
    pricer = Pricer(overrides)
    before = price(
        pricer, "gpt-4o-mini-2024-07-18", 1_000_000, 0, 0, datetime(2025, 4, 30, tzinfo=UTC)
    )
    may = price(pricer, "gpt-4o-mini-2024-07-18", 1_000_000, 500_000, 1_000_000)
    july = price(pricer, "gpt-4o-mini", 1_000_000, 500_000, 0, datetime(2025, 7, 2, tzinfo=UTC))
    assert before.source == "genai-prices"
    assert (may.source, may.cost_usd) == (
        "override",
        Decimal("0.05") + Decimal("0.025") + Decimal("0.40"),
    )
    assert july.cost_usd == Decimal("0.08")  # no cached price: cached input at the input price


def test_local_model_costs_zero_only_when_the_user_says_so() -> None:
    free = PriceOverride("llama3.1:8b", Decimal(0), Decimal(0), None, date(2020, 1, 1))
    got = price(Pricer([free]), "llama3.1:8b", 1_000, 0, 500)
    assert (got.cost_usd, got.source) == (Decimal(0), "override")


def test_base_model_name() -> None:
    assert base_model_name("gpt-4o-mini-2024-07-18") == "gpt-4o-mini"
    assert base_model_name("o3-mini") == "o3-mini"
