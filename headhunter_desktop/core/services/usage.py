"""Usage, budgets and prices for the front ends: analytics database work off the event loop.

The analytics database may be a shared server that is sometimes out of reach; the engine
is opened on first use and opened again after a failure, so the app starts and records
(into the spool) whether or not the server answers.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from typing import TypeVar

import sqlalchemy as sa

from headhunter_desktop.core.analytics import budgets, price_overrides, queries, reprice
from headhunter_desktop.core.analytics.budgets import Budget, BudgetExceededError, BudgetStatus
from headhunter_desktop.core.analytics.db import open_analytics_db
from headhunter_desktop.core.analytics.prices import PriceOverride, Pricer
from headhunter_desktop.core.analytics.queries import UsagePanel, UsageQuery, UsageRow
from headhunter_desktop.core.analytics.retention import RetentionResult, apply_retention
from headhunter_desktop.core.errors import DatabaseError
from headhunter_desktop.core.llm.context import CallContext

log = logging.getLogger(__name__)
T = TypeVar("T")
BudgetListener = Callable[[BudgetStatus], None]


def local_timezone() -> tzinfo:
    """The user's time zone: usage days are the recruiter's days, not UTC's."""
    return datetime.now().astimezone().tzinfo or UTC


class UsageService:
    """Queries, budgets and price overrides on the analytics database (its own thread)."""

    def __init__(
        self, url: str, tz: tzinfo | None = None, *, executor: ThreadPoolExecutor | None = None
    ):
        """`executor` is the app's `Workers.analytics`; without one the service runs a
        thread of its own, stopped by `close()`."""
        self._url = url
        self.tz = tz or local_timezone()
        self._engine: sa.Engine | None = None
        self._lock = threading.Lock()
        self._own_executor = executor is None
        self._executor = executor or ThreadPoolExecutor(1, thread_name_prefix="analytics")
        self.pricer = Pricer()
        self._budget_listeners: list[BudgetListener] = []

    def add_budget_listener(self, listener: BudgetListener) -> None:
        """Called on the event loop when a call brings a client past its warning threshold."""
        self._budget_listeners.append(listener)

    def remove_budget_listener(self, listener: BudgetListener) -> None:
        if listener in self._budget_listeners:
            self._budget_listeners.remove(listener)

    # -- plumbing -------------------------------------------------------------------------
    def engine(self) -> sa.Engine:
        """The engine, opened (and migrated) on first use; raises DatabaseError."""
        with self._lock:
            if self._engine is None:
                self._engine = open_analytics_db(self._url)
            return self._engine

    async def _run(self, fn: Callable[[sa.Engine], T]) -> T:
        def work() -> T:
            try:
                return fn(self.engine())
            except sa.exc.OperationalError as exc:
                self._forget_engine()
                raise DatabaseError(
                    "The usage database cannot be reached right now "
                    f"({type(exc.orig).__name__ if exc.orig else 'connection failed'}). "
                    "Calls are still recorded and will be sent when it is back."
                ) from None

        return await asyncio.get_running_loop().run_in_executor(self._executor, work)

    def _forget_engine(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None

    def close(self) -> None:
        """Close the connections (blocking) and stop the service's own thread, if any."""
        if self._own_executor:
            self._executor.shutdown(wait=True)
            self._forget_engine()
        else:
            self._executor.submit(self._forget_engine).result()

    # -- queries --------------------------------------------------------------------------
    def query(
        self, client_company_id: int | None, start: date | None, end: date | None
    ) -> UsageQuery:
        return UsageQuery(client_company_id, start, end, self.tz)

    async def panel(self, q: UsageQuery) -> UsagePanel:
        """Totals with the action, day and client breakdowns."""
        return await self._run(lambda e: queries.usage_panel(e, q))

    async def breakdown(self, q: UsageQuery, by: queries.Breakdown) -> list[UsageRow]:
        return await self._run(lambda e: queries.usage_breakdown(e, q, by))

    async def totals(self, q: UsageQuery) -> queries.UsageTotals:
        return await self._run(lambda e: queries.usage_totals(e, q))

    # -- budgets --------------------------------------------------------------------------
    async def budget_status(self, client_company_id: int) -> BudgetStatus:
        now = datetime.now(self.tz)
        return await self._run(lambda e: budgets.check_budget(e, client_company_id, None, now))

    async def set_budget(self, budget: Budget) -> None:
        await self._run(lambda e: budgets.set_budget(e, budget))

    async def delete_budget(self, client_company_id: int) -> bool:
        return await self._run(lambda e: budgets.delete_budget(e, client_company_id))

    async def check_before_call(self, ctx: CallContext, estimate: Decimal) -> None:
        """The gateway's pre-call check: raises BudgetExceededError past a hard cap."""
        if ctx.client_company_id is None:
            return
        client_id = ctx.client_company_id
        now = datetime.now(self.tz)
        try:
            status = await self._run(lambda e: budgets.check_budget(e, client_id, estimate, now))
        except DatabaseError as exc:
            # Offline from a shared server: the call goes ahead and is recorded in the spool.
            log.warning("budget not checked: %s", exc)
            return
        if status.state == "blocked" and not ctx.allow_over_budget:
            raise BudgetExceededError(status)
        if status.state != "ok":
            for listener in list(self._budget_listeners):
                listener(status)

    # -- prices ---------------------------------------------------------------------------
    async def load_prices(self) -> Pricer:
        """Reload price overrides: calls priced from now on use them."""
        overrides = await self._run(price_overrides.load_price_overrides)
        self.pricer.use_overrides(overrides)
        return self.pricer

    async def price_overrides(self) -> list[PriceOverride]:
        return await self._run(price_overrides.load_price_overrides)

    async def add_price_override(self, override: PriceOverride) -> None:
        await self._run(lambda e: price_overrides.add_price_override(e, override))
        await self.load_prices()

    async def delete_price_override(self, model: str, effective_from: date) -> bool:
        deleted = await self._run(
            lambda e: price_overrides.delete_price_override(e, model, effective_from)
        )
        await self.load_prices()
        return deleted

    async def reprice(self, start: date, end: date) -> int:
        """Recompute stored costs of local days start..end (inclusive) at current prices."""
        first = datetime.combine(start, time(0), self.tz).astimezone(UTC)
        stop = datetime.combine(end + timedelta(days=1), time(0), self.tz).astimezone(UTC)
        pricer = await self.load_prices()
        return await self._run(lambda e: reprice.reprice(e, pricer, first, stop))

    async def apply_retention(self, months: int) -> RetentionResult:
        now = datetime.now(UTC)
        return await self._run(lambda e: apply_retention(e, months, now))
