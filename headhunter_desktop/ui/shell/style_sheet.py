"""Building many widgets at once under the app's style sheet, at the cost of one polish."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtWidgets import QApplication


@contextmanager
def style_sheet_applied_after() -> Iterator[None]:
    """Build widgets inside the block without the application's style sheet, then apply it
    to everything once.

    Under a style sheet Qt polishes a widget's whole subtree again each time the subtree
    is added to a parent. Tabs are built bottom-up (a field, its form, the form's scroll
    area, the editor, the tab), so each widget was polished once per level: building the
    window's tabs took 305 ms of the GUI thread instead of 82 ms, plus 55 ms for one
    polish afterwards. Nothing is painted in between: the block runs without events."""
    app = QApplication.instance()
    if not isinstance(app, QApplication) or not app.styleSheet():
        yield
        return
    sheet = app.styleSheet()
    app.setStyleSheet("")
    try:
        yield
    finally:
        app.setStyleSheet(sheet)
