"""CV intake for the CVs tab: files in, the persistent queue, progress, cancel and retry.

An import never stalls silently: a run-level stop (no key, key refused, server away, a
budget cap) or a Cancel leaves the queue saying why, with one Resume button; saving
Settings or a budget turns that into an offer to resume.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from headhunter_desktop.core.domain.import_job import ImportRow, ImportState
from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.usage_types import BudgetExceededError
from headhunter_desktop.ui.common.throttle import Throttle
from headhunter_desktop.ui.cvs import import_stops as stops
from headhunter_desktop.ui.cvs.budget_stop import AfterBudgetStop, ask_after_budget_stop
from headhunter_desktop.ui.cvs.import_progress import ImportProgress
from headhunter_desktop.ui.cvs.import_queue_model import CLEARABLE_STATES, ImportQueueModel
from headhunter_desktop.ui.shell.async_dialogs import ask_text
from headhunter_desktop.ui.shell.task_registry import TaskRegistry

# Many files finish close together: the candidate list is reloaded once per burst.
POOL_REFRESH_MS = 500
# Files finish in bursts (eight requests answer at once): their rows reach the table and
# the progress line at most this often, each time in one update of the view.
ROW_UPDATE_MS = 100


class IntakeController(QObject):
    """Queues dropped or chosen files for the window's client and keeps the import running.

    Signals:
        queued(): files are being added to the queue (show it).
        pool_changed(): candidates were added; reload the list.
        note(str): something to tell the user next to the list (skipped files).
    """

    queued = Signal()
    pool_changed = Signal()
    note = Signal(str)

    def __init__(
        self,
        services: AppServices,
        tasks: TaskRegistry,
        view: QWidget,
        queue_model: ImportQueueModel,
        progress: ImportProgress,
        open_settings: Callable[[], object] | None = None,
    ):
        super().__init__(view)
        self._services, self._tasks, self._view = services, tasks, view
        self.queue_model, self._progress = queue_model, progress
        self._open_settings = open_settings
        self._stop: str | None = None  # why the queue stands still with files left
        self._pool_changed_soon = Throttle(self.pool_changed.emit, POOL_REFRESH_MS, self)
        self._arrived: dict[int, ImportRow] = {}  # the newest state of each job, not shown yet
        self._show_arrived_soon = Throttle(self.show_arrived_rows, ROW_UPDATE_MS, self)
        progress.cancel_requested.connect(self.cancel)
        progress.resume_requested.connect(self.resume_stopped)
        progress.retry_requested.connect(self.retry_failed)
        progress.clear_requested.connect(self.clear_finished)
        services.importer.add_listener(self._on_import_row)
        services.usage.add_budget_saved_listener(self._on_budget_saved)

    async def resume(self) -> None:
        """Show an earlier session's unfinished queue and carry on with it."""
        for row in await self._services.importer.rows():
            if row.state not in (ImportState.DONE, ImportState.DUPLICATE):
                self.queue_model.upsert(row)
        self._update_progress()
        if any(not r.state.is_finished for r in self.queue_model.rows()):
            self._start_processing()
        elif self.queue_model.count(CANCELLED):  # cancelled last time: one click goes on
            self._show_stop(stops.CANCELLED)

    @property
    def stop_reason(self) -> str | None:
        """Why the queue stands still with files left (None while it runs or is done)."""
        return self._stop

    def pick_files(self) -> None:
        dialog = QFileDialog(self._view, "Import CVs")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilter("CVs (*.pdf *.docx *.txt *.png *.jpg *.jpeg);;All files (*)")
        dialog.filesSelected.connect(lambda files: self.import_paths([Path(f) for f in files]))
        dialog.open()

    def pick_folder(self) -> None:
        dialog = QFileDialog(self._view, "Import a folder of CVs")
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.fileSelected.connect(lambda folder: self.import_paths([Path(folder)]))
        dialog.open()

    def import_paths(self, paths: list[Path], client_id: int | None = None) -> None:
        """Queue the files for `client_id` and make sure the queue is running."""
        # The queue shows at once, its rows when the files are listed and stored: on an
        # empty pool, the tab's first show and the rows' arrival are two frames, not one
        # long one (bench_import.py).
        self.queued.emit()
        self._progress.show_adding()
        self._tasks.start(None, self._enqueue(paths, client_id))

    async def _enqueue(self, paths: list[Path], client_id: int | None) -> None:
        try:
            result = await self._services.importer.enqueue(paths, client_id)
        except BaseException:
            self._update_progress()  # not left busy; the error goes on to the task's handler
            raise
        self.queue_model.add_rows(result.rows)
        self._update_progress()  # the busy line shown at the drop: counts, or gone if empty
        if result.skipped:
            names = ", ".join(s.path.name for s in result.skipped[:5])
            more = f" and {len(result.skipped) - 5} more" if len(result.skipped) > 5 else ""
            self.note.emit(f"Skipped {names}{more}: {result.skipped[0].reason}.")
        elif not result.rows:
            self.note.emit("Nothing to import: no CV files (PDF, DOCX, TXT, scans) there.")
        if result.rows:
            self._start_processing()

    def _start_processing(self) -> None:
        # One run at a time; a running one picks up files queued after it started.
        if not self._tasks.running("cvs.import"):
            self._show_stop(None)
            self._tasks.start("cvs.import", self._process())

    async def _process(self, allow_over_budget: bool = False) -> None:
        self.queue_model.set_running(True)
        try:
            await self._services.process_imports(allow_over_budget=allow_over_budget)
        except BudgetExceededError as stop:
            await self._after_budget_stop(stop)
        except UserFacingError as stop:  # run-level: no key, key refused, server away, …
            await self._after_stop(stop)
        except asyncio.CancelledError:
            self._show_stop(stops.CANCELLED if self._stop == stops.CANCELLED else None)
            raise
        finally:
            self.show_arrived_rows()
            self.queue_model.set_running(False)
            self.pool_changed.emit()
            self._update_progress()

    async def _after_budget_stop(self, stop: BudgetExceededError) -> None:
        # The files stay queued, each stopped one showing why; the user decides what next.
        self.queue_model.set_running(False)
        self._show_stop(stops.BUDGET_STOP)
        usage = self._services.usage
        choice = await ask_after_budget_stop(self._view, usage, stop, self._waiting())
        # Unless Cancel was pressed meanwhile (the budget saved says "changed" by now).
        if choice is not AfterBudgetStop.LEAVE_QUEUED and self._stop != stops.CANCELLED:
            self._show_stop(None)
            await self._process(allow_over_budget=choice is AfterBudgetStop.RUN_ANYWAY)

    async def _after_stop(self, stop: UserFacingError) -> None:
        self.queue_model.set_running(False)
        self._show_stop(stops.stop_reason(stop))
        if not stops.fixed_in_settings(stop):
            raise stop  # shown as any other error (a damaged database, say); Resume stays
        if await stops.offer_settings(self._view, stop, self._waiting()) and self._open_settings:
            self._open_settings()

    def settings_saved(self) -> None:
        """Settings were saved: an import they stopped offers to resume (the user decides)."""
        if self._stop in stops.SETTINGS_STOPS.values() and self._services.llm_ready():
            self._show_stop(stops.SETTINGS_SAVED)

    def _on_budget_saved(self, _client_uuid: str) -> None:
        if self._stop == stops.BUDGET_STOP:
            self._show_stop(stops.BUDGET_CHANGED)

    def resume_stopped(self) -> None:
        """Resume import: cancelled files queued again, the queue running from where it stood."""
        self._tasks.start("cvs.resume", self._resume_stopped())

    async def _resume_stopped(self) -> None:
        await self._services.importer.resume_cancelled()
        self._start_processing()

    def cancel(self) -> None:
        self._stop = stops.CANCELLED
        self._services.cancel_imports()
        if not self._tasks.running("cvs.import"):  # stopped with files left (a cap, a key)
            self._tasks.start(None, self._cancel_queued())

    async def _cancel_queued(self) -> None:
        await self._services.importer.cancel_queued()
        self._show_stop(stops.CANCELLED)

    def retry_failed(self) -> None:
        self._tasks.start("cvs.retry", self._retry_failed())

    async def _retry_failed(self) -> None:
        passwords: dict[int, str] = {}
        self.show_arrived_rows()
        for row in self.queue_model.rows():
            if row.state == ImportState.FAILED and row.error_code in PASSWORD_ERRORS:
                password = await ask_password(self._view, row.file_name)
                if password:
                    passwords[row.job_id] = password
        await self._services.importer.retry_failed(None, passwords)
        self._start_processing()

    def _on_import_row(self, row: ImportRow) -> None:
        self._arrived[row.job_id] = row
        self._show_arrived_soon()

    def show_arrived_rows(self) -> None:
        """The import's row changes received since the last update, shown now."""
        arrived, self._arrived = self._arrived, {}
        if not arrived:
            return
        for row in arrived.values():
            self.queue_model.upsert(row)
        self._update_progress()
        if any(row.state == ImportState.DONE for row in arrived.values()):
            self._pool_changed_soon()

    def show_stored_rows(self, rows: list[ImportRow]) -> None:
        """The queue as the database holds it (another process imports into the same
        data): rows listed change, unfinished new ones join; finished rows cleared stay out."""
        self.show_arrived_rows()
        known = {row.job_id: row for row in self.queue_model.rows()}
        for row in rows:
            if known.get(row.job_id, row) != row or (
                row.job_id not in known and row.state not in CLEARABLE_STATES
            ):
                self.queue_model.upsert(row)
        self._update_progress()

    def clear_finished(self) -> None:
        """The imported files' rows out of the queue list (the candidates stay, of course)."""
        self.show_arrived_rows()
        self.queue_model.clear_finished()
        self._update_progress()

    def _show_stop(self, reason: str | None) -> None:
        self._stop = reason
        self._progress.show_stopped(reason)
        self._update_progress()

    def _waiting(self) -> int:
        self.show_arrived_rows()
        return sum(not row.state.is_finished for row in self.queue_model.rows())

    def _update_progress(self) -> None:
        model = self.queue_model
        self._progress.show_progress(
            *model.progress(), clearable=model.clearable(), cancelled=model.count(CANCELLED)
        )


PASSWORD_ERRORS = ("password_required", "wrong_password")
CANCELLED = ImportState.CANCELLED


async def ask_password(parent: QWidget, file_name: str) -> str | None:
    """The PDF password, typed masked; kept in memory for this import only."""
    return await ask_text(
        parent, "Password-protected PDF", f"Password for {file_name}:", secret=True
    )
