"""The text editors of a `FieldForm` and what every field shares (choices and numbers:
choice_fields.py; objects and lists of objects: field_groups.py).

Each field takes the events whose path starts with its key (`apply(event, rest)`, `rest`
being the path below the key), fills while the model writes its value and finishes when
the value is complete (`FieldCompleted` for the field itself) or the stream ends.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from headhunter_desktop.core.services.field_updates import (
    FieldCompleted,
    FieldEvent,
    ItemStarted,
    Path,
    TextDelta,
)
from headhunter_desktop.ui.common.field_specs import FieldSpec
from headhunter_desktop.ui.common.streaming_editor import StreamingEditor
from headhunter_desktop.ui.common.streaming_line_edit import StreamingLineEdit

# "- item", "* item", "• item", "1. item": a list line's marker, dropped when read back.
_BULLET = re.compile(r"^(?:[-*+•]|\d+[.)])(?:\s+|$)")


class FormField(QWidget):
    """One field: its editor, the events that fill it, its value.

    Signals:
        edited(): a person changed the value (not a stream, not `set_value`).
    """

    edited = Signal()
    # Completing the value re-renders all of it (Markdown), which a long value makes slow.
    renders_when_complete = False

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None):
        super().__init__(parent)
        self.spec = spec
        self._streaming = False
        self._read_only = False

    def apply(self, event: FieldEvent, rest: Path) -> None:
        """Take one event of this field's stream; `rest` is its path below the field."""
        if not self._streaming:
            return
        if isinstance(event, TextDelta):
            self._on_text(rest, event.text)
        elif isinstance(event, ItemStarted):
            self._on_item(rest, event.index)
        elif isinstance(event, FieldCompleted):
            if rest:
                self._on_part_completed(rest, event)
            else:
                self._on_completed(event)
                self.end_stream(True)

    def begin_stream(self) -> None:
        """Empty the field for a generation; it is read-only until the stream ends."""
        self._streaming = True

    def end_stream(self, completed: bool) -> None:
        """Stop filling: the value is complete, or (cancel, error) keep what arrived."""
        self._streaming = False

    def is_streaming(self) -> bool:
        return self._streaming

    def flush(self) -> None:
        """Show buffered text now (the form applies events once per frame already)."""

    def value(self) -> Any:
        """The value as JSON: what the model's schema validates."""
        raise NotImplementedError

    def set_value(self, value: Any, *, edited_by_user: bool = False) -> None:
        """Show a saved value; `edited_by_user` says whether a person wrote it."""
        raise NotImplementedError

    def replace_value(self, value: Any) -> None:
        """Show `value` (not a person's) as one undo step in the field's editor where the
        editor keeps an undo history; elsewhere as `set_value` does."""
        self.set_value(value)

    def settle(self, value: Any) -> None:
        """After a stream: take the validated value where it differs (normalised)."""
        if self.value() != value:
            self.set_value(value)

    def was_edited(self) -> bool:
        """A person changed the value since it was last set or generated."""
        raise NotImplementedError

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only

    def _on_text(self, rest: Path, text: str) -> None:
        """Characters of a string value (the field's own when `rest` is empty)."""

    def _on_item(self, rest: Path, index: int) -> None:
        """A list (the field's own when `rest` is empty) got item `index`."""

    def _on_part_completed(self, rest: Path, event: FieldCompleted) -> None:
        """A value inside the field is complete."""

    def _on_completed(self, event: FieldCompleted) -> None:
        """The field's whole value is complete (the stream ends right after)."""


class LineField(FormField):
    """One line of text (`StreamingLineEdit`)."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None):
        super().__init__(spec, parent)
        self.editor = StreamingLineEdit()
        self.editor.setPlaceholderText(spec.placeholder)
        if spec.chars:
            self.editor.setMaximumWidth(characters_wide(self.editor, spec.chars))
        self.editor.edited.connect(self.edited)
        lay_out_alone(self, self.editor)

    def begin_stream(self) -> None:
        super().begin_stream()
        self.editor.begin_stream()

    def end_stream(self, completed: bool) -> None:
        super().end_stream(completed)
        self.editor.end_stream() if completed else self.editor.abort_stream()
        self.editor.setReadOnly(self._read_only)

    def flush(self) -> None:
        self.editor.flush()

    def value(self) -> str:
        return self.editor.text().strip()

    def set_value(self, value: Any, *, edited_by_user: bool = False) -> None:
        self.editor.set_value("" if value is None else str(value), edited_by_user=edited_by_user)
        self.editor.setReadOnly(self._read_only)

    def replace_value(self, value: Any) -> None:
        self.editor.replace_value("" if value is None else str(value))
        self.editor.setReadOnly(self._read_only)

    def was_edited(self) -> bool:
        return self.editor.was_edited_by_user()

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.editor.setReadOnly(read_only or self._streaming)

    def _on_text(self, rest: Path, text: str) -> None:
        if not rest:
            self.editor.append(text)

    def _on_completed(self, event: FieldCompleted) -> None:
        if event.value is not None and not isinstance(event.value, str):
            self.editor.append(number_text(event.value))  # a number where text was asked


class TextField(FormField):
    """Markdown text (`StreamingEditor`), rendered once the model finished writing it."""

    renders_when_complete = True

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None):
        super().__init__(spec, parent)
        self.editor = FieldEditor(spec.visible_lines)
        self.editor.setPlaceholderText(spec.placeholder)
        self.editor.edited.connect(self.edited)
        lay_out_alone(self, self.editor)

    def begin_stream(self) -> None:
        super().begin_stream()
        self.editor.begin_stream()

    def end_stream(self, completed: bool) -> None:
        super().end_stream(completed)
        if completed:
            self.editor.end_stream(render_markdown=self._renders())
        else:
            self.editor.abort_stream()
        self.editor.setReadOnly(self._read_only)

    def flush(self) -> None:
        self.editor.flush()

    def value(self) -> Any:
        return self.editor.markdown().strip()

    def set_value(self, value: Any, *, edited_by_user: bool = False) -> None:
        self.editor.set_value(
            self._source(value), edited_by_user=edited_by_user, render_markdown=self._renders()
        )
        self.editor.setReadOnly(self._read_only)

    def replace_value(self, value: Any) -> None:
        self.editor.replace_value(self._source(value), render_markdown=self._renders())
        self.editor.setReadOnly(self._read_only)

    def settle(self, value: Any) -> None:
        """The streamed text is the value already; replacing it would cost the undo step."""

    def was_edited(self) -> bool:
        return self.editor.was_edited_by_user()

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.editor.setReadOnly(read_only or self._streaming)

    def _renders(self) -> bool:
        return self.spec.markdown

    def _source(self, value: Any) -> str:
        return "" if value is None else str(value)

    def _on_text(self, rest: Path, text: str) -> None:
        if not rest:
            self.editor.append(text)


class ListField(TextField):
    """Strings, one "- item" line each: items appear as the model starts them."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None):
        super().__init__(spec, parent)
        self._items = 0

    def begin_stream(self) -> None:
        super().begin_stream()
        self._items = 0

    def value(self) -> list[str]:
        items = (_BULLET.sub("", line.strip(), count=1) for line in self._lines())
        return [item for item in items if item]

    def _lines(self) -> list[str]:
        return self.editor.toPlainText().splitlines()

    def _renders(self) -> bool:
        return False  # "- item" lines stay as typed: one line, one item

    def _source(self, value: Any) -> str:
        return "\n".join(f"- {item}" for item in value or ())

    def _on_item(self, rest: Path, index: int) -> None:
        if not rest:
            self.editor.append("\n- " if self._items else "- ")
            self._items += 1

    def _on_text(self, rest: Path, text: str) -> None:
        if len(rest) == 1:
            self.editor.append(text.replace("\n", " "))  # an item is one line

    def _on_part_completed(self, rest: Path, event: FieldCompleted) -> None:
        if len(rest) == 1 and event.value is not None and not isinstance(event.value, str):
            self.editor.append(number_text(event.value))


def number_text(value: Any) -> str:
    """85000.0 as "85000", 12.5 as "12.5"; None as ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def characters_wide(editor: QWidget, chars: int) -> int:
    """The width of a one-line editor showing `chars` digits (and its frame)."""
    return editor.fontMetrics().horizontalAdvance("0" * (chars + 2)) + 12


def lay_out_alone(field: QWidget, editor: QWidget, *, stretch: bool = True) -> None:
    """Lay `editor` out as the field's only child (left-aligned when it does not stretch)."""
    layout: QHBoxLayout | QVBoxLayout = QHBoxLayout(field) if not stretch else QVBoxLayout(field)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(editor)
    if not stretch:
        layout.addStretch(1)
    field.setFocusProxy(editor)  # focusing the field (its label's buddy) types into it


class FieldEditor(StreamingEditor):
    """A StreamingEditor whose preferred height is `lines` lines of text: a form of many
    fields shows them all at their size and gives any room to spare to the text fields."""

    def __init__(self, lines: int, parent: QWidget | None = None):
        super().__init__(parent)
        margins = self.contentsMargins()
        frame = 2 * self.frameWidth() + margins.top() + margins.bottom()
        document_margin = 2 * round(self.document().documentMargin())
        self._height = lines * self.fontMetrics().lineSpacing() + document_margin + frame
        self.setMinimumHeight(self._height)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._height)
