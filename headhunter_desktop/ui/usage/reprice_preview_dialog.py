"""What a reprice would change, before it changes anything: calls, clients, totals."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from headhunter_desktop.core.services.usage_format import money_text
from headhunter_desktop.core.services.usage_periods import period_text

NO_CLIENT_NAME = "(no client)"
HEADERS = ("Client", "Before", "After")


class RepricePreviewDialog(QDialog):
    """Shows a RepricePreview; accepted means "reprice", rejected leaves every cost as is."""

    def __init__(
        self,
        preview: Any,
        start: date,
        end: date,
        whose: str,
        parent: QWidget | None = None,
    ):
        """`whose`: the calls concerned, as a sentence says it ("Acme Ltd's calls")."""
        super().__init__(parent)
        self.setWindowTitle("Reprice calls")
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        self.summary = QLabel(summary_text(preview, start, end, whose))
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = _clients_table(preview)
        layout.addWidget(self.table, 1)
        note = QLabel("The old costs stay on record in the audit trail.")
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.reprice_button = buttons.addButton("Reprice", QDialogButtonBox.ButtonRole.AcceptRole)
        self.reprice_button.setEnabled(preview.calls > 0)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def whose_calls(client_key: str | None, client_name: str | None) -> str:
    """'Acme Ltd's calls', 'the calls made for no client' or 'the calls of every client'."""
    if client_key is None:
        return "the calls of every client"
    if not client_key:
        return "the calls made for no client"
    return f"{client_name or client_key}'s calls"


def summary_text(preview: Any, start: date, end: date, whose: str) -> str:
    """The preview in a few sentences (also what the tests read)."""
    period = period_text(start, end)
    if preview.calls == 0:
        return f"No call of {whose} from {period} would change cost at the current prices."
    lines = [
        f"Repricing {whose} from {period} with the current prices changes the cost of "
        f"{preview.calls:,} call(s).",
        f"Total before: {money_text(preview.before_total)} → after: "
        f"{money_text(preview.after_total)}.",
    ]
    if preview.newly_priced:
        lines.append(f"{preview.newly_priced:,} call(s) without a price get one.")
    if preview.newly_unpriced:
        lines.append(f"{preview.newly_unpriced:,} call(s) lose their price (no price known now).")
    return "\n".join(lines)


def _clients_table(preview: Any) -> QTableWidget:
    table = QTableWidget(len(preview.clients), len(HEADERS))
    table.setHorizontalHeaderLabels(HEADERS)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for row, (key, name, before, after) in enumerate(preview.clients):
        cells = (
            name or key or NO_CLIENT_NAME,
            money_text(before),
            money_text(after),
        )
        for column, text in enumerate(cells):
            table.setItem(row, column, QTableWidgetItem(text))
    return table
