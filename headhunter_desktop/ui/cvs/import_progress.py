"""The import's progress line: a bar, "n of m files" with why a stopped import stopped, one
button to go on (Resume import after a stop or a Cancel, else Retry failed…), Clear finished
and Cancel import.

Signals:
    cancel_requested(): the user wants the running import stopped.
    resume_requested(): the user wants a stopped or cancelled import to carry on.
    retry_requested(): the user wants the failed files tried again, and the queue resumed.
    clear_requested(): the user wants the imported files' rows out of the list.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

RESUME_TEXT, RETRY_TEXT = "Resume import", "Retry failed…"


class ImportProgress(QWidget):
    """Hidden while the queue is empty; shows finished/total and what can be done."""

    cancel_requested = Signal()
    resume_requested = Signal()
    retry_requested = Signal()
    clear_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.bar = QProgressBar()
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.retry_button = QPushButton(RETRY_TEXT)  # the one "go on" button: resume or retry
        self.cancel_button = QPushButton("Cancel import")
        self.clear_button = QPushButton("Clear finished")
        self.clear_button.setToolTip(
            "Remove imported files from this list (failed ones stay, for Retry)"
        )
        self.clear_button.clicked.connect(self.clear_requested)
        self.retry_button.clicked.connect(self._go_on)
        self.cancel_button.clicked.connect(self.cancel_requested)
        self._stopped: str | None = None  # why the run stopped with files left in the queue
        row = QHBoxLayout(self)
        row.addWidget(self.bar, 1)
        row.addWidget(self.label, 1)
        row.addWidget(self.retry_button)
        row.addWidget(self.clear_button)
        row.addWidget(self.cancel_button)
        self.hide()

    def show_progress(
        self, finished: int, total: int, failed: int, clearable: int = 0, cancelled: int = 0
    ) -> None:
        """The counts over the queue shown; `cancelled` files are resumable after a stop."""
        self.setVisible(total > 0)
        self.clear_button.setEnabled(clearable > 0)
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(finished)
        failed_text = f", {failed} failed" if failed else ""
        resumable = bool(self._stopped) and (finished < total or cancelled > 0)
        stopped_text = f" — {self._stopped}" if resumable else ""
        self.label.setText(f"{finished} of {total} files{failed_text}{stopped_text}")
        self.cancel_button.setEnabled(finished < total)
        self.retry_button.setEnabled(failed > 0 or resumable)
        self.retry_button.setText(RESUME_TEXT if resumable else RETRY_TEXT)
        self.retry_button.setDefault(resumable)

    def show_adding(self) -> None:
        """Files were dropped: the line shows now, busy until they are listed and counted,
        so the tab below it moves in the same frame as the drop, not again a moment later."""
        if not self.isHidden():
            return
        self.bar.setRange(0, 0)
        self.label.setText("Adding files…")
        for button in (self.retry_button, self.clear_button, self.cancel_button):
            button.setEnabled(False)
        self.show()

    def show_stopped(self, reason: str | None) -> None:
        """The run stopped with files queued (`reason`, short), or None: it runs again."""
        self._stopped = reason

    def is_resumable(self) -> bool:
        """The button says "Resume import" (a stop or a Cancel left files to carry on)."""
        return self.retry_button.isEnabled() and self.retry_button.text() == RESUME_TEXT

    def _go_on(self) -> None:
        if self.retry_button.text() == RESUME_TEXT:
            self.resume_requested.emit()
        else:
            self.retry_requested.emit()
