"""Where a value of a streamed object sits in its pydantic schema, and its validation there.

A `FieldSlot` is one place in the schema's tree: a model field, a list's items, a dict's
values. Slots are built lazily and cached per schema, so the streaming parser pays one
dict lookup per value to know its type, whether its key is known at all, and how to
validate it once it is complete.
"""

from __future__ import annotations

import collections.abc
import functools
import types
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from headhunter_desktop.core.llm import json_answers

_SEQUENCES = (list, set, frozenset, collections.abc.Sequence, collections.abc.Set)
_MEMBERS = 0  # the one child of a list or dict slot: every index or key shares it


def _unwrap(annotation: Any) -> Any:
    """The type a value's members are looked up in: no `Annotated`, no `| None`."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _unwrap(get_args(annotation)[0])
    if origin is Union or origin is types.UnionType:
        members = [a for a in get_args(annotation) if a is not type(None)]
        return _unwrap(members[0]) if len(members) == 1 else Any
    return annotation


class FieldSlot:
    """One place in a schema: its type, its children, and how a complete value validates."""

    __slots__ = ("_adapter", "_children", "_is_model", "_validation_type", "annotation")

    def __init__(self, annotation: Any, validation_type: Any = None) -> None:
        self.annotation = _unwrap(annotation)
        self._is_model = isinstance(self.annotation, type) and issubclass(
            self.annotation, BaseModel
        )
        self._validation_type = annotation if validation_type is None else validation_type
        self._adapter: TypeAdapter[Any] | None = None
        self._children: dict[str | int, FieldSlot | None] = {}

    def child(self, key: str | int) -> FieldSlot | None:
        """The slot of member `key` (a field name or a list index); None for a key the
        schema does not know, whose value the final validation ignores too."""
        cache_key = key if self._is_model and isinstance(key, str) else _MEMBERS
        try:
            return self._children[cache_key]
        except KeyError:
            slot = self._children[cache_key] = _child_slot(self.annotation, key)
            return slot

    def validate(self, value: Any) -> tuple[Any, str | None]:
        """The validated value and no error, or None and a one-line reason."""
        if self._validation_type is Any:
            return value, None
        if self._adapter is None:
            self._adapter = TypeAdapter(self._validation_type)
        try:
            return self._adapter.validate_python(value), None
        except ValidationError as exc:
            return None, json_answers.summarise(exc)


ANY_SLOT = FieldSlot(Any)


@functools.cache
def root_slot(schema: type[BaseModel] | None) -> FieldSlot:
    """The slot of a whole object of `schema`; with no schema, every key is known and untyped."""
    return ANY_SLOT if schema is None else FieldSlot(schema)


def _child_slot(annotation: Any, key: str | int) -> FieldSlot | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model_field_slot(annotation, key) if isinstance(key, str) else ANY_SLOT
    # Only the kind of key matters from here on: the slot is shared by all members.
    origin, args = get_origin(annotation), get_args(annotation)
    if isinstance(key, int) and origin in _SEQUENCES and len(args) == 1:
        return FieldSlot(args[0])
    if isinstance(key, int) and origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return FieldSlot(args[0])
    if isinstance(key, str) and origin in (dict, collections.abc.Mapping) and len(args) == 2:
        return FieldSlot(args[1])
    return ANY_SLOT


def _model_field_slot(model: type[BaseModel], key: str) -> FieldSlot | None:
    field = _fields_by_json_key(model).get(key)
    if field is None:
        return None
    validation_type = Annotated[(field.annotation, *field.metadata)] if field.metadata else None
    return FieldSlot(field.annotation, validation_type)


@functools.cache
def _fields_by_json_key(model: type[BaseModel]) -> dict[str, FieldInfo]:
    by_name = bool(model.model_config.get("populate_by_name")) or bool(
        model.model_config.get("validate_by_name")
    )
    fields: dict[str, FieldInfo] = {}
    for name, field in model.model_fields.items():
        alias = field.validation_alias if isinstance(field.validation_alias, str) else field.alias
        fields[alias or name] = field
        if by_name:
            fields[name] = field
    return fields
