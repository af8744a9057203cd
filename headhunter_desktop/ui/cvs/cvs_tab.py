"""The CVs tab: drop CVs, watch them become profiles, search the pool, edit and export.

The tab builds the widgets and wires three controllers: intake (the import queue),
search (search and shortlist) and the selected candidate's actions.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from headhunter_desktop.core.services.clients import ClientSummary
from headhunter_desktop.ui.common.empty_state import EmptyState
from headhunter_desktop.ui.cvs.candidate_actions import CandidateActions
from headhunter_desktop.ui.cvs.candidate_model import CandidateTableModel
from headhunter_desktop.ui.cvs.drop_zone import CvDropZone, local_paths
from headhunter_desktop.ui.cvs.import_progress import ImportProgress
from headhunter_desktop.ui.cvs.import_queue_model import ImportQueueModel
from headhunter_desktop.ui.cvs.intake_controller import IntakeController
from headhunter_desktop.ui.cvs.pool_notes import pool_size_note
from headhunter_desktop.ui.cvs.profile_view import ProfileView
from headhunter_desktop.ui.cvs.reindex_bar import ReindexBar, more_button
from headhunter_desktop.ui.cvs.reindex_controller import ReindexController
from headhunter_desktop.ui.cvs.search_controller import SearchController
from headhunter_desktop.ui.interviews.interview_history import interview_opener
from headhunter_desktop.ui.shell.tab import Tab, TabContext, client_phrase


class CvsTab(Tab):
    """Intake, the pool and its search. Everything slow runs as a named background task."""

    title = "CVs"

    def __init__(self, ctx: TabContext):
        self._services, self._tasks = ctx.services, ctx.tasks
        self.queue_model = ImportQueueModel()
        self.candidates = CandidateTableModel()
        empty = EmptyState("No candidates yet", "")
        empty.add_action("Choose CV files…", lambda: self.intake.pick_files())
        super().__init__(empty, self._build_content())
        self.setAcceptDrops(True)
        self.intake = IntakeController(
            self._services, self._tasks, self, self.queue_model, self.import_progress
        )
        self.search = SearchController(
            self._services,
            self._tasks,
            (self.search_box, self.requirements_box, self.shortlist_button),
            self.search_note,
            self.candidates,
            lambda: self.client,
        )
        self.candidate_actions = CandidateActions(
            self._services, self._tasks, self.table, self.candidates, self.profile
        )
        self.reindex = ReindexController(
            self._services, self._tasks, self, self.reindex_bar, self._services.llm_ready
        )
        self.more_button.menu().addAction(self.reindex.action)
        self.profile.interview_open_requested.connect(interview_opener(ctx.open_interview))
        self._connect_signals()
        self._render_empty_state()

    # -- building -------------------------------------------------------------------------
    def _build_content(self) -> QWidget:
        self.drop_zone = CvDropZone()
        self.import_progress = ImportProgress()
        self.search_note = QLabel()
        self.search_note.setObjectName("hint")
        self.reindex_bar = ReindexBar()
        self.pool_note = QLabel()  # the list is cut: says so, and how to find the others
        self.pool_note.setObjectName("hint")
        self.pool_note.hide()
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(self.drop_zone)
        layout.addWidget(self.import_progress)
        layout.addLayout(self._build_search_row())
        layout.addWidget(self.search_note)
        layout.addWidget(self.reindex_bar)
        layout.addWidget(self.pool_note)
        layout.addWidget(self._build_lists(), 1)
        return content

    def _build_search_row(self) -> QHBoxLayout:
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(
            "Search the talent pool by skill, title or meaning — e.g. kubernetes, "
            "cloud infrastructure engineer"
        )
        self.search_box.setClearButtonEnabled(True)
        self.requirements_box = QLineEdit()
        self.requirements_box.setPlaceholderText("Shortlist by required skills: Python, SQL, …")
        self.shortlist_button = QPushButton("Shortlist")
        row = QHBoxLayout()
        row.addWidget(self.search_box, 3)
        row.addWidget(self.requirements_box, 2)
        row.addWidget(self.shortlist_button)
        self.more_button = more_button()
        row.addWidget(self.more_button)
        return row

    def _build_lists(self) -> QSplitter:
        self.table = QTableView()
        self.table.setModel(self.candidates)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        # Size columns from a sample of rows: measuring all of a 2,000-row pool on every
        # refresh shows up as GUI stalls during an import.
        header.setResizeContentsPrecision(40)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.queue_table = QTableView()
        self.queue_table.setModel(self.queue_model)
        self.queue_table.verticalHeader().hide()
        queue_header = self.queue_table.horizontalHeader()
        queue_header.setResizeContentsPrecision(40)  # sampled: a queue may hold thousands
        queue_header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        queue_header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        queue_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.left_tabs = QTabWidget()
        self.left_tabs.addTab(self.table, "Candidates")
        self.left_tabs.addTab(self.queue_table, "Import queue")
        self.profile = ProfileView()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.left_tabs)
        splitter.addWidget(self.profile)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        return splitter

    def _connect_signals(self) -> None:
        self.drop_zone.paths_dropped.connect(self.import_paths)
        self.drop_zone.pick_files_requested.connect(self.intake.pick_files)
        self.drop_zone.pick_folder_requested.connect(self.intake.pick_folder)
        self.intake.queued.connect(self._show_queue)
        self.intake.note.connect(self._show_note)
        self.intake.pool_changed.connect(self.reload_pool_soon)
        self.search.results_shown.connect(lambda: self.left_tabs.setCurrentWidget(self.table))
        self.search.cleared.connect(self.reload_pool_soon)
        self.search.results_shown.connect(self.pool_note.hide)
        self.candidate_actions.pool_changed.connect(self.reload_pool_soon)
        self.add_shortcut(QKeySequence.StandardKey.Open, self.intake.pick_files)
        self.add_shortcut(QKeySequence.StandardKey.Find, self.search_box.setFocus)

    # -- the window's hooks ---------------------------------------------------------------
    def set_client(self, client: ClientSummary | None) -> None:
        super().set_client(client)
        self.drop_zone.set_target(client.name if client else None)
        self._render_empty_state()

    def set_llm_ready(self, ready: bool) -> None:
        super().set_llm_ready(ready)
        self._render_empty_state()

    async def load(self) -> None:
        """The pool, then the unfinished queue of an earlier session, resumed."""
        await self.reload_pool()
        self.reindex.refresh()
        await self.intake.resume()

    def settings_applied(self) -> None:
        """Settings were saved: the embedding model may have changed (offer a re-index)."""
        self.reindex.refresh()

    def _render_empty_state(self) -> None:
        first = "" if self.llm_ready else "<br><br>First, connect an LLM in Settings (Ctrl+,)."
        self.empty_state.set_text(
            "No candidates yet",
            "Drop CV files or whole folders anywhere on this tab (PDF, DOCX, TXT, scans), or "
            f"choose them. Each becomes a structured profile for {client_phrase(self.client)} "
            f"and joins the searchable talent pool.{first}",
        )

    # -- the pool -------------------------------------------------------------------------
    async def reload_pool(self) -> None:
        page = await self._services.candidates.newest()
        people = page.people
        if not self.search.is_searching():
            selected = self.candidate_actions.selected_id()
            self.candidates.show_pool(people)
            self._reselect(selected)
            self.pool_note.setText(pool_size_note(page))
            self.pool_note.setVisible(page.is_partial)
        self.show_empty_state(not people and not self.queue_model.rows())

    def _reselect(self, candidate_id: int | None) -> None:
        # A refresh during an import must not drop the row the recruiter is looking at;
        # quietly, so the profile (maybe being edited) is not reloaded.
        row = self.candidates.row_of(candidate_id)
        if row is None:
            return
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        self.table.selectRow(row)
        selection.blockSignals(False)

    def reload_pool_soon(self) -> None:
        self._tasks.start("cvs.pool", self.reload_pool())

    # -- intake ---------------------------------------------------------------------------
    def import_paths(self, paths: list[Path]) -> None:
        """Queue the files for the window's client."""
        self.intake.import_paths(paths, self.client.id if self.client else None)

    def _show_note(self, text: str) -> None:
        self.show_empty_state(False)
        self.search_note.setText(text)

    def _show_queue(self) -> None:
        self.show_empty_state(False)
        self.left_tabs.setCurrentWidget(self.queue_table)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = local_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)
