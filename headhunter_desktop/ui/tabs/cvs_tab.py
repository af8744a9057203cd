"""The CVs tab: drop CVs, watch them become profiles, search the pool, edit and export."""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from headhunter_desktop.core.domain.cv_profile import CvProfile
from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.clients import ClientSummary
from headhunter_desktop.core.storage.import_queue import ImportRow
from headhunter_desktop.core.storage.models import ImportState
from headhunter_desktop.ui.async_dialogs import ask_text, choose, confirm
from headhunter_desktop.ui.cvs.candidate_model import CandidateTableModel
from headhunter_desktop.ui.cvs.drop_zone import CvDropZone, local_paths
from headhunter_desktop.ui.cvs.import_queue_model import ImportQueueModel
from headhunter_desktop.ui.cvs.profile_view import ProfileView
from headhunter_desktop.ui.tabs.base import Tab
from headhunter_desktop.ui.tasks import TaskRegistry
from headhunter_desktop.ui.widgets.empty_state import EmptyState

SEARCH_DELAY_MS = 350  # type-ahead: search when the user pauses, not on every key


class CvsTab(Tab):
    """Intake, the pool and its search. Everything slow runs as a named background task."""

    title = "CVs"

    def __init__(self, services: AppServices, tasks: TaskRegistry):
        self._services, self._tasks = services, tasks
        self.queue_model = ImportQueueModel()
        self.candidates = CandidateTableModel()
        empty = EmptyState("No candidates yet", "")
        self._empty_import = empty.add_action("Choose CV files…", self.pick_files)
        super().__init__(empty, self._build_content())
        self.setAcceptDrops(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.run_search)
        self._connect_signals()
        services.importer.add_listener(self._on_import_row)
        self._render_empty_state()

    # -- building -------------------------------------------------------------------------
    def _build_content(self) -> QWidget:
        self.drop_zone = CvDropZone()
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(
            "Search the talent pool by skill, title or meaning — e.g. kubernetes, "
            "cloud infrastructure engineer"
        )
        self.search_box.setClearButtonEnabled(True)
        self.requirements_box = QLineEdit()
        self.requirements_box.setPlaceholderText("Shortlist by required skills: Python, SQL, …")
        self.shortlist_button = QPushButton("Shortlist")
        search_row = QHBoxLayout()
        search_row.addWidget(self.search_box, 3)
        search_row.addWidget(self.requirements_box, 2)
        search_row.addWidget(self.shortlist_button)
        self.search_note = QLabel()
        self.search_note.setObjectName("hint")
        self.progress = QProgressBar()
        self.progress_label = QLabel()
        self.cancel_button = QPushButton("Cancel import")
        self.retry_button = QPushButton("Retry failed…")
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.progress_label)
        progress_row.addWidget(self.retry_button)
        progress_row.addWidget(self.cancel_button)
        self.progress_box = QWidget()
        self.progress_box.setLayout(progress_row)
        self.progress_box.hide()

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
        self.queue_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.left_tabs = QTabWidget()
        self.left_tabs.addTab(self.table, "Candidates")
        self.left_tabs.addTab(self.queue_table, "Import queue")
        self.profile = ProfileView()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.left_tabs)
        splitter.addWidget(self.profile)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(self.drop_zone)
        layout.addWidget(self.progress_box)
        layout.addLayout(search_row)
        layout.addWidget(self.search_note)
        layout.addWidget(splitter, 1)
        return content

    def _connect_signals(self) -> None:
        self.drop_zone.paths_dropped.connect(self.import_paths)
        self.drop_zone.pick_files_requested.connect(self.pick_files)
        self.drop_zone.pick_folder_requested.connect(self.pick_folder)
        self.cancel_button.clicked.connect(self.cancel_import)
        self.retry_button.clicked.connect(self.retry_failed)
        self.search_box.textChanged.connect(lambda _t: self._search_timer.start())
        self.search_box.returnPressed.connect(self.run_search)
        self.requirements_box.returnPressed.connect(self.run_shortlist)
        self.shortlist_button.clicked.connect(self.run_shortlist)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._on_selection())
        self.profile.save_requested.connect(self._save_profile)
        self.profile.export_requested.connect(self.export_selected)
        self.profile.open_file_requested.connect(self.open_original)
        self.profile.delete_requested.connect(self.delete_selected)
        self.profile.reparse_requested.connect(self.reparse_selected)
        self.profile.merge_requested.connect(self.merge_selected)
        for keys, slot in (
            (QKeySequence.StandardKey.Open, self.pick_files),
            (QKeySequence.StandardKey.Find, self.search_box.setFocus),
        ):
            action = QAction(self)
            action.setShortcut(keys)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)

    # -- the window's client --------------------------------------------------------------
    def set_client(self, client: ClientSummary | None) -> None:
        super().set_client(client)
        self.drop_zone.set_target(client.name if client else None)
        self._render_empty_state()

    def _render_empty_state(self) -> None:
        whom = f"<b>{self.client.name}</b>" if self.client else "the agency's own pool"
        ready = self._services.llm_ready()
        first = "" if ready else "<br><br>First, connect an LLM in Settings (Ctrl+,)."
        self.empty_state.set_text(
            "No candidates yet",
            "Drop CV files or whole folders anywhere on this tab (PDF, DOCX, TXT), or "
            f"choose them. Each becomes a structured profile for {whom} and joins the "
            f"searchable talent pool.{first}",
        )

    # -- loading --------------------------------------------------------------------------
    async def load(self) -> None:
        """The pool, the unfinished queue of an earlier session, then resume it."""
        await self.reload_pool()
        for row in await self._services.importer.rows():
            if row.state not in (ImportState.DONE, ImportState.DUPLICATE):
                self.queue_model.upsert(row)
        self._update_progress()
        if any(r.state not in _FINISHED for r in self.queue_model.rows()):
            self._start_processing()

    async def reload_pool(self) -> None:
        people = await self._services.candidates.list()
        if not self.search_box.text().strip():
            self.candidates.show_pool(people)
        self.show_empty_state(not people and not self.queue_model.rows())

    # -- intake ---------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = local_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    def pick_files(self) -> None:
        dialog = QFileDialog(self, "Import CVs")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilter("CVs (*.pdf *.docx *.txt);;All files (*)")
        dialog.filesSelected.connect(lambda files: self.import_paths([Path(f) for f in files]))
        dialog.open()

    def pick_folder(self) -> None:
        dialog = QFileDialog(self, "Import a folder of CVs")
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.fileSelected.connect(lambda folder: self.import_paths([Path(folder)]))
        dialog.open()

    def import_paths(self, paths: list[Path]) -> None:
        """Queue the files for the window's client and make sure the queue is running."""
        client_id = self.client.id if self.client else None
        self._tasks.start(None, self._enqueue(paths, client_id))

    async def _enqueue(self, paths: list[Path], client_id: int | None) -> None:
        result = await self._services.importer.enqueue(paths, client_id)
        self.show_empty_state(False)
        if result.skipped:
            names = ", ".join(s.path.name for s in result.skipped[:5])
            more = f" and {len(result.skipped) - 5} more" if len(result.skipped) > 5 else ""
            self.search_note.setText(f"Skipped {names}{more}: {result.skipped[0].reason}.")
        if not result.rows:
            return
        self.queue_model.add_rows(result.rows)
        self._update_progress()
        self.left_tabs.setCurrentWidget(self.queue_table)
        self._start_processing()

    def _start_processing(self) -> None:
        # One run at a time; a running one picks up files queued after it started.
        if not self._tasks.running("cvs.import"):
            self._tasks.start("cvs.import", self._process())

    async def _process(self) -> None:
        try:
            await self._services.importer.process()
        finally:
            await self.reload_pool()
            self._update_progress()

    def cancel_import(self) -> None:
        self._services.importer.cancel()

    def retry_failed(self) -> None:
        self._tasks.start("cvs.retry", self._retry_failed())

    async def _retry_failed(self) -> None:
        passwords: dict[int, str] = {}
        for row in self.queue_model.rows():
            if row.state == ImportState.FAILED and row.error_code in (
                "password_required", "wrong_password",
            ):  # fmt: skip
                password = await ask_password(self, row.file_name)
                if password:
                    passwords[row.job_id] = password
        await self._services.importer.retry_failed(None, passwords)
        self._start_processing()

    def _on_import_row(self, row: ImportRow) -> None:
        self.queue_model.upsert(row)
        self._update_progress()
        if row.state == ImportState.DONE:
            self._pool_refresh_soon()

    def _pool_refresh_soon(self) -> None:
        # Many files finish close together: refresh the list once per burst.
        if not self._tasks.running("cvs.pool"):
            self._tasks.start("cvs.pool", self._refresh_after_pause())

    async def _refresh_after_pause(self) -> None:
        await asyncio.sleep(0.5)
        await self.reload_pool()

    def _update_progress(self) -> None:
        finished, total, failed = self.queue_model.progress()
        self.progress_box.setVisible(total > 0)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(finished)
        failed_text = f", {failed} failed" if failed else ""
        self.progress_label.setText(f"{finished} of {total} files{failed_text}")
        self.cancel_button.setEnabled(finished < total)
        self.retry_button.setEnabled(failed > 0)

    # -- search ---------------------------------------------------------------------------
    def run_search(self) -> None:
        self._search_timer.stop()
        self._tasks.start("cvs.search", self._search(self.search_box.text()))

    async def _search(self, query: str) -> None:
        if not query.strip():
            self.search_note.clear()
            await self.reload_pool()
            return
        client = self.client
        context = CallContext("embed_query", client.id if client else None,
                              client.name if client else None)  # fmt: skip
        outcome = await self._services.talent_pool.search(query, 50, context=context)
        self.candidates.show_results(outcome.results)
        note = f"{len(outcome.results)} candidate(s) for “{query}”."
        if outcome.keyword_only_reason:
            note += f" {outcome.keyword_only_reason}"
        self.search_note.setText(note)
        self.left_tabs.setCurrentWidget(self.table)

    def run_shortlist(self) -> None:
        wanted = [s.strip() for s in self.requirements_box.text().split(",") if s.strip()]
        if wanted:
            self._tasks.start("cvs.search", self._shortlist(wanted, self.search_box.text()))

    async def _shortlist(self, wanted: list[str], description: str) -> None:
        entries = await self._services.talent_pool.shortlist(wanted, description, 50)
        self.candidates.show_shortlist(entries)
        complete = sum(not e.missing for e in entries)
        self.search_note.setText(
            f"Shortlist for {', '.join(wanted)}: {len(entries)} candidate(s), "
            f"{complete} with every skill."
        )
        self.left_tabs.setCurrentWidget(self.table)

    # -- the selected candidate -----------------------------------------------------------
    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        person = self.candidates.candidate_at(rows[0].row()) if rows else None
        return person.id if person else None

    def _on_selection(self) -> None:
        candidate_id = self.selected_id()
        if candidate_id is None:
            self.profile.show_detail(None)
        else:
            self._tasks.start("cvs.detail", self._show(candidate_id))

    async def _show(self, candidate_id: int) -> None:
        self.profile.show_detail(await self._services.candidates.detail(candidate_id))

    def _save_profile(self, profile: CvProfile, paths: list[str]) -> None:
        candidate_id = self.selected_id()
        if candidate_id is not None:
            self._tasks.start("cvs.save", self._save(candidate_id, profile, paths))

    async def _save(self, candidate_id: int, profile: CvProfile, paths: list[str]) -> None:
        await self._services.candidates.save_edits(candidate_id, profile, paths)
        await self._show(candidate_id)
        await self.reload_pool()

    def export_selected(self) -> None:
        detail = self.profile.detail()
        if detail is None:
            return
        name = "".join(c if c.isalnum() else "_" for c in detail.summary.name) or "candidate"
        dialog = QFileDialog(self, "Export JSON Resume", f"{name}.json")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter("JSON Resume (*.json)")
        candidate_id = detail.summary.id
        dialog.fileSelected.connect(
            lambda path: self._tasks.start(
                None, self._services.candidates.export_json_resume(candidate_id, Path(path))
            )
        )
        dialog.open()

    def open_original(self) -> None:
        detail = self.profile.detail()
        if detail and detail.original_file:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(detail.original_file)))

    def reparse_selected(self) -> None:
        detail = self.profile.detail()
        if detail is not None:
            self._tasks.start("cvs.reparse", self._reparse(detail.summary.id, detail.edited_fields))

    async def _reparse(self, candidate_id: int, edited: list[str]) -> None:
        keep = True
        if edited:
            answer = await choose(
                self, "Re-parse the CV",
                f"You edited {', '.join(edited)} by hand. Keep your edits, or replace "
                "them with what the LLM reads from the CV?",
                ["Keep my edits", "Overwrite my edits"],
            )  # fmt: skip
            if answer is None:
                return
            keep = answer == "Keep my edits"
        await self._services.importer.reparse(candidate_id, keep_edited=keep)
        await self._show(candidate_id)
        await self.reload_pool()

    def merge_selected(self) -> None:
        detail = self.profile.detail()
        if detail is not None and detail.summary.duplicate_of_id is not None:
            self._tasks.start("cvs.merge", self._merge(detail.summary.id))

    async def _merge(self, candidate_id: int) -> None:
        original = await self._services.candidates.merge_into_original(candidate_id)
        await self.reload_pool()
        await self._show(original)

    def delete_selected(self) -> None:
        detail = self.profile.detail()
        if detail is not None:
            self._tasks.start("cvs.delete", self._delete(detail.summary.id, detail.summary.name))

    async def _delete(self, candidate_id: int, name: str) -> None:
        question = (
            f"Erase {name} from the talent pool? The CV file, its text, the profile and the "
            "search entries are deleted for good. LLM usage records stay (they hold no "
            "personal data)."
        )
        if await confirm(self, "Delete candidate", question, "Delete"):
            await self._services.candidates.delete(candidate_id)
            self.profile.show_detail(None)
            await self.reload_pool()


_FINISHED = {ImportState.DONE, ImportState.DUPLICATE, ImportState.FAILED, ImportState.CANCELLED}


async def ask_password(parent: QWidget, file_name: str) -> str | None:
    """The PDF password, typed masked; kept in memory for this import only."""
    return await ask_text(parent, "Password-protected PDF", f"Password for {file_name}:",
                          secret=True)  # fmt: skip
