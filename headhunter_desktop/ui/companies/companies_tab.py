"""The Companies tab: the agency's client companies on the left — add, rename, delete, work
for — and the chosen client's profile beside them, read from its website or typed.

Keys: Ctrl+N add a client, F2 rename, Delete (in the list) delete, Ctrl+S save the
profile, Enter in the website read it, Esc stop a read.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QSplitter, QStackedWidget, QWidget

from headhunter_desktop.core.services.clients import ClientSummary
from headhunter_desktop.ui.common.empty_state import EmptyState
from headhunter_desktop.ui.companies.client_list_panel import ClientListPanel
from headhunter_desktop.ui.companies.client_table_model import ClientTableModel
from headhunter_desktop.ui.companies.company_reading import CompanyReading
from headhunter_desktop.ui.companies.profile_editor import ProfileEditor
from headhunter_desktop.ui.companies.profile_workflow import ProfileWorkflow
from headhunter_desktop.ui.shell.async_dialogs import ask_text, confirm
from headhunter_desktop.ui.shell.tab import Tab, TabContext

LIST_WIDTH = 300
NO_CLIENTS_TITLE = "No client companies yet"
NO_CLIENTS_TEXT = (
    "Add the companies you recruit for. Everything you do for a client — its CVs, jobs, "
    "interviews — and every LLM cost is then kept apart per client, ready to bill."
)
NO_SELECTION_TITLE = "Choose a client"
NO_SELECTION_TEXT = (
    "Choose a client company in the list to see its profile: what it does — read from its "
    "website, every fact with its source — its contacts and fee terms, and the voice every "
    "text written for it follows."
)


class CompaniesTab(Tab):
    """Client companies and their profiles (module docstring).

    `directory_note` says what the shared client directory made of a client just added
    (adopted from another computer, or registered later) and of clients registered late.

    Signals:
        changed(): a client was added, renamed or deleted.
    """

    title = "Companies"
    changed = Signal()

    def __init__(self, ctx: TabContext):
        self._ctx, self._directory, self._tasks = ctx, ctx.directory, ctx.tasks
        self._clients = ctx.services.clients
        self._model = ClientTableModel(ctx.directory)
        empty = EmptyState(NO_CLIENTS_TITLE, NO_CLIENTS_TEXT)
        empty.add_action("Add client company…", self.add_client)
        super().__init__(empty, self._build_content())
        self.reading = CompanyReading(self, ctx.services.company_profiles, ctx.tasks, self.editor)
        self.workflow = ProfileWorkflow(
            self, self._clients, ctx.tasks, ctx.directory, self.editor, self.reading
        )
        self._connect_signals()
        self._init_shortcuts()
        self._update_view()

    # -- building -------------------------------------------------------------------------
    def _build_content(self) -> QWidget:
        self.panel = ClientListPanel(self._model)
        self.table, self.directory_note = self.panel.table, self.panel.directory_note
        self.editor = ProfileEditor()
        self.no_selection = EmptyState(NO_SELECTION_TITLE, NO_SELECTION_TEXT)
        self._right = QStackedWidget()
        self._right.addWidget(self.no_selection)
        self._right.addWidget(self.editor)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.panel)
        splitter.addWidget(self._right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([LIST_WIDTH, 3 * LIST_WIDTH])
        self.splitter = splitter
        return splitter

    def _connect_signals(self) -> None:
        panel, editor, flow = self.panel, self.editor, self.workflow
        panel.add_button.clicked.connect(self.add_client)
        panel.rename_button.clicked.connect(self.rename_selected)
        panel.delete_button.clicked.connect(self.delete_selected)
        panel.work_for_button.clicked.connect(self.work_for_selected)
        panel.client_chosen.connect(flow.open)
        flow.client_shown.connect(self._on_client_shown)
        editor.read_requested.connect(self.reading.read_website)
        editor.paste_requested.connect(self.reading.paste_text)
        editor.save_requested.connect(flow.save)
        editor.settings_requested.connect(self._ctx.open_settings)
        self.reading.running_changed.connect(self.panel.set_busy)
        self._directory.clients_changed.connect(self._update_view)

    def _init_shortcuts(self) -> None:
        self.add_shortcut(QKeySequence.StandardKey.New, self.add_client, "Add a client")
        self.add_shortcut(QKeySequence(Qt.Key.Key_F2), self.rename_selected, "Rename the client")
        self.add_shortcut(QKeySequence.StandardKey.Save, self.workflow.save, "Save the profile")
        # In the list only: Delete in a field of the profile deletes text, not the client.
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.table)
        delete.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        delete.activated.connect(self.delete_selected)

    # -- the window's hooks ---------------------------------------------------------------
    def set_client(self, client: ClientSummary | None) -> None:
        super().set_client(client)
        if client is not None and self.editor.client is None:
            self.panel.select(client.id)  # the profile of the client worked for, to begin
            self.workflow.open(client)

    def set_llm_ready(self, ready: bool) -> None:
        super().set_llm_ready(ready)
        self.editor.set_llm_ready(ready)

    async def load(self) -> None:
        # A task of its own: an unreachable usage server must not hold up the other tabs.
        self._tasks.start("companies.register", self._register_pending())
        if self.client is not None and self.editor.client is None:
            self.set_client(self.client)

    def has_unsaved_changes(self) -> bool:
        return self.editor.is_loaded() and self.editor.is_dirty()

    async def confirm_close(self) -> bool:
        """Save / Discard / Cancel, as when leaving the profile for another client."""
        return await self.workflow.leave_current()

    # -- clients --------------------------------------------------------------------------
    def selected_client(self) -> ClientSummary | None:
        return self.panel.selected_client()

    def add_client(self) -> None:
        self._tasks.start("companies.add", self._add())

    def rename_selected(self) -> None:
        if client := self.selected_client():
            self._tasks.start("companies.rename", self._rename(client))

    def delete_selected(self) -> None:
        if (client := self.selected_client()) and not self.reading.is_running():
            self._tasks.start("companies.delete", self._delete(client))

    def work_for_selected(self) -> None:
        if client := self.selected_client():
            self._directory.select(client.id)

    async def _add(self) -> None:
        name = await ask_text(self, "Add client company", "Company name:")
        if name is None:
            return
        created = await self._directory.create(name)
        self.show_directory_note(created.note)
        self.changed.emit()
        self.panel.select(created.id)
        self.workflow.open(self._model.client_with(created.id))

    async def _register_pending(self) -> None:
        notes = await self._clients.register_pending()
        if notes:
            self.show_directory_note("\n\n".join(notes))

    async def _rename(self, client: ClientSummary) -> None:
        name = await ask_text(self, "Rename client company", "New name:", client.name)
        if name is None or name.strip() == client.name:
            return
        await self._directory.rename(client.id, name)
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
        self.panel.show_note(note)

    def _on_client_shown(self, client: ClientSummary | None) -> None:
        self.panel.select(None if client is None else client.id)
        self._right.setCurrentWidget(self.editor if client is not None else self.no_selection)

    def _update_view(self) -> None:
        """The clients changed (added, renamed, deleted): the table was reset."""
        self.show_empty_state(not self._directory.clients)
        shown = self.editor.client
        current = None if shown is None else self._model.client_with(shown.id)
        self.panel.select(None if current is None else current.id)
        if shown is not None:
            self.workflow.open(current)  # renamed: its new name; deleted: no client
