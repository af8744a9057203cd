"""The interview editor: the header (candidate, job, stage, date, interviewer, outcome),
the interviewer's notes and scorecard on the left, the feedback report on the right, the
strip that says what a generation is doing, and the actions on the interview.

The editor holds the interview on screen (`interview`: as last loaded or saved) and
whether the screen differs from what is stored (`is_dirty`). The report is written through
`writer` (feedback_writer.py), which saves the interview first.

    editor.show_interview(interview)          # a saved one, or Interview(candidate_id=0)
    interview = editor.interview_on_screen()  # what a save would store (ValueError if not)
    await editor.save()                       # the saved interview, or None (reason shown)

Signals:
    saved(object): this Interview was saved.
    dirty_changed(bool): the screen now differs from the saved interview (or no longer).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pydantic import ValidationError
from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from headhunter_desktop.core.domain.interview import Interview
from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.services.candidates import CandidateSummary
from headhunter_desktop.core.services.interviews import InterviewService
from headhunter_desktop.core.services.jobs import JobSummary
from headhunter_desktop.ui.common.generation_runner import GenerationRunner
from headhunter_desktop.ui.common.generation_status import GenerationStatus
from headhunter_desktop.ui.interviews.feedback_panel import FeedbackPanel
from headhunter_desktop.ui.interviews.feedback_writer import FeedbackWriter
from headhunter_desktop.ui.interviews.interview_header import InterviewHeader
from headhunter_desktop.ui.interviews.scorecard_table import ScorecardTable
from headhunter_desktop.ui.shell.async_dialogs import choose, confirm
from headhunter_desktop.ui.shell.task_registry import TaskRegistry

UNSAVED_MARK = "● Unsaved"
UNSAVED_TEXT = "Changes not saved yet (Ctrl+S saves them)"
NO_CANDIDATE = "Choose the candidate interviewed: type part of the name, then pick it."
NO_JOB = "Choose the job: the interview is for one of the client's jobs, and listed with it."
NO_LLM_TEXT = (
    "Writing feedback with the LLM needs a connection: an OpenAI key, or a local server, "
    "in Settings. Notes and scores can be kept without it."
)
NOTES_PLACEHOLDER = (
    "What the candidate said and did: examples, answers to the technical questions, "
    "how they explained their work. The feedback is written from these notes and the "
    "scores, and says nothing they do not."
)
FORM_MARGIN = 12  # FieldForm's margin round its fields
FIELD_NAMES = {"candidate_id": "candidate", "job_id": "job", "scorecard": "scorecard"}


class InterviewEditor(QWidget):
    """Header, notes, scorecard, feedback, status strip and actions (module docstring).

    Signals:
        saved(object): this Interview was saved.
        dirty_changed(bool): whether the screen differs from the saved interview.
    """

    saved = Signal(object)
    dirty_changed = Signal(bool)

    def __init__(
        self,
        interviews: InterviewService,
        tasks: TaskRegistry,
        open_settings: Callable[[], object],
    ) -> None:
        super().__init__()
        self._interviews, self._tasks = interviews, tasks
        self.interview = Interview(candidate_id=0)
        self._candidate_name = ""
        self._dirty = False
        self.llm_ready = False
        self.header = InterviewHeader()
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setPlaceholderText(NOTES_PLACEHOLDER)
        self.scorecard = ScorecardTable()
        self.feedback = FeedbackPanel()
        self.status = GenerationStatus()
        self.runner = GenerationRunner(self, tasks, self.status, name="interviews.generate")
        self.writer = FeedbackWriter(self, interviews, tasks)
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
        layout.addWidget(self._build_split(), 1)
        layout.addWidget(self.status)

    def _build_action_bar(self) -> QHBoxLayout:
        self.generate_button = QPushButton("Generate feedback")
        self.generate_button.setToolTip(
            "Write the feedback report from the notes and the scorecard (Ctrl+Return)"
        )
        self.save_button = QPushButton("Save")
        self.save_button.setToolTip("Save the interview (Ctrl+S)")
        self.unsaved_label = QLabel(UNSAVED_MARK)  # why: its tooltip
        self.unsaved_label.setObjectName("unsavedLabel")
        _keep_room_when_hidden(self.unsaved_label)
        self.unsaved_label.hide()
        self.actions_row = QHBoxLayout()  # the interview's actions (export) go here
        bar = QHBoxLayout()
        bar.addWidget(self.generate_button)
        bar.addSpacing(12)
        bar.addWidget(self.save_button)
        bar.addWidget(self.unsaved_label, 1)
        bar.addLayout(self.actions_row)
        return bar

    def _build_llm_hint(self, open_settings: Callable[[], object]) -> QFrame:
        self.llm_hint = QFrame()
        self.llm_hint.setObjectName("llmHint")
        self.llm_hint.setFrameShape(QFrame.Shape.StyledPanel)
        text = QLabel(NO_LLM_TEXT)
        text.setWordWrap(True)
        self.settings_button = QPushButton("Open Settings…")
        self.settings_button.clicked.connect(lambda: open_settings())
        row = QHBoxLayout(self.llm_hint)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(text, 1)
        row.addWidget(self.settings_button)
        return self.llm_hint

    def _build_split(self) -> QSplitter:
        details = QWidget()
        column = QVBoxLayout(details)
        # The report's form has this margin round its label: the two headings align.
        column.setContentsMargins(0, FORM_MARGIN, 0, 0)
        column.setSpacing(4)
        column.addWidget(_section("Notes", self.notes_edit))
        column.addWidget(self.notes_edit, 2)
        column.addSpacing(6)
        column.addWidget(_section("Scorecard", self.scorecard.table))
        column.addWidget(self.scorecard, 3)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(details)
        self.splitter.addWidget(self.feedback)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        return self.splitter

    def _connect_signals(self) -> None:
        self.generate_button.clicked.connect(self.generate)
        self.save_button.clicked.connect(self.save_soon)
        self.header.edited.connect(self.mark_dirty)
        self.header.job_chosen.connect(self._on_job_chosen)
        self.notes_edit.textChanged.connect(self.mark_dirty)
        self.scorecard.edited.connect(self.mark_dirty)
        self.scorecard.reset_requested.connect(self.reset_scorecard)
        self.feedback.edited.connect(self.mark_dirty)
        self.runner.started.connect(self._update_buttons)
        self.runner.finished.connect(lambda _ok: self._update_buttons())

    # -- what is shown --------------------------------------------------------------------
    def set_candidates(self, people: Sequence[CandidateSummary]) -> None:
        self.header.set_candidates(people)

    def set_jobs(self, jobs: Sequence[JobSummary]) -> None:
        self.header.set_jobs(jobs)

    def show_interview(self, interview: Interview, candidate_name: str = "") -> None:
        """Put `interview` on screen as saved (a new one: `Interview(candidate_id=0)`)."""
        self.interview, self._candidate_name = interview, candidate_name
        self.header.show_interview(interview, candidate_name)
        self._loading_notes(interview.notes)
        self.scorecard.set_scorecard(interview.scorecard)
        self.feedback.show_report(interview.feedback)
        self.check_conflicts()
        self.set_dirty(False)
        self.status.clear()  # how another interview's generation ended is not this one's
        self._update_buttons()

    def show_saved(self, interview: Interview) -> None:
        """`interview` was saved from this screen: keep the editors as they are."""
        self.interview = interview
        self.feedback.keep_report(interview.feedback)
        self.set_dirty(False)
        self.check_conflicts()
        self._update_buttons()
        self.saved.emit(interview)

    def took_feedback(self, interview: Interview) -> None:
        """A drafted report was saved (`interview` as stored): what else changed on screen
        during the draft stays as it is, saved or not."""
        self.interview = interview
        self.feedback.keep_report(interview.feedback)
        self.check_conflicts()
        self.saved.emit(interview)

    def interview_on_screen(self) -> Interview:
        """The interview as the screen shows it; ValueError (a ValidationError, a
        ScorecardProblem, no candidate or no job chosen) when it cannot be kept."""
        header = self.header
        candidate_id, job_id = header.candidate_id(), header.job_id()
        if candidate_id is None:
            raise ValueError(NO_CANDIDATE)
        if job_id is None:
            raise ValueError(NO_JOB)
        return Interview.model_validate(
            self.interview.model_dump()
            | {
                "candidate_id": candidate_id, "job_id": job_id,
                "stage": header.stage(), "date": header.interview_date(),
                "interviewer": header.interviewer(), "outcome": header.outcome(),
                "notes": self.notes_edit.toPlainText().strip(),
                "scorecard": self.scorecard.scorecard(),
                "feedback": self.feedback.report_on_screen(),
            }
        )  # fmt: skip

    def candidate_label(self) -> str:
        """Who the interview is with, for titles and file names."""
        return self.header.candidate_text().split(" — ")[0] or self._candidate_name

    def is_new(self) -> bool:
        return self.interview.id is None

    def check_conflicts(self) -> None:
        """Warn of report sentences that contradict a score (the scorecard on screen)."""
        markdown = self.feedback.markdown()
        try:
            scorecard = self.scorecard.scorecard()
        except ValueError:
            scorecard = self.interview.scorecard
        found = self._interviews.score_conflicts(markdown, scorecard) if markdown else []
        self.feedback.show_conflicts(found)

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
            self._tasks.start("interviews.save", self.save())

    async def save(self) -> Interview | None:
        """Save what is on screen; the saved interview, or None with the reason shown."""
        try:
            saved = await self._interviews.save(self.interview_on_screen())
        except (UserFacingError, ValueError) as exc:
            self.show_problem(exc)
            return None
        self.show_saved(saved)
        self.status.show_idle(f"Saved the interview with {self.candidate_label()}")
        return saved

    async def saved_interview(self) -> Interview | None:
        """The interview as saved, saving the screen first when it differs."""
        if self.interview.id is not None and not self._dirty:
            return self.interview
        return await self.save()

    async def confirm_leave(self) -> bool:
        """Before another interview or client replaces this one: stop a generation, ask
        about unsaved changes (Save / Discard / Cancel); True to go on."""
        await self.runner.stop()
        if not self._dirty:
            return True
        who = self.candidate_label() or "this candidate"
        answer = await choose(
            self, "Unsaved changes", f"The interview with {who} has changes that are not saved.",
            ["Save", "Discard"],
        )  # fmt: skip
        if answer == "Save":
            return await self.save() is not None
        return answer == "Discard"

    def show_problem(self, exc: Exception) -> None:
        """What stops a save, in the strip; nothing on screen is lost."""
        if isinstance(exc, ValidationError):
            names = {str(error["loc"][0]) for error in exc.errors() if error["loc"]}
            fields = ", ".join(sorted(FIELD_NAMES.get(name, name) for name in names))
            self.status.show_error(f"Check these fields: {fields}.")
            return
        self.status.show_error(str(exc))
        if str(exc) == NO_CANDIDATE:
            self.header.candidate_box.setFocus()
        elif str(exc) == NO_JOB:
            self.header.job_box.setFocus()

    # -- generation -----------------------------------------------------------------------
    def generate(self) -> None:
        """Write the feedback report (Generate feedback, Ctrl+Return)."""
        self.writer.generate()

    def set_llm_ready(self, ready: bool) -> None:
        self.llm_ready = ready
        self.llm_hint.setVisible(not ready)
        self._update_buttons()

    def _update_buttons(self) -> None:
        running = self.runner.running
        self.generate_button.setEnabled(self.llm_ready and not running)
        self.save_button.setEnabled(not running)

    # -- the scorecard follows the job ----------------------------------------------------
    def reset_scorecard(self) -> None:
        """The job's competencies, unrated, in place of the rows (asks when some were rated)."""
        self._tasks.start("interviews.scorecard", self._reset_scorecard(ask=True))

    def _on_job_chosen(self, _job_id: int | None) -> None:
        # A new interview takes the job's competencies; rated rows are not lost unasked.
        if self.is_new() or self.scorecard.is_untouched():
            self._tasks.start("interviews.scorecard", self._reset_scorecard(ask=True))

    async def _reset_scorecard(self, *, ask: bool) -> None:
        job_id = self.header.job_id()
        if ask and not self.scorecard.is_untouched():
            title = self.header.job_title() or "no job"
            text = (
                f"Replace the scorecard with the competencies of “{title}”? "
                "The ratings and comments on screen are lost."
            )
            if not await confirm(self, "Replace the scorecard?", text, "Replace"):
                return
        competencies = await self._interviews.default_scorecard(job_id)
        if self.header.job_id() != job_id:
            return  # another job was chosen meanwhile
        self.scorecard.set_scorecard(competencies)
        self.mark_dirty()

    # -- inside ---------------------------------------------------------------------------
    def _loading_notes(self, notes: str) -> None:
        with QSignalBlocker(self.notes_edit):
            self.notes_edit.setPlainText(notes)


def _section(text: str, buddy: QWidget) -> QLabel:
    """A heading like the report's field label (the palette's text colour: light or dark)."""
    label = QLabel(text)
    label.setObjectName("fieldLabel")
    font = label.font()
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    label.setBuddy(buddy)
    return label


def _keep_room_when_hidden(widget: QWidget) -> None:
    policy = widget.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    widget.setSizePolicy(policy)
