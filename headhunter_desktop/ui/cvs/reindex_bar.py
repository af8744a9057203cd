"""The re-index line of the CVs tab: the offer to re-index (after an embedding model
change), then the re-index's progress, then how it ended.

Signals:
    reindex_requested(): the user wants every candidate made searchable by meaning now.
    cancel_requested(): the user wants the running re-index stopped.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QProgressBar,
    QPushButton,
    QToolButton,
    QWidget,
)


class ReindexBar(QWidget):
    """Hidden while every candidate is searchable by meaning and nothing runs."""

    reindex_requested = Signal()
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.label = QLabel()
        self.label.setObjectName("hint")
        self.label.setWordWrap(True)
        self.bar = QProgressBar()
        self.reindex_button = QPushButton("Re-index now")
        self.cancel_button = QPushButton("Cancel re-index")
        self.reindex_button.clicked.connect(self.reindex_requested)
        self.cancel_button.clicked.connect(self.cancel_requested)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.bar)
        row.addWidget(self.reindex_button)
        row.addWidget(self.cancel_button)
        self.hide()

    def show_offer(self, text: str | None) -> None:
        """Why some candidates are not found by meaning, and "Re-index now"; None hides."""
        self._show(text or "", offer=True)
        self.setVisible(text is not None)

    def show_progress(self, done: int, total: int, model: str) -> None:
        self._show(f"Re-indexing with {model}: {done:,} of {total:,} candidates", running=True)
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)

    def show_message(self, text: str) -> None:
        """How a re-index ended (no buttons)."""
        self._show(text)

    def _show(self, text: str, *, offer: bool = False, running: bool = False) -> None:
        self.label.setText(text)
        self.reindex_button.setVisible(offer)
        self.bar.setVisible(running)
        self.cancel_button.setVisible(running)
        self.show()


def more_button() -> QToolButton:
    """A "⋯" button whose menu holds the pool's less frequent actions (added by the caller)."""
    button = QToolButton()
    button.setText("⋯")
    button.setToolTip("More actions for the talent pool")
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    button.setMenu(QMenu(button))
    return button
