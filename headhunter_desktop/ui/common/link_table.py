"""A table of records whose one column links to the record's piece of work (a candidate,
a job…): read-only rows selected whole, one line each, and the hand cursor over a link."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QAbstractItemView, QTableView


def set_up_link_table(table: QTableView) -> None:
    """Rows selected whole and never edited, alternating colours, no wrapping, no row
    numbers; the mouse tracked so that `show_link_cursor` can follow it."""
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.setMouseTracking(True)


def show_link_cursor(table: QTableView, over_link: bool) -> None:
    """The hand cursor while the mouse is over a link, the usual one elsewhere."""
    if over_link:
        table.viewport().setCursor(QCursor(Qt.CursorShape.PointingHandCursor))
    else:
        table.viewport().unsetCursor()
