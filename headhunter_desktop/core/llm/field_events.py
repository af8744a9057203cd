"""What a streamed JSON object tells its editors as it is written: field events.

A path names a value inside the object: `("description",)`, `("responsibilities", 2)`,
`("salary_range", "min")`, `("job_templates", 0, "technologies", 1)`; keys are as
written in the JSON (a field's alias, when it has one).
Events are plain values; they are not frozen only because building one per delta must
stay cheap (a frozen dataclass costs twice as much to create).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

Path = tuple[str | int, ...]


@dataclass(slots=True)
class TextDelta:
    """Characters just added to the string at `path`: append them to its editor."""

    path: Path
    text: str


@dataclass(slots=True)
class ItemStarted:
    """The list at `path` got item number `index` (its value follows at `item_path`)."""

    path: Path
    index: int

    @property
    def item_path(self) -> Path:
        """Where the new item's own events point."""
        return (*self.path, self.index)


@dataclass(slots=True)
class FieldCompleted:
    """The value at `path` is complete.

    `value` is exactly what `json.loads` gives for it. `validated` is the value after the
    schema's validation of this path (a model instance for a nested model, an int for
    `"5"` in an int field), or `value` itself when the schema says nothing about the path.
    `error` is a one-line reason when validation failed (then `validated` is None); the
    stream goes on, because the whole object is validated once at the end anyway.
    """

    path: Path
    value: Any
    validated: Any
    error: str | None = None


@dataclass(slots=True)
class ObjectCompleted:
    """The top-level object closed; `value` is what `json.loads` gives for it."""

    value: dict[str, Any]


FieldEvent = TextDelta | ItemStarted | FieldCompleted | ObjectCompleted


def coalesce(events: Iterable[FieldEvent]) -> list[FieldEvent]:
    """The same events with each run of `TextDelta`s for one path merged into one.

    For callers that collect events over a frame (~16 ms) and apply them at once: an
    editor then gets one insert per field per frame instead of one per delta.
    """
    merged: list[FieldEvent] = []
    run: list[str] = []  # the texts of the run of TextDeltas that merged[-1] starts
    run_path: Path | None = None
    for event in events:
        if not isinstance(event, TextDelta):
            _end_run(merged, run, run_path)
            run, run_path = [], None
        elif event.path == run_path:
            run.append(event.text)
            continue
        else:
            _end_run(merged, run, run_path)
            run, run_path = [event.text], event.path
        merged.append(event)
    _end_run(merged, run, run_path)
    return merged


def _end_run(merged: list[FieldEvent], run: list[str], run_path: Path | None) -> None:
    if len(run) > 1 and run_path is not None:
        merged[-1] = TextDelta(run_path, "".join(run))
