"""Candidate rows as JSON, for a merge's undo that survives a restart (`candidate_merges`).

A snapshot is a Candidate row column by column: bytes (the embedding) and datetimes have no
JSON form, so they are written as {"$bytes": base64} and {"$datetime": ISO 8601} and read
back as such; everything else in a row is already JSON (text, numbers, the profile's dicts
and lists, enum values as their text).
"""

from __future__ import annotations

import base64
from datetime import datetime
from enum import Enum
from typing import Any

_BYTES, _DATETIME = "$bytes", "$datetime"


def row_to_json(row: dict[str, Any]) -> dict[str, Any]:
    """A snapshot of a row, JSON-ready."""
    return {key: _value_to_json(value) for key, value in row.items()}


def row_from_json(data: dict[str, Any]) -> dict[str, Any]:
    """The row `row_to_json` wrote, with its bytes and datetimes back."""
    return {key: _value_from_json(value) for key, value in data.items()}


def _value_to_json(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return {_BYTES: base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, datetime):
        return {_DATETIME: value.isoformat()}
    if isinstance(value, Enum):
        return value.value
    return value


def _value_from_json(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        if _BYTES in value:
            return base64.b64decode(value[_BYTES])
        if _DATETIME in value:
            return datetime.fromisoformat(value[_DATETIME])
    return value
