"""The short fields of a `FieldForm`: a choice among options and a number. Both are set
once their value is complete; while it is written they show "Writing…"."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from headhunter_desktop.core.services.field_updates import FieldCompleted
from headhunter_desktop.ui.common.field_specs import FieldSpec
from headhunter_desktop.ui.common.form_fields import (
    FormField,
    characters_wide,
    lay_out_alone,
    number_text,
)
from headhunter_desktop.ui.common.streaming_editor import WRITING_TEXT

NOT_STATED = "—"
_SEPARATORS = re.compile(r"[\s_\-]+")


class ChoiceField(FormField):
    """One of the spec's options, or not stated (a combo box), set once the value is complete."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None):
        super().__init__(spec, parent)
        self._edited = False
        self.combo = QComboBox()
        self.combo.addItem(spec.placeholder or NOT_STATED, None)
        for value, label in spec.options:
            self.combo.addItem(label, value)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        # Wide enough for "Writing…" too: the options alone may be shorter ("Year").
        placeholder = self.combo.fontMetrics().horizontalAdvance(WRITING_TEXT)
        self.combo.setMinimumWidth(placeholder + self.combo.iconSize().width() + 24)
        self.combo.activated.connect(self._on_activated)
        lay_out_alone(self, self.combo, stretch=False)

    def begin_stream(self) -> None:
        super().begin_stream()
        self._edited = False
        self.combo.setPlaceholderText(WRITING_TEXT)
        self.combo.setCurrentIndex(-1)
        self.combo.setEnabled(False)

    def end_stream(self, completed: bool) -> None:
        super().end_stream(completed)
        if self.combo.currentIndex() < 0:
            self.combo.setCurrentIndex(0)
        self.combo.setEnabled(not self._read_only)

    def value(self) -> str | None:
        data = self.combo.currentData()
        return None if data is None else str(data)

    def set_value(self, value: Any, *, edited_by_user: bool = False) -> None:
        self.combo.setCurrentIndex(max(0, self._index_of(value)))
        self._edited = edited_by_user

    def was_edited(self) -> bool:
        return self._edited

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.combo.setEnabled(not read_only and not self._streaming)

    def _index_of(self, value: Any) -> int:
        """The option `value` names: its value or its label, case and separators aside
        (models write "Full-time" as often as "FULL_TIME"); -1 when none."""
        if value is None:
            return -1
        wanted = _SEPARATORS.sub("", str(getattr(value, "value", value))).casefold()
        for index in range(1, self.combo.count()):
            names = (str(self.combo.itemData(index)), self.combo.itemText(index))
            if any(_SEPARATORS.sub("", name).casefold() == wanted for name in names):
                return index
        return -1

    def _on_completed(self, event: FieldCompleted) -> None:
        index = self._index_of(event.validated if event.error is None else event.value)
        self.combo.setCurrentIndex(max(0, index))

    def _on_activated(self, _index: int) -> None:
        self._edited = True
        self.edited.emit()


class NumberField(FormField):
    """A number or nothing; an int unless the spec asks for decimals."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None):
        super().__init__(spec, parent)
        self._edited = False
        self.editor = QLineEdit()
        self.editor.setPlaceholderText(spec.placeholder or NOT_STATED)
        digits = r"\d{0,12}" + (rf"([.,]\d{{0,{spec.decimals}}})?" if spec.decimals else "")
        self.editor.setValidator(QRegularExpressionValidator(QRegularExpression(digits)))
        self.editor.setMaximumWidth(characters_wide(self.editor, spec.chars or 12))
        self.editor.textEdited.connect(self._on_text_edited)
        lay_out_alone(self, self.editor)

    def begin_stream(self) -> None:
        super().begin_stream()
        self._edited = False
        self.editor.clear()
        self.editor.setPlaceholderText(WRITING_TEXT)
        self.editor.setReadOnly(True)

    def end_stream(self, completed: bool) -> None:
        super().end_stream(completed)
        self.editor.setPlaceholderText(self.spec.placeholder or NOT_STATED)
        self.editor.setReadOnly(self._read_only)

    def value(self) -> int | float | None:
        text = self.editor.text().strip().replace(",", ".")
        if not text or text == ".":
            return None
        number = float(text)
        return round(number, self.spec.decimals) if self.spec.decimals else int(number)

    def set_value(self, value: Any, *, edited_by_user: bool = False) -> None:
        self.editor.setText(number_text(value))
        self._edited = edited_by_user

    def replace_value(self, value: Any) -> None:
        # selectAll() + insert() keeps the undo history setText() clears; not a user's edit.
        blocked = self.editor.blockSignals(True)
        try:
            self.editor.selectAll()
            self.editor.insert(number_text(value))
        finally:
            self.editor.blockSignals(blocked)
        self._edited = False

    def was_edited(self) -> bool:
        return self._edited

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.editor.setReadOnly(read_only or self._streaming)

    def _on_completed(self, event: FieldCompleted) -> None:
        value = event.validated if event.error is None else None
        if isinstance(value, int | float) and not isinstance(value, bool):
            self.editor.setText(number_text(value))

    def _on_text_edited(self, _text: str) -> None:
        self._edited = True
        self.edited.emit()
