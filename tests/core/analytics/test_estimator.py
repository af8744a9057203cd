"""The estimator: measured averages from the seeded calls, priced by hand, on both databases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from headhunter_desktop.core.analytics.estimator import estimate, known_models, measured_averages
from headhunter_desktop.core.analytics.prices import PriceOverride, Pricer
from tests.helpers.usage_db import insert
from tests.helpers.usage_months import CALLS, HOUSE, HOUSE_PRICES, LOCAL, Call, seeded_records

HOUSE_EMBED = "house-embed"
EMBED_PRICE = PriceOverride(HOUSE_EMBED, Decimal("0.1"), Decimal(0), None, date(2026, 1, 1))
DEC_2 = date(2026, 12, 2)


def measured(action: str, since: date | None = None) -> list[Call]:
    """The seeded calls an average is made of: successful, with usable counts."""
    return [
        c
        for c in CALLS
        if c.action == action
        and c.status == "ok"
        and c.usage_source != "invalid"
        and (since is None or c.at.date() >= since)
    ]


def average(calls: list[Call], per: int, field: str) -> float:
    return sum(getattr(c, field) for c in calls) / per


@pytest.fixture
def seeded(engine: sa.Engine) -> sa.Engine:
    insert(engine, seeded_records())
    return engine


def test_averages_come_from_successful_calls_only(seeded: sa.Engine) -> None:
    averages = measured_averages(seeded)
    assert set(averages) == {"parse_cv", "embed_cv", "generate_job", "generate_feedback",
                             "embed_query"}  # fmt: skip
    parse = measured("parse_cv")
    got = averages["parse_cv"]
    assert got.calls == len(parse) == 8
    assert got.avg_input == pytest.approx(average(parse, len(parse), "tokens_input"))
    assert got.avg_cached == pytest.approx(average(parse, len(parse), "tokens_cached"))
    assert got.avg_output == pytest.approx(average(parse, len(parse), "tokens_output"))
    # Embeddings go in batches: their tokens are spread over the CVs parsed.
    embed = averages["embed_cv"]
    assert embed.calls == 2
    assert embed.avg_input == pytest.approx(average(measured("embed_cv"), 8, "tokens_input"))
    job = averages["generate_job"]
    assert (job.calls, job.avg_reasoning) == (2, pytest.approx(50.0))


def test_since_leaves_older_calls_out(seeded: sa.Engine) -> None:
    averages = measured_averages(seeded, since=date(2026, 12, 1))
    assert set(averages) == {"parse_cv"}
    assert averages["parse_cv"].calls == 1 and averages["parse_cv"].avg_input == 1000


def house_cost(calls: int, avg_in: float, avg_cached: float, avg_out: float) -> Decimal:
    """The 20 November override ($3 in, $1.5 cached, $12 out per 1M) for whole-token calls."""
    t_in, t_cached, t_out = round(avg_in), round(avg_cached), round(avg_out)
    per_call = (
        (t_in - t_cached) * Decimal(3) + t_cached * Decimal("1.5") + t_out * Decimal(12)
    ) / 1_000_000
    return per_call * calls


def test_an_estimate_prices_each_action_of_the_work(seeded: sa.Engine) -> None:
    pricer = Pricer([*HOUSE_PRICES, EMBED_PRICE])
    averages = measured_averages(seeded)
    result = estimate(averages, pricer, {"cv": 200, "job": 10, "feedback": 0}, HOUSE,
                      HOUSE_EMBED, DEC_2)  # fmt: skip

    lines = {(line.work, line.action): line for line in result.lines}
    assert list(lines) == [("cv", "parse_cv"), ("cv", "embed_cv"), ("job", "generate_job")]
    parse = averages["parse_cv"]
    assert lines["cv", "parse_cv"].cost_usd == house_cost(
        200, parse.avg_input, parse.avg_cached, parse.avg_output
    )
    assert lines["cv", "parse_cv"].model == HOUSE and lines["cv", "parse_cv"].calls == 200
    embed_tokens = round(average(measured("embed_cv"), 8, "tokens_input"))
    assert lines["cv", "embed_cv"].cost_usd == embed_tokens * Decimal("0.1") / 1_000_000 * 200
    assert lines["cv", "embed_cv"].model == HOUSE_EMBED
    job = averages["generate_job"]
    assert lines["job", "generate_job"].cost_usd == house_cost(
        10, job.avg_input, job.avg_cached, job.avg_output
    )
    assert result.total_usd == sum(line.cost_usd for line in lines.values())  # type: ignore[misc]
    assert (result.unpriced_lines, result.missing_actions) == (0, [])


def test_unmeasured_actions_are_listed_and_unpriced_models_have_no_cost(
    seeded: sa.Engine,
) -> None:
    pricer = Pricer([EMBED_PRICE])
    averages = measured_averages(seeded, since=date(2026, 12, 1))  # only a parse is measured
    result = estimate(averages, pricer, {"cv": 5, "job": 3, "feedback": 2}, LOCAL, HOUSE_EMBED,
                      DEC_2)  # fmt: skip
    assert [(line.action, line.cost_usd) for line in result.lines] == [("parse_cv", None)]
    assert result.missing_actions == ["embed_cv", "generate_job", "generate_feedback"]
    assert (result.total_usd, result.unpriced_lines) == (None, 1)
    with pytest.raises(ValueError):
        estimate(averages, pricer, {"candidates": 3}, LOCAL, HOUSE_EMBED, DEC_2)


def test_known_models_offer_genai_prices_and_the_overrides() -> None:
    models = known_models(Pricer([EMBED_PRICE]))
    assert {"gpt-4o-mini", "text-embedding-3-small", HOUSE_EMBED} <= set(models)
    assert models == sorted(models) and not any(m.endswith("-") for m in models)
