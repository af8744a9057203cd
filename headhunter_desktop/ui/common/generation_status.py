"""GenerationStatus: the strip that says what a generation is doing, and stops it.

"Writing the job posting…" with a busy bar, how many characters arrived, and Cancel
(Esc) while it runs; afterwards how it ended ("Cancelled — kept what was written", or the
error). Its height never changes and hidden parts keep their room, so nothing around it
moves when a generation starts or ends. A `GenerationRunner` drives it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QWidget,
)

ERROR_ON_LIGHT = QColor("#b00020")
ERROR_ON_DARK = QColor("#ff8a80")


def error_colour(palette: QPalette) -> QColor:
    """The error red that reads on this palette's window: dark red, or light on dark."""
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    return ERROR_ON_DARK if dark else ERROR_ON_LIGHT


WIDEST_COUNT = "99,999,999 characters"


class GenerationStatus(QFrame):
    """Busy bar, message, character count and Cancel, in a strip of fixed height.

    Signals:
        cancel_requested(): the user pressed Cancel.
    """

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("generationStatus")
        self._busy = QProgressBar()
        self._busy.setRange(0, 0)  # no end known: the bar moves to say "working"
        self._busy.setTextVisible(False)
        self._busy.setFixedSize(64, 10)
        self._message = ElidedLabel()
        self._count = QLabel()
        self._count.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        # A fixed size: a label whose text changes every frame would otherwise ask the
        # whole window to lay itself out again each time (Qt skips that for fixed sizes).
        widest = self._count.fontMetrics().horizontalAdvance(WIDEST_COUNT)
        self._count.setFixedSize(widest + 4, self._count.sizeHint().height())
        self._count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._cancel = QPushButton("Cancel")
        self._cancel.setToolTip("Stop writing (Esc); what was written so far stays")
        self._cancel.clicked.connect(self.cancel_requested)
        for widget in (self._busy, self._cancel):
            policy = widget.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            widget.setSizePolicy(policy)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(10)
        layout.addWidget(self._busy)
        layout.addWidget(self._message, 1)
        layout.addWidget(self._count)
        layout.addWidget(self._cancel)
        self.setFixedHeight(self._cancel.sizeHint().height() + 8)
        self.show_idle("")

    def show_running(self, label: str) -> None:
        """A generation of `label` ("the job posting") started."""
        self.show_busy(f"Writing {label}…")

    def show_busy(self, text: str) -> None:
        """Work other than writing started (reading a website): `text`, busy bar, Cancel."""
        self._set_message(text, error=False)
        self._count.setText("")
        self._set_busy(True)

    def set_count(self, characters: int) -> None:
        """How many characters arrived so far."""
        self._count.setText(f"{characters:,} characters")

    def show_idle(self, text: str) -> None:
        """Nothing runs; `text` says how the last generation ended ("" for nothing)."""
        self._set_message(text, error=False)
        self._set_busy(False)

    def clear(self) -> None:
        """Nothing runs and nothing to say (another item is on screen)."""
        self.show_idle("")
        self._count.setText("")

    def show_error(self, text: str) -> None:
        """Nothing runs; the last generation failed with `text`."""
        self._set_message(text, error=True)
        self._set_busy(False)

    def message(self) -> str:
        return self._message.full_text()

    def count_text(self) -> str:
        return self._count.text()

    def is_busy(self) -> bool:
        return not self._busy.isHidden()

    def cancel_button(self) -> QPushButton:
        return self._cancel

    def _set_busy(self, busy: bool) -> None:
        self._busy.setVisible(busy)
        self._cancel.setVisible(busy)
        self._cancel.setEnabled(busy)

    def _set_message(self, text: str, *, error: bool) -> None:
        if error:
            palette = self._message.palette()
            palette.setColor(QPalette.ColorRole.WindowText, error_colour(self.palette()))
            self._message.setPalette(palette)
        else:  # an empty palette inherits: the text follows a switch to dark (or back)
            self._message.setPalette(QPalette())
        self._message.set_full_text(text)


class ElidedLabel(QLabel):
    """One line that ends in "…" when it does not fit; the whole text is its tooltip."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def set_full_text(self, text: str) -> None:
        self._full = " ".join(text.split())  # one line, whatever the message
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, self.width())
        self.setText(shown)
        self.setToolTip(self._full if shown != self._full else "")
