"""A table cell drawn as a budget bar: the share spent, a mark where the month is heading,
a tick at the warning threshold, and the percentage beside it.

Every colour comes from the palette (or is chosen for its lightness), so the bar reads on
a dark theme as on a light one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QLineF, QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from headhunter_desktop.ui.common.generation_status import error_colour

WARN_ON_LIGHT = QColor("#a15c00")
WARN_ON_DARK = QColor("#ffb74d")
BAR_WIDTH = 120
BAR_HEIGHT = 10
TEXT_GAP = 6
WIDEST_TEXT = "999 %"

Index = QModelIndex | QPersistentModelIndex


def warning_colour(palette: QPalette) -> QColor:
    """An amber that reads on this palette's window: dark on light, light on dark."""
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    return WARN_ON_DARK if dark else WARN_ON_LIGHT


@dataclass(frozen=True)
class BarValues:
    """Spent / limit, projected / limit, and the warning threshold (None: no budget)."""

    ratio: float | None
    projected_ratio: float | None
    warn_ratio: float | None


def fill_colour(values: BarValues, palette: QPalette) -> QColor:
    """Highlight within budget, amber past the warning, the error red at the limit."""
    ratio = values.ratio or 0.0
    if ratio >= 1:
        return error_colour(palette)
    if values.warn_ratio is not None and ratio >= values.warn_ratio:
        return warning_colour(palette)
    return palette.color(QPalette.ColorRole.Highlight)


def _mix(a: QColor, b: QColor, share_of_b: float) -> QColor:
    keep = 1 - share_of_b
    return QColor(
        round(a.red() * keep + b.red() * share_of_b),
        round(a.green() * keep + b.green() * share_of_b),
        round(a.blue() * keep + b.blue() * share_of_b),
    )


class BudgetBarDelegate(QStyledItemDelegate):
    """Paints the `BarValues` found under `role`; the cell's display text beside the bar."""

    def __init__(self, role: int, parent: QWidget | None = None):
        super().__init__(parent)
        self._role = role

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        base = super().sizeHint(option, index)
        text = option.fontMetrics.horizontalAdvance(WIDEST_TEXT)
        return QSize(BAR_WIDTH + TEXT_GAP + text + 12, max(base.height(), BAR_HEIGHT + 8))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        values = index.data(self._role)
        if not isinstance(values, BarValues) or values.ratio is None:
            super().paint(painter, option, index)
            return
        # The cell's background (selection, alternate rows) as the style draws it, no text.
        plain = QStyleOptionViewItem(option)
        self.initStyleOption(plain, index)
        plain.text = ""
        widget = option.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, plain, painter, widget)
        palette: QPalette = option.palette
        rect = option.rect
        metrics = option.fontMetrics
        text_width = metrics.horizontalAdvance(WIDEST_TEXT)
        bar_width = max(20, rect.width() - text_width - TEXT_GAP - 12)
        bar = QRectF(rect.left() + 6, rect.center().y() - BAR_HEIGHT / 2 + 1, bar_width, BAR_HEIGHT)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_bar(painter, bar, values, palette)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setPen(palette.color(text_role))
        text_rect = QRectF(bar.right() + TEXT_GAP, rect.top(), text_width + 4, rect.height())
        alignment = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(text_rect, int(alignment), str(index.data() or ""))
        painter.restore()

    @staticmethod
    def _paint_bar(painter: QPainter, bar: QRectF, values: BarValues, palette: QPalette) -> None:
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_mix(base, text, 0.15))  # the track: a shade off the background
        painter.drawRoundedRect(bar, 3, 3)
        share = min(max(values.ratio or 0.0, 0.0), 1.0)
        if share > 0:
            painter.setBrush(fill_colour(values, palette))
            filled = QRectF(bar.left(), bar.top(), bar.width() * share, bar.height())
            painter.drawRoundedRect(filled, 3, 3)
        if values.warn_ratio is not None and 0 < values.warn_ratio < 1:
            x = bar.left() + bar.width() * values.warn_ratio
            painter.setPen(QPen(_mix(base, text, 0.45), 1, Qt.PenStyle.DotLine))
            painter.drawLine(QLineF(x, bar.top() - 2, x, bar.bottom() + 2))
        projected = values.projected_ratio
        if projected is not None and not math.isnan(projected):
            x = bar.left() + bar.width() * min(max(projected, 0.0), 1.0)
            painter.setPen(QPen(text, 2))
            painter.drawLine(QLineF(x, bar.top() - 3, x, bar.bottom() + 3))
