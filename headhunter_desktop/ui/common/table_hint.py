"""A line of guidance inside an empty table, where the rows would be.

An empty table alone shows its headers over a blank area: nothing says whether the data
is still loading, or that the filters match nothing and what to do about it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractItemView, QLabel

MARGIN = 16
TOP = 24  # below the header, where the first rows would be read


class TableHint(QLabel):
    """Centred text over `view`'s viewport, shown with `show_text` and hidden with
    `clear`; it keeps its place as the view is resized and lets clicks through."""

    def __init__(self, view: QAbstractItemView):
        super().__init__(view.viewport())
        self._area = view.viewport()  # the parent: never None
        self.setObjectName("tableHint")
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setWordWrap(True)
        self.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # readable in dark palettes
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._area.installEventFilter(self)
        self.hide()

    def show_text(self, text: str) -> None:
        self.setText(text)
        self._place()
        self.show()

    def clear(self) -> None:
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        return False

    def _place(self) -> None:
        area = self._area.rect()
        width = max(0, area.width() - 2 * MARGIN)
        self.setGeometry(QRect(MARGIN, TOP, width, self.heightForWidth(width)))
