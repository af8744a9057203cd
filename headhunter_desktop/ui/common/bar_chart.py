"""A small bar chart painted with QPainter (QtCharts would add 439 MB of PySide6-Addons)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

BAR_COLOR = QColor("#3b7dd8")
GRID_COLOR = QColor("#d9dee4")
TEXT_COLOR = QColor("#4a5866")


class BarChart(QWidget):
    """Labelled bars with a y-axis maximum; shows a hint instead of an empty frame."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._labels: list[str] = []
        self._values: list[float] = []
        self._format: Callable[[float], str] = lambda v: f"{v:g}"
        self._empty_text = "No data for this period"
        self.setMinimumHeight(140)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_data(
        self,
        labels: Sequence[str],
        values: Sequence[float],
        value_format: Callable[[float], str] | None = None,
    ) -> None:
        self._labels, self._values = list(labels), [max(0.0, float(v)) for v in values]
        if value_format is not None:
            self._format = value_format
        self.update()

    def values(self) -> list[float]:
        return list(self._values)

    def sizeHint(self) -> QSize:
        return QSize(600, 180)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        area = QRectF(self.rect()).adjusted(8, 8, -8, -8)
        if not self._values or max(self._values) <= 0:
            painter.setPen(TEXT_COLOR)
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, self._empty_text)
            return
        top = max(self._values)
        axis_width = metrics.horizontalAdvance(self._format(top)) + 8
        label_height = metrics.height() + 4
        plot = area.adjusted(axis_width, 0, 0, -label_height)
        self._paint_grid(painter, plot, top, metrics)
        slot = plot.width() / len(self._values)
        bar_width = max(1.0, slot * 0.7)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(BAR_COLOR)
        for i, value in enumerate(self._values):
            height = plot.height() * value / top
            x = plot.left() + i * slot + (slot - bar_width) / 2
            painter.drawRect(QRectF(x, plot.bottom() - height, bar_width, height))
        self._paint_labels(painter, plot, slot, metrics)

    def _paint_grid(
        self, painter: QPainter, plot: QRectF, top: float, metrics: QFontMetrics
    ) -> None:
        painter.setPen(QPen(GRID_COLOR, 1))
        for fraction in (0.0, 0.5, 1.0):
            y = plot.bottom() - plot.height() * fraction
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(TEXT_COLOR)
            text = self._format(top * fraction)
            painter.drawText(
                QRectF(0, y - metrics.height() / 2, plot.left() - 4, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
            painter.setPen(QPen(GRID_COLOR, 1))

    def _paint_labels(
        self, painter: QPainter, plot: QRectF, slot: float, metrics: QFontMetrics
    ) -> None:
        painter.setPen(TEXT_COLOR)
        widest = max(metrics.horizontalAdvance(label) for label in self._labels) + 6
        every = max(1, int(widest // slot) + 1)  # skip labels that would overlap
        for i, label in enumerate(self._labels):
            if i % every:
                continue
            rect = QRectF(
                plot.left() + i * slot - widest / 2 + slot / 2,
                plot.bottom() + 2,
                widest,
                metrics.height(),
            )
            painter.drawText(rect, Qt.AlignmentFlag.AlignHCenter, label)
