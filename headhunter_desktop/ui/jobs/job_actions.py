"""What a recruiter does with a written job: shortlist candidates for it, export it
(schema.org JSON-LD for job boards, Markdown), move it through draft / open / closed.

Each acts on the job as saved: a job that is new or has unsaved changes is saved first
(`JobEditor.saved_job`). An export the job is not ready for (JobExportError, e.g. an on-site
job without a location) says what is missing and writes nothing.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMenu, QMessageBox, QPushButton, QToolButton

from headhunter_desktop.core.domain.job_posting import JobStatus
from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.services.jobs import JobService
from headhunter_desktop.ui.jobs.file_dialogs import ask_save_path, file_stem
from headhunter_desktop.ui.jobs.job_editor import JobEditor
from headhunter_desktop.ui.jobs.job_list_model import STATUS_LABELS
from headhunter_desktop.ui.shell.task_registry import TaskRegistry

OpenShortlist = Callable[[list[str], str], object]
NO_SKILLS = "Add the skills the job requires first: the shortlist searches the pool for them."
SHORTLIST_DESCRIPTION_CHARS = 300


@dataclass(frozen=True)
class ExportFormat:
    """One way to export a job: how it is named and made."""

    title: str
    suffix: str
    name_filter: str
    render: Callable[[JobService, int], Awaitable[str]]


async def _jsonld_text(jobs: JobService, job_id: int) -> str:
    document = await jobs.export_jsonld(job_id)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


async def _markdown_text(jobs: JobService, job_id: int) -> str:
    return await jobs.export_markdown(job_id)


JSONLD = ExportFormat(
    "Export as JSON-LD", "jsonld", "JSON-LD (*.jsonld *.json);;All files (*)", _jsonld_text
)
MARKDOWN = ExportFormat(
    "Export as Markdown", "md", "Markdown (*.md);;All files (*)", _markdown_text
)


class JobActions(QObject):
    """Shortlist, Export ▸ JSON-LD / Markdown, and the status box of the editor's job."""

    def __init__(
        self,
        editor: JobEditor,
        jobs: JobService,
        tasks: TaskRegistry,
        open_shortlist: OpenShortlist,
        client_name: Callable[[], str],
    ):
        super().__init__(editor)
        self._editor, self._jobs, self._tasks = editor, jobs, tasks
        self._open_shortlist, self._client_name = open_shortlist, client_name
        self._folder: Path | None = None  # where the last export went
        self._build()
        editor.header.status_chosen.connect(self.change_status)
        editor.runner.started.connect(self._update_buttons)
        editor.runner.finished.connect(lambda _ok: self._update_buttons())

    def _build(self) -> None:
        self.shortlist_button = QPushButton("Shortlist candidates")
        self.shortlist_button.setToolTip("Search the CVs for the job's required skills")
        self.shortlist_button.clicked.connect(self.shortlist)
        self.export_button = QToolButton()
        self.export_button.setText("Export")
        self.export_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        self.export_jsonld_action = menu.addAction("JSON-LD (schema.org JobPosting)…")
        self.export_markdown_action = menu.addAction("Markdown…")
        self.export_jsonld_action.triggered.connect(lambda: self.export(JSONLD))
        self.export_markdown_action.triggered.connect(lambda: self.export(MARKDOWN))
        self.export_button.setMenu(menu)
        row = self._editor.actions_row
        row.addWidget(self.shortlist_button)
        row.addWidget(self.export_button)

    # -- shortlist ------------------------------------------------------------------------
    def shortlist(self) -> None:
        """The CVs tab's shortlist for the job's required skills, title and description."""
        values = self._editor.form.values()
        skills = [skill for skill in values["skills_required"] if skill.strip()]
        if not skills:
            self._editor.status.show_error(NO_SKILLS)
            return
        self._open_shortlist(skills, shortlist_text(self._editor.header.title(), values))

    # -- export ---------------------------------------------------------------------------
    def export(self, kind: ExportFormat) -> None:
        self._tasks.start("jobs.export", self._export(kind))

    async def _export(self, kind: ExportFormat) -> Path | None:
        editor = self._editor
        job = await editor.saved_job()
        if job is None or job.id is None:
            return None
        try:
            content = await kind.render(self._jobs, job.id)
        except UserFacingError as exc:
            self._refuse(kind, str(exc))
            return None
        name = f"{file_stem(self._client_name(), job.title)}.{kind.suffix}"
        path = await ask_save_path(editor, kind.title, name, kind.name_filter, self._folder)
        if path is None:
            return None
        try:
            await asyncio.to_thread(path.write_text, content, encoding="utf-8")
        except OSError as exc:
            self._refuse(kind, f"{path} could not be written: {exc.strerror or exc}.")
            return None
        self._folder = path.parent
        editor.status.show_idle(f"Exported “{job.title}” to {path.name}")
        return path

    def _refuse(self, kind: ExportFormat, reason: str) -> None:
        self._editor.status.show_error(reason)
        box = QMessageBox(
            QMessageBox.Icon.Warning, kind.title, f"Nothing was exported.\n\n{reason}",
            parent=self._editor,
        )  # fmt: skip
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # -- status ---------------------------------------------------------------------------
    def change_status(self, status: JobStatus) -> None:
        """Move the job to `status` (opening it sets its posting and valid-through dates)."""
        self._tasks.start("jobs.status", self._change_status(status))

    async def _change_status(self, status: JobStatus) -> None:
        editor = self._editor
        job = await editor.saved_job()
        if job is None or job.id is None:
            editor.header.set_status(editor.job.status)
            return
        try:
            changed = await self._jobs.set_status(job.id, status)
        except UserFacingError as exc:
            editor.header.set_status(job.status)
            editor.show_problem(exc)
            return
        editor.show_saved(changed)
        editor.status.show_idle(f"“{changed.title}” is {STATUS_LABELS[status].lower()}")

    def _update_buttons(self) -> None:
        idle = not self._editor.runner.running
        for widget in (self.shortlist_button, self.export_button, self._editor.header.status_box):
            widget.setEnabled(idle)


def shortlist_text(title: str, values: Mapping[str, object]) -> str:
    """The job's title and the start of its description, as plain text for the search."""
    description = str(values.get("description") or "")
    plain = " ".join(re.sub(r"[*_#`>\[\]]", "", description).split())
    if len(plain) > SHORTLIST_DESCRIPTION_CHARS:
        plain = plain[:SHORTLIST_DESCRIPTION_CHARS].rsplit(" ", 1)[0] + "…"
    return ". ".join(part for part in (title.strip(), plain) if part)
