"""JSON answers: the response format to ask for, the fallback for servers without it, and
the corrective retry when an answer does not validate."""

from __future__ import annotations

import functools
import json
from typing import Any

from pydantic import BaseModel, ValidationError

from headhunter_desktop.core.llm.tokens import count_tokens

Messages = list[dict[str, str]]


@functools.cache
def json_schema_format(schema: type[BaseModel]) -> dict[str, Any]:
    """OpenAI structured outputs, non-strict so any pydantic model's schema is accepted.

    Cached: building CvProfile's schema costs ~4 ms, on the event loop, for every CV.
    Callers must not mutate the returned dict.
    """
    return {
        "type": "json_schema",
        "json_schema": {
            "name": schema.__name__,
            "schema": schema.model_json_schema(),
            "strict": False,
        },
    }


@functools.cache
def schema_tokens(schema: type[BaseModel], model: str) -> int:
    """Tokens of the schema itself: a `json_schema` request's worst case counts them too."""
    return count_tokens(schema_text(schema), model)


@functools.cache
def schema_text(schema: type[BaseModel]) -> str:
    """The schema as compact JSON (the one `json_schema_format` built, not a second build)."""
    return json.dumps(json_schema_format(schema)["json_schema"]["schema"], separators=(",", ":"))


def with_schema_instructions(messages: Messages, schema: type[BaseModel]) -> Messages:
    """For JSON mode: put the schema in a system message (JSON mode requires the word JSON)."""
    instruction = "Answer with one JSON object only, matching this JSON Schema:\n" + schema_text(
        schema
    )
    return [{"role": "system", "content": instruction}, *messages]


def summarise(error: ValidationError) -> str:
    """The first validation problem, short enough for a message."""
    first = error.errors()[0]
    where = ".".join(str(p) for p in first.get("loc", ())) or "answer"
    return f"{where}: {first.get('msg', 'invalid')}"


def corrective_messages(messages: Messages, bad_answer: str, error: ValidationError) -> Messages:
    """The conversation plus the invalid answer and a request to fix it."""
    return [
        *messages,
        {"role": "assistant", "content": bad_answer[:20_000]},
        {
            "role": "user",
            "content": "That answer is not valid JSON for the required schema "
            f"({summarise(error)}). Reply with the corrected JSON object only.",
        },
    ]
