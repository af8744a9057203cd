"""The CVs tab: drop CVs, watch them become profiles, search the pool, edit and export.

The tab builds the widgets and wires three controllers: intake (the import queue),
search (search and shortlist) and the selected candidate's actions. It keeps what it shows
true: a cheap look at the database every 0.4 s (`PoolWatch`) notices any commit,
this window's or another process's (the command line's `cv import` on the same data), and
reloads the list, the queue and the client directory; F5 does the same at once.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
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
    QVBoxLayout,
    QWidget,
)

from headhunter_desktop.core.services.candidates import ALL
from headhunter_desktop.core.services.clients import ClientSummary
from headhunter_desktop.ui.common.empty_state import EmptyState
from headhunter_desktop.ui.common.steady_tab_widget import SteadyTabWidget
from headhunter_desktop.ui.cvs.candidate_actions import CandidateActions
from headhunter_desktop.ui.cvs.candidate_model import CandidateTableModel
from headhunter_desktop.ui.cvs.client_filter import ClientFilterBox
from headhunter_desktop.ui.cvs.drop_zone import CvDropZone, local_paths
from headhunter_desktop.ui.cvs.import_progress import ImportProgress
from headhunter_desktop.ui.cvs.import_queue_model import ImportQueueModel
from headhunter_desktop.ui.cvs.intake_controller import IntakeController
from headhunter_desktop.ui.cvs.pool_notes import pool_size_note
from headhunter_desktop.ui.cvs.profile_view import ProfileView
from headhunter_desktop.ui.cvs.queue_table import queue_table
from headhunter_desktop.ui.cvs.reindex_bar import ReindexBar, more_button
from headhunter_desktop.ui.cvs.reindex_controller import ReindexController
from headhunter_desktop.ui.cvs.search_controller import SearchController
from headhunter_desktop.ui.cvs.unsaved_profile import has_unsaved_edits
from headhunter_desktop.ui.interviews.interview_history import interview_opener
from headhunter_desktop.ui.shell.tab import Tab, TabContext, client_phrase

# How often the tab looks for changes made elsewhere: well within a second, at the cost
# of one trivial query on the database thread.
WATCH_INTERVAL_MS = 400


MAX_COLUMN_WIDTH = 240  # px


class CvsTab(Tab):
    """Intake, the pool and its search. Everything slow runs as a named background task."""

    title = "CVs"

    def __init__(self, ctx: TabContext):
        self._services, self._tasks = ctx.services, ctx.tasks
        self._directory = ctx.directory
        self.queue_model = ImportQueueModel()
        self.candidates = CandidateTableModel()
        empty = EmptyState("No candidates yet", "")
        empty.add_action("Choose CV files…", lambda: self.intake.pick_files())
        super().__init__(empty, self._build_content())
        self.setAcceptDrops(True)
        self.intake = IntakeController(
            self._services, self._tasks, self, self.queue_model, self.import_progress,
            open_settings=ctx.open_settings,
        )  # fmt: skip
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
            self._services, self._tasks, self, self.reindex_bar, lambda: self.llm_ready
        )
        self.more_button.menu().addAction(self.reindex.action)
        self._watch_timer = QTimer(self)
        self._watch_timer.setInterval(WATCH_INTERVAL_MS)
        self._watch_timer.timeout.connect(self._look_for_changes)
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
        self.table.setTabKeyNavigation(False)  # Tab leaves the list, as in a form
        header = self.table.horizontalHeader()
        # Click a header to sort, again to reverse, a third time for the list's own order.
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorClearable(True)
        self.table.setSortingEnabled(True)
        # Size columns from a sample of rows: measuring all of a 2,000-row pool on every
        # refresh shows up as GUI stalls during an import.
        header.setResizeContentsPrecision(40)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Names and titles whole: stretched, a shortlist's long Has and Missing columns once
        # squeezed them to "Pr… R…" at 1024×640. Now the list scrolls sideways instead, and
        # no column grows wider than MAX_COLUMN_WIDTH (a long list of skills is elided).
        header.setMaximumSectionSize(MAX_COLUMN_WIDTH)
        header.setStretchLastSection(True)
        self.queue_table = queue_table(self.queue_model)
        self.left_tabs = SteadyTabWidget()
        self.left_tabs.addTab(self.table, "Candidates")
        self.left_tabs.addTab(self.queue_table, "Import queue")
        self.client_filter = ClientFilterBox()
        self.left_tabs.setCornerWidget(self.client_filter, Qt.Corner.TopRightCorner)
        self.profile = ProfileView()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.left_tabs)
        splitter.addWidget(self.profile)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        # The list 3:2 from the start (not the profile's preferred width): at 1024×640 it
        # then shows every pool column without scrolling sideways.
        splitter.setSizes([600, 400])
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
        self._directory.clients_changed.connect(self._show_clients)
        self.client_filter.scope_changed.connect(self._on_scope_changed)
        # Ctrl+O (Import CVs…) is the window's File menu item: it works from every tab.
        self.add_shortcut(QKeySequence.StandardKey.Find, self.search_box.setFocus, "Search")
        self.add_shortcut(QKeySequence(Qt.Key.Key_F5), self.refresh_now, "Refresh")

    # -- the window's hooks ---------------------------------------------------------------
    def set_client(self, client: ClientSummary | None) -> None:
        super().set_client(client)
        self.drop_zone.set_target(client.name if client else None)
        self.client_filter.follow(client)
        self._render_empty_state()

    def set_llm_ready(self, ready: bool) -> None:
        changed = ready != self.llm_ready
        super().set_llm_ready(ready)
        self._render_empty_state()
        if changed and self._watch_timer.isActive():  # loaded: the re-index offer follows
            self.reindex.refresh()

    async def load(self) -> None:
        """The pool, then the unfinished queue of an earlier session, resumed."""
        self._show_clients()
        await self._services.pool_watch.changed()  # takes note of the state shown now
        await self.reload_pool()
        await self.intake.resume()
        # After the queue: counting who meaning search misses loads the vectors (and
        # imports numpy, ~60 ms at a start), which the list and the queue need not wait for.
        self.reindex.refresh()
        self._watch_timer.start()

    def shut_down(self) -> None:
        # A closed window's watch would go on polling (every 400 ms) as long as it lives.
        self._watch_timer.stop()

    def settings_applied(self) -> None:
        """Settings were saved: the embedding model may have changed (offer a re-index);
        an import the old settings stopped offers to resume."""
        self.reindex.refresh()
        self.intake.settings_saved()

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
        """The list as stored: the pool (of the chosen clients), or the results on screen
        with their rows brought up to date (a search is not run again: it may cost)."""
        page = await self._services.candidates.newest(self.client_filter.scope())
        people = page.people
        fresh, superseded = None, False
        if self.search.is_searching():
            shown = [p.id for p in self.candidates.people()]
            fresh = await self._services.candidates.summaries(shown)
            # Another search's results came meanwhile: they are fresh already.
            superseded = [p.id for p in self.candidates.people()] != shown
        # A refresh during an import must not drop the row the recruiter is looking at;
        # quietly, so the profile (maybe being edited) is not reloaded. Read after the
        # awaits: a row clicked while the list was being read stays selected.
        selected = self.candidate_actions.selected_id()
        if fresh is None:
            self.candidates.show_pool(people)
            self.pool_note.setText(pool_size_note(page))
            self.pool_note.setVisible(page.is_partial)
        elif not superseded:
            self.candidates.refresh_people(fresh)
        self.candidate_actions.select_quietly(selected)
        self.candidate_actions.refresh_shown()
        # Only an empty pool: an empty filtered list keeps its filter on screen to change.
        everyone = self.client_filter.scope() is ALL
        self.show_empty_state(everyone and not people and not self.queue_model.rows())

    def reload_pool_soon(self) -> None:
        self._tasks.start("cvs.pool", self.reload_pool())

    # -- staying true -----------------------------------------------------------------------
    def _look_for_changes(self) -> None:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return  # Qt runs the timer between two runs of the loop (tests): no task then
        if not self._tasks.running("cvs.watch"):
            self._tasks.start("cvs.watch", self._refresh_if_changed())

    async def _refresh_if_changed(self) -> None:
        if await self._services.pool_watch.changed():
            # While this window imports, its import refreshes the list (as files finish)
            # and the queue by itself: a list reloaded at every commit would show each
            # file's half-made row; another process's candidates come with those refreshes.
            await self.refresh_views(list_too=not self._tasks.running("cvs.import"))

    async def refresh_views(self, *, list_too: bool = True) -> None:
        """The list, the import queue and the clients (with their counts) as stored."""
        if list_too:
            await self.reload_pool()
            self.intake.show_stored_rows(await self._services.importer.rows())
        await self._directory.refresh()

    def refresh_now(self) -> None:
        """F5: everything reloaded, and the search or shortlist on screen run again."""
        importing = self._tasks.running("cvs.import")
        self._tasks.start("cvs.refresh", self.refresh_views(list_too=not importing))
        if importing:
            self.reload_pool_soon()
        self.search.refresh()

    def _show_clients(self) -> None:
        clients = self._directory.clients
        self.client_filter.set_clients(clients)
        self.candidates.set_client_names({c.id: c.name for c in clients})

    def _on_scope_changed(self) -> None:
        # The list only: a search or a shortlist covers the agency's whole pool (a job of
        # one client is filled from every CV), each result saying whose it is.
        self.reload_pool_soon()

    # -- unsaved edits ----------------------------------------------------------------------
    def has_unsaved_changes(self) -> bool:
        return has_unsaved_edits(self.profile)

    async def confirm_close(self) -> bool:
        """Save / Discard / Cancel for the profile being edited."""
        return await self.candidate_actions.leave_profile()

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
