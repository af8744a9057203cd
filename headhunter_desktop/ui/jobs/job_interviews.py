"""The job's interviews with their outcomes, from the job editor: an "Interviews (3)" button
whose popup lists them (candidate, stage, date, outcome); double-click or Enter opens one
in the Interviews tab. Reloaded when a job is shown or the Jobs tab comes back into view.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMenu, QToolButton, QWidgetAction

from headhunter_desktop.core.domain.job_posting import JobPosting
from headhunter_desktop.core.services.interviews import InterviewService
from headhunter_desktop.ui.interviews.interview_history import (
    InterviewHistory,
    interview_opener,
    outcome_counts,
)
from headhunter_desktop.ui.interviews.interview_list_model import JOB_COLUMNS
from headhunter_desktop.ui.jobs.job_editor import JobEditor
from headhunter_desktop.ui.shell.task_registry import TaskRegistry

LOAD_TASK = "jobs.interviews"
NO_INTERVIEWS = (
    "No interviews for this job yet. Record them in the Interviews tab: their outcomes "
    "are listed here."
)
POPUP_WIDTH, POPUP_HEIGHT = 460, 220


class JobInterviews(QObject):
    """The "Interviews (n)" button of the job editor and its popup list."""

    def __init__(
        self,
        editor: JobEditor,
        interviews: InterviewService,
        tasks: TaskRegistry,
        open_interview: Callable[[int, int], object],
    ):
        super().__init__(editor)
        self._editor, self._interviews, self._tasks = editor, interviews, tasks
        self._job_id: int | None = None
        self.history = InterviewHistory(JOB_COLUMNS, NO_INTERVIEWS)
        self.history.setFixedSize(POPUP_WIDTH, POPUP_HEIGHT)
        self.button = QToolButton()
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.button)
        shown = QWidgetAction(menu)
        shown.setDefaultWidget(self.history)
        menu.addAction(shown)
        self.button.setMenu(menu)
        self._menu, self._open = menu, interview_opener(open_interview)
        self.history.open_requested.connect(self._on_open_requested)
        editor.actions_row.addWidget(self.button)
        editor.job_shown.connect(self._on_job_shown)
        self._show_count()

    def reload(self) -> None:
        """List the shown job's interviews again (another tab may have added one)."""
        if self._job_id is None:
            self.history.show_interviews([])
            self._show_count()
        else:
            self._tasks.start(LOAD_TASK, self._load(self._job_id))

    def _on_job_shown(self, job: JobPosting) -> None:
        self._job_id = job.id
        self.button.setEnabled(job.id is not None)  # a new job has none yet
        self.reload()

    def _on_open_requested(self, summary: object) -> None:
        self._menu.close()
        self._open(summary)

    async def _load(self, job_id: int) -> None:
        found = await self._interviews.list_for_job(job_id)
        if job_id == self._job_id:
            self.history.show_interviews(found)
            self._show_count()

    def _show_count(self) -> None:
        interviews = self.history.model.interviews()
        self.button.setText(f"Interviews ({len(interviews)})")
        self.button.setToolTip(outcome_counts(interviews) or NO_INTERVIEWS)
