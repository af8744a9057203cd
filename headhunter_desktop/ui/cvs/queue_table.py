"""The import queue's table view: File, Status and Detail columns.

Its columns are not sized to their contents by the header (ResizeToContents): that mode
measures rows again at every change of the model, even with the table hidden behind the
Candidates tab — ~600 calls into the model per file update during an import, measured.
The Status column is as wide as its longest possible text, once; the File column is
measured (on a sample of rows) when files are added, which is when it can change.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QStyle, QTableView

from headhunter_desktop.ui.cvs.import_queue_model import (
    IDLE_TEXT,
    STATE_TEXT,
    STOPPED_TEXT,
    ImportQueueModel,
)

FILE_COLUMN, STATUS_COLUMN, DETAIL_COLUMN = 0, 1, 2
SAMPLED_ROWS = 40  # a queue may hold thousands of files
CELL_PADDING = 16  # the cell's margins and focus frame, both sides


def queue_table(model: ImportQueueModel) -> QTableView:
    """A table of `model` whose columns keep their widths while the import runs."""
    table = QTableView()
    table.setModel(model)
    table.setTabKeyNavigation(False)  # Tab leaves the list, as in a form
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setResizeContentsPrecision(SAMPLED_ROWS)
    header.setSectionResizeMode(FILE_COLUMN, QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(STATUS_COLUMN, QHeaderView.ResizeMode.Fixed)
    header.setSectionResizeMode(DETAIL_COLUMN, QHeaderView.ResizeMode.Stretch)
    header.resizeSection(STATUS_COLUMN, status_column_width(table))
    model.rowsInserted.connect(lambda *_: table.resizeColumnToContents(FILE_COLUMN))
    return table


def status_column_width(table: QTableView) -> int:
    """The width of the longest status text, with room for the warning icon."""
    texts = [*STATE_TEXT.values(), IDLE_TEXT, STOPPED_TEXT]
    metrics = table.fontMetrics()
    icon = table.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize) + 4
    widest = max(metrics.horizontalAdvance(text) for text in texts)
    heading = table.horizontalHeader().sectionSizeHint(STATUS_COLUMN)
    return max(widest + icon + CELL_PADDING, heading)
