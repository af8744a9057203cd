"""What the CVs tab does to the selected candidate: show, save edits, export, open the
original file, re-parse, merge into the original (and undo), a client CV, erase."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QBoxLayout, QFileDialog, QTableView

from headhunter_desktop.core.domain.cv_profile import CvProfile
from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.candidates import CandidateSummary
from headhunter_desktop.ui.common.budget_confirmation import with_budget_confirmation
from headhunter_desktop.ui.cvs.candidate_menu import CandidateMenuActions, candidate_menu
from headhunter_desktop.ui.cvs.candidate_model import CandidateTableModel
from headhunter_desktop.ui.cvs.merge_dialog import MergeFlow
from headhunter_desktop.ui.cvs.profile_view import ProfileView
from headhunter_desktop.ui.cvs.unsaved_profile import leave_profile
from headhunter_desktop.ui.shell.async_dialogs import choose, confirm
from headhunter_desktop.ui.shell.task_registry import TaskRegistry


class CandidateActions(QObject):
    """Acts on the candidate selected in `table`, shown in `profile`.

    Signals:
        pool_changed(): a candidate was edited, merged or erased; reload the list.
    """

    pool_changed = Signal()

    def __init__(
        self,
        services: AppServices,
        tasks: TaskRegistry,
        table: QTableView,
        candidates: CandidateTableModel,
        profile: ProfileView,
    ):
        super().__init__(profile)
        self._services, self._tasks = services, tasks
        self._table, self._candidates, self._profile = table, candidates, profile
        table.selectionModel().selectionChanged.connect(lambda *_: self._on_selection())
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self.show_context_menu)
        profile.save_requested.connect(self.save_profile)
        profile.export_requested.connect(self.export_selected)
        profile.open_file_requested.connect(self.open_original)
        profile.delete_requested.connect(self.delete_selected)
        profile.reparse_requested.connect(self.reparse_selected)
        profile.merge_requested.connect(self.merge_selected)
        profile.client_cv_requested.connect(self.client_cv_selected)
        self.merges = MergeFlow(services, tasks, profile)
        self.merges.changed.connect(self._after_merge)
        # The merge's notice (and its Undo) above the profile, under its heading.
        if isinstance(layout := profile.layout(), QBoxLayout):
            layout.insertWidget(1, self.merges.notice)

    def selected_id(self) -> int | None:
        rows = self._table.selectionModel().selectedRows()
        person = self._candidates.candidate_at(rows[0].row()) if rows else None
        return person.id if person else None

    def _on_selection(self) -> None:
        candidate_id, shown = self.selected_id(), self._profile.detail()
        if shown is not None and candidate_id != shown.summary.id and self._profile.edited_paths():
            self._tasks.start("cvs.leave", self._leave_then_show(shown.summary.id, candidate_id))
        else:
            self._show_selected(candidate_id)

    def _show_selected(self, candidate_id: int | None) -> None:
        if candidate_id is None:
            self._profile.show_detail(None)
        else:
            self._tasks.start("cvs.detail", self._show(candidate_id))

    async def _leave_then_show(self, shown_id: int, candidate_id: int | None) -> None:
        # Typing in the profile, then clicking another row: the edit is saved or dropped as
        # the user says, never silently; Cancel goes back to the row being edited.
        if await self.leave_profile():
            self._show_selected(candidate_id)
        else:
            self.select_quietly(shown_id)

    async def leave_profile(self) -> bool:
        """Save / Discard / Cancel unsaved edits of the profile shown; False: stay."""
        return await leave_profile(self._profile, self._save_edits)

    def refresh_shown(self) -> None:
        """Show the profile again when its row changed (its parse finished, another process
        edited it) — unless the user is editing it."""
        shown = self._profile.detail()
        if shown is None or self._profile.edited_paths():
            return
        row = self._candidates.row_of(shown.summary.id)
        listed = None if row is None else self._candidates.candidate_at(row)
        if listed is None:  # filtered out, or deleted by another process?
            self._tasks.start("cvs.detail", self._show_unless_gone(shown.summary.id))
        elif listed != shown.summary:
            self._tasks.start("cvs.detail", self._show(shown.summary.id))

    async def _show_unless_gone(self, candidate_id: int) -> None:
        try:
            await self._show(candidate_id)
        except UserFacingError as exc:
            if exc.code != "not_found":
                raise
            shown = self._profile.detail()
            if shown is not None and shown.summary.id == candidate_id:
                self._profile.show_detail(None)  # deleted elsewhere: no ghost profile

    def select_quietly(self, candidate_id: int | None) -> None:
        """Select that candidate's row (none when not listed) without reloading the profile."""
        row = self._candidates.row_of(candidate_id)
        selection = self._table.selectionModel()
        selection.blockSignals(True)
        if row is None:
            selection.clearSelection()
        else:
            self._table.selectRow(row)
        selection.blockSignals(False)
        self._table.viewport().update()

    async def _show(self, candidate_id: int) -> None:
        self._profile.show_detail(await self._services.candidates.detail(candidate_id))
        interviews = await self._services.interviews.list_for_candidate(candidate_id)
        self._profile.show_interviews(interviews)
        await self.merges.offer_stored_undo(candidate_id)

    def save_profile(self, profile: CvProfile, paths: list[str]) -> None:
        # The candidate shown, not the selected row: a list refresh may clear the selection.
        detail = self._profile.detail()
        if detail is not None:
            candidate_id = detail.summary.id
            self._tasks.start("cvs.save", self._save(candidate_id, profile, paths))

    async def _save(self, candidate_id: int, profile: CvProfile, paths: list[str]) -> None:
        await self._save_edits(candidate_id, profile, paths)
        await self._show(candidate_id)

    async def _save_edits(self, candidate_id: int, profile: CvProfile, paths: list[str]) -> None:
        await self._services.candidates.save_edits(candidate_id, profile, paths)
        self.pool_changed.emit()

    def export_selected(self) -> None:
        detail = self._profile.detail()
        if detail is not None:
            self.export_candidate(detail.summary)

    def export_candidate(self, person: CandidateSummary) -> None:
        """Ask where, then write `person`'s profile as a JSON Resume."""
        name = "".join(c if c.isalnum() else "_" for c in person.name) or "candidate"
        dialog = QFileDialog(self._profile, "Export JSON Resume", f"{name}.json")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter("JSON Resume (*.json)")
        export = self._services.candidates.export_json_resume
        candidate_id = person.id
        dialog.fileSelected.connect(
            lambda path: self._tasks.start(None, export(candidate_id, Path(path)))
        )
        dialog.open()

    def open_original(self) -> None:
        detail = self._profile.detail()
        if detail and detail.original_file:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(detail.original_file)))

    def reparse_selected(self) -> None:
        detail = self._profile.detail()
        if detail is not None:
            self._tasks.start("cvs.reparse", self._reparse(detail.summary.id, detail.edited_fields))

    async def _reparse(self, candidate_id: int, edited: list[str]) -> None:
        keep = True
        if edited:
            answer = await choose(
                self._profile,
                "Re-parse the CV",
                f"You edited {', '.join(edited)} by hand. Keep your edits, or replace "
                "them with what the LLM reads from the CV?",
                ["Keep my edits", "Overwrite my edits"],
            )
            if answer is None:
                return
            keep = answer == "Keep my edits"
        reparse = self._services.importer.reparse
        done = await with_budget_confirmation(
            self._profile,
            lambda allow: reparse(candidate_id, keep_edited=keep, allow_over_budget=allow),
        )
        if done is None:
            return  # past the client's hard cap, and the user said no: nothing was sent
        await self._show(candidate_id)  # the CV text as read again, and its warnings
        self._profile.show_text_note(done.note)
        self.pool_changed.emit()

    def merge_selected(self) -> None:
        detail = self._profile.detail()
        if detail is not None and detail.summary.duplicate_of_id is not None:
            self.merges.start(detail.summary.id)

    def _after_merge(self, candidate_id: int) -> None:
        self.pool_changed.emit()
        self._tasks.start("cvs.detail", self._show(candidate_id))

    def client_cv_selected(self) -> None:
        """The anonymised client CV of the candidate shown, as edited (unsaved edits too)."""
        detail = self._profile.detail()
        if detail is not None and detail.profile is not None:
            profile, summary = self._profile.edited_profile(), detail.summary
            self._tasks.start("cvs.client_cv", self._client_cv(summary.id, profile, summary.name))

    async def _client_cv(self, candidate_id: int, profile: CvProfile, name: str) -> None:
        # Imported at first use: the PDF writer is not part of start-up.
        from headhunter_desktop.ui.cvs.client_cv_dialog import make_client_cv

        saved = await make_client_cv(self._profile, self._services, candidate_id, profile, name)
        if saved is not None:
            self.merges.notice.show_message(f"Client CV saved: {saved}", can_undo=False)

    def delete_selected(self) -> None:
        detail = self._profile.detail()
        if detail is not None:
            self._tasks.start("cvs.delete", self._delete(detail.summary.id, detail.summary.name))

    async def _delete(self, candidate_id: int, name: str) -> None:
        question = (
            f"Erase {name} from the talent pool? The CV file, its text, the profile and the "
            "search entries are deleted for good. LLM usage records stay (they hold no "
            "personal data)."
        )
        if await confirm(self._profile, "Delete candidate", question, "Delete"):
            await self._services.candidates.delete(candidate_id)
            shown = self._profile.detail()
            if shown is not None and shown.summary.id == candidate_id:
                self._profile.show_detail(None)
            self.pool_changed.emit()

    # -- the list's context menu ----------------------------------------------------------
    def show_context_menu(self, position: QPoint) -> None:
        person = self._candidates.candidate_at(self._table.indexAt(position).row())
        if person is None:
            return
        if self.selected_id() != person.id:
            self._table.selectRow(self._candidates.row_of(person.id) or 0)
        actions = CandidateMenuActions(
            self.open_candidate, self.reparse_candidate, self.export_candidate,
            lambda p: self._tasks.start("cvs.delete", self._delete(p.id, p.name)),
        )  # fmt: skip
        self.context_menu = candidate_menu(self._table, person, actions)
        self.context_menu.popup(self._table.viewport().mapToGlobal(position))

    def open_candidate(self, person: CandidateSummary) -> None:
        """The profile of `person`, ready to edit."""
        if self.selected_id() != person.id:
            self._table.selectRow(self._candidates.row_of(person.id) or 0)
        self._profile.tabs.setCurrentIndex(0)
        self._profile.edits["name"].setFocus()

    def reparse_candidate(self, person: CandidateSummary) -> None:
        self._tasks.start("cvs.reparse", self._reparse_by_id(person.id))

    async def _reparse_by_id(self, candidate_id: int) -> None:
        detail = await self._services.candidates.detail(candidate_id)
        await self._reparse(candidate_id, detail.edited_fields)
