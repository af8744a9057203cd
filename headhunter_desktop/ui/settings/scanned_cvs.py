"""The "Scanned CVs" choice of the settings: who reads a CV without a text layer, and
what that sends where."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QVBoxLayout, QWidget

from headhunter_desktop.core.services.configuration import host_of

_LOCAL = "local_ocr"
_MODEL = "model"
_OFF = "off"
_NOTES = {
    _LOCAL: (
        "Scans and photos of CVs are read by OCR on this computer: free, and the pages "
        "never leave it. Check names and numbers on CVs read from a scan."
    ),
    _MODEL: (
        "Each page of a scanned CV is sent as a picture to {host}, billed to the CV's client "
        "(\u201cRead scanned CV\u201d); pictures cost more than text. The model must accept "
        "images (e.g. gpt-4o-mini); if it refuses them, OCR on this computer reads the pages."
    ),
    _OFF: "A CV without a text layer (a scan or a photo) is not imported: run OCR on it first.",
}


class ScannedCvChoice(QWidget):
    """A combo box of the three ways, and a note on what the chosen one sends where."""

    def __init__(self, value: str, base_url: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.combo = QComboBox()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        layout.addWidget(self.note)
        self._host = host_of(base_url)
        self._fill()
        self.combo.setCurrentIndex(max(0, self.combo.findData(value)))
        self.combo.currentIndexChanged.connect(self._show_note)
        self._show_note()

    def value(self) -> str:
        """The setting's value: "local_ocr", "model" or "off"."""
        return str(self.combo.currentData())

    def set_server(self, base_url: str | None) -> None:
        """The server the pages would go to, as the base URL field now says."""
        self._host = host_of(base_url or None)
        chosen = self.value()
        self.combo.blockSignals(True)
        self.combo.clear()
        self._fill()
        self.combo.setCurrentIndex(self.combo.findData(chosen))
        self.combo.blockSignals(False)
        self._show_note()

    def _fill(self) -> None:
        self.combo.addItem("Read on this computer (local OCR)", _LOCAL)
        self.combo.addItem(f"Read with the model (pages are sent to {self._host})", _MODEL)
        self.combo.addItem("Don't read", _OFF)

    def _show_note(self) -> None:
        self.note.setText(_NOTES[self.value()].format(host=self._host))
