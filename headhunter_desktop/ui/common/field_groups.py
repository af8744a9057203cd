"""Fields made of fields: an object (a salary range, a location) and a list of objects (a
department's job templates, one group per item), and `build_field`, which makes any kind.

Events below the field's key go to the sub-field they name: `("job_templates", 1,
"title")` reaches the title of the second template. Items appear as the model starts
them (`ItemStarted`) and fill while their fields are written.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from headhunter_desktop.core.services.field_updates import (
    FieldCompleted,
    FieldEvent,
    ItemStarted,
    Path,
)
from headhunter_desktop.ui.common.choice_fields import ChoiceField, NumberField
from headhunter_desktop.ui.common.field_specs import FieldKind, FieldSpec
from headhunter_desktop.ui.common.form_fields import FormField, LineField, ListField, TextField

_STRETCHES = {FieldKind.LINE: 2, FieldKind.TEXT: 3, FieldKind.LIST: 2}
_MULTI_LINE = (FieldKind.TEXT, FieldKind.LIST)


class ObjectField(FormField):
    """An object's sub-fields, each under a caption: side by side, or stacked (`vertical`).

    Its value is a dict of the sub-fields' values, or None when every one is empty (the
    model's `SalaryRange | None`).
    """

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None, *, vertical: bool = False):
        super().__init__(spec, parent)
        self._edited = False
        self.fields: dict[str, FormField] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        blocks = _stacked_blocks(spec.fields) if vertical else [list(spec.fields)]
        columns = max(len(block) for block in blocks)
        for number, block in enumerate(blocks):
            for column, sub in enumerate(block):
                field = self.fields[sub.key] = build_field(sub)
                field.edited.connect(self._on_child_edited)
                span = columns if len(block) == 1 else 1
                grid.addWidget(caption(sub.label), 2 * number, column, 1, span)
                grid.addWidget(field, 2 * number + 1, column, 1, span)
                if len(block) > 1:
                    grid.setColumnStretch(column, _stretch(sub))
        if not vertical and all(sub.is_short for sub in spec.fields):
            grid.setColumnStretch(len(spec.fields), 1)  # short fields stay left
        self.setFocusProxy(next(iter(self.fields.values())))

    def apply(self, event: FieldEvent, rest: Path) -> None:
        if not self._streaming:
            return
        if not rest:
            if isinstance(event, FieldCompleted):
                self._complete(event)
            return
        field = self.fields.get(rest[0]) if isinstance(rest[0], str) else None
        if field is not None:
            field.apply(event, rest[1:])

    def begin_stream(self) -> None:
        super().begin_stream()
        self._edited = False
        for field in self.fields.values():
            field.begin_stream()

    def end_stream(self, completed: bool) -> None:
        super().end_stream(completed)
        for field in self.fields.values():
            if field.is_streaming():
                field.end_stream(completed)

    def flush(self) -> None:
        for field in self.fields.values():
            field.flush()

    def value(self) -> dict[str, Any] | None:
        values = {key: field.value() for key, field in self.fields.items()}
        return values if any(v not in (None, "", []) for v in values.values()) else None

    def set_value(self, value: Any, *, edited_by_user: bool = False) -> None:
        values = _as_dict(value)
        for key, field in self.fields.items():
            field.set_value(values.get(key))
        self._edited = edited_by_user

    def settle(self, value: Any) -> None:
        values = _as_dict(value)
        for key, field in self.fields.items():
            field.settle(values.get(key))

    def was_edited(self) -> bool:
        return self._edited or any(field.was_edited() for field in self.fields.values())

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        for field in self.fields.values():
            field.set_read_only(read_only)

    def _complete(self, event: FieldCompleted) -> None:
        self.end_stream(True)
        self.settle(event.validated if event.error is None else event.value)

    def _on_child_edited(self) -> None:
        self.edited.emit()


class ItemGroup(ObjectField):
    """One item of a list of objects: a framed group with its number and a Remove button.

    Signals:
        remove_requested(): the user asked to remove this item.
    """

    remove_requested = Signal()

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None):
        super().__init__(spec, parent, vertical=True)
        self._title = QLabel()
        self._title.setFont(_weighted(self._title.font(), QFont.Weight.DemiBold))
        self._remove = QToolButton()
        self._remove.setText("Remove")
        self._remove.setAutoRaise(True)
        policy = self._remove.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # the header keeps its height when read-only
        self._remove.setSizePolicy(policy)
        self._remove.clicked.connect(self.remove_requested)
        self.frame = _item_frame(self._title, self._remove, self)

    def set_number(self, number: int) -> None:
        self._title.setText(f"{self.spec.item_label or self.spec.label} {number}")
        self._remove.setAccessibleName(f"Remove {self._title.text()}")

    def set_removable(self, visible: bool, enabled: bool) -> None:
        self._remove.setVisible(visible)
        self._remove.setEnabled(enabled)


class ObjectListField(FormField):
    """A list of objects, one `ItemGroup` each; "Add …" and "Remove" edit it by hand."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None):
        super().__init__(spec, parent)
        self._edited = False
        self.items: list[ItemGroup] = []
        self._list = QVBoxLayout()
        self._list.setSpacing(8)
        self._add = QPushButton(f"Add {(spec.item_label or 'item').lower()}")
        self._add.clicked.connect(self._on_add_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._list)
        layout.addWidget(self._add, 0, Qt.AlignmentFlag.AlignLeft)

    def apply(self, event: FieldEvent, rest: Path) -> None:
        if not self._streaming:
            return
        if not rest:
            if isinstance(event, ItemStarted) and event.index == len(self.items):
                self._append_item().begin_stream()
            elif isinstance(event, FieldCompleted):
                self.end_stream(True)
            return
        index = rest[0]
        if isinstance(index, int) and index < len(self.items):
            self.items[index].apply(event, rest[1:])

    def begin_stream(self) -> None:
        super().begin_stream()
        self._edited = False
        self._set_items(0)
        self._update_controls()

    def end_stream(self, completed: bool) -> None:
        super().end_stream(completed)
        for item in self.items:
            if item.is_streaming():
                item.end_stream(completed)
        self._update_controls()

    def flush(self) -> None:
        for item in self.items:
            item.flush()

    def value(self) -> list[dict[str, Any]]:
        return [value for item in self.items if (value := item.value()) is not None]

    def set_value(self, value: Any, *, edited_by_user: bool = False) -> None:
        values = list(value or ())
        self._set_items(len(values))
        for item, item_value in zip(self.items, values, strict=True):
            item.set_value(item_value)
        self._edited = edited_by_user

    def settle(self, value: Any) -> None:
        values = list(value or ())
        if len(values) != len(self.items):
            self.set_value(values)
            return
        for item, item_value in zip(self.items, values, strict=True):
            item.settle(item_value)

    def was_edited(self) -> bool:
        return self._edited or any(item.was_edited() for item in self.items)

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        for item in self.items:
            item.set_read_only(read_only)
        self._update_controls()

    def _set_items(self, count: int) -> None:
        while len(self.items) > count:
            self._drop(self.items[-1])
        while len(self.items) < count:
            self._append_item()

    def _append_item(self) -> ItemGroup:
        item = ItemGroup(self.spec)
        item.set_read_only(self._read_only)
        item.edited.connect(self._on_item_edited)
        item.remove_requested.connect(lambda: self._on_remove(item))
        self.items.append(item)
        self._list.addWidget(item.frame)
        self._update_controls()
        return item

    def _drop(self, item: ItemGroup) -> None:
        self.items.remove(item)
        self._list.removeWidget(item.frame)
        item.frame.deleteLater()

    def _update_controls(self) -> None:
        editable = not self._read_only and not self._streaming
        for number, item in enumerate(self.items, start=1):
            item.set_number(number)
            item.set_removable(not self._read_only, editable)
        self._add.setVisible(not self._read_only)
        self._add.setEnabled(editable)

    def _on_add_clicked(self) -> None:
        item = self._append_item()
        item.setFocus()
        self._on_item_edited()

    def _on_remove(self, item: ItemGroup) -> None:
        if item in self.items and not self._streaming:
            self._drop(item)
            self._update_controls()
            self._on_item_edited()

    def _on_item_edited(self) -> None:
        self._edited = True
        self.edited.emit()


_FIELD_CLASSES: dict[FieldKind, type[FormField]] = {
    FieldKind.LINE: LineField,
    FieldKind.TEXT: TextField,
    FieldKind.LIST: ListField,
    FieldKind.CHOICE: ChoiceField,
    FieldKind.NUMBER: NumberField,
    FieldKind.OBJECT: ObjectField,
    FieldKind.OBJECT_LIST: ObjectListField,
}


def build_field(spec: FieldSpec) -> FormField:
    """The editor of a field of `spec.kind`."""
    return _FIELD_CLASSES[spec.kind](spec)


def caption(text: str) -> QLabel:
    """The small label above a sub-field."""
    label = QLabel(text)
    label.setObjectName("fieldCaption")
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 0.9)
    label.setFont(font)
    return label


def _item_frame(title: QLabel, remove: QToolButton, body: QWidget) -> QFrame:
    frame = QFrame()
    frame.setObjectName("fieldItem")
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    header = QHBoxLayout()
    header.addWidget(title)
    header.addStretch(1)
    header.addWidget(remove)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(10, 6, 10, 10)
    layout.setSpacing(4)
    layout.addLayout(header)
    layout.addWidget(body)
    return frame


def _stacked_blocks(specs: tuple[FieldSpec, ...]) -> list[list[FieldSpec]]:
    """Rows of a stacked object: one field each, but text and lists that follow each other
    side by side (an item's description beside its technologies keeps the item short)."""
    blocks: list[list[FieldSpec]] = []
    for spec in specs:
        if blocks and spec.kind in _MULTI_LINE and blocks[-1][-1].kind in _MULTI_LINE:
            blocks[-1].append(spec)
        else:
            blocks.append([spec])
    return blocks


def _stretch(spec: FieldSpec) -> int:
    return 0 if spec.is_short else _STRETCHES.get(spec.kind, 0)


def _weighted(font: QFont, weight: QFont.Weight) -> QFont:
    font.setWeight(weight)
    return font


def _as_dict(value: Any) -> dict[str, Any]:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    return dict(value) if isinstance(value, dict) else {}
