"""A Markdown document printed to PDF by Qt (an interview's feedback, say).

Qt lays the text out (QTextDocument reads the Markdown) and QPdfWriter paginates it on
A4 with margins, so the PDF holds real, selectable text. Raw HTML in the Markdown is shown
as text, never interpreted: the text may come from a model. Works without a window: the
CLI has no application object, so one is made (offscreen when there is no display).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
    QTextFrameFormat,
    QTextLength,
    QTextTable,
)
from PySide6.QtWidgets import QApplication

from headhunter_desktop.core.errors import UserFacingError

MARGIN_MM = 18.0
BODY_POINT_SIZE = 10
RESOLUTION_DPI = 300
RULE_COLOR = "#9a9a9a"
# GitHub's tables and autolinks; no HTML blocks nor spans, so "<script>" stays text. Qt's
# GitHub dialect reads _text_ as underline (md4c's MD_FLAG_UNDERLINE), which on paper looks
# like a link: GitHub itself shows it in italics, as the exports mean it.
_MD_FLAG_UNDERLINE = 0x4000
MARKDOWN_FEATURES = QTextDocument.MarkdownFeature(
    (
        QTextDocument.MarkdownFeature.MarkdownDialectGitHub.value
        | QTextDocument.MarkdownFeature.MarkdownNoHTML.value
    )
    & ~_MD_FLAG_UNDERLINE
)
# Kept for the life of the process: Qt needs its application object while it draws.
_headless_app: list[QGuiApplication] = []  # kept alive for the process


class PdfExportError(UserFacingError):
    """The PDF could not be written where the user asked."""

    code = "pdf_export"


def write_markdown_pdf(markdown: str, path: Path, *, title: str) -> None:
    """Print `markdown` to an A4 PDF at `path` whose document title is `title`.
    PdfExportError when the file cannot be written."""
    data = markdown_pdf_bytes(markdown, title=title)
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise PdfExportError(f"Cannot write {path}: {exc.strerror or exc}.") from None


def markdown_pdf_bytes(markdown: str, *, title: str) -> bytes:
    """The PDF of `markdown` as bytes (for a caller that writes the file elsewhere)."""
    ensure_gui_application()
    document = markdown_document(markdown, title=title)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = _pdf_writer(buffer, title)
    document.print_(writer)
    del writer  # the PDF is finished when the writer goes
    buffer.close()
    return bytes(buffer.data().data())


def markdown_document(markdown: str, *, title: str) -> QTextDocument:
    """The laid-out document: Markdown read the safe way, tables given visible rules."""
    document = QTextDocument()
    document.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, title)
    document.setDefaultFont(QFont(document.defaultFont().family(), BODY_POINT_SIZE))
    document.setMarkdown(markdown, MARKDOWN_FEATURES)
    _rule_tables(document)
    return document


def ensure_gui_application() -> None:
    """Make an application object when there is none (the CLI); the GUI's own is reused.

    A QApplication, not a bare QGuiApplication, although printing needs no widgets: there
    is one application object per process, and a QGuiApplication left behind makes every
    widget created later in the process abort ("QWidget: Cannot create a QWidget without
    QApplication") — a window opened after an export, or the next GUI test."""
    if QGuiApplication.instance() is not None:
        return
    argv = [sys.argv[0] if sys.argv and sys.argv[0] else "headhunter-desktop"]
    if _no_display():
        argv += ["-platform", "offscreen"]
    _headless_app.append(QApplication(argv))


def _no_display() -> bool:
    # Only X11/Wayland need a display server; a user's own QT_QPA_PLATFORM wins.
    if os.environ.get("QT_QPA_PLATFORM") or not sys.platform.startswith("linux"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _pdf_writer(buffer: QBuffer, title: str) -> QPdfWriter:
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION_DPI)
    writer.setTitle(title)
    writer.setCreator("Headhunter Desktop")
    margins = QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM)
    layout = QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Portrait,
        margins,
        QPageLayout.Unit.Millimeter,
    )
    writer.setPageLayout(layout)
    return writer


def _rule_tables(document: QTextDocument) -> None:
    # Markdown tables come without borders: a scorecard reads better with thin rules.
    for frame in document.rootFrame().childFrames():
        if isinstance(frame, QTextTable):
            table_format = frame.format()
            table_format.setBorder(1)
            table_format.setBorderBrush(QBrush(QColor(RULE_COLOR)))
            table_format.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
            table_format.setBorderCollapse(True)
            table_format.setCellPadding(4)
            table_format.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
            frame.setFormat(table_format)
