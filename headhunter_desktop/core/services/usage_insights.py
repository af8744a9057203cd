"""UsageService's overview, comparison, estimate and statement methods.

A mixin of UsageService (usage.py), apart only to keep that file readable in one sitting:
the methods use the service's analytics thread (`_run`), time zone and pricer.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, tzinfo
from decimal import Decimal
from typing import TYPE_CHECKING, TypeVar

import sqlalchemy as sa

from headhunter_desktop.core.analytics import (
    budget_overview,
    comparison,
    estimator,
    queries,
    statement,
)
from headhunter_desktop.core.analytics.budget_overview import BudgetOverviewRow
from headhunter_desktop.core.analytics.comparison import PeriodComparison
from headhunter_desktop.core.analytics.estimator import ActionAverage, Estimate
from headhunter_desktop.core.analytics.prices import Pricer
from headhunter_desktop.core.analytics.queries import UsageQuery, UsageTotals
from headhunter_desktop.core.analytics.statement import Statement
from headhunter_desktop.core.services.budget_alerts import BudgetAlert, BudgetAlerts

T = TypeVar("T")


class UsageInsights:
    """What an owner reads off the usage: budgets overview and alerts, the comparison with
    the previous period, the estimator and the monthly statement."""

    tz: tzinfo
    pricer: Pricer
    _executor: ThreadPoolExecutor
    _budget_alerts: BudgetAlerts | None

    if TYPE_CHECKING:  # UsageService's own

        async def _run(self, fn: Callable[[sa.Engine], T]) -> T: ...

        async def load_prices(self) -> Pricer: ...

    # -- overview, estimates, statements --------------------------------------------------
    async def budget_overview(self) -> list[BudgetOverviewRow]:
        """Every client's spend this month against its budget, with a month-end projection."""
        now = datetime.now(self.tz)
        return await self._run(lambda e: budget_overview.budget_overview(e, now))

    async def due_budget_alerts(
        self, rows: list[BudgetOverviewRow] | None = None
    ) -> list[BudgetAlert]:
        """Budget alerts newly due this month (50/80/100 %, each once per client and month
        on this laptop), remembered and logged; `rows`: an overview just read, if any."""
        if self._budget_alerts is None:
            return []
        alerts, month = self._budget_alerts, f"{datetime.now(self.tz):%Y-%m}"
        current = rows if rows is not None else await self.budget_overview()
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, lambda: alerts.due(current, month))

    async def compare_periods(
        self, q: UsageQuery, current: UsageTotals | None = None
    ) -> PeriodComparison | None:
        """`q`'s totals against the previous period's (comparison.previous_period); None for
        a period with an open end. `current`: q's totals when already read."""
        if q.start is None or q.end is None:
            return None
        start, end = comparison.previous_period(q.start, q.end)
        before = dataclasses.replace(q, start=start, end=end)

        def work(e: sa.Engine) -> PeriodComparison:
            now = current if current is not None else queries.usage_totals(e, q)
            return comparison.compare(now, queries.usage_totals(e, before), start, end)

        return await self._run(work)

    async def measured_averages(self, since: date | None = None) -> dict[str, ActionAverage]:
        """This agency's average tokens per call of each action (successful calls)."""
        return await self._run(lambda e: estimator.measured_averages(e, since))

    def estimate(
        self,
        averages: Mapping[str, ActionAverage],
        workload: Mapping[str, int],
        chat_model: str,
        embedding_model: str,
        on: date | None = None,
    ) -> Estimate:
        """What `workload` ({"cv": N, "job": M, "feedback": K}) costs at the prices of `on`
        (today in the user's time zone by default); pure, no database."""
        day = on or datetime.now(self.tz).date()
        return estimator.estimate(averages, self.pricer, workload, chat_model, embedding_model, day)

    def known_models(self) -> list[str]:
        """Models with a price (genai-prices and overrides), for the estimator's choice."""
        return estimator.known_models(self.pricer)

    async def statement(
        self,
        client_key: str,
        month: date,
        *,
        agency_name: str,
        client_name: str,
        markup_pct: Decimal | None = None,
    ) -> Statement:
        """A client's monthly statement (local calendar month of `month`), prices reloaded."""
        pricer, tz = await self.load_prices(), self.tz
        build = functools.partial(
            statement.build_statement,
            agency_name=agency_name,
            client_name=client_name,
            markup_pct=markup_pct,
        )
        return await self._run(lambda e: build(e, pricer, client_key, month, tz))
