"""The interview editor's header: who was interviewed for which job, the stage, the date,
the interviewer and the outcome.

The candidate box types ahead over the pool (any part of the name or the title); the job
box holds the client's jobs. Stages are the presets or any name typed.

Signals:
    edited(): the user changed one of the values.
    job_chosen(object): the user picked this job id (or None) in the job box.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date

from PySide6.QtCore import QDate, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QGridLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from headhunter_desktop.core.domain.interview import (
    PRESET_STAGES,
    Interview,
    Outcome,
    stage_label,
)
from headhunter_desktop.core.services.candidates import CandidateSummary
from headhunter_desktop.core.services.jobs import JobSummary
from headhunter_desktop.ui.interviews.interview_labels import (
    OUTCOME_LABELS,
    OUTCOME_TIPS,
    UNDECIDED,
)

NO_JOB = "No job chosen"
NOT_SET = "Not set"
# QDateEdit has no empty value: its minimum date shows as NOT_SET and reads as None.
_UNSET_DATE = QDate(2000, 1, 1)


class InterviewHeader(QWidget):
    """Candidate, job, stage, date, interviewer, outcome (module docstring).

    Signals:
        edited(), job_chosen(object)
    """

    edited = Signal()
    job_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._build_boxes()
        self._lay_out()
        self._connect_signals()

    # -- building -------------------------------------------------------------------------
    def _build_boxes(self) -> None:
        self.candidate_box = _candidate_box()
        self.job_box = QComboBox()
        self.job_box.setToolTip("The client's job: its required skills make the scorecard, "
                                "and its client pays for the feedback")  # fmt: skip
        self.stage_box = QComboBox()
        self.stage_box.setEditable(True)
        self.stage_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.stage_box.addItems([stage_label(stage) for stage in PRESET_STAGES])
        self.stage_box.setToolTip("A stage of the process, or type your own (e.g. “Case study”)")
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setMinimumDate(_UNSET_DATE)
        self.date_edit.setSpecialValueText(NOT_SET)
        self.date_edit.setDisplayFormat("d MMM yyyy")
        self.interviewer_edit = QLineEdit()
        self.interviewer_edit.setPlaceholderText("Who led the interview")
        self.outcome_box = QComboBox()
        self.outcome_box.addItem(UNDECIDED, None)
        self.outcome_box.setItemData(0, OUTCOME_TIPS[None], Qt.ItemDataRole.ToolTipRole)
        for outcome, label in OUTCOME_LABELS.items():
            self.outcome_box.addItem(label, outcome.value)
            index = self.outcome_box.count() - 1
            self.outcome_box.setItemData(index, OUTCOME_TIPS[outcome], Qt.ItemDataRole.ToolTipRole)
        self.outcome_box.setToolTip("What was decided (— not yet)")

    def _lay_out(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(5)
        pairs = (
            (("Candidate", self.candidate_box), ("Job", self.job_box)),
            (("Stage", self.stage_box), ("Date", self.date_edit)),
            (("Interviewer", self.interviewer_edit), ("Outcome", self.outcome_box)),
        )
        for row, cells in enumerate(pairs):
            for column, (text, widget) in enumerate(cells):
                label = QLabel(text)
                label.setBuddy(widget)
                grid.addWidget(label, row, 2 * column)
                grid.addWidget(widget, row, 2 * column + 1)
        for column in (1, 3):
            grid.setColumnStretch(column, 1)
        for box in (self.candidate_box, self.job_box, self.stage_box, self.outcome_box):
            # Sized by the layout, not by the longest name or job title.
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(8)

    def _connect_signals(self) -> None:
        self.candidate_box.activated.connect(self._on_candidate_chosen)
        _line_edit(self.candidate_box).textEdited.connect(lambda _t: self.edited.emit())
        self.job_box.activated.connect(self._on_job_chosen)
        self.stage_box.activated.connect(lambda _i: self.edited.emit())
        _line_edit(self.stage_box).textEdited.connect(lambda _t: self.edited.emit())
        self.date_edit.dateChanged.connect(lambda _d: self.edited.emit())
        self.interviewer_edit.textEdited.connect(lambda _t: self.edited.emit())
        self.outcome_box.activated.connect(lambda _i: self.edited.emit())

    # -- choices --------------------------------------------------------------------------
    def set_candidates(self, people: Sequence[CandidateSummary]) -> None:
        """The pool to choose from (the choice on screen is kept)."""
        chosen, text = self.candidate_id(), self.candidate_box.currentText()
        names = Counter(person.name for person in people)
        with QSignalBlocker(self.candidate_box):
            self.candidate_box.clear()
            for person in people:
                self.candidate_box.addItem(_candidate_text(person, names), person.id)
            self._select_candidate(chosen, text)

    def set_jobs(self, jobs: Sequence[JobSummary]) -> None:
        """The client's jobs to choose from (the choice on screen is kept)."""
        chosen = self.job_id()
        with QSignalBlocker(self.job_box):
            self.job_box.clear()
            self.job_box.addItem(NO_JOB, None)
            for job in jobs:
                self.job_box.addItem(job.title or "(untitled)", job.id)
            self.job_box.setCurrentIndex(max(0, self.job_box.findData(chosen)))

    def candidate_count(self) -> int:
        return self.candidate_box.count()

    def job_count(self) -> int:
        """The client's jobs in the box ("No job chosen" not counted)."""
        return self.job_box.count() - 1

    # -- showing an interview -------------------------------------------------------------
    def show_interview(self, interview: Interview, candidate_name: str = "") -> None:
        """Show `interview`'s values (no signals); `candidate_name` for one not in the box."""
        with _blocked(self):
            # A new interview's candidate_id is 0 until one is chosen.
            self._select_candidate(interview.candidate_id or None, candidate_name)
            self.job_box.setCurrentIndex(max(0, self.job_box.findData(interview.job_id)))
            self.stage_box.setCurrentText(stage_label(interview.stage))
            self.date_edit.setDate(_qdate(interview.date))
            self.interviewer_edit.setText(interview.interviewer)
            value = interview.outcome.value if interview.outcome else None
            self.outcome_box.setCurrentIndex(max(0, self.outcome_box.findData(value)))

    def select_job(self, job_id: int | None) -> None:
        with QSignalBlocker(self.job_box):
            self.job_box.setCurrentIndex(max(0, self.job_box.findData(job_id)))

    # -- reading --------------------------------------------------------------------------
    def candidate_id(self) -> int | None:
        """The candidate chosen; None when the typed text names no one in the pool."""
        box = self.candidate_box
        index = box.findText(box.currentText(), Qt.MatchFlag.MatchFixedString)
        data = box.itemData(index) if index >= 0 else None
        return data if isinstance(data, int) else None

    def candidate_text(self) -> str:
        return self.candidate_box.currentText().strip()

    def job_id(self) -> int | None:
        data = self.job_box.currentData()
        return data if isinstance(data, int) else None

    def job_title(self) -> str:
        return self.job_box.currentText() if self.job_id() is not None else ""

    def stage(self) -> str:
        return self.stage_box.currentText()

    def interview_date(self) -> date | None:
        chosen = self.date_edit.date()
        if chosen == _UNSET_DATE:
            return None
        return date(chosen.year(), chosen.month(), chosen.day())

    def interviewer(self) -> str:
        return self.interviewer_edit.text()

    def outcome(self) -> Outcome | None:
        data = self.outcome_box.currentData()
        return Outcome(data) if data else None

    # -- inside ---------------------------------------------------------------------------
    def _select_candidate(self, candidate_id: int | None, name: str) -> None:
        box = self.candidate_box
        index = box.findData(candidate_id) if candidate_id is not None else -1
        if index < 0 and candidate_id is not None:  # not among the newest of the pool
            box.addItem(name or f"Candidate #{candidate_id}", candidate_id)
            index = box.count() - 1
        if index >= 0:
            box.setCurrentIndex(index)
        else:
            box.setCurrentIndex(-1)
            box.setEditText(name if candidate_id is None else "")
        _line_edit(box).setCursorPosition(0)  # a narrow box shows the name, not the title

    def _on_candidate_chosen(self, _index: int) -> None:
        _line_edit(self.candidate_box).setCursorPosition(0)
        self.edited.emit()

    def _on_job_chosen(self, _index: int) -> None:
        self.job_chosen.emit(self.job_id())
        self.edited.emit()


def _candidate_box() -> QComboBox:
    box = QComboBox()
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    _line_edit(box).setPlaceholderText("Type a name or a title…")
    box.setToolTip("The candidate interviewed: type part of the name or the title")
    completer = box.completer()
    assert completer is not None  # an editable box has one
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return box


def _line_edit(box: QComboBox) -> QLineEdit:
    edit = box.lineEdit()
    assert edit is not None, "an editable combo box"
    return edit


def _candidate_text(person: CandidateSummary, names: Counter[str]) -> str:
    """'Jane Doe — Data Engineer'; '(#12)' added when another candidate has the name."""
    text = f"{person.name} — {person.title}" if person.title else person.name
    return f"{text} (#{person.id})" if names[person.name] > 1 else text


def _qdate(day: date | None) -> QDate:
    return _UNSET_DATE if day is None else QDate(day.year, day.month, day.day)


@contextmanager
def _blocked(widget: QWidget) -> Iterator[None]:
    """No signals from `widget`'s editors while an interview is put on screen."""
    blockers = [QSignalBlocker(child) for child in widget.findChildren(QWidget)]
    try:
        yield
    finally:
        for blocker in blockers:
            blocker.unblock()
