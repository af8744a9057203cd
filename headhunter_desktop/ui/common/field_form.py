"""FieldForm: the editors of a generated object (a job posting, a department profile…), which
fill while the model writes them.

Build it from `FieldSpec`s (field_specs.py) whose keys are the model's JSON keys; then:

    form = FieldForm(JOB_FIELDS)
    form.set_values(job.fields.model_dump(mode="json"), edited_fields=job.edited_fields)
    form.set_suggested(job.suggested_fields)
    ...
    draft = JobPostingDraft.model_validate(form.values())   # what is on screen, as JSON
    edited = sorted(form.edited_fields())                   # keep them with the record

Fields the model does not write (a department's name) may sit in the form too: give them
`regenerable=False` and leave them out of a stream's `keys` (those are emptied first).

A generation streams into it through a `GenerationRunner` (generation_runner.py), which
calls `begin_stream(keys)`, `apply(events)` once per frame, `end_stream(keys, completed)`
and `settle(values, keys)`; only the fields named in `keys` change, the others stay as
they are (and stay editable). Regenerating one field is a stream with `keys=[key]`:
connect `regenerate_requested(key)`, ask with `confirm_replace_edited` when `key in
form.edited_fields()`, then start the runner with the service's `regenerate_field(...)`.
A text field whose value is complete shows all its text at once and is rendered (its
Markdown) in a later turn of the event loop, one field a turn, or at once when the stream
ends or another begins: rendering a long value takes milliseconds, which added to the
frame inserting the next field's text made the window's longest stall.

The fields sit in a scroll area, labels above editors; while a stream runs, the form
scrolls to the field being written until the user scrolls it. A field's "suggested" tag
says the model proposed it without the source saying so (job analysis).

Signals:
    edited(str): a person changed field `key` (typing, a choice, adding an item).
    regenerate_requested(str): the user clicked field `key`'s "Regenerate" button.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from headhunter_desktop.core.services.field_updates import FieldCompleted, FieldEvent
from headhunter_desktop.ui.common.field_cell import FieldCell
from headhunter_desktop.ui.common.field_groups import build_field
from headhunter_desktop.ui.common.field_specs import FieldKind, FieldSpec
from headhunter_desktop.ui.common.form_fields import FormField

_GROWING = (FieldKind.TEXT, FieldKind.LIST)
FOLLOW_MARGIN = 8


class FieldForm(QWidget):
    """Labelled field editors in a scroll area, filled by field events (module docstring).

    Signals:
        edited(str): a person changed the field with this key.
        regenerate_requested(str): "Regenerate" was clicked on the field with this key.
    """

    edited = Signal(str)
    regenerate_requested = Signal(str)

    def __init__(self, specs: Sequence[FieldSpec], parent: QWidget | None = None):
        super().__init__(parent)
        self._fields: dict[str, FormField] = {}
        self._cells: dict[str, FieldCell] = {}
        self._streaming: set[str] = set()
        self._read_only = False
        self._follow = False
        self._followed: str | None = None
        # Fields whose value is complete but not yet rendered (see `apply`).
        self._completed: list[FieldCompleted] = []
        self._completion_turn = QTimer(self)
        self._completion_turn.setSingleShot(True)
        self._completion_turn.setInterval(0)
        self._completion_turn.timeout.connect(self._finish_one_completed)
        self._content = FormContent()
        self._content.resized.connect(self._show_followed)
        self._build_rows(specs)
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        # A scroll bar appearing as items arrive would narrow every field at once.
        self._scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self._scroll.setWidget(self._content)
        self._scroll.verticalScrollBar().actionTriggered.connect(self._on_user_scrolled)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._scroll)

    # -- streams ---------------------------------------------------------------------------
    def begin_stream(self, keys: Iterable[str]) -> None:
        """Empty the fields `keys` for a generation; they are read-only until it ends."""
        self._finish_completed()
        for key in keys:
            if key in self._fields and key not in self._streaming:
                self._fields[key].begin_stream()
                self._streaming.add(key)
        self._follow, self._followed = True, None
        self._update_buttons()

    def apply(self, events: Sequence[FieldEvent]) -> None:
        """Route events to the streaming fields by their path's first key (others are
        ignored) and show their text at once: call it at most once per frame."""
        touched: dict[str, None] = {}
        for event in events:
            path = getattr(event, "path", None)
            if not path or path[0] not in self._streaming:
                continue
            key = str(path[0])
            if isinstance(event, FieldCompleted) and self._renders_later(path):
                self._completed.append(event)  # the module docstring says why
                self._completion_turn.start()
                touched[key] = None
                continue
            self._fields[key].apply(event, path[1:])
            touched[key] = None
        for key in touched:
            self._fields[key].flush()
        if touched:
            self._follow_field(next(reversed(touched)))

    def end_stream(self, keys: Iterable[str], completed: bool) -> None:
        """The stream ended: complete (Markdown rendered) or not (what arrived is kept)."""
        keys = list(keys)
        self._finish_completed(keys)
        for key in keys:
            if key in self._streaming:
                self._streaming.discard(key)
                if self._fields[key].is_streaming():
                    self._fields[key].end_stream(completed)
        self._update_buttons()

    def settle(self, values: Mapping[str, Any], keys: Iterable[str]) -> None:
        """After a complete stream: take the validated values of `keys` where they differ
        from what streamed (a choice or a currency the model wrote loosely)."""
        for key in keys:
            if key in self._fields and key in values and key not in self._streaming:
                self._fields[key].settle(values[key])

    def is_streaming(self) -> bool:
        return bool(self._streaming)

    # -- values ----------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """Every field's value as JSON, keyed like the model (for `model_validate`)."""
        return {key: field.value() for key, field in self._fields.items()}

    def set_values(self, values: Mapping[str, Any], edited_fields: Iterable[str] = ()) -> None:
        """Show a saved object (fields it lacks are emptied); `edited_fields` are those a
        person wrote, so regenerating them asks first."""
        self.end_stream(list(self._streaming), completed=False)
        edited = set(edited_fields)
        for key, field in self._fields.items():
            field.set_value(values.get(key), edited_by_user=key in edited)

    def replace_value(self, key: str, value: Any) -> None:
        """Show `value` in field `key` as one undo step of its editor (Ctrl+Z there brings
        back what it held), unlike `set_values`, which starts the field's history anew."""
        self._fields[key].replace_value(value)

    def edited_fields(self) -> set[str]:
        """Keys of the fields a person changed since they were last set or generated."""
        return {key for key, field in self._fields.items() if field.was_edited()}

    # -- look ------------------------------------------------------------------------------
    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for field in self._fields.values():
            field.set_read_only(read_only)
        self._update_buttons()

    def set_suggested(self, keys: Iterable[str]) -> None:
        """Tag the fields `keys` as suggested by the model; untag the others."""
        wanted = set(keys)
        for key, cell in self._cells.items():
            cell.tag.setVisible(key in wanted)

    def suggested(self) -> set[str]:
        return {key for key, cell in self._cells.items() if not cell.tag.isHidden()}

    def set_note(self, key: str, text: str, tooltip: str = "") -> None:
        """A short muted note right of field `key`'s label (where its value came from),
        cut with "…" when the row is narrow; "" removes it."""
        self._cells[key].note.set_note(text, tooltip)

    def note(self, key: str) -> str:
        return self._cells[key].note.full_text()

    def field_keys(self) -> list[str]:
        """The fields' keys, in the form's order."""
        return list(self._fields)

    def label_of(self, key: str) -> str:
        return self._cells[key].spec.label

    def field(self, key: str) -> FormField:
        """The editor of field `key` (its `editor`/`combo` is the Qt widget to type into)."""
        return self._fields[key]

    def regenerate_button(self, key: str) -> QToolButton | None:
        return self._cells[key].regenerate

    # -- inside ----------------------------------------------------------------------------
    def _build_rows(self, specs: Sequence[FieldSpec]) -> None:
        rows = QVBoxLayout(self._content)
        rows.setContentsMargins(12, 12, 12, 12)
        rows.setSpacing(14)
        # Room to spare goes to the text fields, unless a list of objects can grow while
        # a stream runs: the text fields would shrink under the user's eyes as items come.
        grows = not any(spec.kind is FieldKind.OBJECT_LIST for spec in specs)
        for row_specs in _rows(specs):
            row = QHBoxLayout()
            row.setSpacing(16)
            for spec in row_specs:
                row.addWidget(self._add_cell(spec), 0 if spec.is_short else 1)
            if all(spec.is_short for spec in row_specs):
                row.addStretch(1)  # short fields stay left
            growing = grows and any(spec.kind in _GROWING for spec in row_specs)
            rows.addLayout(row, 1 if growing else 0)
        if not grows or not any(spec.kind in _GROWING for spec in specs):
            rows.addStretch(1)

    def _add_cell(self, spec: FieldSpec) -> FieldCell:
        field = self._fields[spec.key] = build_field(spec)
        cell = self._cells[spec.key] = FieldCell(spec, field)
        field.edited.connect(lambda key=spec.key: self.edited.emit(key))
        if cell.regenerate is not None:
            cell.regenerate.clicked.connect(
                lambda _checked=False, key=spec.key: self.regenerate_requested.emit(key)
            )
        return cell

    def _renders_later(self, completed: Sequence[Any]) -> bool:
        """The value at path `completed` is a whole field rendered in a turn of its own."""
        return len(completed) == 1 and self._fields[str(completed[0])].renders_when_complete

    def _finish_completed(self, keys: Iterable[str] | None = None) -> None:
        """Close the fields (of `keys`; None: all) whose value completed (`apply`), now."""
        wanted = None if keys is None else set(keys)
        now: list[FieldCompleted] = []
        later: list[FieldCompleted] = []
        for event in self._completed:
            (now if wanted is None or event.path[0] in wanted else later).append(event)
        self._completed = later
        for event in now:
            self._close_completed(event)
        if not later:
            self._completion_turn.stop()

    def _finish_one_completed(self) -> None:
        """Close the first field whose value completed; the next one in the next turn."""
        if self._completed:
            self._close_completed(self._completed.pop(0))
        if self._completed:
            self._completion_turn.start()

    def _close_completed(self, event: FieldCompleted) -> None:
        key = str(event.path[0])
        if key in self._streaming:
            self._fields[key].apply(event, ())

    def _update_buttons(self) -> None:
        enabled = not self._read_only and not self._streaming
        for cell in self._cells.values():
            if cell.regenerate is not None:
                cell.regenerate.setEnabled(enabled)

    def _follow_field(self, key: str) -> None:
        """Scroll just enough to show the top of the field being written, once per field."""
        if not self._follow or key == self._followed:
            return
        self._followed = key
        self._show_followed()

    def _show_followed(self) -> None:
        # Also run when the form grows: a field's new list item is laid out after the
        # event that added it, and scrolling by the earlier geometry left it out of view.
        if not self._follow or self._followed is None or not self._streaming:
            return
        cell = self._cells[self._followed]
        bar = self._scroll.verticalScrollBar()
        seen = self._scroll.viewport().height()
        top = cell.mapTo(self._content, QPoint(0, 0)).y() - FOLLOW_MARGIN
        bottom = top + min(cell.height() + 2 * FOLLOW_MARGIN, seen)
        if top < bar.value():
            bar.setValue(top)
        elif bottom > bar.value() + seen:
            bar.setValue(bottom - seen)

    def _on_user_scrolled(self, _action: int) -> None:
        if self._streaming:
            self._follow = False  # the user looks elsewhere: leave the view where it is


class FormContent(QWidget):
    """The scrolled widget: never squeezed below its preferred height (a scroll area would
    squeeze it to its minimum, and every field would shrink as items are added).

    Signals:
        resized(): its layout placed what was added (the scroll range is up to date).
    """

    resized = Signal()

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self.sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()


def _rows(specs: Sequence[FieldSpec]) -> list[list[FieldSpec]]:
    """The specs grouped into rows: each row starts a new one unless `beside_previous`."""
    rows: list[list[FieldSpec]] = []
    for spec in specs:
        if rows and spec.beside_previous:
            rows[-1].append(spec)
        else:
            rows.append([spec])
    return rows
