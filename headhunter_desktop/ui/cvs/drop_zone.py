"""Where CVs are dropped: files or whole folders, from the file manager or the desktop."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


def local_paths(mime: QMimeData) -> list[Path]:
    """The local files and folders of a drag; remote URLs are ignored."""
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class CvDropZone(QFrame):
    """A visible drop target with the pick-files buttons beside it.

    Signals:
        paths_dropped(list): Path objects of the dropped files and folders.
        pick_files_requested(), pick_folder_requested(): the buttons were pressed.
    """

    paths_dropped = Signal(list)
    pick_files_requested = Signal()
    pick_folder_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("dropZone")
        self.setAcceptDrops(True)
        self.label = QLabel()
        self.label.setWordWrap(True)
        files = QPushButton("Choose files…")
        folder = QPushButton("Choose folder…")
        files.clicked.connect(self.pick_files_requested)
        folder.clicked.connect(self.pick_folder_requested)
        layout = QHBoxLayout(self)
        layout.addWidget(self.label, 1)
        layout.addWidget(files)
        layout.addWidget(folder)
        self.set_target(None)

    def set_target(self, client_name: str | None) -> None:
        whom = f"<b>{client_name}</b>" if client_name else "the agency's own pool"
        self.label.setText(
            f"Drop CV files or folders here (PDF, DOCX, TXT, scans) — they are imported for {whom}."
        )

    def set_hover(self, hover: bool) -> None:
        self.setProperty("hover", hover)
        self.style().unpolish(self)
        self.style().polish(self)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            self.set_hover(True)
            event.acceptProposedAction()

    def dragLeaveEvent(self, event: object) -> None:
        self.set_hover(False)

    def dropEvent(self, event: QDropEvent) -> None:
        self.set_hover(False)
        paths = local_paths(event.mimeData())
        if paths:
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            self.paths_dropped.emit(paths)
