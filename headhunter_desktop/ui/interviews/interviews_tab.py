"""The Interviews tab: the client's interviews on the left, the interview's editor on the
right — notes and a scorecard the interviewer fills, and the feedback report the LLM
writes from them, billed to the client of the interview's job.

Switching interview or client with unsaved changes asks Save / Discard / Cancel first.
Keys: Ctrl+N new interview, Ctrl+S save, Ctrl+Return generate the feedback, Esc stop it,
Delete (in the list) delete the selected interview.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QSplitter, QWidget

from headhunter_desktop.core.domain.interview import Interview, stage_label
from headhunter_desktop.core.services.clients import ClientSummary
from headhunter_desktop.core.services.jobs import JobSummary
from headhunter_desktop.ui.common.empty_state import EmptyState
from headhunter_desktop.ui.interviews.interview_editor import InterviewEditor
from headhunter_desktop.ui.interviews.interview_export import InterviewExport
from headhunter_desktop.ui.interviews.interview_labels import day_text
from headhunter_desktop.ui.interviews.interview_list_model import InterviewListModel
from headhunter_desktop.ui.interviews.interview_list_panel import InterviewListPanel
from headhunter_desktop.ui.shell.async_dialogs import confirm
from headhunter_desktop.ui.shell.tab import Tab, TabContext

LOAD_TASK = "interviews.load"
OPEN_TASK = "interviews.open"
LIST_WIDTH = 300
SETTLING_TASKS = (LOAD_TASK, "interviews.refresh", OPEN_TASK, "interviews.save",
                  "interviews.delete", "interviews.scorecard")  # fmt: skip


class InterviewsTab(Tab):
    """A client's interviews: list, editor, feedback generation, export (module docstring)."""

    title = "Interviews"

    def __init__(self, ctx: TabContext):
        self._ctx, self._services, self._tasks = ctx, ctx.services, ctx.tasks
        self._shown_client: ClientSummary | None = None  # whose interviews are on screen
        self._jobs: list[JobSummary] = []
        self._pool_size = 0
        self._loaded = False  # the shown client's lists have arrived
        self._pending_open: int | None = None  # to open once the client's list is loaded
        self.model = InterviewListModel()
        empty = EmptyState("Choose a client company", "")
        self.companies_button = empty.add_action("Go to Companies", ctx.go_to_companies)
        self.jobs_button = empty.add_action("Go to Jobs", lambda: ctx.go_to_tab("Jobs"))
        self.cvs_button = empty.add_action("Go to CVs", lambda: ctx.go_to_tab("CVs"))
        super().__init__(empty, self._build_content())
        self._connect_signals()
        self._render_empty_state()

    # -- building -------------------------------------------------------------------------
    def _build_content(self) -> QWidget:
        interviews = self._services.interviews
        self.list_panel = InterviewListPanel(self.model)
        self.editor = InterviewEditor(interviews, self._tasks, self._ctx.open_settings)
        self.export = InterviewExport(self.editor, interviews, self._tasks)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.list_panel)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(1, 1)  # the list keeps its width, however small the window
        splitter.setSizes([LIST_WIDTH, 1000])
        return splitter

    def _connect_signals(self) -> None:
        self.list_panel.new_requested.connect(self.new_interview)
        self.list_panel.interview_chosen.connect(self.open_interview)
        self.list_panel.delete_requested.connect(self.delete_interview)
        self.editor.saved.connect(lambda _saved: self._tasks.start("interviews.refresh",
                                                                   self.refresh()))  # fmt: skip
        self.editor.dirty_changed.connect(lambda _dirty: self._update_buttons())
        self._ctx.directory.clients_changed.connect(self._render_empty_state)
        self.editor.runner.started.connect(self._update_buttons)
        self.editor.runner.finished.connect(lambda _ok: self._update_buttons())
        self.add_shortcut(QKeySequence.StandardKey.New, self.new_interview, "New interview")
        self.add_shortcut(QKeySequence.StandardKey.Save, self.editor.save_soon, "Save")
        self.add_shortcut(QKeySequence("Ctrl+Return"), self.editor.generate, "Write the report")
        self.add_shortcut(QKeySequence("Ctrl+Enter"), self.editor.generate, "Write the report")
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
        # The Jobs and CVs tabs may have added a job or candidates meanwhile.
        if self._shown_client is not None and not self._tasks.running(LOAD_TASK):
            self._tasks.start("interviews.refresh", self.refresh())

    def has_unsaved_changes(self) -> bool:
        return self.editor.is_dirty()

    async def confirm_close(self) -> bool:
        return await self.editor.confirm_leave()

    # -- interviews -----------------------------------------------------------------------
    async def refresh(self) -> None:
        """Reload the client's jobs and interviews and the pool; the interview stays."""
        client = self._shown_client
        if client is None:
            return
        services = self._services
        jobs = await services.jobs.list(client.id)
        interviews = await services.interviews.list_for_client(client.id)
        people = await services.candidates.list()
        if client is not self._shown_client:
            return  # another client came meanwhile
        self._jobs, self._pool_size, self._loaded = list(jobs), len(people), True
        self.editor.set_jobs(jobs)
        self.editor.set_candidates(people)
        self.model.set_interviews(interviews)
        self.list_panel.refresh()
        self.list_panel.select_interview(self.editor.interview.id)
        self._render_empty_state()
        self._update_buttons()

    def new_interview(self) -> None:
        """A blank interview for the client's candidate and job to choose (Ctrl+N)."""
        if self._shown_client is not None and not self.is_showing_empty_state():
            self._tasks.start(OPEN_TASK, self._new_interview())

    def open_interview(self, interview_id: int) -> None:
        self._tasks.start(OPEN_TASK, self._open_interview(interview_id))

    def open_interview_of(self, client_id: int, interview_id: int) -> None:
        """Show interview `interview_id` of client `client_id` (choosing that client)."""
        shown = self._shown_client
        if shown is not None and shown.id == client_id and not self._tasks.running(LOAD_TASK):
            self.open_interview(interview_id)
            return
        self._pending_open = interview_id
        if self.client is None or self.client.id != client_id:
            self._ctx.directory.select(client_id)

    def delete_interview(self) -> None:
        if self._shown_client is not None and not self.editor.runner.running:
            self._tasks.start("interviews.delete", self._delete_interview())

    async def _switch_client(self, client: ClientSummary) -> None:
        previous = self._shown_client
        if previous is not None and not await self.editor.confirm_leave():
            self._pending_open = None
            if any(c.id == previous.id for c in self._ctx.directory.clients):
                self._ctx.directory.select(previous.id)  # stay with the interview on screen
                return
        self._shown_client, self._loaded = client, False
        self.list_panel.set_client_name(client.name)
        self.editor.show_interview(Interview(candidate_id=0))
        await self.refresh()
        wanted, self._pending_open = self._pending_open, None
        first = self.model.interview_at(0)
        if wanted is not None or first is not None:
            await self._show_interview(wanted if wanted is not None else first.id)  # type: ignore[union-attr]
        else:
            await self._show_new()

    async def _new_interview(self) -> None:
        if not await self.editor.confirm_leave():
            self.list_panel.select_interview(self.editor.interview.id)
            return
        await self._show_new()
        self.editor.header.candidate_box.setFocus()

    async def _show_new(self) -> None:
        """A blank interview: today, the client's only job if it has one, its scorecard."""
        job_id = self._jobs[0].id if len(self._jobs) == 1 else None
        scorecard = await self._services.interviews.default_scorecard(job_id)
        blank = Interview(candidate_id=0, job_id=job_id, date=date.today(), scorecard=scorecard)
        self.editor.show_interview(blank)
        self.list_panel.select_interview(None)
        self._update_buttons()

    async def _open_interview(self, interview_id: int) -> None:
        if interview_id == self.editor.interview.id:
            return
        if not await self.editor.confirm_leave():
            self.list_panel.select_interview(self.editor.interview.id)
            return
        await self._show_interview(interview_id)

    async def _show_interview(self, interview_id: int) -> None:
        interview = await self._services.interviews.get(interview_id)
        row = self.model.row_of(interview_id)
        listed = self.model.interview_at(row) if row is not None else None
        self.editor.show_interview(interview, listed.candidate_name if listed else "")
        self.list_panel.select_interview(interview_id)
        self._update_buttons()

    async def _delete_interview(self) -> None:
        interview = self.editor.interview
        if not await self._confirm_delete(interview):
            return
        if interview.id is not None:
            await self._services.interviews.delete(interview.id)
        self.editor.show_interview(Interview(candidate_id=0))
        await self.refresh()
        if (first := self.model.interview_at(0)) is not None:
            await self._show_interview(first.id)
        else:
            await self._show_new()

    async def _confirm_delete(self, interview: Interview) -> bool:
        who = self.editor.candidate_label() or "this candidate"
        facts = ", ".join(p for p in (stage_label(interview.stage), day_text(interview.date)) if p)
        if interview.id is not None:
            text = f"Delete the interview with {who} ({facts})? Its notes, scores and feedback go."
            return await confirm(self, "Delete interview", text, "Delete")
        if not self.editor.is_dirty():
            return True  # a blank new interview: nothing to lose
        text = f"Discard the new interview with {who}? It was never saved."
        return await confirm(self, "Discard the new interview", text, "Discard")

    # -- view state -----------------------------------------------------------------------
    def _render_empty_state(self) -> None:
        client = self.client
        self.companies_button.setVisible(client is None)
        self.jobs_button.setVisible(False)
        self.cvs_button.setVisible(False)
        if client is None:
            self._render_no_client()
            self.show_empty_state(True)
            return
        missing = self._loaded and self.model.rowCount() == 0 and self._missing_first()
        self.show_empty_state(bool(missing))

    def _render_no_client(self) -> None:
        has_clients = bool(self._ctx.directory.clients)
        self.empty_state.set_text(
            "Choose a client company",
            "Interviews are for a client's jobs, and the client pays for the feedback the "
            "LLM writes. Choose the client under “Working for” at the top of the window"
            + (", or add one in Companies." if has_clients else " — first add it in Companies."),
        )
        self.companies_button.setText("Go to Companies" if has_clients else "Add a client company")

    def _missing_first(self) -> bool:
        """Say what must exist before an interview (a job, candidates); True if anything."""
        no_jobs, no_people = not self._jobs, self._pool_size == 0
        name = self._shown_client.name if self._shown_client else "this client"
        steps = []
        if no_jobs:
            steps.append(f"write {name}'s job in Jobs — its required skills become the scorecard")
        if no_people:
            steps.append("import the candidates' CVs in CVs")
        if not steps:
            return False
        title = f"No jobs for {name} yet" if no_jobs else "No candidates in the pool yet"
        self.empty_state.set_text(
            title, "An interview is with a candidate from the pool, for one of the client's "
            f"jobs. First, {' and '.join(steps)}.",
        )  # fmt: skip
        self.jobs_button.setVisible(no_jobs)
        self.cvs_button.setVisible(no_people)
        return True

    def _update_buttons(self) -> None:
        running, editor = self.editor.runner.running, self.editor
        something = not editor.is_new() or editor.is_dirty()  # a blank new one: nothing
        self.list_panel.delete_button.setEnabled(something and not running)
        self.list_panel.new_button.setEnabled(not running)
