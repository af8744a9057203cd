"""Set a client's monthly LLM budget: limit, warning threshold, hard cap — with the
client's name and what it has spent this month in view."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from headhunter_desktop.core.services.usage_format import money_text
from headhunter_desktop.core.services.usage_types import Budget


class BudgetDialog(QDialog):
    """Edits one client's budget.

    Signals:
        saved(object): the new Budget.
        removed(): the user removed the budget.
    """

    saved = Signal(object)
    removed = Signal()

    def __init__(
        self,
        client_uuid: str,
        client_name: str,
        budget: Budget | None,
        parent: QWidget | None = None,
        *,
        month_spend: Decimal | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(f"Monthly budget — {client_name}")
        self._client_uuid, self._client_name = client_uuid, client_name
        layout = QVBoxLayout(self)
        self.client_label = QLabel(f"<b>{_escaped(client_name)}</b>")
        self.client_label.setObjectName("sectionTitle")
        layout.addWidget(self.client_label)
        self.spend_label = QLabel(spend_text(month_spend, budget))
        self.spend_label.setVisible(month_spend is not None)  # unknown to some callers
        layout.addWidget(self.spend_label)
        intro = QLabel(
            "LLM spend for this client is checked before every call. At the warning "
            "threshold the app warns; with a hard cap, calls that would pass the limit "
            "are refused unless you confirm each one. The month resets by itself. The "
            "budget counts this client's calls from every computer sharing the usage database."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.limit = QDoubleSpinBox()
        self.limit.setRange(0.01, 1_000_000)
        self.limit.setDecimals(2)
        self.limit.setPrefix("$ ")
        self.limit.setValue(float(budget.monthly_limit_usd) if budget else 50.0)
        self.warn_percent = QSpinBox()
        self.warn_percent.setRange(1, 100)
        self.warn_percent.setSuffix(" %")
        self.warn_percent.setValue(int((budget.warn_ratio if budget else Decimal("0.8")) * 100))
        self.hard_cap = QCheckBox("Refuse calls past the limit (hard cap)")
        self.hard_cap.setChecked(budget.hard_cap if budget else False)
        form.addRow("Monthly limit:", self.limit)
        form.addRow("Warn at:", self.warn_percent)
        form.addRow("", self.hard_cap)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        if budget is not None:
            remove = buttons.addButton("Remove budget", QDialogButtonBox.ButtonRole.DestructiveRole)
            remove.clicked.connect(self._remove)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def budget(self) -> Budget:
        return Budget(
            client_uuid=self._client_uuid,
            client_company_name=self._client_name,
            monthly_limit_usd=Decimal(str(round(self.limit.value(), 2))),
            warn_ratio=Decimal(self.warn_percent.value()) / 100,
            hard_cap=self.hard_cap.isChecked(),
        )

    def _save(self) -> None:
        self.saved.emit(self.budget())
        self.accept()

    def _remove(self) -> None:
        self.removed.emit()
        self.accept()


def spend_text(spent: Decimal | None, budget: Budget | None) -> str:
    """'Spent this month: $0.0724 of $0.08 (91 %)', or without a budget just the spend."""
    if budget is None or not budget.monthly_limit_usd:
        return f"Spent this month: {money_text(spent)}"
    limit = budget.monthly_limit_usd
    share = float((spent or 0) / limit) * 100
    return f"Spent this month: {money_text(spent)} of {money_text(limit)} ({share:.0f} %)"


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
