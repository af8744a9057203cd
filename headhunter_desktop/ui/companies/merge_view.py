"""MergeView: the fields where a read found something other than what the profile holds,
side by side — yours, and what was found with its source — to keep or accept one by one
("Apply choices") or all at once ("Keep all", "Accept all"). Nothing is replaced until
the recruiter says so; every row starts at "Keep mine".

Signals:
    resolved(object): the set of field keys whose found value is accepted (may be empty).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from headhunter_desktop.core.services.company_profiles import FieldConflict
from headhunter_desktop.ui.companies.company_fields import is_empty
from headhunter_desktop.ui.companies.provenance import note_text, note_tooltip

LONGEST_SHOWN = 700  # characters of a value shown in a row; all of it in the tooltip
EMPTY_TEXT = "(empty)"
KEEP_TEXT, ACCEPT_TEXT = "Keep mine", "Use found"
INTRO = (
    "Empty fields were filled. These fields already held something else: keep yours or "
    "use what was found, field by field or all at once. Nothing changes until you choose."
)


def shown_value(value: Any) -> str:
    """A value as a row shows it: lists one "• item" a line, long text cut with "…"."""
    if is_empty(value):
        return EMPTY_TEXT
    text = "\n".join(f"• {item}" for item in value) if isinstance(value, list) else str(value)
    return text if len(text) <= LONGEST_SHOWN else text[: LONGEST_SHOWN - 1] + "…"


class MergeView(QWidget):
    """Yours vs found, per field, with a choice each (module docstring).

    Signals:
        resolved(object): set[str] of the accepted field keys.
    """

    resolved = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._choices: dict[str, QButtonGroup] = {}
        self._rows = QWidget()
        self._rows.setObjectName("mergeRows")
        self._build()

    def _build(self) -> None:
        self.title = QLabel()
        self.title.setObjectName("mergeTitle")
        self.title.setFont(_weighted(self.title.font(), 1.1))
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        scroll = _scrolled(self._rows)
        self.keep_all_button = QPushButton("&Keep all")
        self.accept_all_button = QPushButton("&Accept all")
        self.apply_button = QPushButton("A&pply choices")
        self.keep_all_button.clicked.connect(self.keep_all)
        self.accept_all_button.clicked.connect(self.accept_all)
        self.apply_button.clicked.connect(self.apply)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_all_button)
        buttons.addWidget(self.accept_all_button)
        buttons.addStretch(1)
        buttons.addWidget(self.apply_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 4)
        layout.addWidget(self.title)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

    # -- showing ---------------------------------------------------------------------------
    def show_conflicts(self, conflicts: Sequence[FieldConflict]) -> None:
        """One row per conflict, each at "Keep mine"."""
        self._choices.clear()
        grid = _new_grid(self._rows)
        for column, heading in enumerate(("Field", "Yours", "Found", "")):
            grid.addWidget(_heading(heading), 0, column)
        for row, conflict in enumerate(conflicts, start=1):
            self._add_row(grid, row, conflict)
        grid.setRowStretch(len(conflicts) + 1, 1)
        count = len(conflicts)
        self.title.setText(
            f"{count} field{'s' if count != 1 else ''} differ{'s' if count == 1 else ''} "
            "from what was found"
        )

    def _add_row(self, grid: QGridLayout, row: int, conflict: FieldConflict) -> None:
        label = QLabel(conflict.label)
        label.setFont(_weighted(label.font(), 1.0))
        grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(_value_label(conflict.current), row, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(_found_cell(conflict), row, 2, Qt.AlignmentFlag.AlignTop)
        keep, accept = QRadioButton(KEEP_TEXT), QRadioButton(ACCEPT_TEXT)
        keep.setChecked(True)
        for button in (keep, accept):
            button.setAccessibleName(f"{button.text()}: {conflict.label}")
        group = QButtonGroup(label)  # goes with the row's widgets
        group.addButton(keep, 0)
        group.addButton(accept, 1)
        self._choices[conflict.field] = group
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(keep)
        column.addWidget(accept)
        column.addStretch(1)
        grid.addLayout(column, row, 3)

    # -- choosing --------------------------------------------------------------------------
    def fields(self) -> list[str]:
        return list(self._choices)

    def set_choice(self, key: str, accept: bool) -> None:
        """Choose to use the found value of `key` (True) or keep the current one."""
        group = self._choices[key]
        button = group.button(1 if accept else 0)
        button.setChecked(True)

    def accepted(self) -> set[str]:
        """The fields whose "Use found" is chosen."""
        return {key for key, group in self._choices.items() if group.checkedId() == 1}

    def apply(self) -> None:
        """Apply the choices as they stand."""
        self.resolved.emit(self.accepted())

    def keep_all(self) -> None:
        self.resolved.emit(set())

    def accept_all(self) -> None:
        self.resolved.emit(set(self._choices))


def _scrolled(rows: QWidget) -> QScrollArea:
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.StyledPanel)
    scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
    scroll.setWidget(rows)
    return scroll


def _new_grid(rows: QWidget) -> QGridLayout:
    """The rows' grid, emptied: the old one and its widgets go."""
    old = rows.layout()
    if old is not None:
        QWidget().setLayout(old)  # re-parented to a throwaway widget, deleted with it
    for child in rows.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
        child.deleteLater()
    grid = QGridLayout(rows)
    grid.setContentsMargins(10, 8, 10, 8)
    grid.setHorizontalSpacing(16)
    grid.setVerticalSpacing(12)
    grid.setColumnStretch(1, 1)
    grid.setColumnStretch(2, 1)
    return grid


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def _value_label(value: Any) -> QLabel:
    label = QLabel(shown_value(value))
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if is_empty(value):
        label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    elif shown_value(value) != str(value):
        label.setToolTip(str(value))
    return label


def _found_cell(conflict: FieldConflict) -> QWidget:
    cell = QWidget()
    column = QVBoxLayout(cell)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(_value_label(conflict.found))
    source = QLabel(note_text(conflict.source))
    source.setObjectName("mergeSource")
    source.setWordWrap(True)
    source.setToolTip(note_tooltip(conflict.source))
    source.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    column.addWidget(source)
    return cell


def _weighted(font: QFont, factor: float) -> QFont:
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setWeight(QFont.Weight.DemiBold)
    return font
