"""JSON answers: the response format to ask for, the fallback for servers without it, the
object read out of an answer wrapped in more, and the corrective retry when an answer
does not validate."""

from __future__ import annotations

import functools
import json
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from headhunter_desktop.core.llm.reasoning_text import without_reasoning
from headhunter_desktop.core.llm.tokens import count_tokens

Messages = list[dict[str, str]]
T = TypeVar("T", bound=BaseModel)
_DECODER = json.JSONDecoder()


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


def validated_answer(schema: type[T], content: str) -> T:
    """The answer as a `schema` object. A server that does not hold the model to the format
    may get the object wrapped: after a reasoning model's `<think>` block, in a ```json
    fence, after a sentence. Then the first object in it is read (as the streamed path
    does). Raises the ValidationError of the answer when that does not validate either."""
    try:
        return schema.model_validate_json(content)
    except ValidationError:
        inner = _first_object(without_reasoning(content))
        if inner is None or inner == content:
            raise
    return schema.model_validate_json(inner)


def _first_object(text: str) -> str | None:
    start = text.find("{")
    if start == -1:
        return None
    try:
        _, end = _DECODER.raw_decode(text, start)
    except json.JSONDecodeError:
        return None
    return text[start:end]


def cut_off_message(schema: type[BaseModel]) -> str:
    """Why an answer the server stopped at its length limit is no use, and what helps."""
    return (
        f"The model's answer stopped at its length limit before the {schema.__name__} was "
        "complete. A reasoning model may have spent the limit thinking, or a local server "
        "gives the model too small a context window for this input (Ollama's default is a "
        "few thousand tokens: raise num_ctx). Choose another model, or raise the window."
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
