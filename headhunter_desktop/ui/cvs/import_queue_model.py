"""The import queue as a table: one row per file, updated as the pipeline reports."""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from headhunter_desktop.core.domain.import_job import FINISHED_STATES, ImportRow, ImportState
from headhunter_desktop.ui.common.generation_status import ERROR_ON_DARK, ERROR_ON_LIGHT
from headhunter_desktop.ui.common.warning_icon import warning_icon

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("File", "Status", "Detail")
# What "Clear finished" removes from the list: nothing is left to do for these files.
CLEARABLE_STATES = frozenset({ImportState.DONE, ImportState.DUPLICATE})
STATE_TEXT = {
    ImportState.QUEUED: "Waiting",
    ImportState.EXTRACTING: "Reading file…",
    ImportState.PARSING: "Parsing with the LLM…",
    ImportState.EMBEDDING: "Indexing…",
    ImportState.DONE: "Done",
    ImportState.DUPLICATE: "Already imported",
    ImportState.FAILED: "Failed",
    ImportState.CANCELLED: "Cancelled",
}
# While no import runs, a file not finished is not being worked on: never "Parsing…".
IDLE_TEXT, STOPPED_TEXT = "Waiting", "Stopped"


class ImportQueueModel(QAbstractTableModel):
    """Rows keyed by job id; `upsert` is called on the GUI thread (the event loop's)."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[ImportRow] = []
        self._index: dict[int, int] = {}
        # Kept up to date per event: recounting every row on every event is quadratic.
        self._counts: Counter[ImportState] = Counter()
        self._running = False

    def set_running(self, running: bool) -> None:
        """Whether an import works on the queue now (the unfinished rows' status says so)."""
        if running != self._running:
            self._running = running
            if self._rows:
                self.dataChanged.emit(self.index(0, 1), self.index(len(self._rows) - 1, 1))

    def count(self, state: ImportState) -> int:
        return self._counts[state]

    def upsert(self, row: ImportRow) -> None:
        position = self._index.get(row.job_id)
        self._counts[row.state] += 1
        if position is None:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
            self._index[row.job_id] = len(self._rows)
            self._rows.append(row)
            self.endInsertRows()
            return
        self._counts[self._rows[position].state] -= 1
        self._rows[position] = row
        self.dataChanged.emit(self.index(position, 0), self.index(position, len(HEADERS) - 1))

    def add_rows(self, rows: list[ImportRow]) -> None:
        """Many new rows in one view update (a dropped folder)."""
        new = [r for r in rows if r.job_id not in self._index]
        if not new:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        for offset, row in enumerate(new):
            self._index[row.job_id] = first + offset
            self._rows.append(row)
            self._counts[row.state] += 1
        self.endInsertRows()

    def rows(self) -> list[ImportRow]:
        return list(self._rows)

    def clear_finished(self) -> int:
        """Drop the rows of files imported or found already imported; failed and cancelled
        ones stay (they still need Retry). Returns how many went."""
        kept = [r for r in self._rows if r.state not in CLEARABLE_STATES]
        gone = len(self._rows) - len(kept)
        if gone:
            self.beginResetModel()
            self._rows = kept
            self._index = {row.job_id: position for position, row in enumerate(kept)}
            self._counts = Counter(row.state for row in kept)
            self.endResetModel()
        return gone

    def clearable(self) -> int:
        """How many rows `clear_finished` would drop."""
        return sum(self._counts[state] for state in CLEARABLE_STATES)

    def progress(self) -> tuple[int, int, int]:
        """(finished, total, failed) over the rows shown."""
        finished = sum(self._counts[state] for state in FINISHED_STATES)
        return finished, len(self._rows), self._counts[ImportState.FAILED]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.file_name, self._status(row), _detail(row))[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == 0:  # the whole name, however narrow the column
                return row.source_path or row.file_name
            return row.error or warnings_tooltip(row.warnings) or row.source_path
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 1 and _warned(row):
            return warning_icon()
        if role == Qt.ItemDataRole.ForegroundRole and row.state == ImportState.FAILED:
            dark = QApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128
            return ERROR_ON_DARK if dark else ERROR_ON_LIGHT
        # A warning's text keeps the palette's colour: readable in a light or dark theme.
        return None

    def _status(self, row: ImportRow) -> str:
        if self._running or row.state.is_finished:
            return STATE_TEXT[row.state]
        return STOPPED_TEXT if row.error else IDLE_TEXT

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None


def warnings_tooltip(warnings: tuple[str, ...] | list[str]) -> str:
    """The extraction's warnings as a tooltip: a heading, then one line each."""
    if not warnings:
        return ""
    lines = "\n".join(f"• {warning}" for warning in warnings)
    return f"The file was read with warnings; compare the CV text with the original:\n{lines}"


def _warned(row: ImportRow) -> bool:
    return bool(row.warnings) and row.error is None


def _detail(row: ImportRow) -> str:
    if row.error or not row.warnings:
        return row.error or ""
    more = f" (+{len(row.warnings) - 1} more)" if len(row.warnings) > 1 else ""
    first = row.warnings[0]
    return f"⚠ {first[:1].upper()}{first[1:]}{more}"
