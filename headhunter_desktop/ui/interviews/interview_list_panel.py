"""The left side of the Interviews tab: "New interview" and "Delete…", and the client's
interviews (or, when there are none yet, what to do first).

Signals:
    new_requested(): "New interview" was pressed.
    interview_chosen(int): the user selected the interview with this id.
    delete_requested(): "Delete…", or the Delete key in the list, was pressed.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from headhunter_desktop.ui.interviews.interview_list_model import InterviewListModel

ROW_PADDING = 10


class InterviewListPanel(QWidget):
    """New interview, Delete, the interview table (module docstring).

    Signals:
        new_requested(), interview_chosen(int), delete_requested()
    """

    new_requested = Signal()
    interview_chosen = Signal(int)
    delete_requested = Signal()

    def __init__(self, model: InterviewListModel, parent: QWidget | None = None):
        super().__init__(parent)
        self._model = model
        self._selecting = False
        self._client_name = "this client"
        self.new_button = QPushButton("New interview")
        self.new_button.setToolTip("Record a new interview (Ctrl+N)")
        self.new_button.clicked.connect(self.new_requested)
        self.delete_button = QPushButton("Delete…")
        self.delete_button.setToolTip("Delete the interview on the right (Delete in the list)")
        self.delete_button.clicked.connect(self.delete_requested)
        self.table = interview_table(model, lines=2)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.delete_requested)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("interviewListEmpty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty_label.setContentsMargins(8, 8, 8, 8)
        self._stack = QStackedWidget()
        self._stack.addWidget(self.table)
        self._stack.addWidget(self.empty_label)
        self._lay_out()
        self.refresh()

    def _lay_out(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 0, 4)
        layout.addLayout(buttons)
        layout.addWidget(self._stack, 1)

    # -- showing --------------------------------------------------------------------------
    def set_client_name(self, name: str) -> None:
        self._client_name = name

    def refresh(self) -> None:
        """After the model changed: the table, or what to do when it is empty."""
        if self._model.rowCount():
            self._stack.setCurrentWidget(self.table)
            return
        self.empty_label.setText(
            f"No interviews with {self._client_name}'s candidates yet.\n\n"
            "After an interview, press New interview (Ctrl+N): choose the candidate and "
            "the job, write your notes and rate the scorecard, then let the LLM write the "
            "feedback report from them."
        )
        self._stack.setCurrentWidget(self.empty_label)

    def select_interview(self, interview_id: int | None) -> None:
        """Select the row of `interview_id` (none when not listed), without `interview_chosen`."""
        row = self._model.row_of(interview_id)
        self._selecting = True
        try:
            if row is None:
                self.table.clearSelection()
            else:
                self.table.selectRow(row)
        finally:
            self._selecting = False

    def selected_interview_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        chosen = self._model.interview_at(rows[0].row()) if rows else None
        return chosen.id if chosen else None

    def _on_selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        if self._selecting or not selected.indexes():
            return
        chosen = self._model.interview_at(selected.indexes()[0].row())
        if chosen is not None:
            self.interview_chosen.emit(chosen.id)


def interview_table(model: InterviewListModel, lines: int = 1) -> QTableView:
    """A read-only table of `model`, whole rows selected, names stretched, the rest sized
    to their text; rows `lines` lines high (the same for all: no row measured)."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    rows = table.verticalHeader()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(lines * table.fontMetrics().lineSpacing() + ROW_PADDING)
    for key in ("who", "candidate", "job", "client"):
        column = model.column_of(key)
        if column is not None:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    return table
