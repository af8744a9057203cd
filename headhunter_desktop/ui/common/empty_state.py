"""A friendly empty state: what this place is for and what to do first."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

TEXT_COLUMN_WIDTH = 560


class EmptyState(QWidget):
    """Title, guidance text and a row of action buttons in a centred column."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("emptyState")
        self._title = self._label(title, "emptyStateTitle")
        self._text = self._label(text, "emptyStateText")
        self._text.setTextFormat(Qt.TextFormat.RichText)
        self._buttons = QHBoxLayout()
        self._buttons.addStretch()
        self._buttons.addStretch()
        # A fixed-width column: a word-wrapped QLabel only gets its full height when the
        # layout hands it a definite width (an alignment flag would clip the last lines).
        column = QWidget()
        column.setMaximumWidth(TEXT_COLUMN_WIDTH)
        column_layout = QVBoxLayout(column)
        column_layout.addWidget(self._title)
        column_layout.addWidget(self._text)
        column_layout.addSpacing(12)
        column_layout.addLayout(self._buttons)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(column, 1)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addLayout(row)
        layout.addStretch(3)

    @staticmethod
    def _label(text: str, name: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName(name)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        return label

    def set_text(self, title: str, text: str) -> None:
        self._title.setText(title)
        self._text.setText(text)

    def title(self) -> str:
        return self._title.text()

    def text(self) -> str:
        return self._text.text()

    def add_action(self, label: str, callback: Callable[[], object]) -> QPushButton:
        """Add a button under the text; returns it so callers can show or hide it."""
        button = QPushButton(label)
        button.clicked.connect(lambda: callback())
        # between the two stretches, after the buttons already there
        self._buttons.insertWidget(self._buttons.count() - 1, button)
        return button
