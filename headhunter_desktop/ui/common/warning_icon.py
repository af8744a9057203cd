"""A warning sign that reads on light and dark backgrounds alike.

The style's own warning icon is a light yellow triangle: bold on a dark row, barely
there on a white one (1.5:1). This one is amber (7.9:1 on a dark base) with a dark
amber edge and mark (5.9:1 and more on white), so one of them always stands out.
"""

from __future__ import annotations

import functools

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap, QPolygonF

FILL = QColor("#f0a500")
EDGE = QColor("#8a5a00")
MARK = QColor("#1a1a1a")
SIZES = (16, 24, 32, 64)


@functools.cache
def warning_icon() -> QIcon:
    """The sign at the sizes item views and labels ask for (built once, after the app)."""
    icon = QIcon()
    for size in SIZES:
        icon.addPixmap(_sign(size))
    return icon


def _sign(size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(EDGE, max(1.0, size / 12))
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(FILL)
    edge = pen.widthF()
    top, right, left = (size / 2, edge), (size - edge, size - edge), (edge, size - edge)
    painter.drawPolygon(QPolygonF([QPointF(*top), QPointF(*right), QPointF(*left)]))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(MARK)
    width = max(1.5, size / 9)
    painter.drawRect(QRectF(size / 2 - width / 2, size * 0.36, width, size * 0.32))
    painter.drawEllipse(QRectF(size / 2 - width / 2, size * 0.74, width, width))
    painter.end()
    return pixmap
