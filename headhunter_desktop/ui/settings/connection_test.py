"""A "Test connection" button and what the test found: the models the server lists, or
why it could not be reached (the settings' chat server and its embeddings server)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.services.configuration import ClientOptions, probe_connection
from headhunter_desktop.ui.common.generation_status import error_colour


class ConnectionTest(QWidget):
    """The button starts nothing by itself: its owner connects `button.clicked` to a task
    that calls `probe` and, when models come back, says what it did with them."""

    def __init__(self, button_text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.button = QPushButton(button_text)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.button)
        row.addWidget(self.result, 1)

    async def probe(self, options: ClientOptions) -> list[str] | None:
        """The server's models, or None (the reason shown) when it cannot be reached."""
        self.button.setEnabled(False)
        self.result.setText("Connecting…")
        try:
            return await probe_connection(options)
        except UserFacingError as exc:
            colour = error_colour(self.palette()).name()  # readable in a dark theme too
            self.result.setText(f"<span style='color:{colour}'>✗ {exc}</span>")
            return None
        finally:
            self.button.setEnabled(True)

    def show_connected(self, text: str) -> None:
        self.result.setText(f"✓ Connected: {text}")
