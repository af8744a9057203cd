"""The call log as a table model: one row per LLM call, a page at a time.

The rows already loaded are kept; when the view scrolls to the end, Qt asks `canFetchMore`
and `fetchMore`, and the model asks its owner (`more_wanted`) for the page after the last
row — the service pages by keyset, so page 500 costs what page 1 costs. A page arriving
for a filter that has since changed is dropped (`append_page` checks its generation).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import QApplication

from headhunter_desktop.core.domain.actions import action_label
from headhunter_desktop.core.services.usage_format import money_text
from headhunter_desktop.ui.usage.work_kinds import STATUS_TEXT, can_open, link_look

if TYPE_CHECKING:
    from headhunter_desktop.core.services.entity_labels import EntityLabel
    from headhunter_desktop.core.services.usage_types import CallRow, Cursor

Index = QModelIndex | QPersistentModelIndex
EntityLabels = Mapping[tuple[str, str], "EntityLabel"]
NO_CLIENT_TEXT = "(no client)"
ESTIMATED_MARK = "≈"
ESTIMATED_TIP = (
    "Estimated usage: the server reported no token counts for this call, so the app "
    "counted them itself. Cost and tokens are close, not exact."
)
# Column titles; the figures right-aligned.
HEADERS = (
    "Time",
    "Client",
    "Action",
    "Model",
    "Work",
    "Input",
    "Cached",
    "Output",
    "Reasoning",
    "Cost",
    "Latency",
    "Status",
    ESTIMATED_MARK,
)
TIME_COLUMN, CLIENT_COLUMN = 0, 1
ACTION_COLUMN, MODEL_COLUMN = 2, 3
ENTITY_COLUMN = HEADERS.index("Work")
COST_COLUMN = HEADERS.index("Cost")
ESTIMATED_COLUMN = HEADERS.index(ESTIMATED_MARK)
_NUMBER_COLUMNS = frozenset(range(HEADERS.index("Input"), HEADERS.index("Latency") + 1))
ROW_ROLE = Qt.ItemDataRole.UserRole  # the CallRow of a row
ENTITY_ROLE = Qt.ItemDataRole.UserRole + 1  # the EntityLabel of a row, or None


def time_text(moment: datetime, tz: tzinfo, this_year: int) -> str:
    """'02 Dec 07:28:50' in `tz`; with its year ('02 Dec 2025 07:28') before `this_year`."""
    local = moment.astimezone(tz)
    return f"{local:%d %b %H:%M:%S}" if local.year == this_year else f"{local:%d %b %Y %H:%M}"


class CallsModel(QAbstractTableModel):
    """Rows of calls, newest first, with the labels of the work they were for.

    Signals:
        more_wanted(object): the view reached the end; load the page after this cursor.
    """

    more_wanted = Signal(object)

    def __init__(self, tz: tzinfo, parent: Any = None) -> None:
        super().__init__(parent)
        self._tz = tz
        self._this_year = datetime.now(tz).year
        self._rows: list[CallRow] = []
        self._labels: dict[tuple[str, str], EntityLabel] = {}
        self._next: Cursor | None = None
        self._loading = False
        self.generation = 0  # bumped by every reset: pages of an older filter are dropped

    # -- filling ----------------------------------------------------------------------------
    def reset(self) -> int:
        """Forget every row (a new filter); returns the generation its pages must carry."""
        self.beginResetModel()
        self._rows, self._labels, self._next = [], {}, None
        self._loading = True  # page 1 is on its way: no fetchMore before it arrives
        self.generation += 1
        self.endResetModel()
        return self.generation

    def append_page(
        self,
        generation: int,
        rows: Sequence[CallRow],
        next_cursor: Cursor | None,
        labels: EntityLabels,
    ) -> bool:
        """Add a page's rows after the others; False (nothing added) for a stale page."""
        if generation != self.generation:
            return False
        self._labels.update(labels)
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        self._next = next_cursor
        self._loading = False
        return True

    def page_failed(self, generation: int) -> None:
        """A page could not be loaded: allow asking again when the view scrolls."""
        if generation == self.generation:
            self._loading = False

    def rows(self) -> list[CallRow]:
        return list(self._rows)

    def row_at(self, row: int) -> CallRow:
        return self._rows[row]

    def entity_of(self, row: int) -> EntityLabel | None:
        call = self._rows[row]
        if call.entity_type is None or call.entity_id is None:
            return None
        return self._labels.get((call.entity_type, call.entity_id))

    def has_more(self) -> bool:
        return self._next is not None

    # -- paging (Qt asks when the view scrolls to the last row) -----------------------------
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._next is not None and not self._loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._loading = True
            self.more_wanted.emit(self._next)

    # -- reading ----------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        call = self._rows[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[column](self, call)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMBER_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == ESTIMATED_COLUMN:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == COST_COLUMN:
            return _unpriced_brush() if call.cost_usd is None else None
        if role == ROW_ROLE:
            return call
        if role == ENTITY_ROLE:
            return self.entity_of(row)
        if column == ENTITY_COLUMN and can_open(self.entity_of(row)):
            return link_look(role)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == ESTIMATED_COLUMN:
            return ESTIMATED_TIP
        return None

    def _entity_text(self, call: CallRow) -> str:
        if call.entity_type is None or call.entity_id is None:
            return ""
        label = self._labels.get((call.entity_type, call.entity_id))
        return label.text if label is not None else f"{call.entity_type} {call.entity_id}"

    def _tooltip(self, row: int, column: int) -> str | None:
        call = self._rows[row]
        if column == TIME_COLUMN:
            return call.occurred_at.astimezone(self._tz).isoformat(sep=" ", timespec="seconds")
        if column == ESTIMATED_COLUMN and call.estimated:
            return ESTIMATED_TIP
        if column == HEADERS.index("Status") and call.error_type:
            return call.error_type
        if column == COST_COLUMN and call.cost_usd is None:
            return "No price is known for this model: set one in Prices…"
        label = self.entity_of(row) if column == ENTITY_COLUMN else None
        if label is not None:
            return f"{label.text} — click to open it" if can_open(label) else label.text
        return None

    _cells: tuple[Callable[[CallsModel, CallRow], str], ...] = (
        lambda m, c: time_text(c.occurred_at, m._tz, m._this_year),
        lambda m, c: c.client_name or (NO_CLIENT_TEXT if not c.client_key else c.client_key),
        lambda m, c: action_label(c.action),
        lambda m, c: c.model,
        lambda m, c: m._entity_text(c),
        lambda m, c: f"{c.tokens_input:,}",
        lambda m, c: f"{c.tokens_cached_input:,}",
        lambda m, c: f"{c.tokens_output:,}",
        lambda m, c: f"{c.tokens_reasoning:,}",
        lambda m, c: money_text(c.cost_usd),
        lambda m, c: f"{c.latency_ms:,} ms",
        lambda m, c: STATUS_TEXT.get(c.status, c.status),
        lambda m, c: ESTIMATED_MARK if c.estimated else "",
    )


def _unpriced_brush() -> QBrush:
    # Dimmed: "unpriced" is the absence of a figure, not one.
    return QApplication.palette().brush(QPalette.ColorRole.PlaceholderText)
