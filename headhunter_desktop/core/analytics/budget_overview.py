"""Every client's spend this month against its budget, and where the month is heading.

The month is the calendar month of `now` in its own time zone (budgets.month_bounds), as
the budget check counts it. The month-end projection is the month's run rate: spend so
far divided by the elapsed share of the month. Before a whole day has passed that share
is taken as one day's: an hour's spend times 720 is noise, not a forecast.

Rows: every client with a budget (even without calls this month) and every client with
calls this month, by name; calls made for no client come last (client_key NO_CLIENT,
never a budget), so the rows add up to the month's total.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa

from headhunter_desktop.core.analytics.budgets import Budget, list_budgets, month_bounds
from headhunter_desktop.core.analytics.queries import UsageQuery, UsageRow, usage_breakdown
from headhunter_desktop.core.analytics.tables import NO_CLIENT

# A run rate needs some history: the elapsed share of the month is at least this.
MIN_ELAPSED = timedelta(days=1)
_PRECISION = Decimal("1e-12")


@dataclass(frozen=True)
class BudgetOverviewRow:
    """One client's month: spend, budget, the share used and the month-end projection.

    ratio and projected_ratio are None without a budget; with a $0 budget they are 0.0
    while nothing was spent and infinity after.
    """

    client_key: str
    client_name: str | None
    month_spend_usd: Decimal
    unpriced_calls: int
    monthly_limit_usd: Decimal | None
    warn_ratio: Decimal | None
    hard_cap: bool
    ratio: float | None
    projected_usd: Decimal
    projected_ratio: float | None


def project_month_end(
    spent: Decimal, now: datetime, month_start: datetime, month_end: datetime
) -> Decimal:
    """The month's spend if it goes on at the rate so far (see the module docstring)."""
    length = month_end - month_start
    elapsed = min(max(now - month_start, MIN_ELAPSED), length)
    share = Decimal(elapsed.total_seconds()) / Decimal(length.total_seconds())
    return (spent / share).quantize(_PRECISION)


def budget_overview(engine: sa.Engine, now: datetime) -> list[BudgetOverviewRow]:
    """The rows of the budgets view for the month of `now` (a time-zone-aware instant)."""
    start, end = month_bounds(now)  # raises for a naive `now`
    tz = now.tzinfo or UTC
    first = date(now.year, now.month, 1)
    last = (end.astimezone(tz) - timedelta(days=1)).date()
    month = UsageQuery(None, first, last, tz)
    spend = {_key(row): row for row in usage_breakdown(engine, month, "client")}
    budgets = {b.client_uuid: b for b in list_budgets(engine)}
    rows = [
        _row(key, spend.get(key), budgets.get(key), now, start, end)
        for key in set(spend) | set(budgets)
    ]
    return sorted(rows, key=_order)


def ratio(spent: Decimal, limit: Decimal) -> float:
    """spent / limit; for a $0 limit 0.0 while nothing is spent, infinity after."""
    if limit == 0:
        return 0.0 if spent == 0 else float("inf")
    return float(spent / limit)


def _key(row: UsageRow) -> str:
    return NO_CLIENT if row.key is None else str(row.key)


def _row(
    key: str,
    usage: UsageRow | None,
    budget: Budget | None,
    now: datetime,
    start: datetime,
    end: datetime,
) -> BudgetOverviewRow:
    spent = Decimal(0) if usage is None else usage.cost_usd
    projected = project_month_end(spent, now, start, end)
    limit = None if budget is None else budget.monthly_limit_usd
    name = usage.client_company_name if usage is not None else None
    return BudgetOverviewRow(
        client_key=key,
        client_name=name or (budget.client_company_name if budget is not None else None),
        month_spend_usd=spent,
        unpriced_calls=0 if usage is None else usage.unpriced_calls,
        monthly_limit_usd=limit,
        warn_ratio=None if budget is None else budget.warn_ratio,
        hard_cap=budget is not None and budget.hard_cap,
        ratio=None if limit is None else ratio(spent, limit),
        projected_usd=projected,
        projected_ratio=None if limit is None else ratio(projected, limit),
    )


def _order(row: BudgetOverviewRow) -> tuple[bool, str, str]:
    return (row.client_key == NO_CLIENT, (row.client_name or "").casefold(), row.client_key)
