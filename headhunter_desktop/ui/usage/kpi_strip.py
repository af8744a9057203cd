"""The row of headline figures at the top of the usage panel."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from headhunter_desktop.core.services.usage_format import format_cost
from headhunter_desktop.core.services.usage_types import UsageTotals

KPI_NAMES = (
    "Cost (USD)",
    "Calls",
    "Input tokens",
    "Output tokens",
    "Avg tokens / call",
    "Errors",
    "Latency p50 / p95",
    "Unpriced calls",
)


class _Card(QFrame):
    def __init__(self, title: str):
        super().__init__()
        self.setObjectName("kpiCard")
        self.title = QLabel(title)
        self.title.setObjectName("kpiTitle")
        self.value = QLabel("—")
        self.value.setObjectName("kpiValue")
        self.detail = QLabel("")
        self.detail.setObjectName("kpiDetail")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        for label in (self.title, self.value, self.detail):
            layout.addWidget(label)


class KpiStrip(QWidget):
    """Eight cards in two rows of four, so they fit a 1024-pixel-wide laptop screen."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.cards = {name: _Card(name) for name in KPI_NAMES}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for index, card in enumerate(self.cards.values()):
            grid.addWidget(card, index // 4, index % 4)

    def show_totals(self, t: UsageTotals) -> None:
        self._set("Cost (USD)", f"${format_cost(t.cost_usd)}", _unpriced_note(t))
        self._set("Calls", f"{t.calls:,}", "")
        self._set("Input tokens", f"{t.tokens_input:,}", f"{t.tokens_cached_input:,} cached")
        self._set("Output tokens", f"{t.tokens_output:,}", f"{t.tokens_reasoning:,} reasoning")
        self._set("Avg tokens / call", f"{t.avg_tokens_per_call:,.0f}", f"{t.tokens_total:,} total")
        self._set("Errors", f"{t.errors:,}", f"{t.error_rate:.1%} of calls")
        latency = (
            f"{_ms(t.latency_p50_ms)} / {_ms(t.latency_p95_ms)}"
            if t.latency_p50_ms is not None
            else "—"
        )
        self._set("Latency p50 / p95", latency, "")
        card = self.cards["Unpriced calls"]
        self._set(
            "Unpriced calls",
            f"{t.unpriced_calls:,}",
            "no price known: set one" if t.unpriced_calls else "",
        )
        card.setProperty("warning", t.unpriced_calls > 0)
        card.style().unpolish(card)
        card.style().polish(card)

    def value_of(self, name: str) -> str:
        return self.cards[name].value.text()

    def _set(self, name: str, value: str, detail: str) -> None:
        card = self.cards[name]
        card.value.setText(value)
        card.detail.setText(detail)


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
