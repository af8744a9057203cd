"""The left side of the Jobs tab: "New job" and "Delete…", a status filter and the
client's jobs (or, when it has none yet, what to do first).

Signals:
    new_requested(): "New job" was pressed.
    job_chosen(int): the user selected the job with this id.
    delete_requested(): "Delete…", or the Delete key in the list, was pressed.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from headhunter_desktop.core.domain.job_posting import JobStatus
from headhunter_desktop.ui.jobs.job_list_model import STATUS_LABELS, JobListModel

ALL_STATUSES = "All statuses"
DEPARTMENT_COLUMN_MIN_WIDTH = 320


class JobListPanel(QWidget):
    """New job, status filter, the job table (module docstring).

    Signals:
        new_requested(), job_chosen(int), delete_requested()
    """

    new_requested = Signal()
    job_chosen = Signal(int)
    delete_requested = Signal()

    def __init__(self, model: JobListModel, parent: QWidget | None = None):
        super().__init__(parent)
        self._model = model
        self._selecting = False
        self._client_name = "this client"
        self._build_buttons()
        self._build_table()
        self.empty_label = QLabel()
        self.empty_label.setObjectName("jobListEmpty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty_label.setContentsMargins(8, 8, 8, 8)
        self._stack = QStackedWidget()
        self._stack.addWidget(self.table)
        self._stack.addWidget(self.empty_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 0, 4)
        layout.addLayout(buttons)
        layout.addWidget(self.filter_box)
        layout.addWidget(self._stack, 1)
        self.refresh()

    def _build_buttons(self) -> None:
        self.new_button = QPushButton("New job")
        self.new_button.setToolTip("Start a new job posting (Ctrl+N)")
        self.new_button.clicked.connect(self.new_requested)
        self.delete_button = QPushButton("Delete…")
        self.delete_button.setToolTip("Delete the job on the right (Delete in the list)")
        self.delete_button.clicked.connect(self.delete_requested)
        self.filter_box = QComboBox()
        self.filter_box.setToolTip("Show the jobs of one status")
        self.filter_box.activated.connect(self._on_filter_chosen)

    def _build_table(self) -> None:
        self.table = QTableView()
        self.table.setModel(self._model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.delete_requested)

    # -- showing --------------------------------------------------------------------------
    def set_client_name(self, name: str) -> None:
        self._client_name = name

    def refresh(self) -> None:
        """After the model changed: the filter's counts, and the table or the empty text."""
        client_name = self._client_name
        self._fill_filter()
        if self._model.rowCount():
            self._stack.setCurrentWidget(self.table)
            return
        if self._model.total():
            status = self._model.status_filter()
            label = STATUS_LABELS[status].lower() if status else ""
            self.empty_label.setText(f"No {label} jobs for {client_name}.")
        else:
            self.empty_label.setText(
                f"No job postings for {client_name} yet.\n\nWrite the first one: give it a "
                "title on the right and press Generate — or analyse the client's own job "
                "description."
            )
        self._stack.setCurrentWidget(self.empty_label)

    def select_job(self, job_id: int | None) -> None:
        """Select the row of `job_id` (none when it is not shown), without `job_chosen`."""
        row = self._model.row_of(job_id)
        self._selecting = True
        try:
            if row is None:
                self.table.clearSelection()
            else:
                self.table.selectRow(row)
        finally:
            self._selecting = False

    def selected_job_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        job = self._model.job_at(rows[0].row()) if rows else None
        return job.id if job else None

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # A narrow list gives the title the room: the editor names the department anyway.
        self.table.setColumnHidden(1, event.size().width() < DEPARTMENT_COLUMN_MIN_WIDTH)

    # -- inside ---------------------------------------------------------------------------
    def _fill_filter(self) -> None:
        chosen = self._model.status_filter()
        self.filter_box.clear()
        self.filter_box.addItem(f"{ALL_STATUSES} ({self._model.total()})", None)
        for status, label in STATUS_LABELS.items():
            self.filter_box.addItem(f"{label} ({self._model.count(status)})", status.value)
        self.filter_box.setCurrentIndex(max(0, self.filter_box.findData(chosen and chosen.value)))

    def _on_filter_chosen(self, _index: int) -> None:
        data = self.filter_box.currentData()
        shown = self.selected_job_id()
        self._model.set_status_filter(JobStatus(data) if data else None)
        self.refresh()
        self.select_job(shown)

    def _on_selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        if self._selecting or not selected.indexes():
            return
        job = self._model.job_at(selected.indexes()[0].row())
        if job is not None:
            self.job_chosen.emit(job.id)
