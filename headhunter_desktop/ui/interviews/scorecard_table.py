"""The scorecard: one row per competency — its name, a rating 1–5 (or none), a comment —
with buttons to add and remove rows and to start again from the job's competencies.

    table.set_scorecard(interview.scorecard)   # no `edited` signal
    scorecard = table.scorecard()              # ScorecardProblem for a row it cannot keep

Signals:
    edited(): a person changed a name, a rating or a comment, or added or removed a row.
    reset_requested(): "Reset from job" was pressed.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from headhunter_desktop.core.domain.interview import (
    COMPETENCY_NAME_MAX,
    Competency,
    duplicate_competency,
)
from headhunter_desktop.ui.interviews.interview_labels import NOT_RATED, RATING_LABELS

NAME, RATING, COMMENT = range(3)
HEADERS = ("Competency", "Rating", "Comment")
MIN_COLUMN_WIDTH = 60


class ScorecardProblem(ValueError):
    """A row the scorecard cannot keep (a rating without a competency, a name twice)."""


class ScorecardTable(QWidget):
    """Competency, rating and comment rows, editable in place (module docstring).

    Signals:
        edited(), reset_requested()
    """

    edited = Signal()
    reset_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._build_table()
        self._build_buttons()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.table, 1)
        layout.addLayout(self._buttons_row())

    def _build_table(self) -> None:
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        # Competencies are read whole (they are short: skills); comments take the rest.
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(RATING, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COMMENT, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(MIN_COLUMN_WIDTH)
        self.table.itemChanged.connect(lambda _item: self.edited.emit())
        self.table.itemSelectionChanged.connect(self._update_buttons)

    def _build_buttons(self) -> None:
        self.add_button = QPushButton("Add")
        self.add_button.setToolTip("Add a competency to rate")
        self.add_button.clicked.connect(lambda: self.add_row(edit=True))
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip("Remove the selected competencies")
        self.remove_button.clicked.connect(self.remove_selected)
        self.reset_button = QPushButton("Reset from job")
        self.reset_button.setToolTip(
            "Start again from the job's required skills, Communication and Culture fit"
        )
        self.reset_button.clicked.connect(self.reset_requested)
        self._update_buttons()

    def _buttons_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(6)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        row.addWidget(self.reset_button)
        return row

    # -- showing --------------------------------------------------------------------------
    def set_scorecard(self, competencies: Sequence[Competency]) -> None:
        """Show `competencies`, one row each (no `edited` signal)."""
        with QSignalBlocker(self.table):
            self.table.setRowCount(0)
            for competency in competencies:
                self._insert(competency.name, competency.rating, competency.comment)
        self._update_buttons()

    def add_row(
        self, name: str = "", rating: int | None = None, comment: str = "", *, edit: bool = False
    ) -> int:
        """A new row at the end (with `edit`, its name is opened for typing); its index."""
        with QSignalBlocker(self.table):
            row = self._insert(name, rating, comment)
        self.edited.emit()
        if edit:
            self.table.setCurrentCell(row, NAME)
            self.table.editItem(self.table.item(row, NAME))  # type: ignore[arg-type]  # set above
        return row

    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        if not rows and self.table.currentRow() >= 0:
            rows = [self.table.currentRow()]
        for row in rows:
            self.table.removeRow(row)
        if rows:
            self.edited.emit()
        self._update_buttons()

    def set_rating(self, row: int, rating: int | None) -> None:
        """Rate row `row` as a person would (emits `edited`)."""
        box = self.rating_box(row)
        box.setCurrentIndex(max(0, box.findData(rating)))

    def set_read_only(self, read_only: bool) -> None:
        self.table.setEnabled(not read_only)
        for button in (self.add_button, self.reset_button):
            button.setEnabled(not read_only)
        self._update_buttons()

    # -- reading --------------------------------------------------------------------------
    def row_count(self) -> int:
        return self.table.rowCount()

    def rating_box(self, row: int) -> QComboBox:
        box = self.table.cellWidget(row, RATING)
        assert isinstance(box, QComboBox)
        return box

    def rows(self) -> list[tuple[str, int | None, str]]:
        """Every row as (name, rating, comment), stripped, blank ones included."""
        return [self._row(row) for row in range(self.table.rowCount())]

    def scorecard(self) -> list[Competency]:
        """The rows as competencies, blank rows left out; ScorecardProblem for a rating or
        comment without a competency, or a competency named twice."""
        kept: list[Competency] = []
        for name, rating, comment in self.rows():
            if not name and (rating is not None or comment):
                raise ScorecardProblem("Name the competency of every rated or commented row.")
            if name:
                kept.append(Competency(name=name[:COMPETENCY_NAME_MAX], rating=rating,
                                       comment=comment))  # fmt: skip
        if (twice := duplicate_competency(kept)) is not None:
            raise ScorecardProblem(f"“{twice}” is in the scorecard twice.")
        return kept

    def is_untouched(self) -> bool:
        """No row rated or commented: replacing the rows loses nothing a person wrote."""
        return all(rating is None and not comment for _name, rating, comment in self.rows())

    # -- inside ---------------------------------------------------------------------------
    def _insert(self, name: str, rating: int | None, comment: str) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, NAME, QTableWidgetItem(name))
        self.table.setItem(row, COMMENT, QTableWidgetItem(comment))
        box = _rating_box()
        box.setCurrentIndex(max(0, box.findData(rating)))
        box.currentIndexChanged.connect(lambda _index: self.edited.emit())
        self.table.setCellWidget(row, RATING, box)
        return row

    def _row(self, row: int) -> tuple[str, int | None, str]:
        name, comment = self.table.item(row, NAME), self.table.item(row, COMMENT)
        rating = self.rating_box(row).currentData()
        return (
            " ".join((name.text() if name else "").split()),
            rating if isinstance(rating, int) else None,
            (comment.text() if comment else "").strip(),
        )

    def _update_buttons(self) -> None:
        chosen = bool(self.table.selectedIndexes()) or self.table.currentRow() >= 0
        self.remove_button.setEnabled(self.table.isEnabled() and chosen)


class RatingBox(QComboBox):
    """A rating's choice in a table row: a wheel turned over the table scrolls the table,
    it does not re-rate the row under the pointer."""

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


def _rating_box() -> QComboBox:
    box = RatingBox()
    box.setToolTip("1 poor · 2 weak · 3 adequate · 4 strong · 5 excellent; — not rated")
    box.addItem(NOT_RATED, None)
    for rating, label in RATING_LABELS.items():
        box.addItem(label, rating)
    box.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return box
