"""The "Analyse a description" dialog: the client's own job description, pasted or read
from a dropped (or chosen) DOCX, PDF or TXT file, to be read into the posting's fields.

A file is read in the background by the CV extraction (`services.jobs.read_description`);
its text lands in the box so the recruiter sees what will be analysed; a file that cannot
be read says why, under the box, and nothing typed is lost.

Signals:
    analyse_requested(str): "Analyse" was pressed with this description.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDropEvent, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.ui.common.generation_status import ERROR_ON_DARK, ERROR_ON_LIGHT
from headhunter_desktop.ui.jobs.file_dialogs import DESCRIPTION_FILTER, ask_open_path
from headhunter_desktop.ui.shell.task_registry import TaskRegistry

ReadDescription = Callable[[Path], Awaitable[str]]
READ_TASK = "jobs.read_description"


class AnalyseDialog(QDialog):
    """Paste or drop a job description; "Analyse" hands it to the editor (module docstring).

    Signals:
        analyse_requested(str): the description to analyse.
    """

    analyse_requested = Signal(str)

    def __init__(self, read: ReadDescription, tasks: TaskRegistry, parent: QWidget | None = None):
        super().__init__(parent)
        self._read, self._tasks = read, tasks
        self._reading = False
        self.setWindowTitle("Analyse a job description")
        self.setAcceptDrops(True)
        self.resize(640, 520)
        self._build()
        self._update_button()
        # A file still being read when the dialog closes has nowhere to go.
        self.finished.connect(lambda _result: self._tasks.cancel(READ_TASK))

    def _build(self) -> None:
        intro = QLabel(
            "Paste the client's job description, or drop its file here. Its facts are read "
            "into the posting's fields in the client's voice; what it does not say stays "
            "empty or is marked <i>suggested</i>."
        )
        intro.setWordWrap(True)
        self.text_edit = QPlainTextEdit()
        self.text_edit.setPlaceholderText("Paste the job description here…")
        self.text_edit.textChanged.connect(self._update_button)
        self.drop_zone = DescriptionDropZone()
        self.drop_zone.choose_button.clicked.connect(self.choose_file)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.analyse_button = self.buttons.addButton(
            "Analyse", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.analyse_button.setDefault(True)
        self.buttons.accepted.connect(self._analyse)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text_edit, 1)
        layout.addWidget(self.drop_zone)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)

    # -- files ----------------------------------------------------------------------------
    def read_file(self, path: Path) -> None:
        """Read `path` in the background into the box (a dropped or chosen file)."""
        self._show_note(f"Reading {path.name}…", error=False)
        self._reading = True
        self.analyse_button.setEnabled(False)
        self._tasks.start(READ_TASK, self._read_into_box(path))

    def choose_file(self) -> None:
        self._tasks.start("jobs.choose_description", self._choose())

    def is_reading(self) -> bool:
        return self._reading

    async def _choose(self) -> None:
        path = await ask_open_path(self, "Choose a job description", DESCRIPTION_FILTER)
        if path is not None:
            self.read_file(path)

    async def _read_into_box(self, path: Path) -> None:
        # No `finally`: a read cancelled because the dialog closed touches nothing.
        try:
            text = await self._read(path)
        except UserFacingError as exc:
            self._show_note(str(exc), error=True)
        else:
            self.text_edit.setPlainText(text)
            self._show_note(f"Read from {path.name}: check it, then press Analyse.", error=False)
        self._reading = False
        self._update_button()

    # -- dropping -------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _first_file(event) is not None:
            self.drop_zone.set_hover(True)
            event.acceptProposedAction()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self.drop_zone.set_hover(False)

    def dropEvent(self, event: QDropEvent) -> None:
        self.drop_zone.set_hover(False)
        path = _first_file(event)
        if path is not None:
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            self.read_file(path)

    # -- inside ---------------------------------------------------------------------------
    def description(self) -> str:
        return self.text_edit.toPlainText().strip()

    def _analyse(self) -> None:
        if self.description() and not self.is_reading():
            self.analyse_requested.emit(self.description())
            self.accept()

    def _update_button(self) -> None:
        self.analyse_button.setEnabled(bool(self.description()) and not self.is_reading())

    def _show_note(self, text: str, *, error: bool) -> None:
        palette = self.note.palette()
        colour = self.palette().color(QPalette.ColorRole.WindowText)
        if error:
            dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
            colour = ERROR_ON_DARK if dark else ERROR_ON_LIGHT
        palette.setColor(QPalette.ColorRole.WindowText, colour)
        self.note.setPalette(palette)
        self.note.setText(text)
        self.note.show()


class DescriptionDropZone(QFrame):
    """Where a description file is dropped (the whole dialog accepts drops), and its button."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("descriptionDropZone")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        label = QLabel("Or drop a DOCX, PDF or TXT file here")
        label.setWordWrap(True)
        self.choose_button = QPushButton("Choose file…")
        layout = QHBoxLayout(self)
        layout.addWidget(label, 1)
        layout.addWidget(self.choose_button)

    def set_hover(self, hover: bool) -> None:
        self.setProperty("hover", hover)
        self.setBackgroundRole(QPalette.ColorRole.Highlight if hover else QPalette.ColorRole.Window)
        self.setAutoFillBackground(hover)


def _first_file(event: QDragEnterEvent | QDropEvent) -> Path | None:
    urls = [url for url in event.mimeData().urls() if url.isLocalFile()]
    return Path(urls[0].toLocalFile()) if urls else None
