"""ClientListPanel: the agency's client companies as a table, with Add / Rename / Delete
above it, "Work for this client" below it, and the note the shared client directory
left about a client just added.

The selection says whose profile the editor beside it shows. A click emits
`client_chosen`; `select()` changes the selection quietly (after a "Cancel" on leaving
unsaved work, or when the table was refreshed and lost it).

Signals:
    client_chosen(object): the user selected this ClientSummary (None: no row).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from headhunter_desktop.core.services.clients import ClientSummary
from headhunter_desktop.ui.companies.client_table_model import ClientTableModel


class ClientListPanel(QWidget):
    """The client table and its buttons (module docstring).

    Signals:
        client_chosen(object): the selected ClientSummary, or None.
    """

    client_chosen = Signal(object)

    def __init__(self, model: ClientTableModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self._syncing = False
        self._build()
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._on_selected())

    def _build(self) -> None:
        self.table = _client_table(self.model)
        self.add_button = QPushButton("Add…")
        self.rename_button = QPushButton("Rename…")
        self.delete_button = QPushButton("Delete…")
        self.work_for_button = QPushButton("Work for this client")
        self.work_for_button.setToolTip(
            "Every tab then works for this client: its CVs, jobs, departments and costs"
        )
        self.directory_note = QLabel()
        self.directory_note.setObjectName("directoryNote")
        self.directory_note.setWordWrap(True)
        self.directory_note.hide()
        buttons = QHBoxLayout()
        for button in (self.add_button, self.rename_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 0, 8)
        layout.addLayout(buttons)
        layout.addWidget(self.directory_note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.work_for_button, 0, Qt.AlignmentFlag.AlignRight)

    def selected_client(self) -> ClientSummary | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.client_at(rows[0].row()) if rows else None

    def select(self, client_id: int | None) -> None:
        """Select the row of `client_id` (none: no row) without emitting `client_chosen`."""
        self._syncing = True
        try:
            row = self.model.row_of(client_id)
            if row is None:
                self.table.clearSelection()
            else:
                self.table.selectRow(row)
        finally:
            self._syncing = False
        self._update_buttons()

    def set_busy(self, busy: bool) -> None:
        """A read runs for the client shown: the table cannot switch clients meanwhile."""
        self.table.setEnabled(not busy)
        self._update_buttons(busy)

    def show_note(self, note: str | None) -> None:
        self.directory_note.setText(note or "")
        self.directory_note.setVisible(bool(note))

    def _on_selected(self) -> None:
        self._update_buttons()
        if not self._syncing:
            self.client_chosen.emit(self.selected_client())

    def _update_buttons(self, busy: bool | None = None) -> None:
        busy = not self.table.isEnabled() if busy is None else busy
        selected = self.selected_client() is not None
        for button in (self.rename_button, self.delete_button, self.work_for_button):
            button.setEnabled(selected and not busy)


def _client_table(model: ClientTableModel) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
    return table
