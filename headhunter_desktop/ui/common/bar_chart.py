"""A small bar chart painted with QPainter (QtCharts would add 439 MB of PySide6-Addons)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

BAR_COLOR = QColor("#3b7dd8")
MARKER_COLOR = QColor("#d9822b")  # the app's warning orange (style.qss)
MARKER_SIZE = 7.0


def nice_ceiling(value: float) -> float:
    """The axis top for `value`: the next 1, 2, 2.5 or 5 times a power of ten (0 stays 0),
    so the grid lines read as round amounts."""
    if value <= 0:
        return 0.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(power * step for step in (1, 2, 2.5, 5, 10) if power * step >= value * 0.999999)


class BarChart(QWidget):
    """Labelled bars on a y axis, with an optional second series of counts drawn as
    markers under the bars (e.g. calls without a price), each named in a legend.

    Every bar is drawn, zero ones as an empty slot, so the x axis shows the whole span.

    Signals:
        bar_clicked(int): the index of the bar the user clicked.
    """

    bar_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._labels: list[str] = []
        self._values: list[float] = []
        self._markers: list[int] = []
        self._tooltips: list[str] = []
        self._format: Callable[[float], str] = lambda v: f"{v:g}"
        self._series_name = ""
        self._marker_name = ""
        self._empty_text = "No data for this period"
        self.setMinimumHeight(140)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_data(
        self,
        labels: Sequence[str],
        values: Sequence[float],
        value_format: Callable[[float], str] | None = None,
        *,
        markers: Sequence[int] | None = None,
        tooltips: Sequence[str] | None = None,
    ) -> None:
        """One bar per label; `markers` (a count per bar, 0 for none) and `tooltips`
        (a text per bar) are optional."""
        self._labels, self._values = list(labels), [max(0.0, float(v)) for v in values]
        self._markers = list(markers) if markers is not None else [0] * len(self._values)
        self._tooltips = list(tooltips) if tooltips is not None else []
        if value_format is not None:
            self._format = value_format
        self.update()

    def set_legend(self, series_name: str, marker_name: str = "") -> None:
        """Names of the bars and of the markers, shown top right (markers' only when any)."""
        self._series_name, self._marker_name = series_name, marker_name
        self.update()

    def set_empty_text(self, text: str) -> None:
        self._empty_text = text
        self.update()

    def values(self) -> list[float]:
        return list(self._values)

    def labels(self) -> list[str]:
        return list(self._labels)

    def markers(self) -> list[int]:
        return list(self._markers)

    def sizeHint(self) -> QSize:
        return QSize(600, 180)

    # -- geometry -------------------------------------------------------------------------
    def _plot_rect(self, metrics: QFontMetrics) -> QRectF:
        area = QRectF(self.rect()).adjusted(8, 8, -8, -8)
        top = nice_ceiling(max(self._values, default=0.0))
        axis_width = metrics.horizontalAdvance(self._format(top)) + 8
        legend_height = metrics.height() + 4 if self._series_name else 0
        return area.adjusted(axis_width, legend_height, 0, -(metrics.height() + 4))

    def bar_at(self, x: float) -> int | None:
        """The index of the bar under x (widget coordinates), None outside the bars."""
        if not self._values:
            return None
        plot = self._plot_rect(QFontMetrics(self.font()))
        if not plot.left() <= x < plot.right():
            return None
        return min(len(self._values) - 1, int((x - plot.left()) / self._slot(plot)))

    def bar_center(self, index: int) -> QPointF:
        """The middle of a bar's slot (tests click there)."""
        plot = self._plot_rect(QFontMetrics(self.font()))
        slot = self._slot(plot)
        return QPointF(plot.left() + (index + 0.5) * slot, plot.center().y())

    def _slot(self, plot: QRectF) -> float:
        return plot.width() / max(1, len(self._values))

    # -- events ---------------------------------------------------------------------------
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        index = self.bar_at(event.position().x())
        if event.button() == Qt.MouseButton.LeftButton and index is not None:
            self.bar_clicked.emit(index)
        super().mouseReleaseEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        over_bar = self.bar_at(event.position().x()) is not None
        self.setCursor(
            Qt.CursorShape.PointingHandCursor if over_bar else Qt.CursorShape.ArrowCursor
        )
        super().mouseMoveEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.bar_at(event.pos().x())
            if index is not None and index < len(self._tooltips):
                QToolTip.showText(event.globalPos(), self._tooltips[index], self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    # -- painting -------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        text_color = self.palette().color(QPalette.ColorRole.WindowText)
        if not self._values:
            painter.setPen(text_color)
            painter.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, self._empty_text)
            return
        plot = self._plot_rect(metrics)
        top = nice_ceiling(max(self._values))
        self._paint_grid(painter, plot, top, metrics)
        slot = self._slot(plot)
        if top > 0:
            bar_width = max(1.0, slot * 0.7)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(BAR_COLOR)
            for i, value in enumerate(self._values):
                height = plot.height() * value / top
                x = plot.left() + i * slot + (slot - bar_width) / 2
                painter.drawRect(QRectF(x, plot.bottom() - height, bar_width, height))
        self._paint_markers(painter, plot, slot)
        self._paint_labels(painter, plot, slot, metrics)
        self._paint_legend(painter, metrics)
        if top <= 0 and not any(self._markers):
            painter.setPen(text_color)
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, self._empty_text)

    def _grid_color(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.Mid)

    def _paint_grid(
        self, painter: QPainter, plot: QRectF, top: float, metrics: QFontMetrics
    ) -> None:
        text_color = self.palette().color(QPalette.ColorRole.WindowText)
        for fraction in (0.0, 0.5, 1.0) if top > 0 else (0.0,):
            y = plot.bottom() - plot.height() * fraction
            painter.setPen(QPen(self._grid_color(), 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text_color)
            painter.drawText(
                QRectF(0, y - metrics.height() / 2, plot.left() - 4, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                self._format(top * fraction),
            )

    def _paint_markers(self, painter: QPainter, plot: QRectF, slot: float) -> None:
        # A triangle on the axis under each bar with markers: visible even on a $0 day.
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(MARKER_COLOR)
        half = min(MARKER_SIZE, max(2.0, slot * 0.4)) / 2
        for i, count in enumerate(self._markers):
            if count <= 0:
                continue
            x = plot.left() + (i + 0.5) * slot
            y = plot.bottom() - 1
            painter.drawPolygon(
                QPolygonF([QPointF(x - half, y), QPointF(x + half, y), QPointF(x, y - 2 * half)])
            )

    def _paint_labels(
        self, painter: QPainter, plot: QRectF, slot: float, metrics: QFontMetrics
    ) -> None:
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
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

    def _paint_legend(self, painter: QPainter, metrics: QFontMetrics) -> None:
        if not self._series_name:
            return
        entries = [(self._series_name, BAR_COLOR, False)]
        if self._marker_name and any(self._markers):
            entries.append((self._marker_name, MARKER_COLOR, True))
        x = self.width() - 8.0
        y = 8.0
        box = metrics.height() * 0.6
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        for name, color, triangle in reversed(entries):
            x -= metrics.horizontalAdvance(name)
            painter.drawText(QPointF(x, y + metrics.ascent()), name)
            x -= box + 4
            top = y + (metrics.height() - box) / 2
            painter.save()
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            if triangle:
                painter.drawPolygon(
                    QPolygonF(
                        [
                            QPointF(x, top + box),
                            QPointF(x + box, top + box),
                            QPointF(x + box / 2, top),
                        ]
                    )
                )
            else:
                painter.drawRect(QRectF(x, top, box, box))
            painter.restore()
            x -= 14
