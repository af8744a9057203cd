"""The row of headline figures at the top of the usage panel, each against the previous
period, each a way into the calls it counts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from headhunter_desktop.core.services.usage_format import MINUS, known_cost, money_text
from headhunter_desktop.core.services.usage_periods import period_text
from headhunter_desktop.core.services.usage_types import UsageTotals

COST, CALLS, TOKENS = "Cost (USD)", "Calls", "Tokens"
ERRORS, UNPRICED = "Errors", "Unpriced calls"
KPI_NAMES = (
    COST,
    CALLS,
    TOKENS,
    "Input tokens",
    "Output tokens",
    ERRORS,
    "Latency p50 / p95",
    UNPRICED,
)
# Which figure of the comparison each card sets against the previous period.
COMPARED = {COST: "cost", CALLS: "calls", TOKENS: "tokens"}


class _Card(QFrame):
    """A titled figure with a detail line; a click asks for the calls behind it."""

    def __init__(self, title: str, on_click: Any):
        super().__init__()
        self.setObjectName("kpiCard")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip("Click to list these calls")
        self._on_click = on_click
        self.title = QLabel(title)
        self.title.setObjectName("kpiTitle")
        self.value = QLabel("—")
        self.value.setObjectName("kpiValue")
        self.detail = QLabel("")
        self.detail.setObjectName("kpiDetail")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 4)
        layout.setSpacing(0)
        for label in (self.title, self.value, self.detail):
            layout.addWidget(label)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self._on_click()
        super().mouseReleaseEvent(event)


class KpiStrip(QWidget):
    """Eight cards in two rows of four, so they fit a 1024-pixel-wide laptop screen.

    Signals:
        kpi_clicked(str): the name of the card the user clicked (KPI_NAMES).
    """

    kpi_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.cards = {
            name: _Card(name, lambda n=name: self.kpi_clicked.emit(n)) for name in KPI_NAMES
        }
        self._totals: UsageTotals | None = None
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        for index, card in enumerate(self.cards.values()):
            grid.addWidget(card, index // 4, index % 4)

    def show_totals(self, t: UsageTotals, comparison: Any | None = None) -> None:
        """The period's figures; with a PeriodComparison, cost, calls and tokens each
        say how they moved against the previous period."""
        self._totals = t
        self._set(COST, money_text(known_cost(t)), _unpriced_note(t))
        self._set(CALLS, f"{t.calls:,}", "")
        self._set(TOKENS, f"{t.tokens_total:,}", f"{t.avg_tokens_per_call:,.0f} per call")
        self._set("Input tokens", f"{t.tokens_input:,}", f"{t.tokens_cached_input:,} cached")
        self._set("Output tokens", f"{t.tokens_output:,}", f"{t.tokens_reasoning:,} reasoning")
        self._set(ERRORS, f"{t.errors:,}", f"{t.error_rate:.1%} of calls")
        latency = (
            f"{_ms(t.latency_p50_ms)} / {_ms(t.latency_p95_ms)}"
            if t.latency_p50_ms is not None
            else "—"
        )
        self._set("Latency p50 / p95", latency, "")
        self._set(
            UNPRICED, f"{t.unpriced_calls:,}", "no price known: set one" if t.unpriced_calls else ""
        )
        card = self.cards[UNPRICED]
        card.setProperty("warning", t.unpriced_calls > 0)
        card.style().unpolish(card)
        card.style().polish(card)
        for name in COMPARED:
            self.cards[name].setToolTip("Click to list these calls")
        if comparison is not None:
            self._show_comparison(comparison)

    def _show_comparison(self, comparison: Any) -> None:
        previous = period_text(comparison.previous_start, comparison.previous_end)
        for name, figure in COMPARED.items():
            change = getattr(comparison, figure)
            money = figure == "cost"
            self.cards[name].detail.setText(f"{change_text(change, money=money)} vs previous")
            was = money_text(change.previous) if money else f"{int(change.previous):,}"
            self.cards[name].setToolTip(
                f"Previous period ({previous}): {was}\nClick to list these calls"
            )

    def value_of(self, name: str) -> str:
        return self.cards[name].value.text()

    def detail_of(self, name: str) -> str:
        return self.cards[name].detail.text()

    def _set(self, name: str, value: str, detail: str) -> None:
        card = self.cards[name]
        card.value.setText(value)
        card.detail.setText(detail)


def change_text(change: Any, *, money: bool) -> str:
    """'▲ +$0.0050 (+12 %)', '▼ −3 (−50 %)', '= $0.00 (0 %)'; '(new)' after a period of 0."""
    delta = Decimal(change.delta)
    arrow = "▲" if delta > 0 else "▼" if delta < 0 else "="
    sign = "+" if delta > 0 else ""
    amount = money_text(delta) if money else f"{int(delta):,}".replace("-", MINUS)
    if change.pct is None:
        share = "new" if delta else "0 %"
    else:
        rounded = round(change.pct)
        share = f"{rounded:+,d} %".replace("-", MINUS) if rounded else "0 %"
    return f"{arrow} {sign}{amount} ({share})"


def _ms(value: int | None) -> str:
    if value is None:
        return "—"
    return f"{value / 1000:.1f} s" if value >= 1000 else f"{value} ms"


def _unpriced_note(t: UsageTotals) -> str:
    return (
        f"+ {t.unpriced_calls} unpriced call(s)"
        if t.unpriced_calls
        else "exact, at call-time prices"
    )
