"""Interviews as a table, newest first as the service lists them. Which columns show
depends on where: a client's interviews (candidate, job, …), a candidate's (client, job,
…), a job's (candidate, …)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from headhunter_desktop.core.domain.interview import stage_label
from headhunter_desktop.core.services.interview_summary import InterviewSummary
from headhunter_desktop.ui.interviews.interview_labels import (
    OUTCOME_TIPS,
    outcome_label,
)

_Index = QModelIndex | QPersistentModelIndex
NO_JOB = "(no job)"
NO_DATE = "no date"


def _date_text(day: date | None, today: date | None = None) -> str:
    """'3 Mar' this year, '3 Mar 2024' before, 'no date' without one."""
    if day is None:
        return NO_DATE
    this_year = (today or date.today()).year
    return f"{day.day} {day.strftime('%b')}" + ("" if day.year == this_year else f" {day.year}")


COLUMNS: dict[str, tuple[str, Callable[[InterviewSummary], str]]] = {
    # Two lines each, for the narrow list of the Interviews tab.
    "who": ("Candidate · job", lambda row: f"{row.candidate_name}\n{row.job_title or NO_JOB}"),
    "when": ("Date · stage", lambda row: f"{_date_text(row.date)}\n{stage_label(row.stage)}"),
    "candidate": ("Candidate", lambda row: row.candidate_name),
    "client": ("Client", lambda row: row.client_name or ""),
    "job": ("Job", lambda row: row.job_title or NO_JOB),
    "stage": ("Stage", lambda row: stage_label(row.stage)),
    "date": ("Date", lambda row: _date_text(row.date)),
    "outcome": ("Outcome", lambda row: outcome_label(row.outcome)),
}
CLIENT_COLUMNS = ("who", "when", "outcome")
CANDIDATE_COLUMNS = ("date", "client", "job", "stage", "outcome")
JOB_COLUMNS = ("candidate", "stage", "date", "outcome")


class InterviewListModel(QAbstractTableModel):
    """Rows of `InterviewSummary` under the chosen `columns` (keys of COLUMNS)."""

    def __init__(self, columns: Sequence[str] = CLIENT_COLUMNS) -> None:
        super().__init__()
        self._columns = tuple(columns)
        self._rows: list[InterviewSummary] = []

    # -- Qt's model interface -------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[self._columns[section]][0]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, key = self._rows[index.row()], self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[key][1](row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(row, key)
        return None

    # -- contents -------------------------------------------------------------------------
    def set_interviews(self, interviews: Sequence[InterviewSummary]) -> None:
        self.beginResetModel()
        self._rows = list(interviews)
        self.endResetModel()

    def interview_at(self, row: int) -> InterviewSummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, interview_id: int | None) -> int | None:
        """The row showing interview `interview_id`, None when it is not listed."""
        return next((i for i, row in enumerate(self._rows) if row.id == interview_id), None)

    def column_of(self, key: str) -> int | None:
        return self._columns.index(key) if key in self._columns else None

    def interviews(self) -> list[InterviewSummary]:
        return list(self._rows)


def _tooltip(row: InterviewSummary, key: str) -> str | None:
    if key == "outcome":
        return OUTCOME_TIPS[row.outcome]
    if key in ("candidate", "who"):
        written = "feedback written" if row.has_feedback else "no feedback yet"
        by = f", interviewed by {row.interviewer}" if row.interviewer else ""
        return f"{row.candidate_name}{by} — {written}"
    if key in ("job", "client", "when"):
        return COLUMNS[key][1](row).replace("\n", " · ") or None
    return None
