"""Documents a recruiter drops or chooses (DOCX, TXT), and dropping them on a widget."""

from __future__ import annotations

from pathlib import Path

import docx
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QWidget


def write_docx(path: Path, paragraphs: list[str]) -> Path:
    """A Word document of `paragraphs` at `path`."""
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.save(str(path))
    return path


def write_txt(path: Path, paragraphs: list[str]) -> Path:
    """A UTF-8 text file of `paragraphs`, one a line, at `path`."""
    path.write_text("\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def drop_files(widget: QWidget, paths: list[Path]) -> None:
    """Drag `paths` over `widget` and drop them, as a file manager does (real Qt events,
    delivered to the widget's handlers); the drop must be accepted."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    action, button = Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton
    modifiers = Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(10, 10), action, mime, button, modifiers)
    enter.ignore()  # accepted only if the widget says so
    widget.dragEnterEvent(enter)
    assert enter.isAccepted(), "the widget refused the drag"
    drop = QDropEvent(QPointF(QPoint(10, 10)), action, mime, button, modifiers)
    drop.ignore()
    widget.dropEvent(drop)
    assert drop.isAccepted(), "the widget refused the drop"
