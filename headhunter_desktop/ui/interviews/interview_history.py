"""A short list of interviews somewhere else than the Interviews tab: a candidate's across
jobs and clients (the CVs tab's profile), a job's (the Jobs tab's editor), with their
outcomes. Double-click or Enter opens one in the Interviews tab.

Signals:
    open_requested(object): the user activated this `InterviewSummary`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from headhunter_desktop.core.domain.interview import Outcome
from headhunter_desktop.core.services.interview_summary import InterviewSummary
from headhunter_desktop.ui.interviews.interview_list_model import InterviewListModel
from headhunter_desktop.ui.interviews.interview_list_panel import interview_table


class InterviewHistory(QWidget):
    """Interviews as a table, or `empty_text` when there are none (module docstring).

    Signals:
        open_requested(object)
    """

    open_requested = Signal(object)

    def __init__(self, columns: Sequence[str], empty_text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = InterviewListModel(columns)
        self.table = interview_table(self.model)
        self.table.setToolTip("Double-click an interview to open it in the Interviews tab")
        self.table.activated.connect(self._on_activated)
        self.empty_label = QLabel(empty_text)
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty_label.setContentsMargins(8, 8, 8, 8)
        self._stack = QStackedWidget()
        self._stack.addWidget(self.table)
        self._stack.addWidget(self.empty_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)
        self.show_interviews([])

    def show_interviews(self, interviews: Sequence[InterviewSummary]) -> None:
        self.model.set_interviews(interviews)
        self._stack.setCurrentWidget(self.table if interviews else self.empty_label)

    def count(self) -> int:
        return self.model.rowCount()

    def _on_activated(self, index: QModelIndex) -> None:
        chosen = self.model.interview_at(index.row())
        if chosen is not None:
            self.open_requested.emit(chosen)


def outcome_counts(interviews: Sequence[InterviewSummary]) -> str:
    """'3 interviews: 1 pass, 1 hold, 1 undecided' ('' for none)."""
    if not interviews:
        return ""
    counts = {outcome: 0 for outcome in (*Outcome, None)}
    for interview in interviews:
        counts[interview.outcome] += 1
    parts = [
        f"{count} {outcome.value if outcome else 'undecided'}"
        for outcome, count in counts.items()
        if count
    ]
    many = len(interviews) != 1
    return f"{len(interviews)} interview{'s' if many else ''}: {', '.join(parts)}"


def interview_opener(open_interview: Callable[[int, int], object]) -> Callable[[object], None]:
    """A slot for `open_requested`: `open_interview(client id, interview id)` (an interview
    whose job has gone has no client, and no place in the Interviews tab)."""

    def open_summary(summary: object) -> None:
        if isinstance(summary, InterviewSummary) and summary.client_id is not None:
            open_interview(summary.client_id, summary.id)

    return open_summary
