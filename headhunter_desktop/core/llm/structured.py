"""Helpers for JSON answers and batched embeddings: formats, retries, batching."""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from headhunter_desktop.core.llm.errors import LlmError, RequestRejectedError
from headhunter_desktop.core.llm.tokens import count_tokens, truncate_to_tokens

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


def with_schema_instructions(messages: Messages, schema: type[BaseModel]) -> Messages:
    """For JSON mode: put the schema in a system message (JSON mode requires the word JSON)."""
    instruction = "Answer with one JSON object only, matching this JSON Schema:\n" + json.dumps(
        schema.model_json_schema(), separators=(",", ":")
    )
    return [{"role": "system", "content": instruction}, *messages]


def rejects_json_schema(error: LlmError) -> bool:
    """A 400 from a server that does not support `response_format: json_schema`."""
    text = str(error).lower()
    return isinstance(error, RequestRejectedError) and (
        "json_schema" in text or "response_format" in text
    )


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


def clip_embedding_input(text: str, max_tokens: int, model: str) -> str:
    """Embedding inputs over the model's limit are cut (the start carries the most signal)."""
    if not text.strip():
        return " "  # the API rejects empty strings
    return truncate_to_tokens(text, max_tokens, model)[0]


def batch_by_budget(
    texts: Sequence[str], model: str, max_texts: int, max_tokens: int
) -> list[list[str]]:
    """Split inputs into requests within the API's per-request count and token limits."""
    batches: list[list[str]] = []
    current: list[str] = []
    current_tokens = 0
    for text in texts:
        tokens = count_tokens(text, model)
        if current and (len(current) >= max_texts or current_tokens + tokens > max_tokens):
            batches.append(current)
            current, current_tokens = [], 0
        current.append(text)
        current_tokens += tokens
    if current:
        batches.append(current)
    return batches
