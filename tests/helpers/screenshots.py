"""Screens as the user sees them: the app's style sheet in a light or a dark palette,
grabbed to PNG files, and a check that no widget is squeezed below the size it needs."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from headhunter_desktop.resources import read_text_resource

# Set it to keep the screenshots somewhere to look at (tests write to tmp_path otherwise).
SCREENSHOT_DIR_VARIABLE = "HEADHUNTER_SCREENSHOT_DIR"
_DARK = {
    QPalette.ColorRole.Window: "#2b2d30",
    QPalette.ColorRole.WindowText: "#e6e6e6",
    QPalette.ColorRole.Base: "#1e1f22",
    QPalette.ColorRole.AlternateBase: "#26282b",
    QPalette.ColorRole.Text: "#e6e6e6",
    QPalette.ColorRole.PlaceholderText: "#9a9ea6",
    QPalette.ColorRole.Button: "#3c3f41",
    QPalette.ColorRole.ButtonText: "#e6e6e6",
    QPalette.ColorRole.Highlight: "#3b7dd8",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#3c3f41",
    QPalette.ColorRole.ToolTipText: "#e6e6e6",
    QPalette.ColorRole.Light: "#4a4d50",
    QPalette.ColorRole.Midlight: "#3f4245",
    QPalette.ColorRole.Mid: "#35383b",
    QPalette.ColorRole.Dark: "#1a1b1d",
    QPalette.ColorRole.Shadow: "#000000",
    QPalette.ColorRole.Link: "#6ea8ff",
}


def dark_palette() -> QPalette:
    """A dark palette like the desktops' dark themes (disabled text dimmed)."""
    palette = QPalette()
    for role, color in _DARK.items():
        palette.setColor(role, QColor(color))
    disabled = QPalette.ColorGroup.Disabled
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(disabled, role, QColor("#7a7d80"))
    palette.setColor(disabled, QPalette.ColorRole.WindowText, QColor("#7a7d80"))
    return palette


def looks() -> dict[str, QPalette | None]:
    """The palettes a screenshot test grabs in: light and dark when the pictures are kept
    (HEADHUNTER_SCREENSHOT_DIR set), else light only — what such a test asserts (no widget
    squeezed) is geometry, the same in both, and each restyle of the app costs seconds."""
    if os.environ.get("HEADHUNTER_SCREENSHOT_DIR"):
        return {"light": None, "dark": dark_palette()}
    return {"light": None}


def window_sizes(window: QWidget) -> dict[str, QSize]:
    """The window sizes a screenshot test grabs at: 1280×800, 1024×640 and the minimum
    when the pictures are kept; else only the two where widgets get squeezed."""
    smallest = window.minimumSize().expandedTo(window.minimumSizeHint())
    sizes = {"1280x800": QSize(1280, 800), "1024x640": QSize(1024, 640), "minimum": smallest}
    if not os.environ.get("HEADHUNTER_SCREENSHOT_DIR"):
        del sizes["1280x800"]
    return sizes


@contextmanager
def app_look(palette: QPalette | None = None) -> Iterator[None]:
    """The app's style sheet (and `palette`, default: the style's own) until the block ends."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    old_palette, old_sheet = app.palette(), app.styleSheet()
    app.setPalette(palette or app.style().standardPalette())
    app.setStyleSheet(read_text_resource("style.qss"))
    try:
        yield
    finally:
        app.setStyleSheet(old_sheet)
        app.setPalette(old_palette)


def save_screenshot(widget: QWidget, name: str, folder: Path) -> Path:
    """`widget` as shown, to `folder`/`name`.png (and to $HEADHUNTER_SCREENSHOT_DIR if set)."""
    image = widget.grab()
    assert not image.isNull(), f"{name}: nothing to grab"
    path = folder / f"{name}.png"
    assert image.save(str(path))
    if extra := os.environ.get(SCREENSHOT_DIR_VARIABLE):
        Path(extra).mkdir(parents=True, exist_ok=True)
        assert image.save(str(Path(extra) / f"{name}.png"))
    return path


_CHECKED = (QLabel, QLineEdit, QComboBox, QAbstractButton, QPlainTextEdit, QAbstractSpinBox)
LINE_EDIT_MARGINS = 12  # Fusion's frame and text margins, both sides


def squeezed_widgets(top: QWidget) -> list[str]:
    """Visible labels, editors and buttons inside `top` smaller than their minimum size
    hint, wrapped labels cut short, line edits whose text is out of view: as
    "ClassName 'text': 80x20 < 95x22" lines."""
    found = []
    for widget in top.findChildren(QWidget):
        if not isinstance(widget, _CHECKED) or not widget.isVisibleTo(top):
            continue
        if isinstance(widget.parentWidget(), QComboBox | QAbstractSpinBox):
            continue  # the line edit of an editable combo box or a spin box: the box is checked
        need = widget.minimumSizeHint()
        if isinstance(widget, QLabel) and widget.wordWrap():
            need.setHeight(widget.heightForWidth(widget.width()))  # wrapped: all its lines
        if isinstance(widget, QLineEdit):  # its whole text in view, with the frame's margins
            text_width = widget.fontMetrics().horizontalAdvance(widget.text())
            need.setWidth(max(need.width(), text_width + LINE_EDIT_MARGINS))
        if widget.width() < need.width() or widget.height() < need.height():
            text = widget.text() if isinstance(widget, QLabel | QAbstractButton) else ""
            found.append(
                f"{type(widget).__name__} {text[:30]!r}: {widget.width()}x{widget.height()}"
                f" < {need.width()}x{need.height()}"
            )
    return found
