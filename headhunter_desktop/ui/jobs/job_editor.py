"""The job editor: the header the recruiter fills, the fields the model writes, the strip
that says what a generation is doing, and the actions on the job.

The editor holds the job on screen (`job`: as last loaded or saved, or as written and kept
unsaved) and whether the screen differs from what is stored (`is_dirty`). Generations go
through `writer` (job_writer.py): a complete one is saved at once; a stopped or failed one
leaves its text on screen, unsaved.

    editor.show_job(job)            # a saved job, or JobPosting(client_id=…) for a new one
    editor.generate()               # write the posting from the header (Ctrl+Return)
    job = editor.job_on_screen()    # what a save would store
    await editor.save()             # the saved job, or None (the reason shown)

Signals:
    saved(object): this JobPosting was saved (created, updated, or its status changed).
    dirty_changed(bool): the screen now differs from the saved job (or no longer does).
    job_shown(object): this JobPosting was put on screen (`show_job`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pydantic import ValidationError
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from headhunter_desktop.core.domain.department import DepartmentProfile
from headhunter_desktop.core.domain.job_posting import (
    EmploymentType,
    JobLocation,
    JobPosting,
    JobPostingDraft,
    RemotePolicy,
)
from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.services.jobs import JobService
from headhunter_desktop.ui.common.field_form import FieldForm
from headhunter_desktop.ui.common.generation_runner import GenerationRunner
from headhunter_desktop.ui.common.generation_status import GenerationStatus
from headhunter_desktop.ui.jobs.job_fields import GENERATED_KEYS, JOB_FIELDS
from headhunter_desktop.ui.jobs.job_header import JobHeader, place_text
from headhunter_desktop.ui.jobs.job_writer import UNSAVED_TEXT, JobWriter
from headhunter_desktop.ui.shell.async_dialogs import choose
from headhunter_desktop.ui.shell.task_registry import TaskRegistry

UNSAVED_MARK = "● Unsaved"
NO_LLM_TEXT = (
    "Writing with the LLM needs a connection: an OpenAI key, or a local server, in Settings."
)


class JobEditor(QWidget):
    """Header, generated fields, status strip and actions of one job (module docstring).

    Signals:
        saved(object): this JobPosting was saved.
        dirty_changed(bool): whether the screen differs from the saved job.
        job_shown(object): this JobPosting was put on screen.
    """

    saved = Signal(object)
    dirty_changed = Signal(bool)
    job_shown = Signal(object)

    def __init__(
        self, jobs: JobService, tasks: TaskRegistry, open_settings: Callable[[], object]
    ) -> None:
        super().__init__()
        self._jobs, self._tasks = jobs, tasks
        self.job = JobPosting(client_id=0)
        self._dirty = False
        self.llm_ready = False
        self.header = JobHeader()
        self.form = FieldForm(JOB_FIELDS)
        self.status = GenerationStatus()
        self.runner = GenerationRunner(self, tasks, self.status, name="jobs.generate")
        self.writer = JobWriter(self, jobs, tasks)
        self._build(open_settings)
        self._connect_signals()
        self.set_llm_ready(False)

    # -- building -------------------------------------------------------------------------
    def _build(self, open_settings: Callable[[], object]) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.setSpacing(8)
        layout.addLayout(self._build_action_bar())
        layout.addWidget(self._build_llm_hint(open_settings))
        layout.addWidget(self.header)
        layout.addWidget(_separator())
        layout.addWidget(self.form, 1)
        layout.addWidget(self.status)

    def _build_action_bar(self) -> QHBoxLayout:
        self.generate_button = QPushButton("Generate")
        self.generate_button.setToolTip("Write the posting from the header (Ctrl+Return)")
        # Short: with the job's actions beside it, the longer "Analyse a description…" made
        # the Jobs tab wider than the window's minimum size.
        self.analyse_button = QPushButton("Analyse…")
        self.analyse_button.setToolTip(
            "Analyse a description: read the client's own job description into the fields"
        )
        self.save_button = QPushButton("Save")
        self.save_button.setToolTip("Save the job (Ctrl+S)")
        self.unsaved_label = QLabel(UNSAVED_MARK)  # why: its tooltip
        self.unsaved_label.setObjectName("unsavedLabel")
        _keep_room_when_hidden(self.unsaved_label)
        self.unsaved_label.hide()
        self.actions_row = QHBoxLayout()  # the job's actions (shortlist, export) go here
        bar = QHBoxLayout()
        bar.addWidget(self.generate_button)
        bar.addWidget(self.analyse_button)
        bar.addSpacing(12)
        bar.addWidget(self.save_button)
        bar.addWidget(self.unsaved_label, 1)
        bar.addLayout(self.actions_row)
        return bar

    def _build_llm_hint(self, open_settings: Callable[[], object]) -> QFrame:
        self.llm_hint = QFrame()
        self.llm_hint.setObjectName("llmHint")
        self.llm_hint.setFrameShape(QFrame.Shape.StyledPanel)
        text = self.llm_hint_label = QLabel(NO_LLM_TEXT)
        text.setWordWrap(True)
        self.settings_button = QPushButton("Open Settings…")
        self.settings_button.clicked.connect(lambda: open_settings())
        row = QHBoxLayout(self.llm_hint)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(text, 1)
        row.addWidget(self.settings_button)
        return self.llm_hint

    def _connect_signals(self) -> None:
        self.generate_button.clicked.connect(self.generate)
        self.analyse_button.clicked.connect(self.writer.open_analyse_dialog)
        self.save_button.clicked.connect(self.save_soon)
        self.header.edited.connect(self.mark_dirty)
        self.header.employment_type_chosen.connect(self._employment_type_chosen)
        self.header.remote_policy_chosen.connect(self._remote_policy_chosen)
        self.form.edited.connect(self._on_field_edited)
        self.form.regenerate_requested.connect(self.writer.regenerate)
        self.runner.started.connect(self._update_buttons)
        self.runner.finished.connect(lambda _ok: self._update_buttons())

    # -- what is shown --------------------------------------------------------------------
    def set_departments(self, departments: Sequence[DepartmentProfile]) -> None:
        self.header.set_departments(departments)

    def show_job(self, job: JobPosting) -> None:
        """Put `job` on screen as saved (a new one: `JobPosting(client_id=…)`)."""
        self.job = job
        self.header.show_job(job)
        self.form.set_values(job.fields.model_dump(mode="json"), edited_fields=job.edited_fields)
        self.form.set_suggested(job.suggested_fields)
        self.set_dirty(False)
        self._update_buttons()
        self.job_shown.emit(job)

    def show_saved(self, job: JobPosting) -> None:
        """`job` was saved from this screen: keep the editors as they are (their cursor,
        their undo), take its id, status and dates."""
        self.job = job
        self.header.show_publishing(job)
        self.set_dirty(False)
        self._update_buttons()
        self.saved.emit(job)

    def keep_unsaved(self, job: JobPosting, why: str) -> None:
        """`job` (as on screen) is what a save will store, with what the model decided
        (suggestions, `ai_drafted`), but it is not saved yet: `why` says so."""
        self.job = job
        self.set_dirty(True, why)

    def job_on_screen(self) -> JobPosting:
        """The job as the screen shows it (ValidationError for a value the model rejects)."""
        header = self.header
        fields = JobPostingDraft.model_validate(self.form.values() | {"title": header.title()})
        suggested = self.form.suggested()
        return self.job.model_copy(
            update={
                "fields": fields,
                "department_id": header.department_id(),
                "template_title": header.template_title(),
                "edited_fields": sorted(self.form.edited_fields()),
                "suggested_fields": [key for key in GENERATED_KEYS if key in suggested],
                "valid_through": header.valid_through(),
                "direct_apply": header.direct_apply(),
            }
        )

    def is_new(self) -> bool:
        return self.job.id is None

    # -- saving ---------------------------------------------------------------------------
    def is_dirty(self) -> bool:
        return self._dirty

    def set_dirty(self, dirty: bool, note: str = UNSAVED_TEXT) -> None:
        self.unsaved_label.setToolTip(note)
        self.unsaved_label.setVisible(dirty)
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    def mark_dirty(self) -> None:
        self.set_dirty(True)

    def save_soon(self) -> None:
        """Save in the background (Save, Ctrl+S)."""
        if not self.runner.running:
            self._tasks.start("jobs.save", self.save())

    async def save(self) -> JobPosting | None:
        """Save what is on screen; the saved job, or None with the reason in the strip."""
        try:
            saved = await self._jobs.save(self.job_on_screen())
        except (UserFacingError, ValidationError) as exc:
            self.show_problem(exc)
            return None
        self.show_saved(saved)
        self.status.show_idle(f"Saved “{saved.title}”")
        return saved

    async def saved_job(self) -> JobPosting | None:
        """The job as saved, saving the screen first when it differs (export, status)."""
        if self.job.id is not None and not self._dirty:
            return self.job
        return await self.save()

    async def confirm_leave(self) -> bool:
        """Before another job or client replaces this one: stop a generation, ask about
        unsaved changes (Save / Discard / Cancel); True to go on."""
        await self.stop_generation()
        if not self._dirty:
            return True
        title = self.header.title() or "This job"
        answer = await choose(
            self, "Unsaved changes", f"“{title}” has changes that are not saved.",
            ["Save", "Discard"],
        )  # fmt: skip
        if answer == "Save":
            return await self.save() is not None
        return answer == "Discard"

    async def stop_generation(self) -> None:
        """Cancel a running generation and wait until its fields are editable again."""
        await self.runner.stop()

    def show_problem(self, exc: Exception) -> None:
        """A user's error (no title, an invalid amount…) in the strip, nothing lost."""
        if isinstance(exc, ValidationError):
            fields = ", ".join(str(error["loc"][0]) for error in exc.errors())
            self.status.show_error(f"Check these fields: {fields.replace('_', ' ')}.")
            return
        self.status.show_error(str(exc))
        if not self.header.title():
            self.header.title_edit.setFocus()

    # -- generation -----------------------------------------------------------------------
    def generate(self) -> None:
        """Write the whole posting from the header's request (Generate, Ctrl+Return)."""
        self.writer.generate()

    def set_llm_ready(self, ready: bool) -> None:
        self.llm_ready = ready
        self.llm_hint.setVisible(not ready)
        self._update_buttons()

    def _update_buttons(self) -> None:
        writing = self.llm_ready and not self.runner.running
        self.generate_button.setEnabled(writing)
        self.analyse_button.setEnabled(writing)
        self.save_button.setEnabled(not self.runner.running)
        for key in GENERATED_KEYS:
            button = self.form.regenerate_button(key)
            if button is not None:
                button.setEnabled(writing)

    # -- header and form agree ------------------------------------------------------------
    def _on_field_edited(self, key: str) -> None:
        value = self.form.field(key).value()
        if key == "employment_type":
            self.header.set_employment_type(EmploymentType(value) if value else None)
        elif key == "remote_policy":
            self.header.set_remote_policy(RemotePolicy(value) if value else None)
        elif key == "location":
            self.header.set_location(place_text(JobLocation.model_validate(value or {})))
        if key in self.form.suggested():  # the recruiter checked it: no longer a proposal
            self.form.set_suggested(self.form.suggested() - {key})
        self.mark_dirty()

    def _employment_type_chosen(self, kind: EmploymentType | None) -> None:
        self.form.field("employment_type").set_value(kind, edited_by_user=True)

    def _remote_policy_chosen(self, policy: RemotePolicy | None) -> None:
        self.form.field("remote_policy").set_value(policy, edited_by_user=True)

    def follow_written(self, job: JobPosting) -> None:
        """After a generation the header follows what was written: its place, employment
        type and remote policy, and the title when none was typed."""
        fields = job.fields
        self.header.set_title_if_empty(fields.title)
        if place := place_text(fields.location):
            self.header.set_location(place)
        self.header.set_employment_type(fields.employment_type)
        self.header.set_remote_policy(fields.remote_policy)


def _separator() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line


def _keep_room_when_hidden(widget: QWidget) -> None:
    policy = widget.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    widget.setSizePolicy(policy)
