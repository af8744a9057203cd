"""The Departments tab: the client's department profiles, which feed its job postings.

The list of the client's departments on the left, the editor on the right; the LLM writes
a profile into the editor field by field, in the client's voice, billed to the client.
The tab builds the widgets and wires them to a `DepartmentWorkflow`, which acts.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QSplitter, QWidget

from headhunter_desktop.core.services.clients import ClientSummary
from headhunter_desktop.ui.common.empty_state import EmptyState
from headhunter_desktop.ui.departments.department_editor import DepartmentEditor
from headhunter_desktop.ui.departments.department_list_model import DepartmentListModel
from headhunter_desktop.ui.departments.department_list_panel import DepartmentListPanel
from headhunter_desktop.ui.departments.department_workflow import DepartmentWorkflow
from headhunter_desktop.ui.shell.tab import Tab, TabContext

NO_CLIENT_TITLE = "Departments belong to a client"
NO_CLIENT_TEXT = (
    "Choose the client company you work for at the top of the window, or add one. "
    "Its department profiles — what each team does, its technologies, the roles it hires "
    "for — are written here in the client's voice and feed every job posting for it."
)
LIST_WIDTH = 210


class DepartmentsTab(Tab):
    """A client's departments: list, editor, generation. Ctrl+N new, Ctrl+S save,
    Ctrl+Enter generate, Esc stop writing, Delete (in the list) delete."""

    title = "Departments"

    def __init__(self, ctx: TabContext):
        self._ctx = ctx
        self.model = DepartmentListModel()
        empty = EmptyState(NO_CLIENT_TITLE, NO_CLIENT_TEXT)
        self.companies_button = empty.add_action("Choose or add a client…", ctx.go_to_companies)
        super().__init__(empty, self._build_content())
        self.workflow = DepartmentWorkflow(
            self, ctx.services.departments, ctx.tasks, ctx.directory, self.panel, self.editor
        )
        self._connect_signals()
        self._init_shortcuts()
        self.show_empty_state(True)

    # -- building -------------------------------------------------------------------------
    def _build_content(self) -> QWidget:
        self.panel = DepartmentListPanel(self.model)
        self.editor = DepartmentEditor()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.panel)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([LIST_WIDTH, 4 * LIST_WIDTH])
        self.splitter = splitter
        return splitter

    def _connect_signals(self) -> None:
        flow, editor = self.workflow, self.editor
        flow.client_shown.connect(self._on_client_shown)
        self.panel.new_requested.connect(flow.new)
        self.panel.delete_requested.connect(flow.delete)
        editor.generate_requested.connect(flow.generate)
        editor.save_requested.connect(flow.save)
        editor.settings_requested.connect(self._ctx.open_settings)
        editor.form.regenerate_requested.connect(flow.regenerate)

    def _init_shortcuts(self) -> None:
        flow = self.workflow
        self.add_shortcut(QKeySequence.StandardKey.New, flow.new, "New department")
        self.add_shortcut(QKeySequence.StandardKey.Save, flow.save, "Save the department")
        for keys in ("Ctrl+Return", "Ctrl+Enter"):  # the main and the keypad Enter
            self.add_shortcut(keys, flow.generate, "Write with the LLM")

    # -- the window's hooks ---------------------------------------------------------------
    def set_client(self, client: ClientSummary | None) -> None:
        super().set_client(client)
        self.workflow.switch_client(client)

    def set_llm_ready(self, ready: bool) -> None:
        super().set_llm_ready(ready)
        self.editor.set_llm_ready(ready)

    async def load(self) -> None:
        self.workflow.switch_client(self.client)

    def _on_client_shown(self, client: ClientSummary | None) -> None:
        self.show_empty_state(client is None)
