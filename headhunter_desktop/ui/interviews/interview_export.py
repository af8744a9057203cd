"""Exporting an interview's feedback: a Markdown file, or a PDF Qt prints from the same
Markdown (client, candidate, job, date, the scorecard as a table, the report, and who
wrote it). The interview is saved first when it is new or has unsaved changes.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMenu, QMessageBox, QToolButton

from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.services.interviews import FeedbackExport, InterviewService
from headhunter_desktop.ui.common.pdf_document import markdown_pdf_bytes
from headhunter_desktop.ui.interviews.interview_editor import InterviewEditor
from headhunter_desktop.ui.jobs.file_dialogs import ask_save_path, file_stem
from headhunter_desktop.ui.shell.task_registry import TaskRegistry

EXPORT_TASK = "interviews.export"


@dataclass(frozen=True)
class FeedbackFormat:
    """One way to export the feedback: how it is named and filtered."""

    title: str
    suffix: str
    name_filter: str


MARKDOWN = FeedbackFormat("Export feedback as Markdown", "md", "Markdown (*.md);;All files (*)")
PDF = FeedbackFormat("Export feedback as PDF", "pdf", "PDF documents (*.pdf);;All files (*)")


class InterviewExport(QObject):
    """Export ▸ Markdown… / PDF… of the editor's interview."""

    def __init__(self, editor: InterviewEditor, interviews: InterviewService, tasks: TaskRegistry):
        super().__init__(editor)
        self._editor, self._interviews, self._tasks = editor, interviews, tasks
        self._folder: Path | None = None  # where the last export went
        self._build()
        editor.runner.started.connect(self._update_buttons)
        editor.runner.finished.connect(lambda _ok: self._update_buttons())

    def _build(self) -> None:
        self.export_button = QToolButton()
        self.export_button.setText("Export")
        self.export_button.setToolTip("Save the feedback with the scorecard as Markdown or PDF")
        self.export_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        self.markdown_action = menu.addAction("Markdown…")
        self.pdf_action = menu.addAction("PDF…")
        self.markdown_action.triggered.connect(lambda: self.export(MARKDOWN))
        self.pdf_action.triggered.connect(lambda: self.export(PDF))
        self.export_button.setMenu(menu)
        self._editor.actions_row.addWidget(self.export_button)

    def export(self, kind: FeedbackFormat) -> None:
        self._tasks.start(EXPORT_TASK, self.export_to_chosen_file(kind))

    async def export_to_chosen_file(self, kind: FeedbackFormat) -> Path | None:
        """Save the interview if need be, ask where, write the file; its path or None."""
        saved = await self._editor.saved_interview()
        if saved is None or saved.id is None:
            return None
        try:
            data = await self._interviews.export_data(saved.id)
        except UserFacingError as exc:
            self._refuse(kind, str(exc))
            return None
        name = f"{export_stem(data)}.{kind.suffix}"
        path = await ask_save_path(self._editor, kind.title, name, kind.name_filter, self._folder)
        if path is None:
            return None
        content = self._render(kind, data)
        try:
            await asyncio.to_thread(path.write_bytes, content)
        except OSError as exc:
            self._refuse(kind, f"{path} could not be written: {exc.strerror or exc}.")
            return None
        self._folder = path.parent
        self._editor.status.show_idle(f"Exported the feedback to {path.name}")
        return path

    def _render(self, kind: FeedbackFormat, data: FeedbackExport) -> bytes:
        markdown = self._interviews.export_markdown(data)
        if kind is PDF:  # Qt lays the document out on this thread; the disk waits apart
            return markdown_pdf_bytes(markdown, title=export_title(data))
        return markdown.encode("utf-8")

    def _refuse(self, kind: FeedbackFormat, reason: str) -> None:
        self._editor.status.show_error(reason)
        box = QMessageBox(
            QMessageBox.Icon.Warning, kind.title, f"Nothing was exported.\n\n{reason}",
            parent=self._editor,
        )  # fmt: skip
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _update_buttons(self) -> None:
        self.export_button.setEnabled(not self._editor.runner.running)


def export_title(data: FeedbackExport) -> str:
    """'Interview feedback: Ada Lovelace — Site Reliability Engineer'."""
    job = f" — {data.job_title}" if data.job_title else ""
    return f"Interview feedback: {data.candidate_name}{job}"


def export_stem(data: FeedbackExport) -> str:
    """'acme-ltd-ada-lovelace-technical-feedback'."""
    parts = (data.client_name or "", data.candidate_name, data.interview.stage, "feedback")
    return file_stem(*parts)
