"""Every client's month against its budget, as a table: spend, limit, share used (drawn
as a bar by `BudgetBarDelegate`), month-end projection and where that leaves it."""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QApplication

from headhunter_desktop.core.services.usage_format import money_text
from headhunter_desktop.ui.common.generation_status import error_colour
from headhunter_desktop.ui.usage.budget_bar import BarValues, warning_colour

if TYPE_CHECKING:
    from headhunter_desktop.core.services.usage_types import BudgetOverviewRow

Index = QModelIndex | QPersistentModelIndex
HEADERS = (
    "Client",
    "Spent",
    "Budget",
    "Used",
    "Projected",
    "Warns at",
    "State",
    "Unpriced",
)
USED_COLUMN = HEADERS.index("Used")
STATE_COLUMN = HEADERS.index("State")
BAR_ROLE = Qt.ItemDataRole.UserRole + 2  # BarValues for the "Used" column
NO_CLIENT_TEXT = "(no client)"
LEGACY_PREFIX = "legacy:"


class BudgetState(Enum):
    """Where a client stands this month, most pressing first."""

    BLOCKED = "Blocked: hard cap reached"
    OVER = "Over budget"
    WARNING = "Past warning"
    HEADING_OVER = "On course to pass"
    OK = "Within budget"
    NO_BUDGET = "No budget"


def state_of(row: BudgetOverviewRow) -> BudgetState:
    """The state a row's figures put it in (the warning at its own threshold)."""
    if row.ratio is None:
        return BudgetState.NO_BUDGET
    if row.ratio >= 1:
        return BudgetState.BLOCKED if row.hard_cap else BudgetState.OVER
    if row.warn_ratio is not None and row.ratio >= float(row.warn_ratio):
        return BudgetState.WARNING
    if row.projected_ratio is not None and row.projected_ratio > 1:
        return BudgetState.HEADING_OVER
    return BudgetState.OK


def percent_text(ratio: float | None) -> str:
    """'82 %', '∞' for spend against a $0 budget, '' without a budget."""
    if ratio is None:
        return ""
    return "∞" if math.isinf(ratio) else f"{ratio * 100:,.0f} %"


def can_have_budget(client_key: str) -> bool:
    """Budgets are per client UUID: not for calls made for no client, nor for those
    recorded before clients had UUIDs (a "legacy:N" key)."""
    return bool(client_key) and not client_key.startswith(LEGACY_PREFIX)


def client_text(row: BudgetOverviewRow) -> str:
    return row.client_name or (NO_CLIENT_TEXT if not row.client_key else row.client_key)


class BudgetsModel(QAbstractTableModel):
    """One row per client (`BudgetOverviewRow`), in the order the overview gives."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[BudgetOverviewRow] = []

    def set_rows(self, rows: Sequence[BudgetOverviewRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[BudgetOverviewRow]:
        return list(self._rows)

    def row_at(self, row: int) -> BudgetOverviewRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == BAR_ROLE and column == USED_COLUMN:
            warn = None if row.warn_ratio is None else float(row.warn_ratio)
            return BarValues(row.ratio, row.projected_ratio, warn)
        if role == Qt.ItemDataRole.TextAlignmentRole and column not in (0, STATE_COLUMN):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == STATE_COLUMN:
            return _state_colour(state_of(row))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    @staticmethod
    def _text(row: BudgetOverviewRow, column: int) -> str:
        limit = row.monthly_limit_usd
        texts = (
            lambda: client_text(row),
            lambda: money_text(row.month_spend_usd),
            lambda: "—" if limit is None else _limit_text(row, limit),
            lambda: percent_text(row.ratio),
            lambda: _projected_text(row),
            lambda: percent_text(None if row.warn_ratio is None else float(row.warn_ratio)),
            lambda: state_of(row).value,
            lambda: f"{row.unpriced_calls:,}" if row.unpriced_calls else "",
        )
        return texts[column]()

    @staticmethod
    def _tooltip(row: BudgetOverviewRow, column: int) -> str | None:
        if column == USED_COLUMN and row.ratio is not None:
            return (
                f"{money_text(row.month_spend_usd)} of {money_text(row.monthly_limit_usd)} "
                f"spent; at this rate {money_text(row.projected_usd)} by the month's end "
                "(the thin mark)"
            )
        if column == HEADERS.index("Projected"):
            return "The month's spend if it goes on at the rate so far"
        if column == HEADERS.index("Unpriced") and row.unpriced_calls:
            return "Calls of models without a known price: not in the spend"
        if column == 0 and not can_have_budget(row.client_key):
            return "Calls made for no client, or before clients had IDs: no budget possible"
        return None


def _limit_text(row: BudgetOverviewRow, limit: Decimal) -> str:
    # A hard cap stops calls at the limit; a soft limit only warns.
    return f"{money_text(limit)}, hard cap" if row.hard_cap else money_text(limit)


def _projected_text(row: BudgetOverviewRow) -> str:
    """'$3.87' or, against a budget, '$3.87 (2,579 %)'."""
    projected = money_text(row.projected_usd)
    return (
        projected
        if row.projected_ratio is None
        else (f"{projected} ({percent_text(row.projected_ratio)})")
    )


def _state_colour(state: BudgetState) -> Any:
    palette = QApplication.palette()
    if state in (BudgetState.BLOCKED, BudgetState.OVER):
        return error_colour(palette)
    if state in (BudgetState.WARNING, BudgetState.HEADING_OVER):
        return warning_colour(palette)
    return None


def total_spend(rows: Sequence[BudgetOverviewRow]) -> tuple[Decimal, Decimal]:
    """(spent so far, projected month end) over every row."""
    spent = sum((r.month_spend_usd for r in rows), Decimal(0))
    projected = sum((r.projected_usd for r in rows), Decimal(0))
    return spent, projected
