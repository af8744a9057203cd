"""Usage, budgets and prices for the front ends: analytics database work off the event loop.

The analytics database may be a shared server that is sometimes out of reach; the engine
is opened on first use and opened again after a failure, so the app starts and records
(into the spool) whether or not the server answers.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa

from headhunter_desktop.core.analytics import (
    budgets,
    call_log,
    client_directory,
    legacy_clients,
    price_overrides,
    queries,
    reprice,
    work_costs,
)
from headhunter_desktop.core.analytics.budget_snapshots import BudgetSnapshots
from headhunter_desktop.core.analytics.budgets import Budget, BudgetStatus
from headhunter_desktop.core.analytics.call_log import CallFilter, CallPage, Cursor
from headhunter_desktop.core.analytics.change_signature import UsageSignature, usage_signature
from headhunter_desktop.core.analytics.client_directory import DirectoryEntry
from headhunter_desktop.core.analytics.db import open_analytics_db
from headhunter_desktop.core.analytics.prices import PriceOverride, Pricer
from headhunter_desktop.core.analytics.queries import UsagePanel, UsageQuery, UsageRow
from headhunter_desktop.core.analytics.reprice import RepricePreview
from headhunter_desktop.core.analytics.retention import RetentionResult, apply_retention
from headhunter_desktop.core.analytics.work_costs import WorkCost
from headhunter_desktop.core.analytics.writer.set_aside import SetAsideFiles, SetAsideRecords
from headhunter_desktop.core.errors import DatabaseError
from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.core.llm.metering import default_app_user
from headhunter_desktop.core.services.budget_alerts import BudgetAlerts
from headhunter_desktop.core.services.spend_guard import SpendGuard
from headhunter_desktop.core.services.usage_insights import UsageInsights
from headhunter_desktop.core.storage.tables import name_key

log = logging.getLogger(__name__)
BUDGET_SNAPSHOTS = "budget-snapshots.json"  # next to the usage spool, in the data folder
BUDGET_ALERTS = "budget-alerts.json"  # the alerts shown this month, beside them
T = TypeVar("T")
BudgetListener = Callable[[BudgetStatus], None]


def is_own_usage_file(url: str | sa.URL, data_folder_file: Path) -> bool:
    """Whether the usage database is the data folder's own SQLite file (one main database
    ever wrote it), rather than a server or a file shared with other laptops."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return False
    return Path(parsed.database).resolve() == data_folder_file.resolve()


def local_timezone() -> tzinfo:
    """The user's time zone: usage days are the recruiter's days, not UTC's."""
    return datetime.now().astimezone().tzinfo or UTC


class UsageService(UsageInsights):
    """Queries, budgets and price overrides on the analytics database (its own thread);
    the overview, comparison, estimator and statements come from UsageInsights."""

    def __init__(
        self,
        url: str | sa.URL,
        tz: tzinfo | None = None,
        *,
        executor: ThreadPoolExecutor | None = None,
        spool_path: Path | None = None,
    ):
        """`executor` is the app's `Workers.analytics`; without one the service runs a
        thread of its own, stopped by `close()`. `spool_path`: the data folder's primary
        usage spool, next to which the writer sets refused records aside."""
        self._url = url
        self.tz = tz or local_timezone()
        self._engine: sa.Engine | None = None
        self._lock = threading.Lock()
        self._own_executor = executor is None
        self._executor = executor or ThreadPoolExecutor(1, thread_name_prefix="analytics")
        self.pricer = Pricer()
        self._budget_listeners: list[BudgetListener] = []
        self._budget_saved_listeners: list[Callable[[str], None]] = []
        self._app_user = default_app_user()  # who added a client to the shared directory
        self._set_aside = None if spool_path is None else SetAsideFiles(spool_path)
        self._budget_alerts = (
            None if spool_path is None else BudgetAlerts(spool_path.with_name(BUDGET_ALERTS))
        )
        snapshots = None
        if spool_path is not None:  # the last budgets read, for when the server is away
            snapshots = BudgetSnapshots(spool_path.with_name(BUDGET_SNAPSHOTS), url)
        # The gateway's budget check; its ledger is the usage writer's observer.
        self.spend_guard = SpendGuard(self._run, self.tz, self._tell_listeners, snapshots)

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

    def _withdraw_reservations(self) -> None:
        # What other processes saw set aside by this one goes; the snapshots stay.
        try:
            self.spend_guard.withdraw(self.engine())
        except (DatabaseError, sa.exc.SQLAlchemyError) as exc:
            log.info("reservations left to lapse: %s", exc)

    def _forget_engine(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None

    def close(self) -> None:
        """Close the connections (blocking) and stop the service's own thread, if any."""
        self.spend_guard.keep_snapshots()
        if self.spend_guard.published:
            with contextlib.suppress(RuntimeError):  # the app's analytics thread has stopped
                self._executor.submit(self._withdraw_reservations).result()
        if self._own_executor:
            self._executor.shutdown(wait=True)
            self._forget_engine()
        else:
            self._executor.submit(self._forget_engine).result()

    # -- queries --------------------------------------------------------------------------
    def query(self, client_uuid: str | None, start: date | None, end: date | None) -> UsageQuery:
        """One client's calls (by its UUID: every laptop's) or all clients' (None)."""
        return UsageQuery(client_uuid, start, end, self.tz)

    async def panel(self, q: UsageQuery) -> UsagePanel:
        """Totals with the action, day and client breakdowns."""
        return await self._run(lambda e: queries.usage_panel(e, q))

    async def breakdown(self, q: UsageQuery, by: queries.Breakdown) -> list[UsageRow]:
        return await self._run(lambda e: queries.usage_breakdown(e, q, by))

    async def totals(self, q: UsageQuery) -> queries.UsageTotals:
        return await self._run(lambda e: queries.usage_totals(e, q))

    async def change_signature(self) -> UsageSignature:
        """A cheap fingerprint of all usage data: a live view refreshes when it changes."""
        return await self._run(usage_signature)

    def set_aside_records(self) -> SetAsideRecords:
        """Usage records set aside (refused by the database, or unreadable): in no figure.

        Blocking but cheap (a folder listing; files are read only when they changed).
        """
        return SetAsideRecords() if self._set_aside is None else self._set_aside.count()

    # -- budgets --------------------------------------------------------------------------
    async def budget_status(self, client_uuid: str) -> BudgetStatus:
        """The client's budget and this month's spend (every laptop's calls for it)."""
        now = datetime.now(self.tz)
        return await self._run(lambda e: budgets.check_budget(e, client_uuid, None, now))

    async def month_spend(self, client_uuid: str) -> Decimal:
        """What the client's priced calls cost this calendar month (the user's time zone)."""
        start, end = budgets.month_bounds(datetime.now(self.tz))
        return await self._run(lambda e: queries.month_spend(e, client_uuid, start, end))

    async def set_budget(self, budget: Budget) -> None:
        await self._run(lambda e: budgets.set_budget(e, budget))
        self._tell_budget_saved(budget.client_uuid)

    async def delete_budget(self, client_uuid: str) -> bool:
        deleted = await self._run(lambda e: budgets.delete_budget(e, client_uuid))
        self._tell_budget_saved(client_uuid)
        return deleted

    def add_budget_saved_listener(self, listener: Callable[[str], None]) -> None:
        """Called on the event loop with a client's UUID once its budget is set or removed
        (an import a cap stopped offers to resume)."""
        self._budget_saved_listeners.append(listener)

    def _tell_budget_saved(self, client_uuid: str) -> None:
        for listener in list(self._budget_saved_listeners):
            listener(client_uuid)

    async def check_before_call(self, ctx: CallContext, estimate: Decimal) -> None:
        """Would a call costing `estimate` pass? Raises BudgetExceededError past a hard cap
        (the gateway reserves through `spend_guard` instead of asking this)."""
        reservation = await self.spend_guard.reserve(ctx, estimate)
        if reservation is not None:
            reservation.release()

    def _tell_listeners(self, status: BudgetStatus) -> None:
        for listener in list(self._budget_listeners):
            listener(status)

    # -- the shared client directory ------------------------------------------------------
    async def claim_client_name(self, uuid: str, name: str) -> DirectoryEntry:
        """Register `uuid` under `name` unless another laptop did first: the entry that holds
        the name. Raises DatabaseError when the usage database is out of reach."""
        key, user = name_key(name), self._app_user
        return await self._run(lambda e: client_directory.claim_name(e, uuid, name, key, user))

    def adopt_legacy_clients(self, uuids_by_id: Callable[[], Mapping[int, str]]) -> int:
        """Blocking, at start: count usage recorded before clients had UUIDs as the client's
        of that id (analytics/legacy_clients.py); returns how many records moved. Only for
        the data folder's own usage database (`is_own_usage_file`): on a shared one an old
        id may be any laptop's client. A failure is logged: the app starts regardless."""
        try:
            engine = self.engine()
            old_ids = legacy_clients.legacy_client_ids(engine)
            uuids = uuids_by_id() if old_ids else {}
            return sum(
                legacy_clients.adopt_legacy_client(engine, old, uuids[old])
                for old in sorted(old_ids)
                if old in uuids
            )
        except (sa.exc.SQLAlchemyError, DatabaseError) as exc:
            log.warning("old usage records not moved onto client UUIDs: %s", exc)
            return 0

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

    async def reprice(self, start: date, end: date, client_key: str | None = None) -> int:
        """Recompute stored costs of local days start..end (inclusive) at current prices,
        of one client's calls (its key) or every client's (None)."""
        first, stop = self._utc_bounds(start, end)
        pricer = await self.load_prices()
        return await self._run(
            lambda e: reprice.reprice(e, pricer, first, stop, client_key=client_key)
        )

    async def reprice_preview(
        self, start: date, end: date, client_key: str | None = None
    ) -> RepricePreview:
        """What `reprice` of the same days and client would change, changing nothing."""
        first, stop = self._utc_bounds(start, end)
        pricer = await self.load_prices()
        return await self._run(
            lambda e: reprice.reprice_preview(e, pricer, first, stop, client_key)
        )

    def _utc_bounds(self, start: date, end: date) -> tuple[datetime, datetime]:
        first = datetime.combine(start, time(0), self.tz).astimezone(UTC)
        stop = datetime.combine(end + timedelta(days=1), time(0), self.tz).astimezone(UTC)
        return first, stop

    async def apply_retention(self, months: int) -> RetentionResult:
        now = datetime.now(UTC)
        return await self._run(lambda e: apply_retention(e, months, now))

    # -- calls and work -------------------------------------------------------------------
    def call_filter(
        self, client_key: str | None, start: date | None, end: date | None, **filters: Any
    ) -> CallFilter:
        """Calls of one client (its key; NO_CLIENT for none) or all (None), local days
        start..end in the user's time zone; `filters`: the other CallFilter fields."""
        return CallFilter(client_key=client_key, start=start, end=end, tz=self.tz, **filters)

    async def calls(self, f: CallFilter, after: Cursor | None = None, limit: int = 200) -> CallPage:
        """A page of calls, newest first, after the cursor of the previous page."""
        return await self._run(lambda e: call_log.list_calls(e, f, after=after, limit=limit))

    async def count_calls(self, f: CallFilter) -> int:
        return await self._run(lambda e: call_log.count_calls(e, f))

    async def call_filter_choices(self, f: CallFilter) -> dict[str, list[str]]:
        """The values each filter drop-down offers for f's client and period."""
        return await self._run(lambda e: call_log.filter_choices(e, f))

    async def work_costs(self, f: CallFilter, entity_type: str | None = None) -> list[WorkCost]:
        """Cost per piece of work (entity), most expensive first."""
        return await self._run(lambda e: work_costs.work_costs(e, f, entity_type))
