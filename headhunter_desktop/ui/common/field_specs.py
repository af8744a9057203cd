"""What a `FieldForm` shows: one `FieldSpec` per field, in the order the model writes them.

A tab describes its form once, with the helpers below, and keys named as the generated
model's fields (its JSON keys), so field events and `values()` line up with the model:

    JOB_FIELDS = (
        line("title", "Title"),
        text("description", "Description", lines=8),
        string_list("responsibilities", "Responsibilities"),
        choice("employment_type", "Employment type", enum_options(EmploymentType)),
        number("years_of_experience", "Years of experience", beside_previous=True),
        group("salary_range", "Salary range", (
            number("min", "From", decimals=2), number("max", "To", decimals=2),
            line("currency", "Currency", chars=5),
            choice("period", "Per", enum_options(SalaryPeriod)),
        )),
        object_list("job_templates", "Job templates", (
            line("title", "Title"), text("description", "Description", lines=3),
            string_list("technologies", "Technologies", lines=2),
        ), item_label="Job template"),
    )
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any

Options = tuple[tuple[str, str], ...]


class FieldKind(Enum):
    """How a field is edited and what its value is."""

    LINE = "line"  # one line of text: str
    TEXT = "text"  # Markdown, rendered once complete: str
    LIST = "list"  # strings, one "- item" line each: list[str]
    CHOICE = "choice"  # one of `options`: its value (str) or None
    NUMBER = "number"  # int (or float with `decimals`) or None
    OBJECT = "object"  # the sub-fields `fields` side by side: dict, or None when all empty
    OBJECT_LIST = "object_list"  # a group of `fields` per item: list[dict]


# Visible lines of a multi-line editor when the spec does not say.
DEFAULT_LINES = {FieldKind.TEXT: 6, FieldKind.LIST: 4}


@dataclass(frozen=True)
class FieldSpec:
    """One field of a form. `key` is the model's JSON key; `label` is shown above it.

    `options` (CHOICE): (value, label) pairs. `fields` (OBJECT, OBJECT_LIST): the
    sub-fields of the object or of each item. `lines` (TEXT, LIST): visible lines.
    `decimals` (NUMBER): 0 reads an int. `markdown` (TEXT): render when complete.
    `item_label` (OBJECT_LIST): "Job template" titles the items "Job template 1"….
    `chars` (LINE, NUMBER): a short field this many characters wide (a currency code).
    `regenerable`: a "Regenerate" button beside the label (top-level fields only).
    `beside_previous`: share the previous field's row (short fields: choices, numbers).
    """

    key: str
    label: str
    kind: FieldKind
    options: Options = ()
    fields: tuple[FieldSpec, ...] = ()
    lines: int = 0
    decimals: int = 0
    chars: int = 0
    markdown: bool = True
    item_label: str = ""
    placeholder: str = ""
    regenerable: bool = True
    beside_previous: bool = False

    @property
    def visible_lines(self) -> int:
        return self.lines or DEFAULT_LINES.get(self.kind, 1)

    @property
    def is_short(self) -> bool:
        """Sized to its content rather than stretched: choices, numbers, `chars` fields."""
        return self.kind in (FieldKind.CHOICE, FieldKind.NUMBER) or self.chars > 0


def line(key: str, label: str, **extra: Any) -> FieldSpec:
    """A one-line text field (title, location…)."""
    return FieldSpec(key, label, FieldKind.LINE, **extra)


def text(key: str, label: str, **extra: Any) -> FieldSpec:
    """A multi-line Markdown field, rendered once the model finished writing it."""
    return FieldSpec(key, label, FieldKind.TEXT, **extra)


def string_list(key: str, label: str, **extra: Any) -> FieldSpec:
    """A list of strings, shown and edited as "- item" lines."""
    return FieldSpec(key, label, FieldKind.LIST, **extra)


def choice(key: str, label: str, options: Iterable[tuple[str, str]], **extra: Any) -> FieldSpec:
    """One of `options` ((value, label) pairs), or not stated."""
    return FieldSpec(key, label, FieldKind.CHOICE, options=tuple(options), **extra)


def number(key: str, label: str, **extra: Any) -> FieldSpec:
    """A number, or not stated; `decimals=2` for amounts."""
    return FieldSpec(key, label, FieldKind.NUMBER, **extra)


def group(key: str, label: str, fields: Iterable[FieldSpec], **extra: Any) -> FieldSpec:
    """An object (salary range, location) whose `fields` sit side by side."""
    return FieldSpec(key, label, FieldKind.OBJECT, fields=tuple(fields), **extra)


def object_list(key: str, label: str, fields: Iterable[FieldSpec], **extra: Any) -> FieldSpec:
    """A list of objects (a department's job templates): one group of `fields` per item."""
    return FieldSpec(key, label, FieldKind.OBJECT_LIST, fields=tuple(fields), **extra)


def enum_options(
    enum: type[Enum], label: Callable[[Any], str] | None = None
) -> tuple[tuple[str, str], ...]:
    """(value, label) pairs of an Enum's members: their `label` property when they have
    one, else the value with its first letter capitalised."""

    def default(member: Any) -> str:
        return str(getattr(member, "label", str(member.value).replace("_", " ").capitalize()))

    show = label or default
    return tuple((str(member.value), show(member)) for member in enum)
