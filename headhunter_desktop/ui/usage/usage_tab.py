"""The Usage tab: what every LLM call cost, per client — an overview (KPIs, chart,
breakdown, budget), the call log, the cost per piece of work and every client's budget."""

from __future__ import annotations

import dataclasses
import logging
from datetime import date
from typing import Any

from PySide6.QtGui import QHideEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from headhunter_desktop.core.services.clients import ClientSummary
from headhunter_desktop.core.services.usage import is_own_usage_file
from headhunter_desktop.core.services.usage_types import UsageQuery, UsageRow
from headhunter_desktop.ui.common.empty_state import EmptyState
from headhunter_desktop.ui.common.steady_tab_widget import SteadyTabWidget
from headhunter_desktop.ui.shell.tab import Tab, TabContext
from headhunter_desktop.ui.shell.usage_status import show_due_budget_alerts
from headhunter_desktop.ui.usage.budget_editing import has_budgets
from headhunter_desktop.ui.usage.budgets_view import BudgetsView
from headhunter_desktop.ui.usage.calls_view import CallsView
from headhunter_desktop.ui.usage.chart_series import chart_span
from headhunter_desktop.ui.usage.live_updates import UsageWatcher
from headhunter_desktop.ui.usage.overview_panel import OverviewPanel
from headhunter_desktop.ui.usage.usage_actions import UsageActions
from headhunter_desktop.ui.usage.usage_filters import UsageFilters
from headhunter_desktop.ui.usage.work_view import WorkView

log = logging.getLogger(__name__)
# Where an entity of the call log or the work table opens ("interview" has its own hook).
TARGET_TABS = {
    "candidate": "CVs",
    "job": "Jobs",
    "department": "Departments",
    "company": "Companies",
}


class UsageTab(Tab):
    """The agency owner's view of LLM spend. Every figure comes from the analytics database;
    while the tab is on screen new calls show within two seconds (live_updates.py)."""

    title = "Usage"

    def __init__(self, ctx: TabContext):
        self._ctx, self._services = ctx, ctx.services
        self._usage, self._directory, self._tasks = ctx.services.usage, ctx.directory, ctx.tasks
        self._refresh_again = False
        self._stale_sections: set[QWidget] = set()
        # Every recruiter's figures for the period: no rollup has the recruiter, so they are
        # read from the detail rows — at an explicit refresh, not at every live update.
        self._recruiters: list[UsageRow] | None = None
        self._recruiters_stale = False
        empty = EmptyState(
            "No LLM calls recorded yet",
            "Every call the app makes — parsing a CV, embedding it, writing a job "
            "posting — is recorded here with its exact input, cached, output and "
            "reasoning tokens and its cost in USD, per client company, ready to bill.",
        )
        empty.add_action("Refresh", self.refresh)
        super().__init__(empty, self._build_content())
        self._init_set_aside_note()
        self._init_actions()
        self.watcher = UsageWatcher(
            lambda: self._services.usage_writer.pending_count,
            self._usage.change_signature,
            self._tasks,
            self,
        )
        self._connect_signals()
        self.filters.set_clients(self._directory.clients)
        self.commands.set_export_totals(None)

    # -- building -------------------------------------------------------------------------
    def _build_content(self) -> QWidget:
        content = QWidget()
        layout = QVBoxLayout(content)
        top = QHBoxLayout()
        self.filters = UsageFilters()
        top.addWidget(self.filters, 1)
        self.refresh_button = QPushButton("Refresh")
        top.addWidget(self.refresh_button)
        layout.addLayout(top)
        self.sections = SteadyTabWidget()
        self.sections.setDocumentMode(True)
        self.overview = OverviewPanel()
        open_entity = self.open_entity
        self.calls_view = CallsView(self._services, self._tasks, open_entity)
        self.work_view = WorkView(self._services, self._tasks, open_entity)
        self.budgets_view = BudgetsView(self._services, self._tasks)
        for widget, title in (
            (self.overview, "Overview"),
            (self.calls_view, "Calls"),
            (self.work_view, "Work"),
            (self.budgets_view, "Budgets"),
        ):
            self.sections.addTab(widget, title)
        self.commands = UsageActions(
            self._services,
            self._tasks,
            self._directory,
            (self.filters, self.overview),
            lambda: self.sections.setCurrentWidget(self.budgets_view),
        )
        self.sections.setCornerWidget(self.commands)
        layout.addWidget(self.sections, 1)
        return content

    def _init_set_aside_note(self) -> None:
        # Above the empty state too: if every call so far was set aside, there is no
        # figure at all, and this line is the only sign of them.
        self.set_aside_note = QLabel()
        self.set_aside_note.setObjectName("setAsideNote")
        self.set_aside_note.setWordWrap(True)
        self.set_aside_note.hide()
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, self.set_aside_note)

    def _init_actions(self) -> None:
        self.add_shortcut(QKeySequence.StandardKey.Refresh, self.refresh, "Refresh")
        self.add_shortcut(QKeySequence("Ctrl+E"), self.commands.export_csv, "Export CSV…")

    def _connect_signals(self) -> None:
        self.filters.changed.connect(self.refresh)
        self.refresh_button.clicked.connect(self.refresh)
        self.commands.prices_closed = self.refresh
        self.sections.currentChanged.connect(lambda _i: self._load_section())
        self.overview.calls_requested.connect(self.show_calls)
        self.overview.breakdown_changed.connect(self._on_breakdown_changed)
        self.work_view.calls_requested.connect(self._show_call_filter)
        self.budgets_view.edit_budget_requested.connect(self._on_edit_budget_requested)
        self.commands.budgets.changed.connect(self._after_budget_change)
        self.watcher.changed.connect(self._on_data_changed)
        self._directory.clients_changed.connect(
            lambda: self.filters.set_clients(self._directory.clients)
        )

    # -- the window's hooks ---------------------------------------------------------------
    def set_client(self, client: ClientSummary | None) -> None:
        super().set_client(client)
        self.filters.follow(client)

    def activated(self) -> None:
        self.refresh()

    async def load(self) -> None:
        """At start-up: budget alerts due since the last start (the tab need not be open)."""
        await self._check_budget_alerts()

    def shut_down(self) -> None:
        self.watcher.stop()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.watcher.start()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.watcher.stop()

    # -- what is shown --------------------------------------------------------------------
    def selected_client_key(self) -> str | None:
        return self.filters.client_key()

    def selected_period(self) -> tuple[date | None, date | None]:
        return self.filters.selected_period()

    def usage_query(self) -> Any:
        """The UsageQuery of the client, period and (team mode) recruiter chosen."""
        start, end = self.selected_period()
        query = self._usage.query(self.selected_client_key(), start, end)
        if user := self.filters.app_user():
            query = dataclasses.replace(query, app_user=user)
        return query

    def call_filter(self, **narrower: Any) -> Any:
        """The CallFilter of what the tab shows, narrowed by `narrower` (a drill-down:
        "start", "end", "client_key" or any other CallFilter field)."""
        start, end = self.selected_period()
        client = narrower.pop("client_key", self.selected_client_key())
        start, end = narrower.pop("start", start), narrower.pop("end", end)
        narrower.setdefault("app_user", self.filters.app_user())
        return self._usage.call_filter(client, start, end, **narrower)

    # -- loading --------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload what is shown for the current filters (the visible section first)."""
        self._stale_sections = {self.calls_view, self.work_view, self.budgets_view}
        self._recruiters = None
        self._tasks.start("usage.refresh", self._refresh())
        self._load_section()

    def _on_data_changed(self) -> None:
        """New usage (live): one refresh at a time; a change during one asks for another."""
        self._recruiters_stale = True
        section = self.sections.currentWidget()
        if section is self.overview:
            if self._tasks.running("usage.refresh"):
                self._refresh_again = True
            else:
                self._tasks.start("usage.refresh", self._refresh())
            self._stale_sections = {self.calls_view, self.work_view, self.budgets_view}
        else:
            self._stale_sections = {self.calls_view, self.work_view, self.budgets_view}
            self._load_section(keep_calls_filter=True)
            self._stale_sections.add(self.overview)

    def _on_breakdown_changed(self) -> None:
        # The recruiters' rows were left as they were at live updates: read them now.
        if self.overview.breakdown() == "user" and self._recruiters_stale:
            self._tasks.start("usage.refresh", self._refresh())

    async def _refresh(self) -> None:
        self._refresh_again = True
        while self._refresh_again:
            self._refresh_again = False
            await self._refresh_overview()
        await self._check_budget_alerts()

    async def _refresh_overview(self) -> None:
        self.show_set_aside()
        start, end = self.selected_period()
        client = self.selected_client_key()
        query = self.usage_query()
        # Read before the figures: a call committed meanwhile changes it again, and shows.
        signature = await self._usage.change_signature()
        panel = await self._usage.panel(query)
        rows_by = {
            "action": panel.by_action,
            "client": panel.by_client,
            "day": panel.by_day,
            "model": panel.by_model,
        }
        await self._refresh_recruiters(query, rows_by)
        comparison = await self._usage.compare_periods(query, panel.totals)
        self.watcher.seen(signature)
        span = chart_span(start, end, panel.by_day, date.today())
        self.filters.show_span(span[0] if start is None else None)
        self.overview.show_figures(panel.totals, rows_by, comparison, span)
        self.commands.set_export_totals(panel.totals)
        self._stale_sections.discard(self.overview)
        # The guide shows only before the very first call; an empty period shows zeros.
        self.show_empty_state(panel.totals.calls == 0 and signature.calls == 0)
        await self._refresh_budget(client)

    async def _refresh_recruiters(
        self, query: UsageQuery, rows_by: dict[str, list[UsageRow]]
    ) -> None:
        """Team mode: a shared database, or calls of more than one recruiter."""
        shown = self.overview.breakdown() == "user"
        if self._recruiters is None or (self._recruiters_stale and shown):
            everyone = dataclasses.replace(query, app_user=None)
            self._recruiters = await self._usage.breakdown(everyone, "user")
            self._recruiters_stale = False
        users = self._recruiters
        config = self._services.config  # a server, or a file other laptops write too
        shared = not is_own_usage_file(config.analytics_url, config.paths.analytics_db)
        team = shared or len(users) > 1
        self.filters.set_recruiters([str(row.key) for row in users if row.key])
        self.filters.show_recruiters(team)
        self.overview.set_breakdowns(team)
        rows_by["user"] = (
            users if self.filters.app_user() is None else await self._usage.breakdown(query, "user")
        )

    def show_set_aside(self) -> None:
        """Warn that some usage records are in none of these figures, and where they are."""
        set_aside = self._usage.set_aside_records()
        self.set_aside_note.setVisible(set_aside.count > 0)
        if set_aside.count:
            self.set_aside_note.setText(
                f"⚠ {set_aside.count} usage record(s) could not be stored and are not in "
                f"these figures (refused by the usage database, or unreadable). They are "
                f"kept for review in {set_aside.where}; app.log gives the reason."
            )

    async def _refresh_budget(self, client: str | None) -> None:
        if not has_budgets(client):
            self.overview.show_budget(None)
            return
        assert client is not None
        self.overview.show_budget(await self._usage.budget_status(client))

    async def _check_budget_alerts(self) -> None:
        await show_due_budget_alerts(self._usage, self._ctx.notify)

    # -- the sections ---------------------------------------------------------------------
    def _load_section(self, *, keep_calls_filter: bool = False) -> None:
        section = self.sections.currentWidget()
        if section not in self._stale_sections:
            return
        self._stale_sections.discard(section)
        if section is self.overview:
            self._tasks.start("usage.refresh", self._refresh())
        elif section is self.calls_view:
            current = self.calls_view.current_filter
            if keep_calls_filter and current is not None:
                # Live: the newest calls come first; a user reading further down keeps
                # the rows under their eyes until they scroll back up or refresh.
                if self.calls_view.table.verticalScrollBar().value() > 0:
                    self._stale_sections.add(section)
                    return
                self.calls_view.show_calls(current)
            else:
                self.calls_view.show_calls(self.call_filter())
        elif section is self.work_view:
            self.work_view.load(self.call_filter())
        elif section is self.budgets_view:
            self.budgets_view.load()

    def show_calls(self, narrower: dict[str, Any]) -> None:
        """The Calls section with the tab's calls narrowed to what was clicked."""
        self._show_call_filter(self.call_filter(**narrower))

    def _show_call_filter(self, f: Any) -> None:
        self._stale_sections.discard(self.calls_view)
        self.calls_view.show_calls(f)
        self.sections.setCurrentWidget(self.calls_view)

    def open_entity(self, label: Any) -> None:
        """A candidate, job, department, interview or company of a call: its tab, its client."""
        if label.target == "interview" and label.client_id is not None and label.target_id:
            self._ctx.open_interview(label.client_id, label.target_id)
            return
        if label.client_id is not None:
            self._directory.select(label.client_id)
        if title := TARGET_TABS.get(label.target):
            self._ctx.go_to_tab(title)

    # -- budgets --------------------------------------------------------------------------
    def _on_edit_budget_requested(self, client_key: str, client_name: str) -> None:
        if has_budgets(client_key):
            self.commands.budgets.edit(client_key, client_name)

    def _after_budget_change(self) -> None:
        self._stale_sections.add(self.budgets_view)
        self._load_section()
        self._tasks.start("usage.budget.shown", self._show_budget_change())

    async def _show_budget_change(self) -> None:
        await self._refresh_budget(self.selected_client_key())
        await self._check_budget_alerts()
