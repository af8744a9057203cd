"""The Usage tab's overview: the client's budget this month, the KPIs against the previous
period, the cost chart over every day of the period, and a breakdown table.

Every figure is a way into its calls: a KPI click, a bar click or a breakdown row's
double-click asks for the call log narrowed to it (`calls_requested`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from headhunter_desktop.core.services.usage_format import money_text
from headhunter_desktop.core.services.usage_types import (
    FAILED_STATUS,
    BudgetStatus,
    UsageRow,
    UsageTotals,
)
from headhunter_desktop.ui.common.bar_chart import BarChart
from headhunter_desktop.ui.usage.breakdown_model import (
    COST_COLUMN,
    ROW_ROLE,
    SORT_ROLE,
    BreakdownModel,
)
from headhunter_desktop.ui.usage.chart_series import ChartBar, chart_bars
from headhunter_desktop.ui.usage.kpi_strip import ERRORS, UNPRICED, KpiStrip
from headhunter_desktop.ui.usage.usage_filters import NO_CLIENT_KEY

BREAKDOWNS = (
    ("By action", "action"),
    ("By model", "model"),
    ("By client", "client"),
    ("By day", "day"),
)
RECRUITER_BREAKDOWN = ("By recruiter", "user")
# What a KPI card narrows the call log to, beyond the client and the period: exactly
# the calls the card counts (Errors: error or interrupted; Unpriced: no known price).
KPI_FILTERS: dict[str, dict[str, Any]] = {
    ERRORS: {"status": FAILED_STATUS},
    UNPRICED: {"priced": False},
}


class OverviewPanel(QWidget):
    """Budget bar, KPI strip, chart and breakdown of one client (or all) over a period.

    Signals:
        calls_requested(object): a dict of CallFilter fields ("start", "end", "action",
            "client_key", ...) narrowing the tab's client and period to what was clicked.
        breakdown_changed(): the user chose another breakdown.
    """

    calls_requested = Signal(object)
    breakdown_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.bars: list[ChartBar] = []
        self._rows_by: dict[str, list[UsageRow]] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        self.budget_bar = QProgressBar()
        self.budget_bar.setObjectName("budgetBar")
        self.budget_bar.setTextVisible(True)
        self.budget_bar.hide()
        layout.addWidget(self.budget_bar)
        self.kpis = KpiStrip()
        self.kpis.kpi_clicked.connect(
            lambda name: self.calls_requested.emit(dict(KPI_FILTERS.get(name, {})))
        )
        layout.addWidget(self.kpis)
        # Chart above, breakdown below, in a splitter: on a small laptop the user decides.
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_chart())
        splitter.addWidget(self._build_breakdown())
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)

    def _build_chart(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.chart_title = QLabel("Cost per day (USD)")
        self.chart_title.setObjectName("sectionTitle")
        layout.addWidget(self.chart_title)
        self.chart = BarChart()
        self.chart.setMinimumHeight(110)
        self.chart.set_legend("Cost", "Calls without a price")
        self.chart.set_empty_text("No calls in this period")
        self.chart.bar_clicked.connect(self._on_bar_clicked)
        layout.addWidget(self.chart, 1)
        return box

    def _build_breakdown(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.breakdown_by = QComboBox()
        # "By recruiter" comes and goes with team mode: the box follows its items.
        self.breakdown_by.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for label, key in BREAKDOWNS:
            self.breakdown_by.addItem(label, key)
        self.breakdown_by.currentIndexChanged.connect(self._on_breakdown_chosen)
        row = QHBoxLayout()
        row.addWidget(QLabel("Breakdown:"))
        row.addWidget(self.breakdown_by)
        hint = QLabel("Double-click a row for its calls")
        hint.setObjectName("kpiDetail")
        row.addWidget(hint)
        row.addStretch()
        layout.addLayout(row)
        self.model = BreakdownModel()
        self.proxy = QSortFilterProxyModel(box)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(self._on_row_activated)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self._sort_for("action")
        layout.addWidget(self.table, 1)
        return box

    def _sort_for(self, by: str) -> None:
        # Days in calendar order; anything else most expensive first.
        if by == "day":
            self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        else:
            self.table.sortByColumn(COST_COLUMN, Qt.SortOrder.DescendingOrder)

    # -- showing ----------------------------------------------------------------------------
    def show_figures(
        self,
        totals: UsageTotals,
        rows_by: Mapping[str, list[UsageRow]],
        comparison: Any | None,
        span: tuple[date, date],
    ) -> None:
        """Totals (with the comparison, if any), the chart over `span` and the breakdowns."""
        self.kpis.show_totals(totals, comparison)
        self._rows_by = dict(rows_by)
        self._show_chart(rows_by.get("day", []), span)
        self.show_breakdown()

    def _show_chart(self, day_rows: Sequence[UsageRow], span: tuple[date, date]) -> None:
        size, self.bars = chart_bars(day_rows, *span)
        self.chart_title.setText(f"Cost per {size} (USD)")
        self.chart.set_data(
            [bar.label for bar in self.bars],
            [float(bar.cost_usd) for bar in self.bars],
            lambda v: money_text(Decimal(repr(v))),
            markers=[bar.unpriced_calls for bar in self.bars],
            tooltips=[_bar_tooltip(bar) for bar in self.bars],
        )

    def set_breakdowns(self, with_recruiters: bool) -> None:
        """Offer the recruiter breakdown (team mode) or not; the choice stays if it can."""
        has = self.breakdown_by.findData(RECRUITER_BREAKDOWN[1]) >= 0
        if with_recruiters and not has:
            self.breakdown_by.addItem(*RECRUITER_BREAKDOWN)
        elif has and not with_recruiters:
            self.breakdown_by.removeItem(self.breakdown_by.findData(RECRUITER_BREAKDOWN[1]))

    def breakdown(self) -> str:
        return str(self.breakdown_by.currentData())

    def show_breakdown(self) -> None:
        by = self.breakdown()
        self.model.set_rows(self._rows_by.get(by, []), by)

    def show_budget(self, status: BudgetStatus | None) -> None:
        """'Budget this month: $0.011 of $0.01 (110 %, hard cap)'; hidden without one."""
        budget = status.budget if status is not None else None
        if status is None or budget is None:
            self.budget_bar.hide()
            return
        limit = budget.monthly_limit_usd
        ratio = float(status.spent_usd / limit) if limit else 0.0
        self.budget_bar.setRange(0, 1000)
        self.budget_bar.setValue(min(1000, int(ratio * 1000)))
        cap = "hard cap" if budget.hard_cap else "soft limit"
        self.budget_bar.setFormat(
            f"{budget.client_company_name} — budget this month: {money_text(status.spent_usd)} "
            f"of {money_text(limit)} ({ratio * 100:.0f} %, {cap})"
        )
        self.budget_bar.setProperty("warning", ratio >= float(budget.warn_ratio))
        self.budget_bar.style().unpolish(self.budget_bar)
        self.budget_bar.style().polish(self.budget_bar)
        self.budget_bar.show()

    # -- drill-down -------------------------------------------------------------------------
    def _on_breakdown_chosen(self) -> None:
        self.show_breakdown()
        self._sort_for(self.breakdown())
        self.breakdown_changed.emit()

    def _on_bar_clicked(self, index: int) -> None:
        bar = self.bars[index]
        self.calls_requested.emit({"start": bar.start, "end": bar.end})

    def _on_row_activated(self, index: QModelIndex) -> None:
        row = self.proxy.data(index, ROW_ROLE)
        if isinstance(row, UsageRow):
            self.calls_requested.emit(row_filter(row, self.breakdown()))


def row_filter(row: UsageRow, by: str) -> dict[str, Any]:
    """The CallFilter fields of one breakdown row."""
    if by == "day":
        return {"start": row.day, "end": row.day}
    if by == "client":
        # A client row's key is its UUID or legacy key; None is the no-client row.
        return {"client_key": NO_CLIENT_KEY if row.key is None else str(row.key)}
    if by == "user":
        return {"app_user": str(row.key)}
    return {by: str(row.key)}


def _bar_tooltip(bar: ChartBar) -> str:
    text = f"{bar.span_text}: {money_text(bar.cost_usd)} · {bar.calls:,} call(s)"
    if bar.unpriced_calls:
        text += f", {bar.unpriced_calls:,} without a price"
    return text + "\nClick to list these calls"
