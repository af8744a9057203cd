"""The Companies tab: the agency's client companies — add, rename, delete, work for."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
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
from headhunter_desktop.ui.common.empty_state import EmptyState
from headhunter_desktop.ui.companies.client_profile_dialog import ClientProfileDialog
from headhunter_desktop.ui.companies.client_table_model import ClientTableModel
from headhunter_desktop.ui.shell.async_dialogs import ask_text, confirm
from headhunter_desktop.ui.shell.tab import Tab, TabContext


class CompaniesTab(Tab):
    """Client company CRUD. Deleting asks first and says what goes with the client.

    `directory_note` says what the shared client directory made of a client just added
    (adopted from another computer, or registered later) and of clients registered late.

    Signals:
        changed(): a client was added, renamed or deleted.
    """

    title = "Companies"
    changed = Signal()

    def __init__(self, ctx: TabContext):
        self._directory = directory = ctx.directory
        self._clients = ctx.services.clients
        self._tasks = ctx.tasks
        self._model = ClientTableModel(directory)
        empty = EmptyState(
            "No client companies yet",
            "Add the companies you recruit for. Everything you do for a client — its CVs, "
            "jobs, interviews — and every LLM cost is then kept apart per client, ready "
            "to bill.",
        )
        empty.add_action("Add client company…", self.add_client)
        super().__init__(empty, self._build_content())
        self._init_actions()
        directory.clients_changed.connect(self._update_view)
        self._update_view()

    # -- building -------------------------------------------------------------------------
    def _build_content(self) -> QWidget:
        self.table = QTableView()
        self.table.setModel(self._model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _i: self.edit_profile_selected())
        self.add_button = QPushButton("Add…")
        self.rename_button = QPushButton("Rename…")
        self.delete_button = QPushButton("Delete…")
        self.profile_button = QPushButton("Edit profile…")
        self.profile_button.setToolTip(
            "What the company is and the voice of every text generated for it"
        )
        self.work_for_button = QPushButton("Work for this client")
        self.add_button.clicked.connect(self.add_client)
        self.rename_button.clicked.connect(self.rename_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.profile_button.clicked.connect(self.edit_profile_selected)
        self.work_for_button.clicked.connect(self.work_for_selected)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.rename_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(self.profile_button)
        buttons.addWidget(self.work_for_button)
        self.directory_note = QLabel()
        self.directory_note.setObjectName("directoryNote")
        self.directory_note.setWordWrap(True)
        self.directory_note.hide()
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addLayout(buttons)
        layout.addWidget(self.directory_note)
        layout.addWidget(self.table)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        return content

    def _init_actions(self) -> None:
        self.add_shortcut(QKeySequence.StandardKey.New, self.add_client)
        self.add_shortcut(QKeySequence(Qt.Key.Key_F2), self.rename_selected)
        self.add_shortcut(QKeySequence.StandardKey.Delete, self.delete_selected)

    async def load(self) -> None:
        # A task of its own: an unreachable usage server must not hold up the other tabs.
        self._tasks.start("companies.register", self._register_pending())

    # -- actions --------------------------------------------------------------------------
    def selected_client(self) -> ClientSummary | None:
        rows = self.table.selectionModel().selectedRows()
        return self._model.client_at(rows[0].row()) if rows else None

    def add_client(self) -> None:
        self._tasks.start("companies.add", self._add())

    def rename_selected(self) -> None:
        if client := self.selected_client():
            self._tasks.start("companies.rename", self._rename(client))

    def delete_selected(self) -> None:
        if client := self.selected_client():
            self._tasks.start("companies.delete", self._delete(client))

    def edit_profile_selected(self) -> ClientProfileDialog | None:
        """Open the selected client's profile (Edit profile…, or a double-click)."""
        if not (client := self.selected_client()):
            return None
        dialog = ClientProfileDialog(self._clients, self._tasks, client, self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def work_for_selected(self) -> None:
        if client := self.selected_client():
            self._directory.select(client.id)

    async def _add(self) -> None:
        name = await ask_text(self, "Add client company", "Company name:")
        if name is None:
            return
        created = await self._directory.create(name)
        self._select_row_of(created.id)
        self.show_directory_note(created.note)
        self.changed.emit()

    async def _register_pending(self) -> None:
        notes = await self._clients.register_pending()
        if notes:
            self.show_directory_note("\n\n".join(notes))

    async def _rename(self, client: ClientSummary) -> None:
        name = await ask_text(self, "Rename client company", "New name:", client.name)
        if name is None or name.strip() == client.name:
            return
        await self._directory.rename(client.id, name)
        self._select_row_of(client.id)
        self.changed.emit()

    async def _delete(self, client: ClientSummary) -> None:
        consequences = (
            f"Its {client.jobs} job(s) and its departments are deleted too. "
            f"Its {client.candidates} candidate(s) stay, moved to the agency's own pool. "
            "Recorded LLM usage and costs are kept for billing."
        )
        if await confirm(
            self, "Delete client company", f"Delete “{client.name}”?\n\n{consequences}", "Delete"
        ):
            await self._directory.delete(client.id)
            self.changed.emit()

    # -- view state -----------------------------------------------------------------------
    def show_directory_note(self, note: str | None) -> None:
        """What the shared client directory made of a client; None hides the last note."""
        self.directory_note.setText(note or "")
        self.directory_note.setVisible(bool(note))

    def _select_row_of(self, client_id: int) -> None:
        for row, client in enumerate(self._directory.clients):
            if client.id == client_id:
                self.table.selectRow(row)
                return

    def _update_view(self) -> None:
        self.show_empty_state(not self._directory.clients)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_selection = self.selected_client() is not None
        selection_buttons = (
            self.rename_button, self.delete_button, self.profile_button, self.work_for_button
        )  # fmt: skip
        for button in selection_buttons:
            button.setEnabled(has_selection)
