"""Price overrides (negotiated prices, local models) and repricing of stored costs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.services.usage import UsageService
from headhunter_desktop.core.services.usage_format import format_cost
from headhunter_desktop.core.services.usage_types import PriceOverride
from headhunter_desktop.ui.shell.async_dialogs import answer_of
from headhunter_desktop.ui.shell.task_registry import TaskRegistry
from headhunter_desktop.ui.usage.period_choices import to_date
from headhunter_desktop.ui.usage.reprice_preview_dialog import (
    RepricePreviewDialog,
    whose_calls,
)

HEADERS = ("Model", "Input / 1M", "Cached input / 1M", "Output / 1M", "From")


def parse_price(text: str, field: str, *, optional: bool = False) -> Decimal | None:
    """A non-negative USD amount per million tokens, as typed."""
    text = text.strip().lstrip("$").strip()
    if not text and optional:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise UserFacingError(f"{field}: '{text}' is not an amount in USD.") from None
    if value < 0 or not value.is_finite():
        raise UserFacingError(f"{field} cannot be negative.")
    return value


class PricesDialog(QDialog):
    """Lists overrides, adds and removes them, and reprices a period with the new prices:
    the calls of `client_key` (the client the Usage tab shows) or, with None, everyone's."""

    def __init__(
        self,
        usage: UsageService,
        tasks: TaskRegistry,
        parent: QWidget | None = None,
        *,
        client_key: str | None = None,
        client_name: str | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Prices")
        self.setMinimumWidth(640)
        self._usage, self._tasks = usage, tasks
        self._client_key, self._client_name = client_key, client_name
        self._overrides: list[PriceOverride] = []
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Costs come from the public price list (genai-prices) at each call's time. "
            "Add a price here for a negotiated rate or a local model (a local model costs "
            "$0 only once you say so; until then its calls show as unpriced)."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        self.remove_button = QPushButton("Remove selected price")
        self.remove_button.clicked.connect(self.remove_selected)
        layout.addWidget(self.remove_button)
        layout.addWidget(self._build_add_group())
        layout.addWidget(self._build_reprice_group())
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _build_add_group(self) -> QGroupBox:
        group = QGroupBox("Add a price (USD per 1M tokens)")
        form = QFormLayout(group)
        self.model_edit = QLineEdit()
        self.model_edit.setPlaceholderText("e.g. gpt-4o-mini or llama3.1:8b")
        self.input_edit, self.cached_edit, self.output_edit = QLineEdit(), QLineEdit(), QLineEdit()
        self.cached_edit.setPlaceholderText("same as input")
        self.from_edit = QDateEdit(QDate.currentDate())
        self.from_edit.setCalendarPopup(True)
        self.from_edit.setDisplayFormat("yyyy-MM-dd")
        for label, widget in (
            ("Model:", self.model_edit),
            ("Input:", self.input_edit),
            ("Cached input:", self.cached_edit),
            ("Output:", self.output_edit),
            ("In force from (UTC):", self.from_edit),
        ):
            form.addRow(label, widget)
        add = QPushButton("Add price")
        add.clicked.connect(self.add_from_form)
        form.addRow("", add)
        return group

    def _build_reprice_group(self) -> QGroupBox:
        group = QGroupBox(f"Reprice {whose_calls(self._client_key, self._client_name)}")
        row = QHBoxLayout(group)
        today = QDate.currentDate()
        self.reprice_from = QDateEdit(QDate(today.year(), today.month(), 1))
        self.reprice_to = QDateEdit(today)
        for edit in (self.reprice_from, self.reprice_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        button = QPushButton("Reprice…")
        button.clicked.connect(self.reprice)
        for widget in (QLabel("From"), self.reprice_from, QLabel("to"), self.reprice_to, button):
            row.addWidget(widget)
        row.addStretch()
        return group

    # -- behaviour ------------------------------------------------------------------------
    def load(self) -> None:
        self._tasks.start("prices.load", self._load())

    async def _load(self) -> None:
        self._overrides = await self._usage.price_overrides()
        self.table.setRowCount(len(self._overrides))
        for row, o in enumerate(self._overrides):
            cells = (
                o.model,
                format_cost(o.input_per_mtok),
                "same as input"
                if o.cached_input_per_mtok is None
                else format_cost(o.cached_input_per_mtok),
                format_cost(o.output_per_mtok),
                o.effective_from.isoformat(),
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))

    def override_from_form(self) -> PriceOverride:
        model = self.model_edit.text().strip()
        if not model:
            raise UserFacingError("Name the model the price is for.")
        return PriceOverride(
            model=model,
            input_per_mtok=parse_price(self.input_edit.text(), "Input"),  # type: ignore[arg-type]
            output_per_mtok=parse_price(self.output_edit.text(), "Output"),  # type: ignore[arg-type]
            cached_input_per_mtok=parse_price(
                self.cached_edit.text(), "Cached input", optional=True
            ),
            effective_from=to_date(self.from_edit.date()),
        )

    def add_from_form(self) -> None:
        try:
            override = self.override_from_form()
        except UserFacingError as exc:
            self.status.setText(str(exc))
            return
        self._tasks.start("prices.add", self._add(override))

    async def _add(self, override: PriceOverride) -> None:
        await self._usage.add_price_override(override)
        self.status.setText(
            f"Price for {override.model} saved. New calls use it; reprice to update stored ones."
        )
        await self._load()

    def remove_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            o = self._overrides[rows[0].row()]
            self._tasks.start("prices.remove", self._remove(o.model, o.effective_from))

    async def _remove(self, model: str, effective_from: date) -> None:
        await self._usage.delete_price_override(model, effective_from)
        await self._load()

    def reprice(self) -> None:
        start = to_date(self.reprice_from.date())
        end = to_date(self.reprice_to.date())
        self._tasks.start("prices.reprice", self._reprice(start, end))

    async def _reprice(self, start: date, end: date) -> None:
        if end < start:
            self.status.setText("The end of the period is before its start.")
            return
        self.status.setText("Working out what would change…")
        preview = await self._usage.reprice_preview(start, end, self._client_key)
        whose = whose_calls(self._client_key, self._client_name)
        dialog = RepricePreviewDialog(preview, start, end, whose, self)
        accepted = QDialog.DialogCode.Accepted
        if not await answer_of(dialog, lambda result: result == accepted):
            self.status.setText("Nothing repriced.")
            return
        self.status.setText("Repricing…")
        changed = await self._usage.reprice(start, end, self._client_key)
        self.status.setText(f"Repriced: {changed} call(s) changed cost. Old values are kept.")
