"""The import's progress line: a bar, "n of m files", Retry failed… and Cancel import.

Signals:
    cancel_requested(): the user wants the running import stopped.
    retry_requested(): the user wants the failed files tried again.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget


class ImportProgress(QWidget):
    """Hidden while the queue is empty; shows finished/total and what can be done."""

    cancel_requested = Signal()
    retry_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.bar = QProgressBar()
        self.label = QLabel()
        self.retry_button = QPushButton("Retry failed…")
        self.cancel_button = QPushButton("Cancel import")
        self.retry_button.clicked.connect(self.retry_requested)
        self.cancel_button.clicked.connect(self.cancel_requested)
        row = QHBoxLayout(self)
        row.addWidget(self.bar, 1)
        row.addWidget(self.label)
        row.addWidget(self.retry_button)
        row.addWidget(self.cancel_button)
        self.hide()

    def show_progress(self, finished: int, total: int, failed: int) -> None:
        self.setVisible(total > 0)
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(finished)
        failed_text = f", {failed} failed" if failed else ""
        self.label.setText(f"{finished} of {total} files{failed_text}")
        self.cancel_button.setEnabled(finished < total)
        self.retry_button.setEnabled(failed > 0)
