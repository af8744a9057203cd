"""A client's monthly usage statement, previewed and saved as CSV or PDF to attach to an
invoice: calls and tokens per action, cost per action and in total, an optional markup."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.services.usage_format import money_text
from headhunter_desktop.core.services.usage_statement import (
    statement_csv,
    statement_file_name,
    statement_markdown,
    statement_title,
)
from headhunter_desktop.ui.common.generation_status import error_colour
from headhunter_desktop.ui.common.pdf_document import markdown_pdf_bytes
from headhunter_desktop.ui.common.read_only_table import read_only_table
from headhunter_desktop.ui.jobs.file_dialogs import ask_save_path
from headhunter_desktop.ui.shell.task_registry import TaskRegistry

if TYPE_CHECKING:
    from headhunter_desktop.core.services.app_services import AppServices
    from headhunter_desktop.core.services.usage_types import Statement, StatementLine

MONTHS_OFFERED = 24
HEADERS = ("Action", "Model", "Calls", "Tokens", "Cost", "Markup")
MAX_MARKUP_PCT = 1000
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class StatementFormat:
    """A kind of file the statement is saved as."""

    suffix: str
    title: str
    name_filter: str


CSV = StatementFormat("csv", "Save the statement as CSV", "CSV files (*.csv)")
PDF = StatementFormat("pdf", "Save the statement as PDF", "PDF files (*.pdf)")


def recent_months(today: date, count: int = MONTHS_OFFERED) -> list[date]:
    """The first days of this month and the `count - 1` before it, newest first."""
    months, year, month = [], today.year, today.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months


class StatementDialog(QDialog):
    """Client, month and markup; a preview of the lines; Save CSV… and Save PDF…."""

    def __init__(
        self,
        services: AppServices,
        tasks: TaskRegistry,
        clients: list[tuple[str, str]],
        selected_key: str | None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Usage statement")
        self.setMinimumWidth(680)
        self._usage, self._tasks, self._settings = services.usage, tasks, services.settings
        self.statement: Statement | None = None
        self._folder: Path | None = None  # where the last statement went
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_form(clients, selected_key))
        layout.addWidget(self._build_table(), 1)
        self.total = QLabel()
        self.total.setObjectName("statementTotal")
        self.total.setWordWrap(True)
        layout.addWidget(self.total)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        layout.addWidget(self._build_buttons())
        self.reload()

    def _build_form(self, clients: list[tuple[str, str]], selected_key: str | None) -> QFormLayout:
        self.client = QComboBox()
        for key, name in clients:
            self.client.addItem(name, key)
        self.client.setCurrentIndex(max(self.client.findData(selected_key), 0))
        self.month = QComboBox()
        for first in recent_months(date.today()):
            self.month.addItem(f"{first:%B %Y}", first)
        self.markup = QDoubleSpinBox()
        self.markup.setRange(0, MAX_MARKUP_PCT)
        self.markup.setDecimals(1)
        self.markup.setSuffix(" %")
        self.markup.setSpecialValueText("None")  # 0: no markup column at all
        self.markup.setToolTip("Shown as a column of its own beside the cost, and in the total")
        for widget in (self.client, self.month):
            widget.currentIndexChanged.connect(lambda _i: self.reload())
        self.markup.valueChanged.connect(lambda _v: self.reload())
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow("Client:", self.client)
        form.addRow("Month:", self.month)
        form.addRow("Markup:", self.markup)
        return form

    def _build_table(self) -> QTableWidget:
        self.table = read_only_table(HEADERS, stretch_column=0)
        return self.table

    def _build_buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.csv_button = QPushButton("Save CSV…")
        self.pdf_button = QPushButton("Save PDF…")
        for button, kind in ((self.csv_button, CSV), (self.pdf_button, PDF)):
            button.setEnabled(False)
            button.clicked.connect(lambda _c=False, k=kind: self.save(k))
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        return buttons

    # -- the statement ----------------------------------------------------------------------
    def choice(self) -> tuple[str | None, date, Decimal | None]:
        """(client key, first day of the month, markup % or None) as chosen."""
        markup = Decimal(str(round(self.markup.value(), 1))) if self.markup.value() else None
        return self.client.currentData(), self.month.currentData(), markup

    def reload(self) -> None:
        self.statement = None
        for button in (self.csv_button, self.pdf_button):
            button.setEnabled(False)
        if self.client.currentData() is None:
            self.total.setText("No client to make a statement for.")
            return
        self.total.setText("Reading the month's calls…")
        self._tasks.start("usage.statement", self._load())

    async def _load(self) -> None:
        key, month, markup = self.choice()
        assert key is not None
        statement = await self._usage.statement(
            key,
            month,
            agency_name=self._settings.agency_name,
            client_name=self.client.currentText(),
            markup_pct=markup,
        )
        if self.choice() != (key, month, markup):
            return  # the choice changed meanwhile: its own load follows
        self.statement = statement
        self._show(statement)

    def _show(self, statement: Statement) -> None:
        marked_up = statement.markup_pct is not None
        self.table.setColumnHidden(HEADERS.index("Markup"), not marked_up)
        self.table.setRowCount(len(statement.lines))
        for row, line in enumerate(statement.lines):
            for column, text in enumerate(_cells(line)):
                item = QTableWidgetItem(text)
                if column >= 2:
                    item.setTextAlignment(RIGHT)
                self.table.setItem(row, column, item)
        self.total.setText(_total_text(statement))
        for button in (self.csv_button, self.pdf_button):
            button.setEnabled(True)

    # -- saving -----------------------------------------------------------------------------
    def save(self, kind: StatementFormat) -> None:
        self._tasks.start("usage.statement.save", self.save_to_chosen_file(kind))

    async def save_to_chosen_file(self, kind: StatementFormat) -> Path | None:
        """Ask where (a file dialog opened with open()), then write; the path or None."""
        statement = self.statement
        if statement is None:
            return None
        name = statement_file_name(statement, kind.suffix)
        path = await ask_save_path(self, kind.title, name, kind.name_filter, self._folder)
        if path is None:
            return None
        return await self.write(statement, kind, path)

    async def write(self, statement: Statement, kind: StatementFormat, path: Path) -> Path | None:
        """Write `statement` to `path` off the GUI thread; the path, or None (said why)."""
        self.status.setPalette(QPalette())  # an empty palette inherits: no error red left
        self.status.setText(f"Writing {path.name}…")
        try:
            await asyncio.to_thread(path.write_bytes, _content(statement, kind))
        except (OSError, UserFacingError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self._say_error(f"{path} could not be written: {reason}")
            return None
        self._folder = path.parent
        self.status.setText(f"Saved the statement to {path}")
        return path

    def _say_error(self, text: str) -> None:
        palette = self.status.palette()
        palette.setColor(self.status.foregroundRole(), error_colour(self.palette()))
        self.status.setPalette(palette)
        self.status.setText(text)


def _cells(line: StatementLine) -> tuple[str, ...]:
    tokens = line.tokens_input + line.tokens_output
    cost = money_text(line.cost_usd)
    if line.unpriced_calls and line.cost_usd is not None:
        cost += f" (+{line.unpriced_calls:,} unpriced)"
    markup = "" if line.markup_usd is None else money_text(line.markup_usd)
    return (line.label, line.model, f"{line.calls:,}", f"{tokens:,}", cost, markup)


def _total_text(statement: Statement) -> str:
    parts = [f"Total: {money_text(statement.total_usd)}"]
    if statement.markup_pct is not None and statement.total_with_markup_usd is not None:
        parts.append(
            f"with the {statement.markup_pct.normalize():f} % markup "
            f"({money_text(statement.markup_total_usd)}): "
            f"{money_text(statement.total_with_markup_usd)}"
        )
    text = ", ".join(parts) + "."
    if statement.unpriced_calls:
        count = len(statement.unpriced_calls)
        text += (
            f" {count:,} unpriced call{'s' if count != 1 else ''} listed apart, not in the total."
        )
    if not statement.lines:
        text = "No calls for this client in this month."
    return text


def _content(statement: Statement, kind: StatementFormat) -> bytes:
    # Qt lays the PDF out on this (the GUI) thread: off it, QTextDocument's timers find no
    # event loop. A statement is a page or two; only the disk waits apart.
    if kind is PDF:
        markdown = statement_markdown(statement)
        return markdown_pdf_bytes(markdown, title=statement_title(statement))
    return statement_csv(statement).encode("utf-8")
