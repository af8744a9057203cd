"""Writing a job with the LLM, into the job editor's form, through its `GenerationRunner`:

- `generate()`: the whole posting from the header (title, department, template, location,
  employment type, remote policy, notes);
- `analyse(description)`: the client's own job description read into the same fields;
  what it does not say stays empty or gets the form's "suggested" tag;
- `regenerate(key)`: one field again, the others kept (asks first when edited by hand).

A complete generation is saved at once (`ai_drafted`), the recruiter's own facts winning
over the model's; a stopped or failed one leaves what arrived on screen, marked unsaved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError
from PySide6.QtCore import QObject

from headhunter_desktop.core.domain.job_posting import JobPosting, RemotePolicy
from headhunter_desktop.core.services.jobs import JobRequest, JobService, posting_from, with_field
from headhunter_desktop.ui.common.generation_runner import OpenStream, confirm_replace_edited
from headhunter_desktop.ui.jobs.analyse_dialog import AnalyseDialog
from headhunter_desktop.ui.jobs.job_fields import GENERATED_KEYS, REMOTE_POLICY_LABELS
from headhunter_desktop.ui.shell.async_dialogs import confirm
from headhunter_desktop.ui.shell.task_registry import TaskRegistry

if TYPE_CHECKING:
    from headhunter_desktop.ui.jobs.job_editor import JobEditor

WRITE_TASK = "jobs.write"
NEEDS_TITLE = "Give the job a title first: the posting is written from it."
# Why the job on screen is unsaved (the tooltip of the editor's "● Unsaved").
UNSAVED_TEXT = "Changes not saved yet (Ctrl+S saves them)"
STOPPED_TEXT = "The stopped generation's text is not saved: keep it with Save (Ctrl+S)"
NEEDS_TITLE_TEXT = "Written, not saved: give the job a title, then save (Ctrl+S)."
# Fields the header's request sets (header and form follow each other): a new posting
# keeps them, so editing them is no reason to ask before writing it again.
REQUEST_KEYS = frozenset({"employment_type", "remote_policy"})


class JobWriter(QObject):
    """Starts the editor's generations and keeps what they write (module docstring)."""

    def __init__(self, editor: JobEditor, jobs: JobService, tasks: TaskRegistry):
        super().__init__(editor)
        self._editor, self._jobs, self._tasks = editor, jobs, tasks
        self._before: dict[str, Any] = {}
        self._complete = False
        self._needs_title = False
        self.dialog: AnalyseDialog | None = None
        editor.runner.finished.connect(self._on_finished)

    # -- what the recruiter asks for ------------------------------------------------------
    def request(self) -> JobRequest:
        """The header as a JobRequest; on-site or hybrid goes to the writer as a note."""
        header = self._editor.header
        policy, guidance = header.remote_policy(), header.notes()
        if policy in (RemotePolicy.ONSITE, RemotePolicy.HYBRID):
            guidance = f"Work model: {REMOTE_POLICY_LABELS[policy].lower()}.\n{guidance}".strip()
        return JobRequest(
            title=header.title(),
            department_id=header.department_id(),
            template_title=header.template_title(),
            location=header.location(),
            remote=policy is RemotePolicy.REMOTE,
            employment_type=header.employment_type(),
            guidance=guidance,
        )

    # -- the three ways to write ----------------------------------------------------------
    def generate(self) -> None:
        """Write the whole posting from the header (Generate, Ctrl+Return)."""
        self._tasks.start(WRITE_TASK, self._generate())

    def analyse(self, description: str) -> None:
        """Read the client's own `description` into the fields."""
        self._tasks.start(WRITE_TASK, self._analyse(description))

    def regenerate(self, key: str) -> None:
        """Write field `key` again, the other fields kept."""
        self._tasks.start(WRITE_TASK, self._regenerate(key))

    def open_analyse_dialog(self) -> AnalyseDialog | None:
        """The "Analyse a description" dialog, opened (None when nothing can be written)."""
        if not self._can_write():
            return None
        dialog = self.dialog = AnalyseDialog(self._jobs.read_description, self._tasks, self._editor)
        dialog.analyse_requested.connect(self.analyse)
        dialog.finished.connect(lambda _result: self._forget_dialog(dialog))
        dialog.open()
        return dialog

    def _forget_dialog(self, dialog: AnalyseDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    async def _generate(self) -> None:
        request, editor = self.request(), self._editor
        if not self._can_write():
            return
        if not request.title:
            editor.status.show_error(NEEDS_TITLE)
            editor.header.title_edit.setFocus()
            return
        if not await self._confirm_replace_all():
            return
        client_id, jobs = editor.job.client_id, self._jobs
        self._start(
            lambda allow: jobs.generate(client_id, request, allow_over_budget=allow),
            request,
            "the job posting",
        )

    async def _analyse(self, description: str) -> None:
        if not self._can_write() or not await self._confirm_replace_all():
            return
        request, client_id, jobs = self.request(), self._editor.job.client_id, self._jobs
        self._start(
            lambda allow: jobs.analyze(client_id, description, request, allow_over_budget=allow),
            request,
            "the posting from the description",
        )

    async def _regenerate(self, key: str) -> None:
        editor = self._editor
        if not self._can_write():
            return
        label = editor.form.label_of(key)
        if key in editor.form.edited_fields() and not await confirm_replace_edited(editor, label):
            return
        try:
            job = editor.job_on_screen()
        except ValidationError as exc:
            editor.show_problem(exc)
            return
        jobs = self._jobs
        self._begin()
        editor.runner.start(
            lambda allow: jobs.regenerate_field(job, key, allow_over_budget=allow),
            editor.form,
            [key],
            lambda written: self._field_written(key, written),
            label.lower(),
        )

    # -- what was written -----------------------------------------------------------------
    def _start(self, open_stream: OpenStream, request: JobRequest, label: str) -> None:
        policy = self._editor.header.remote_policy()
        self._begin()
        self._editor.runner.start(
            open_stream,
            self._editor.form,
            GENERATED_KEYS,
            lambda written: self._posting_written(request, policy, written),
            label,
        )

    async def _posting_written(
        self, request: JobRequest, policy: RemotePolicy | None, written: BaseModel
    ) -> None:
        self._complete = True
        editor = self._editor
        drafted = posting_from(editor.job.client_id, request, written)  # type: ignore[arg-type]
        fields = drafted.fields
        if policy is not None:  # the recruiter's word, like the employment type's
            fields = fields.model_copy(update={"remote_policy": policy})
        job = editor.job_on_screen().model_copy(
            update={
                "fields": fields,
                "department_id": request.department_id,
                "template_title": request.template_title,
                "suggested_fields": drafted.suggested_fields,
                "edited_fields": [],
                "ai_drafted": True,
            }
        )
        editor.form.settle(fields.model_dump(mode="json"), GENERATED_KEYS)
        editor.form.set_suggested(job.suggested_fields)
        editor.follow_written(job)
        await self._keep(job)

    async def _field_written(self, key: str, written: BaseModel) -> None:
        self._complete = True
        editor = self._editor
        job = with_field(editor.job_on_screen(), key, written)
        editor.form.set_suggested(job.suggested_fields)
        if key in ("employment_type", "remote_policy", "location"):
            editor.follow_written(job)
        await self._keep(job)

    async def _keep(self, job: JobPosting) -> None:
        """Save a completed generation at once; without a title it waits for one."""
        editor = self._editor
        if not job.fields.title.strip():
            self._needs_title = True  # said once the runner has said it finished
            editor.keep_unsaved(job, NEEDS_TITLE_TEXT)
            editor.header.title_edit.setFocus()
            return
        editor.show_saved(await self._jobs.save(job))  # an error: shown by the runner

    # -- inside ---------------------------------------------------------------------------
    def _can_write(self) -> bool:
        return self._editor.llm_ready and not self._editor.runner.running

    def _begin(self) -> None:
        self._before, self._complete = self._editor.form.values(), False
        self._needs_title = False

    def _on_finished(self, ok: bool) -> None:
        """A generation that did not end saved: what it changed on screen is unsaved."""
        editor = self._editor
        if self._needs_title:
            editor.status.show_error(NEEDS_TITLE_TEXT)
        elif not ok and editor.form.values() != self._before:
            editor.set_dirty(True, UNSAVED_TEXT if self._complete else STOPPED_TEXT)

    async def _confirm_replace_all(self) -> bool:
        """Before a whole posting replaces the fields: ask when some were edited by hand."""
        form = self._editor.form
        edited = form.edited_fields() - REQUEST_KEYS
        labels = [form.label_of(key) for key in GENERATED_KEYS if key in edited]
        if not labels:
            return True
        return await confirm(
            self._editor,
            "Replace your changes?",
            f"You changed {', '.join(labels)} by hand. Writing the posting again replaces "
            "every field.",
            "Write it again",
        )
