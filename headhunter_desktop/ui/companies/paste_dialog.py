"""The "Paste text instead" dialog: the company's own words (its About page copied from a
browser, a brochure, an e-mail) for sites that cannot be read; "Read into the profile"
hands them to the same extraction a website read runs.

Signals:
    text_submitted(str): "Read into the profile" was pressed with this text.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

INTRO = (
    "Paste what the company writes about itself: its About or Careers page copied from a "
    "browser, a brochure, an e-mail. Only what the text states is filled in; fields it "
    "does not mention stay empty, and fields you filled are offered side by side."
)
SUBMIT_TEXT = "Read into the profile"


class PasteTextDialog(QDialog):
    """A text box and "Read into the profile" (module docstring).

    Signals:
        text_submitted(str): the pasted text, stripped.
    """

    text_submitted = Signal(str)

    def __init__(self, client_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Paste text about {client_name}")
        self.resize(640, 480)
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.text_edit = QPlainTextEdit()
        self.text_edit.setPlaceholderText("Paste the company's text here…")
        self.text_edit.textChanged.connect(self._update_button)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.submit_button = self.buttons.addButton(
            SUBMIT_TEXT, QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.submit_button.setDefault(True)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text_edit, 1)
        layout.addWidget(self.buttons)
        self._update_button()

    def text(self) -> str:
        return self.text_edit.toPlainText().strip()

    def _submit(self) -> None:
        if self.text():
            self.text_submitted.emit(self.text())
            self.accept()

    def _update_button(self) -> None:
        self.submit_button.setEnabled(bool(self.text()))
