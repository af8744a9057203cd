"""The rows of the profile editor around its forms: the client's name with the profile's
state, the website with "Read website" and "Paste text instead…", and the status strip
with Save — and the guidance the editor shows before a read."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from headhunter_desktop.ui.common.generation_status import GenerationStatus

# One line each, short enough for the smallest window (the tooltip holds the whole text).
NO_LLM_GUIDANCE = "Reading needs an LLM connection. You can still type the profile."
NO_WEBSITE_GUIDANCE = "No website yet: type it above, or use Paste text instead."
READY_GUIDANCE = "Read website fills the empty fields; you choose where yours differ."
READ_TIP = "Read the company's pages and fill the profile from them (Enter in the website)"


def guidance(llm_ready: bool, has_website: bool) -> tuple[str, bool]:
    """What to do next, and whether "Open Settings…" goes with it."""
    if not llm_ready:
        return NO_LLM_GUIDANCE, True
    return (READY_GUIDANCE if has_website else NO_WEBSITE_GUIDANCE), False


class ProfileTitle(QWidget):
    """The client's name, large, and the profile's state ("Saved", "Unsaved changes")."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.name = QLabel()
        self.name.setObjectName("profileClientName")
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        font = self.name.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setWeight(QFont.Weight.DemiBold)
        self.name.setFont(font)
        self.state = QLabel()
        self.state.setObjectName("profileState")
        self.state.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.name, 1)
        row.addWidget(self.state)

    def show_client(self, name: str) -> None:
        self.name.setText(name)
        self.name.setToolTip(name)


class WebsiteRow(QWidget):
    """The website, and the two ways to read a profile: from it, or from a paste."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setObjectName("profileWebsite")
        self.edit.setPlaceholderText("https://www.example.com")
        self.edit.setAccessibleName("Website")
        caption = QLabel("&Website")
        caption.setBuddy(self.edit)
        self.read_button = QPushButton("&Read website")
        self.paste_button = QPushButton("Paste te&xt instead…")
        self.paste_button.setToolTip(
            "Fill the profile from text you paste: for sites that cannot be read"
        )
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(caption)
        row.addWidget(self.edit, 1)
        row.addWidget(self.read_button)
        row.addWidget(self.paste_button)

    def set_actions(self, *, read: bool, paste: bool) -> None:
        self.read_button.setEnabled(read)
        self.paste_button.setEnabled(paste)

    def set_tips(self, llm_ready: bool, has_website: bool) -> None:
        if not llm_ready:
            tip = "Set up the LLM connection first (Open Settings…)"
        elif not has_website:
            tip = "Type the company's website first"
        else:
            tip = READ_TIP
        self.read_button.setToolTip(tip)


class ProfileButtons(QWidget):
    """The status strip (what a read is doing, Cancel) and Save, in one row."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.status = GenerationStatus()
        self.save_button = QPushButton("&Save")
        self.save_button.setToolTip("Save the profile (Ctrl+S)")
        self.save_button.setDefault(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 0, 12, 8)
        row.addWidget(self.status, 1)
        row.addWidget(self.save_button)
