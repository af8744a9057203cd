"""Progress of a streamed generation on stderr: one line per field the model completed."""

from __future__ import annotations

import sys
from typing import Any

from headhunter_desktop.core.services.field_updates import FieldCompleted, StructuredUpdate


def print_field_progress(update: StructuredUpdate[Any]) -> None:
    """`on_update` of a service's `draft`: a line for each top-level field completed and
    each object of a list completed ("job template 2: Data Engineer")."""
    for event in update.events:
        line = progress_line(event) if isinstance(event, FieldCompleted) else None
        if line:
            print(line, file=sys.stderr, flush=True)


def progress_line(event: FieldCompleted) -> str | None:
    """What to say about a completed value; None for values inside a field (list items of
    text, an object's own fields): those are told with the field."""
    label = str(event.path[0]).replace("_", " ")
    if len(event.path) == 1:
        return f"{label}: {_size(event.value)}"
    index = event.path[1]
    if len(event.path) == 2 and isinstance(index, int) and isinstance(event.value, dict):
        title = event.value.get("title") or event.value.get("name") or ""
        return f"{label.removesuffix('s')} {index + 1}: {title}".removesuffix(": ")
    return None


def _size(value: Any) -> str:
    if isinstance(value, str):
        return f"{len(value.split())} words"
    if isinstance(value, list):
        return f"{len(value)} items"
    return "done"
