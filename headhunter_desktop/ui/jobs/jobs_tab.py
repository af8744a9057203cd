"""The Jobs tab: the client's job postings on the left, the job's editor on the right,
where the LLM writes the posting into its fields in the client's voice, billed to it.

Switching job or client with unsaved changes asks Save / Discard / Cancel first. Keys:
Ctrl+N new job, Ctrl+S save, Ctrl+Return generate, Esc stop a generation, Delete (in the
list) delete the selected job.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QSplitter, QWidget

from headhunter_desktop.core.domain.job_posting import JobPosting
from headhunter_desktop.core.services.clients import ClientSummary
from headhunter_desktop.ui.common.empty_state import EmptyState
from headhunter_desktop.ui.jobs.job_actions import JobActions
from headhunter_desktop.ui.jobs.job_editor import JobEditor
from headhunter_desktop.ui.jobs.job_interviews import JobInterviews
from headhunter_desktop.ui.jobs.job_list_model import JobListModel
from headhunter_desktop.ui.jobs.job_list_panel import JobListPanel
from headhunter_desktop.ui.shell.async_dialogs import confirm
from headhunter_desktop.ui.shell.tab import Tab, TabContext

LOAD_TASK = "jobs.load"
LIST_WIDTH = 330


class JobsTab(Tab):
    """A client's job postings: list, editor, generation, export (module docstring)."""

    title = "Jobs"

    def __init__(self, ctx: TabContext):
        self._ctx, self._services, self._tasks = ctx, ctx.services, ctx.tasks
        self._shown_client: ClientSummary | None = None  # whose jobs are on screen
        self.model = JobListModel()
        empty = EmptyState("Choose a client company", "")
        self.companies_button = empty.add_action("Go to Companies", ctx.go_to_companies)
        super().__init__(empty, self._build_content())
        self._connect_signals()
        self._render_empty_state()

    # -- building -------------------------------------------------------------------------
    def _build_content(self) -> QWidget:
        self.list_panel = JobListPanel(self.model)
        self.editor = JobEditor(self._services.jobs, self._tasks, self._ctx.open_settings)
        self.job_actions = JobActions(
            self.editor, self._services.jobs, self._tasks, self._ctx.open_shortlist,
            lambda: self._shown_client.name if self._shown_client else "",
        )  # fmt: skip
        self.job_interviews = JobInterviews(
            self.editor, self._services.interviews, self._tasks, self._ctx.open_interview
        )
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.list_panel)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([LIST_WIDTH, 1000])
        return splitter

    def _connect_signals(self) -> None:
        self.list_panel.new_requested.connect(self.new_job)
        self.list_panel.job_chosen.connect(self.open_job)
        self.list_panel.delete_requested.connect(self.delete_job)
        self.editor.saved.connect(self._on_saved)
        self.editor.dirty_changed.connect(lambda _dirty: self._update_buttons())
        self._ctx.directory.clients_changed.connect(self._render_empty_state)
        self.editor.runner.started.connect(self._update_buttons)
        self.editor.runner.finished.connect(lambda _ok: self._update_buttons())
        self.add_shortcut(QKeySequence.StandardKey.New, self.new_job, "New job")
        self.add_shortcut(QKeySequence.StandardKey.Save, self.editor.save_soon, "Save the job")
        self.add_shortcut(QKeySequence("Ctrl+Return"), self.editor.generate, "Write the posting")
        self.add_shortcut(QKeySequence("Ctrl+Enter"), self.editor.generate, "Write the posting")
        # The runner's Esc works in the editor; this one in the list beside it.
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.list_panel)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.editor.runner.cancel)

    # -- the window's hooks ---------------------------------------------------------------
    def set_client(self, client: ClientSummary | None) -> None:
        super().set_client(client)
        self._render_empty_state()
        shown = self._shown_client
        if client is None:
            return
        if shown is not None and shown.id == client.id:
            self._shown_client = client  # renamed
            self.list_panel.set_client_name(client.name)
            return
        self._tasks.start(LOAD_TASK, self._switch_client(client))

    def set_llm_ready(self, ready: bool) -> None:
        super().set_llm_ready(ready)
        self.editor.set_llm_ready(ready)

    def activated(self) -> None:
        # The Departments tab may have added a department or a template meanwhile.
        if self._shown_client is not None and not self._tasks.running(LOAD_TASK):
            self._tasks.start("jobs.refresh", self.refresh())
            self.job_interviews.reload()  # the Interviews tab may have recorded one

    # -- jobs -----------------------------------------------------------------------------
    async def refresh(self) -> None:
        """Reload the client's departments and jobs; the job on screen stays."""
        client = self._shown_client
        if client is None:
            return
        departments = await self._services.departments.list(client.id)
        jobs = await self._services.jobs.list(client.id)
        if client is not self._shown_client:
            return  # another client came meanwhile
        self.editor.set_departments(departments)
        self.model.set_jobs(jobs)
        self.list_panel.refresh()
        self.list_panel.select_job(self.editor.job.id)
        self._update_buttons()

    def new_job(self) -> None:
        """A blank job for the client, its title to type (Ctrl+N)."""
        if self._shown_client is not None:
            self._tasks.start("jobs.open", self._new_job())

    def open_job(self, job_id: int) -> None:
        self._tasks.start("jobs.open", self._open_job(job_id))

    def delete_job(self) -> None:
        if self._shown_client is not None and not self.editor.runner.running:
            self._tasks.start("jobs.delete", self._delete_job())

    async def _switch_client(self, client: ClientSummary) -> None:
        previous = self._shown_client
        if previous is not None and not await self.editor.confirm_leave():
            still_there = any(c.id == previous.id for c in self._ctx.directory.clients)
            if still_there:  # stay with the job on screen and its client
                self._ctx.directory.select(previous.id)
                return
        self._shown_client = client
        self.list_panel.set_client_name(client.name)
        self.editor.show_job(JobPosting(client_id=client.id))
        await self.refresh()
        first = self.model.job_at(0)
        if first is not None:
            await self._show_job(first.id)

    async def _new_job(self) -> None:
        if not await self.editor.confirm_leave() or self._shown_client is None:
            self.list_panel.select_job(self.editor.job.id)
            return
        self.editor.show_job(JobPosting(client_id=self._shown_client.id))
        self.list_panel.select_job(None)
        self._update_buttons()
        self.editor.header.title_edit.setFocus()

    async def _open_job(self, job_id: int) -> None:
        if job_id == self.editor.job.id:
            return
        if not await self.editor.confirm_leave():
            self.list_panel.select_job(self.editor.job.id)
            return
        await self._show_job(job_id)

    async def _show_job(self, job_id: int) -> None:
        self.editor.show_job(await self._services.jobs.get(job_id))
        self.list_panel.select_job(job_id)
        self._update_buttons()

    async def _delete_job(self) -> None:
        job, client = self.editor.job, self._shown_client
        if client is None or not await self._confirm_delete(job):
            return
        if job.id is not None:
            await self._services.jobs.delete(job.id)
        self.editor.show_job(JobPosting(client_id=client.id))
        await self.refresh()
        if (first := self.model.job_at(0)) is not None:
            await self._show_job(first.id)

    async def _confirm_delete(self, job: JobPosting) -> bool:
        title = self.editor.header.title() or "this job"
        if job.id is not None:
            text = f"Delete “{title}”? This cannot be undone."
            return await confirm(self, "Delete job", text, "Delete")
        if not self.editor.is_dirty():
            return True  # a blank new job: nothing to lose
        text = f"Discard “{title}”? It was never saved."
        return await confirm(self, "Discard the new job", text, "Discard")

    def _on_saved(self, job: JobPosting) -> None:
        self._tasks.start("jobs.refresh", self.refresh())

    # -- view state -----------------------------------------------------------------------
    def _render_empty_state(self) -> None:
        has_clients = bool(self._ctx.directory.clients)
        self.empty_state.set_text(
            "Choose a client company",
            "Job postings are written for one client: in its voice, from its departments, "
            "billed to it. Choose the client under “Working for” at the top of the window"
            + (", or add one in Companies." if has_clients else " — first add it in Companies."),
        )
        self.companies_button.setText("Go to Companies" if has_clients else "Add a client company")
        self.show_empty_state(self.client is None)

    def _update_buttons(self) -> None:
        running, editor = self.editor.runner.running, self.editor
        something = not editor.is_new() or editor.is_dirty()  # a blank new job: nothing
        self.list_panel.delete_button.setEnabled(something and not running)
        self.list_panel.new_button.setEnabled(not running)
