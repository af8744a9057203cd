"""What a streamed generation tells its editors, re-exported for the front ends: the
updates a service's stream yields and the field events inside them (`ui/` never reaches
into `core/llm`)."""

from headhunter_desktop.core.llm.field_events import (
    FieldCompleted,
    FieldEvent,
    ItemStarted,
    ObjectCompleted,
    Path,
    TextDelta,
    coalesce,
)
from headhunter_desktop.core.llm.streams import StructuredUpdate

__all__ = [
    "FieldCompleted",
    "FieldEvent",
    "ItemStarted",
    "ObjectCompleted",
    "Path",
    "StructuredUpdate",
    "TextDelta",
    "coalesce",
]
