"""The import's progress line: a bar, "n of m files", Retry failed… (or Resume, after a
stop) and Cancel import.

Signals:
    cancel_requested(): the user wants the running import stopped.
    retry_requested(): the user wants the failed files tried again, and the queue resumed.
    clear_requested(): the user wants the imported files' rows out of the list.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget


class ImportProgress(QWidget):
    """Hidden while the queue is empty; shows finished/total and what can be done."""

    cancel_requested = Signal()
    retry_requested = Signal()
    clear_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.bar = QProgressBar()
        self.label = QLabel()
        self.retry_button = QPushButton("Retry failed…")
        self.cancel_button = QPushButton("Cancel import")
        self.clear_button = QPushButton("Clear finished")
        self.clear_button.setToolTip(
            "Remove imported files from this list (failed ones stay, for Retry)"
        )
        self.clear_button.clicked.connect(self.clear_requested)
        self.retry_button.clicked.connect(self.retry_requested)
        self.cancel_button.clicked.connect(self.cancel_requested)
        self._stopped: str | None = None  # why the run stopped with files left in the queue
        row = QHBoxLayout(self)
        row.addWidget(self.bar, 1)
        row.addWidget(self.label)
        row.addWidget(self.retry_button)
        row.addWidget(self.clear_button)
        row.addWidget(self.cancel_button)
        self.hide()

    def show_progress(self, finished: int, total: int, failed: int, clearable: int = 0) -> None:
        self.setVisible(total > 0)
        self.clear_button.setEnabled(clearable > 0)
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(finished)
        failed_text = f", {failed} failed" if failed else ""
        stopped_text = f" — {self._stopped}" if self._stopped and finished < total else ""
        self.label.setText(f"{finished} of {total} files{failed_text}{stopped_text}")
        self.cancel_button.setEnabled(finished < total)
        resumable = bool(stopped_text)
        self.retry_button.setEnabled(failed > 0 or resumable)
        self.retry_button.setText("Resume import" if resumable and not failed else "Retry failed…")

    def show_stopped(self, reason: str | None) -> None:
        """The run stopped with files queued (`reason`, short), or None: it runs again."""
        self._stopped = reason
