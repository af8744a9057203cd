"""UsageService's overview, comparison, estimate and statement methods, and the statement's
CSV and Markdown, over the seeded months on both databases."""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from headhunter_desktop.core.services.budget_alerts import FILE_NAME
from headhunter_desktop.core.services.usage import UsageService
from headhunter_desktop.core.services.usage_format import format_cost
from headhunter_desktop.core.services.usage_statement import (
    LINE_COLUMNS,
    TOTAL_ROW,
    statement_csv,
    statement_file_name,
    statement_markdown,
    statement_title,
)
from headhunter_desktop.core.services.usage_types import Budget
from tests.helpers.usage_db import insert
from tests.helpers.usage_months import (
    ACME,
    BERLIN,
    HOUSE,
    HOUSE_PRICES,
    month_calls,
    priced_sum,
    seeded_records,
)
from tests.helpers.usage_records import recent_record


@pytest.fixture
def usage(analytics_url: str, tmp_path: Path) -> Iterator[UsageService]:
    service = UsageService(analytics_url, BERLIN, spool_path=tmp_path / "usage-spool.jsonl")
    insert(service.engine(), seeded_records())
    yield service
    service.close()


def test_compare_periods(usage: UsageService) -> None:
    november = usage.query(ACME, date(2026, 11, 1), date(2026, 11, 30))

    async def read():
        current = await usage.totals(november)
        return (
            await usage.compare_periods(november),
            await usage.compare_periods(november, current),
            await usage.compare_periods(usage.query(ACME, None, date(2026, 11, 30))),
        )

    compared, given_current, all_time = asyncio.run(read())
    assert compared == given_current and all_time is None
    assert compared is not None
    assert compared.cost.current == priced_sum(month_calls(ACME, 2026, 11))
    assert compared.cost.previous == priced_sum(month_calls(ACME, 2026, 10))
    assert compared.calls.delta == len(month_calls(ACME, 2026, 11)) - len(
        month_calls(ACME, 2026, 10)
    )


def test_this_months_overview_and_its_alerts_once(usage: UsageService, tmp_path: Path) -> None:
    beta = "0b0b0b0b-0000-4000-a000-000000000002"
    insert(
        usage.engine(),
        [
            recent_record("0.85", client_company_id=None, client_uuid=beta,
                          client_company_name="Beta AG"),
            recent_record(None, client_company_id=None, client_uuid=beta,
                          client_company_name="Beta AG"),
        ],
    )  # fmt: skip

    async def work():
        await usage.set_budget(Budget(beta, "Beta AG", Decimal(1)))
        rows = await usage.budget_overview()
        return rows, await usage.due_budget_alerts(rows), await usage.due_budget_alerts()

    rows, alerts, again = asyncio.run(work())
    (row,) = [r for r in rows if r.client_key == beta]
    assert (row.month_spend_usd, row.unpriced_calls, row.ratio) == (Decimal("0.85"), 1, 0.85)
    assert [(a.client_name, a.threshold) for a in alerts] == [("Beta AG", 80)]
    assert again == []
    assert (tmp_path / FILE_NAME).exists()


def test_estimate_through_the_service(usage: UsageService) -> None:
    async def work():
        for price in HOUSE_PRICES:
            await usage.add_price_override(price)
        return await usage.measured_averages()

    averages = asyncio.run(work())
    result = usage.estimate(averages, {"feedback": 4}, HOUSE, "text-embedding-3-small",
                            date(2026, 11, 15))  # fmt: skip
    feedback = averages["generate_feedback"]
    per_call = (
        (round(feedback.avg_input) - round(feedback.avg_cached)) * Decimal(2)
        + round(feedback.avg_cached) * Decimal(1)
        + round(feedback.avg_output) * Decimal(8)
    ) / 1_000_000
    assert result.total_usd == per_call * 4
    assert HOUSE in usage.known_models() and "gpt-4o-mini" in usage.known_models()


def statement(usage: UsageService, markup: Decimal | None):
    async def work():
        for price in HOUSE_PRICES:
            await usage.add_price_override(price)
        return await usage.statement(
            ACME,
            date(2026, 11, 1),
            agency_name="Talent_Co *Search*",
            client_name="Acme | Ltd",
            markup_pct=markup,
        )

    return asyncio.run(work())


def sections(text: str) -> list[list[list[str]]]:
    """The CSV's blocks of rows, split at blank rows."""
    blocks: list[list[list[str]]] = [[]]
    for cells in csv.reader(io.StringIO(text)):
        if cells:
            blocks[-1].append(cells)
        else:
            blocks.append([])
    return blocks


def test_statement_csv_keeps_full_precision(usage: UsageService) -> None:
    s = statement(usage, Decimal("12.5"))
    calls = month_calls(ACME, 2026, 11)
    total = priced_sum(calls)
    facts, lines, prices, unpriced = sections(statement_csv(s))
    assert dict(facts) | {"generated_at": ""} == {
        "statement": "usage",
        "agency": "Talent_Co *Search*",
        "client": "Acme | Ltd",
        "client_key": ACME,
        "period_start": "2026-11-01",
        "period_end": "2026-11-30",
        "generated_at": "",
        "calls": str(len(calls)),
        "unpriced_calls": "2",
        "total_usd": format_cost(total),
        "markup_pct": "12.5",
        "markup_total_usd": format_cost(total * Decimal("0.125")),
        "total_with_markup_usd": format_cost(total * Decimal("1.125")),
        "models_without_price": "",
    }
    assert lines[0] == list(LINE_COLUMNS)
    rows = [dict(zip(LINE_COLUMNS, cells, strict=True)) for cells in lines[1:]]
    body, (last,) = rows[:-1], rows[-1:]
    assert last["action"] == TOTAL_ROW and Decimal(last["cost_usd"]) == total
    assert sum(Decimal(r["cost_usd"]) for r in body if r["cost_usd"]) == total
    assert sum(int(r["calls"]) for r in body) == int(last["calls"]) == len(calls)
    assert int(last["tokens_input"]) == sum(c.tokens_input for c in calls)
    local = [r for r in body if r["model"] == "llama3.1:8b"]
    assert [(r["cost_usd"], r["markup_usd"], r["unpriced_calls"]) for r in local] == [("", "", "2")]
    assert "E" not in "".join(r["cost_usd"] for r in rows)  # no scientific notation
    assert prices[0][0].startswith("prices used") and len(prices) == 2 + len(s.prices_used)
    assert unpriced[0][0].startswith("unpriced calls") and len(unpriced) == 2 + 2


def test_statement_markdown_states_the_exact_totals(usage: UsageService) -> None:
    s = statement(usage, None)
    text = statement_markdown(s)
    total = priced_sum(month_calls(ACME, 2026, 11))
    assert f"(exactly {format_cost(total)} USD)" in text
    assert "Markup" not in text
    assert r"Talent\_Co \*Search\*" in text and r"Acme \| Ltd" in text  # escaped, shown as is
    assert "1 November 2026 – 30 November 2026" in text
    assert "Calls without a known price" in text
    assert statement_title(s) == "Usage statement: Acme | Ltd, November 2026"
    assert statement_file_name(s, "pdf") == "usage-statement-Acme Ltd-2026-11.pdf"
