"""What the CVs tab does to the selected candidate: show, save edits, export, open the
original file, re-parse, merge into the original, erase."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QTableView

from headhunter_desktop.core.domain.cv_profile import CvProfile
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.ui.common.budget_confirmation import with_budget_confirmation
from headhunter_desktop.ui.cvs.candidate_model import CandidateTableModel
from headhunter_desktop.ui.cvs.profile_view import ProfileView
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
        profile.save_requested.connect(self.save_profile)
        profile.export_requested.connect(self.export_selected)
        profile.open_file_requested.connect(self.open_original)
        profile.delete_requested.connect(self.delete_selected)
        profile.reparse_requested.connect(self.reparse_selected)
        profile.merge_requested.connect(self.merge_selected)

    def selected_id(self) -> int | None:
        rows = self._table.selectionModel().selectedRows()
        person = self._candidates.candidate_at(rows[0].row()) if rows else None
        return person.id if person else None

    def _on_selection(self) -> None:
        candidate_id = self.selected_id()
        if candidate_id is None:
            self._profile.show_detail(None)
        else:
            self._tasks.start("cvs.detail", self._show(candidate_id))

    async def _show(self, candidate_id: int) -> None:
        self._profile.show_detail(await self._services.candidates.detail(candidate_id))
        interviews = await self._services.interviews.list_for_candidate(candidate_id)
        self._profile.show_interviews(interviews)

    def save_profile(self, profile: CvProfile, paths: list[str]) -> None:
        # The candidate shown, not the selected row: a list refresh may clear the selection.
        detail = self._profile.detail()
        if detail is not None:
            candidate_id = detail.summary.id
            self._tasks.start("cvs.save", self._save(candidate_id, profile, paths))

    async def _save(self, candidate_id: int, profile: CvProfile, paths: list[str]) -> None:
        await self._services.candidates.save_edits(candidate_id, profile, paths)
        await self._show(candidate_id)
        self.pool_changed.emit()

    def export_selected(self) -> None:
        detail = self._profile.detail()
        if detail is None:
            return
        name = "".join(c if c.isalnum() else "_" for c in detail.summary.name) or "candidate"
        dialog = QFileDialog(self._profile, "Export JSON Resume", f"{name}.json")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter("JSON Resume (*.json)")
        export = self._services.candidates.export_json_resume
        candidate_id = detail.summary.id
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
            self._tasks.start("cvs.merge", self._merge(detail.summary.id))

    async def _merge(self, candidate_id: int) -> None:
        original = await self._services.candidates.merge_into_original(candidate_id)
        self.pool_changed.emit()
        await self._show(original)

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
            self._profile.show_detail(None)
            self.pool_changed.emit()
