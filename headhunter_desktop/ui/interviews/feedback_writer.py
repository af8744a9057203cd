"""Writing an interview's feedback report with the LLM, streamed into the editor's report
through its `GenerationRunner`.

The prompt is built from the interview as saved, so the screen is saved first. A report a
person wrote or edited is replaced only after asking. A complete report is saved at once
as AI-drafted, billed to the job's client; a stopped or failed one leaves what arrived on
screen, marked unsaved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel
from PySide6.QtCore import QObject

from headhunter_desktop.core.domain.interview import FeedbackReport
from headhunter_desktop.core.services.interviews import InterviewService
from headhunter_desktop.ui.common.generation_runner import confirm_replace_edited
from headhunter_desktop.ui.interviews.feedback_panel import REPORT, REPORT_LABEL
from headhunter_desktop.ui.shell.task_registry import TaskRegistry

if TYPE_CHECKING:
    from headhunter_desktop.ui.interviews.interview_editor import InterviewEditor

WRITE_TASK = "interviews.write"
NEEDS_JOB = (
    "Choose the job first: the feedback is written against its requirements, and its "
    "client pays for it."
)
STOPPED_TEXT = "The stopped draft is not saved: keep it with Save (Ctrl+S)"
NOT_KEPT_TEXT = "The draft is not saved yet: keep it with Save (Ctrl+S)"


class FeedbackWriter(QObject):
    """Starts the editor's feedback generations and keeps what they write."""

    def __init__(self, editor: InterviewEditor, interviews: InterviewService, tasks: TaskRegistry):
        super().__init__(editor)
        self._editor, self._interviews, self._tasks = editor, interviews, tasks
        self._before = ""  # the report's text when the generation started
        self._previous = FeedbackReport()  # and who had written it
        self._complete = False
        editor.runner.finished.connect(self._on_finished)

    def generate(self) -> None:
        """Write the report from the saved notes and scores (Generate, Ctrl+Return)."""
        self._tasks.start(WRITE_TASK, self._generate())

    async def _generate(self) -> None:
        editor = self._editor
        if not editor.llm_ready or editor.runner.running:
            return
        if editor.header.job_id() is None:
            editor.status.show_error(NEEDS_JOB)
            editor.header.job_box.setFocus()
            return
        if editor.feedback.was_edited() and not await confirm_replace_edited(editor, REPORT_LABEL):
            return
        saved = await editor.saved_interview()
        if saved is not None and saved.id is not None:
            self._start(saved.id)

    def _start(self, interview_id: int) -> None:
        editor, interviews = self._editor, self._interviews
        feedback = editor.feedback
        self._before, self._previous = feedback.markdown(), feedback.report_on_screen()
        self._complete = False
        feedback.begin_draft(interviews.feedback_model())
        editor.runner.start(
            lambda allow: interviews.write_feedback(interview_id, allow_over_budget=allow),
            feedback.form,
            [REPORT],
            lambda final: self._written(interview_id, final),
            "the feedback",
        )

    async def _written(self, interview_id: int, final: BaseModel) -> None:
        self._complete = True
        report = str(getattr(final, REPORT, ""))
        saved = await self._interviews.save_feedback(
            interview_id, report, ai_drafted=True, edited_by_person=False
        )  # an error: shown by the runner, the text stays on screen
        self._editor.took_feedback(saved)

    def _on_finished(self, ok: bool) -> None:
        editor = self._editor
        if ok:
            return
        if editor.feedback.markdown() == self._before:  # nothing was written (declined)
            editor.feedback.keep_report(self._previous)
            return
        editor.feedback.refresh_provenance()
        editor.check_conflicts()
        editor.set_dirty(True, NOT_KEPT_TEXT if self._complete else STOPPED_TEXT)
