"""A fake LLM for any structured generation: it answers a `json_schema` request with a
plausible object built from the schema it was sent (department profiles, job postings,
one field of either), so the app's streaming and validation run on real answers.

Strings are a few words naming their field (long enough to stream in many deltas), lists
have three items, nested objects are built the same way, enums take their first value,
numbers the smallest allowed. `overrides` sets top-level values as they should come back.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from tests.fakes.openai_replies import ChatReply, FakeUsage

LIST_ITEMS = 3
_WORDS = ("clear", "useful", "plain", "specific", "friendly", "practical", "careful", "modern",
          "steady", "honest")  # fmt: skip


def requested_schema(body: dict[str, Any]) -> dict[str, Any] | None:
    """The JSON schema a chat request asks its answer to follow, None for other requests."""
    fmt = body.get("response_format")
    if not isinstance(fmt, dict) or fmt.get("type") != "json_schema":
        return None
    schema = fmt.get("json_schema", {}).get("schema")
    return schema if isinstance(schema, dict) else None


def object_for_schema(
    schema: dict[str, Any], overrides: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """A plausible value for every property of `schema` (its $defs resolved)."""
    defs = schema.get("$defs", {})
    value = _object(schema, defs)
    for name, override in (overrides or {}).items():
        if name in value:
            value[name] = override
    return value


def schema_responder(
    overrides: Mapping[str, Any] | None = None,
    *,
    usage: FakeUsage | None = None,
    chunk_words: int = 1,
) -> Callable[[dict[str, Any]], ChatReply | None]:
    """FakeOpenAIServer.responder: an object following the request's schema; requests
    without one get the server's default reply."""

    def respond(body: dict[str, Any]) -> ChatReply | None:
        schema = requested_schema(body)
        if schema is None:
            return None
        content = json.dumps(object_for_schema(schema, overrides), ensure_ascii=False)
        return ChatReply(content, usage=usage, chunk_words=chunk_words)

    return respond


def _value(schema: dict[str, Any], defs: dict[str, Any], name: str) -> Any:
    schema = _resolved(schema, defs)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        return _object(schema, defs)
    if kind == "array":
        item = schema.get("items", {"type": "string"})
        return [_value(item, defs, f"{name} {i + 1}") for i in range(LIST_ITEMS)]
    if kind in ("integer", "number"):
        return _number(schema, kind)
    if kind == "boolean":
        return False
    return _text(name)


def _object(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    properties = _resolved(schema, defs).get("properties", {})
    return {name: _value(sub, defs, name) for name, sub in properties.items()}


def _resolved(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """The schema itself: a $ref followed, the non-null member of an `X | None`."""
    if "$ref" in schema:
        return _resolved(defs[schema["$ref"].rsplit("/", 1)[-1]], defs)
    for key in ("anyOf", "oneOf"):
        members = [m for m in schema.get(key, []) if m.get("type") != "null"]
        if members:
            return _resolved(members[0], defs)
    return schema


def _number(schema: dict[str, Any], kind: str) -> int | float:
    low = schema.get("minimum", schema.get("exclusiveMinimum", 0))
    value = max(low, 3)
    value = min(value, schema.get("maximum", value))
    return int(value) if kind == "integer" else float(value)


def _text(name: str) -> str:
    words = " ".join(_WORDS[: 4 + len(name) % 6])
    return f"{name.replace('_', ' ').capitalize()}: {words}."
