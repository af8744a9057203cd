"""The left side of the Departments tab: the client's departments (or, when the client
has none yet, a short note on how to write the first) with "New…" and "Delete…".

Signals:
    new_requested(): "New…" was pressed.
    delete_requested(): "Delete…" was pressed, or Delete in the list.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from headhunter_desktop.ui.departments.department_list_model import DepartmentListModel

EMPTY_TEXT = (
    "No departments for {client} yet.\n\nName one on the right and press Generate: the LLM "
    "writes its description, technologies and job templates in the client's voice."
)
LOADING_TEXT = "Loading the departments…"


class DepartmentListPanel(QWidget):
    """Title, "New department" and the list (or its empty state).

    Signals:
        new_requested(): the user asked for a new department.
        delete_requested(): the user asked to delete the selected department.
    """

    new_requested = Signal()
    delete_requested = Signal()

    def __init__(self, model: DepartmentListModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self._client_name = ""
        self._loading = False
        self._busy = False
        self.title = QLabel("Departments")
        self.title.setFont(_weighted(self.title.font()))
        self._stack = QStackedWidget()
        self._stack.addWidget(self._build_list())
        self._stack.addWidget(self._build_empty())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 8)
        layout.addWidget(self.title)
        layout.addWidget(self._stack, 1)
        layout.addLayout(self._build_buttons())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self.update_buttons())
        model.modelReset.connect(self._update_view)
        model.rowsInserted.connect(self._update_view)
        model.rowsRemoved.connect(self._update_view)

    def _build_buttons(self) -> QHBoxLayout:
        self.new_button = QPushButton("New…")
        self.new_button.setToolTip("A new department for this client (Ctrl+N)")
        self.new_button.clicked.connect(self.new_requested)
        self.delete_button = QPushButton("Delete…")
        self.delete_button.setToolTip("Delete the selected department (Delete)")
        self.delete_button.clicked.connect(self.delete_requested)
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        return row

    def _build_list(self) -> QListView:
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setUniformItemSizes(True)
        self.view.setSpacing(2)
        self.view.setAccessibleName("Departments")
        # Delete in the list (not window-wide: in a text field it deletes characters).
        self.delete_action = QAction("Delete department", self.view)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(self.delete_requested)
        self.view.addAction(self.delete_action)
        return self.view

    def _build_empty(self) -> QWidget:
        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(4, 12, 4, 4)
        column.addWidget(self.empty_label)
        column.addStretch(1)
        return page

    def show_loading(self, client_name: str) -> None:
        """The departments of `client_name` are on their way: say so until they arrive."""
        self._loading = True
        self.set_client_name(client_name)

    def set_client_name(self, client_name: str) -> None:
        self._client_name = client_name
        self._update_view()

    def show_loaded(self) -> None:
        self._loading = False
        self._update_view()

    def set_busy(self, busy: bool) -> None:
        """A generation runs: the list and its actions wait for it."""
        self._busy = busy
        self.view.setEnabled(not busy)
        self.update_buttons()

    def update_buttons(self) -> None:
        selected = self.view.selectionModel().hasSelection()
        self.new_button.setEnabled(not self._busy)
        self.delete_button.setEnabled(not self._busy and selected)
        self.delete_action.setEnabled(not self._busy and selected)

    def is_showing_empty_state(self) -> bool:
        return self._stack.currentIndex() == 1

    def _update_view(self) -> None:
        empty = self.model.rowCount() == 0
        self._stack.setCurrentIndex(1 if empty else 0)
        text = LOADING_TEXT if self._loading else EMPTY_TEXT.format(client=self._client_name)
        self.empty_label.setText(text)
        self.update_buttons()


def _weighted(font: QFont) -> QFont:
    font.setWeight(QFont.Weight.DemiBold)
    return font
