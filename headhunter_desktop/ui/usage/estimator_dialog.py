"""What a month of work would cost: "N CVs, M job postings, K feedback reports", priced
with this agency's own average tokens per call and today's prices, for the models chosen
— to quote a client, or to see what switching models would change."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from headhunter_desktop.core.domain.actions import action_label
from headhunter_desktop.core.services.usage_format import money_text
from headhunter_desktop.ui.common.read_only_table import read_only_table
from headhunter_desktop.ui.shell.task_registry import TaskRegistry

if TYPE_CHECKING:
    from headhunter_desktop.core.services.app_services import AppServices
    from headhunter_desktop.core.services.usage_types import ActionAverage, Estimate, EstimateLine

# (workload key, spin box label, what one piece is called, default count)
WORK: tuple[tuple[str, str, str, int], ...] = (
    ("cv", "CVs a month:", "CV", 200),
    ("job", "Job postings a month:", "job posting", 10),
    ("feedback", "Feedback reports a month:", "feedback report", 20),
)
WORK_NAMES = {key: noun for key, _label, noun, _count in WORK}
HEADERS = ("Work", "Action", "Model", "Calls", "Tokens per call", "Each", "Per month")
MAX_COUNT = 1_000_000
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class EstimatorDialog(QDialog):
    """Counts and models in; cost lines, the monthly total and what is missing out."""

    def __init__(self, services: AppServices, tasks: TaskRegistry, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Estimate a month's cost")
        self.setMinimumWidth(720)
        self._usage, self._tasks, self._settings = services.usage, tasks, services.settings
        self._averages: dict[str, ActionAverage] | None = None
        self.estimate: Estimate | None = None
        layout = QVBoxLayout(self)
        self.intro = QLabel(
            "Priced with this agency's own average tokens per call (successful calls "
            "recorded so far) at today's prices. Change the counts or the models to "
            "see what a client's month, or a switch of model, would cost."
        )
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        layout.addLayout(self._build_inputs())
        layout.addWidget(self._build_table(), 1)
        self.total = QLabel("Loading the measured averages…")
        self.total.setObjectName("estimateTotal")
        layout.addWidget(self.total)
        self.notes = QLabel()
        self.notes.setObjectName("estimateNotes")
        self.notes.setWordWrap(True)
        layout.addWidget(self.notes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._tasks.start("usage.estimator", self._load())

    def _build_inputs(self) -> QHBoxLayout:
        counts, models = QFormLayout(), QFormLayout()
        self.counts: dict[str, QSpinBox] = {}
        for key, label, _noun, default in WORK:
            spin = QSpinBox()
            spin.setRange(0, MAX_COUNT)
            spin.setGroupSeparatorShown(True)
            spin.setValue(default)
            spin.valueChanged.connect(lambda _v: self.recompute())
            self.counts[key] = spin
            counts.addRow(label, spin)
        self.chat_model = self._model_combo(self._settings.chat_model)
        self.embedding_model = self._model_combo(self._settings.embedding_model)
        models.addRow("Chat model:", self.chat_model)
        models.addRow("Embedding model:", self.embedding_model)
        row = QHBoxLayout()
        row.addLayout(counts)
        row.addSpacing(24)
        row.addLayout(models, 1)
        return row

    def _model_combo(self, current: str) -> QComboBox:
        # Editable: a local model or one genai-prices does not know is typed in.
        combo = QComboBox()
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.setMinimumContentsLength(24)
        combo.addItem(current)
        combo.setCurrentText(current)
        combo.currentTextChanged.connect(lambda _t: self.recompute())
        return combo

    def _build_table(self) -> QTableWidget:
        self.table = read_only_table(HEADERS, stretch_column=2)
        return self.table

    # -- behaviour --------------------------------------------------------------------------
    async def _load(self) -> None:
        self._averages = await self._usage.measured_averages()
        for combo in (self.chat_model, self.embedding_model):
            current = combo.currentText()
            combo.blockSignals(True)
            for model in self._usage.known_models():
                if combo.findText(model) < 0:
                    combo.addItem(model)
            combo.setCurrentText(current)
            combo.blockSignals(False)
        self.recompute()

    def workload(self) -> dict[str, int]:
        return {key: spin.value() for key, spin in self.counts.items()}

    def recompute(self) -> None:
        """Price the counts and models on screen (no database work: the averages are read)."""
        if self._averages is None:
            return
        chat = self.chat_model.currentText().strip()
        embedding = self.embedding_model.currentText().strip()
        self.estimate = self._usage.estimate(self._averages, self.workload(), chat, embedding)
        self._show(self.estimate)

    def _show(self, estimate: Estimate) -> None:
        self.table.setRowCount(len(estimate.lines))
        for row, line in enumerate(estimate.lines):
            for column, text in enumerate(self._cells(line)):
                item = QTableWidgetItem(text)
                if column >= 3:
                    item.setTextAlignment(RIGHT)
                self.table.setItem(row, column, item)
        if estimate.total_usd is None:
            self.total.setText("Total: no price known for these models")
        else:
            self.total.setText(f"Total: {money_text(estimate.total_usd)} a month")
        self.notes.setText(" ".join(self._notes(estimate)))

    def _cells(self, line: EstimateLine) -> tuple[str, ...]:
        average = (self._averages or {}).get(line.action)
        tokens = ""
        if average is not None:
            # Reasoning is counted within the output, as the API reports it.
            tokens = f"{average.avg_input:,.0f} in · {average.avg_output:,.0f} out"
        each = None if line.cost_usd is None or not line.count else line.cost_usd / line.count
        return (
            f"{line.count:,} {_plural(WORK_NAMES.get(line.work, line.work), line.count)}",
            action_label(line.action),
            line.model,
            f"{line.calls:,}",
            tokens,
            money_text(each),
            money_text(line.cost_usd),
        )

    def _notes(self, estimate: Estimate) -> list[str]:
        notes = []
        if estimate.missing_actions:
            names = ", ".join(f"“{action_label(a)}”" for a in estimate.missing_actions)
            notes.append(
                f"Not in the total: no {names} call has been measured yet, so its cost "
                "is unknown. It will be once the app has made one."
            )
        if estimate.unpriced_lines:
            models = sorted({ln.model for ln in estimate.lines if ln.cost_usd is None})
            notes.append(
                f"No price is known for {', '.join(models)}: those lines are unpriced and "
                "not in the total. Add a price in Prices…"
            )
        return notes

    def line_texts(self) -> list[list[str]]:
        """The table as shown, row by row (for tests and copying)."""
        return [
            [self._item_text(row, column) for column in range(self.table.columnCount())]
            for row in range(self.table.rowCount())
        ]

    def _item_text(self, row: int, column: int) -> str:
        item: Any = self.table.item(row, column)
        return "" if item is None else item.text()


def _plural(noun: str, count: int) -> str:
    return noun if count == 1 else f"{noun}s"
