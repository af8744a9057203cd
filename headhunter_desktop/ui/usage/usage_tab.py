"""The Usage tab: what every LLM call cost, per client — KPIs, chart, breakdown, budget, CSV."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QSortFilterProxyModel, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.services.usage_format import to_csv
from headhunter_desktop.core.services.usage_types import (
    BudgetStatus,
    UsagePanel,
    UsageRow,
    format_usd,
)
from headhunter_desktop.ui.common.bar_chart import BarChart
from headhunter_desktop.ui.common.empty_state import EmptyState
from headhunter_desktop.ui.shell.tab import Tab, TabContext
from headhunter_desktop.ui.usage.breakdown_model import SORT_ROLE, BreakdownModel
from headhunter_desktop.ui.usage.budget_dialog import BudgetDialog
from headhunter_desktop.ui.usage.kpi_strip import KpiStrip
from headhunter_desktop.ui.usage.period_choices import PERIODS, period_range, to_date
from headhunter_desktop.ui.usage.prices_dialog import PricesDialog

ALL_CLIENTS = "All clients"
BREAKDOWNS = (
    ("By action", "action"),
    ("By model", "model"),
    ("By client", "client"),
    ("By day", "day"),
)


class UsageTab(Tab):
    """The agency owner's view of LLM spend. Every figure comes from the analytics database."""

    title = "Usage"

    def __init__(self, ctx: TabContext):
        self._usage, self._directory, self._tasks = ctx.services.usage, ctx.directory, ctx.tasks
        directory = ctx.directory
        self._panel: UsagePanel | None = None
        self._rows_by: dict[str, list[UsageRow]] = {}
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
        directory.clients_changed.connect(self._reload_clients)
        self._reload_clients()

    # -- building -------------------------------------------------------------------------
    def _build_content(self) -> QWidget:
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addLayout(self._build_filters())
        self.budget_bar = QProgressBar()
        self.budget_bar.setObjectName("budgetBar")
        self.budget_bar.setTextVisible(True)
        self.budget_bar.hide()
        layout.addWidget(self.budget_bar)
        self.kpis = KpiStrip()
        layout.addWidget(self.kpis)
        # Chart above, breakdown below, in a splitter: on a small laptop the user decides.
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_chart())
        splitter.addWidget(self._build_breakdown())
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        return content

    def _build_chart(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel("Cost per day (USD)")
        title.setObjectName("sectionTitle")
        layout.addWidget(title)
        self.chart = BarChart()
        self.chart.setMinimumHeight(100)
        layout.addWidget(self.chart, 1)
        return box

    def _build_breakdown(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.breakdown_by = QComboBox()
        for label, key in BREAKDOWNS:
            self.breakdown_by.addItem(label, key)
        self.breakdown_by.currentIndexChanged.connect(lambda _i: self._show_breakdown())
        row = QHBoxLayout()
        row.addWidget(QLabel("Breakdown:"))
        row.addWidget(self.breakdown_by)
        row.addStretch()
        layout.addLayout(row)
        self.model = BreakdownModel()
        proxy = QSortFilterProxyModel(box)
        proxy.setSourceModel(self.model)
        proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setModel(proxy)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        return box

    def _build_filters(self) -> QHBoxLayout:
        self.client_filter = QComboBox()
        self.client_filter.setMinimumContentsLength(18)
        self.period = QComboBox()
        self.period.addItems(PERIODS)
        self.date_from, self.date_to = QDateEdit(), QDateEdit()
        today = QDate.currentDate()
        for edit, value in ((self.date_from, today.addDays(-29)), (self.date_to, today)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(value)
            edit.hide()
            edit.dateChanged.connect(lambda _d: self.refresh())
        self.refresh_button = QPushButton("Refresh")
        self.export_button = QPushButton("Export CSV…")
        self.budget_button = QPushButton("Budget…")
        self.prices_button = QPushButton("Prices…")
        self.prices_button.clicked.connect(self.open_prices)
        self.client_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.period.currentIndexChanged.connect(self._on_period_changed)
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button.clicked.connect(self.export_csv)
        self.budget_button.clicked.connect(self.edit_budget)
        row = QHBoxLayout()
        for widget in (
            QLabel("Client:"),
            self.client_filter,
            QLabel("Period:"),
            self.period,
            self.date_from,
            self.date_to,
        ):
            row.addWidget(widget)
        row.addStretch()
        for button in (
            self.budget_button,
            self.prices_button,
            self.export_button,
            self.refresh_button,
        ):
            row.addWidget(button)
        return row

    def _init_set_aside_note(self) -> None:
        # Above the empty state too: if every call so far was set aside, there is no
        # figure at all, and this line is the only sign of them.
        self.set_aside_note = QLabel()
        self.set_aside_note.setObjectName("setAsideNote")
        self.set_aside_note.setWordWrap(True)
        self.set_aside_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.set_aside_note.hide()
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, self.set_aside_note)

    def _init_actions(self) -> None:
        self.add_shortcut(QKeySequence.StandardKey.Refresh, self.refresh, "Refresh")
        self.add_shortcut(QKeySequence("Ctrl+E"), self.export_csv, "Export CSV…")

    def activated(self) -> None:
        self.refresh()

    # -- filters --------------------------------------------------------------------------
    def _reload_clients(self) -> None:
        current = self.client_filter.currentData()
        self.client_filter.blockSignals(True)
        self.client_filter.clear()
        self.client_filter.addItem(ALL_CLIENTS, None)
        for client in self._directory.clients:
            # By UUID: usage and budgets are per client across every laptop.
            self.client_filter.addItem(client.name, client.uuid)
        self.client_filter.setCurrentIndex(max(self.client_filter.findData(current), 0))
        self.client_filter.blockSignals(False)
        self._update_buttons()

    def selected_client_uuid(self) -> str | None:
        return self.client_filter.currentData()

    def selected_period(self) -> tuple[date | None, date | None]:
        name = self.period.currentText()
        if name == "Custom…":
            return to_date(self.date_from.date()), to_date(self.date_to.date())
        return period_range(name, date.today())

    def _on_period_changed(self) -> None:
        custom = self.period.currentText() == "Custom…"
        self.date_from.setVisible(custom)
        self.date_to.setVisible(custom)
        self.refresh()

    def _update_buttons(self) -> None:
        self.budget_button.setEnabled(self.selected_client_uuid() is not None)

    # -- loading --------------------------------------------------------------------------
    def refresh(self) -> None:
        self._update_buttons()
        self._tasks.start("usage.refresh", self._refresh())

    async def _refresh(self) -> None:
        self.show_set_aside()
        start, end = self.selected_period()
        client_uuid = self.selected_client_uuid()
        query = self._usage.query(client_uuid, start, end)
        panel = await self._usage.panel(query)
        model_rows = await self._usage.breakdown(query, "model")
        # The guide shows only before the very first call; an empty period shows zeros.
        anything = panel.totals.calls > 0
        if not anything:
            anything = (await self._usage.totals(self._usage.query(None, None, None))).calls > 0
        self._panel = panel
        self._rows_by = {
            "action": panel.by_action,
            "client": panel.by_client,
            "day": panel.by_day,
            "model": model_rows,
        }
        self.kpis.show_totals(panel.totals)
        self.chart.set_data(
            [row.day.strftime("%d %b") if row.day else row.label for row in panel.by_day],
            [float(row.cost_usd) for row in panel.by_day],
            lambda v: f"${v:.4f}" if v < 1 else f"${v:,.2f}",
        )
        self._show_breakdown()
        self.show_empty_state(not anything)
        await self._refresh_budget(client_uuid)

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

    async def _refresh_budget(self, client_uuid: str | None) -> None:
        if client_uuid is None:
            self.budget_bar.hide()
            return
        self.show_budget(await self._usage.budget_status(client_uuid))

    def show_budget(self, status: BudgetStatus) -> None:
        budget = status.budget
        if budget is None:
            self.budget_bar.hide()
            return
        ratio = (
            float(status.spent_usd / budget.monthly_limit_usd) if budget.monthly_limit_usd else 0
        )
        self.budget_bar.setRange(0, 1000)
        self.budget_bar.setValue(min(1000, int(ratio * 1000)))
        cap = "hard cap" if budget.hard_cap else "soft limit"
        self.budget_bar.setFormat(
            f"Budget this month: {format_usd(status.spent_usd)} of "
            f"{format_usd(budget.monthly_limit_usd)} ({ratio:.0%}, {cap})"
        )
        self.budget_bar.setProperty("warning", ratio >= float(budget.warn_ratio))
        self.budget_bar.style().unpolish(self.budget_bar)
        self.budget_bar.style().polish(self.budget_bar)
        self.budget_bar.show()

    def _show_breakdown(self) -> None:
        by = self.breakdown_by.currentData()
        self.model.set_rows(self._rows_by.get(by, []), by)

    # -- actions --------------------------------------------------------------------------
    def export_csv(self) -> None:
        if self._panel is None:
            return
        by = self.breakdown_by.currentData()
        client = self.client_filter.currentText().replace(" ", "-").lower()
        start, end = self.selected_period()
        span = f"{start or 'start'}_{end or 'today'}"
        dialog = QFileDialog(self, "Export usage as CSV", f"usage-{client}-{span}-by-{by}.csv")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter("CSV files (*.csv)")
        dialog.fileSelected.connect(lambda path: self.write_csv(Path(path)))
        dialog.open()

    def write_csv(self, path: Path) -> None:
        """Write the totals and the current breakdown, full precision, to `path`."""
        assert self._panel is not None
        by = self.breakdown_by.currentData()
        try:
            path.write_text(to_csv(self._panel.totals, self.model.rows(), by), encoding="utf-8")
        except OSError as exc:
            raise UserFacingError(f"Cannot write {path}: {exc.strerror}.") from None

    def open_prices(self) -> PricesDialog:
        dialog = PricesDialog(self._usage, self._tasks, self)
        dialog.finished.connect(lambda _r: self.refresh())
        dialog.open()
        dialog.load()
        return dialog

    def edit_budget(self) -> None:
        client_uuid = self.selected_client_uuid()
        if client_uuid is not None:
            self._tasks.start("usage.budget", self._edit_budget(client_uuid))

    async def _edit_budget(self, client_uuid: str) -> BudgetDialog:
        status = await self._usage.budget_status(client_uuid)
        dialog = BudgetDialog(client_uuid, self.client_filter.currentText(), status.budget, self)
        dialog.saved.connect(
            lambda budget: self._tasks.start("usage.budget.save", self._save_budget(budget))
        )
        dialog.removed.connect(
            lambda: self._tasks.start("usage.budget.save", self._remove_budget(client_uuid))
        )
        dialog.open()
        return dialog

    async def _save_budget(self, budget: object) -> None:
        await self._usage.set_budget(budget)  # type: ignore[arg-type]
        await self._refresh_budget(self.selected_client_uuid())

    async def _remove_budget(self, client_uuid: str) -> None:
        await self._usage.delete_budget(client_uuid)
        await self._refresh_budget(self.selected_client_uuid())
