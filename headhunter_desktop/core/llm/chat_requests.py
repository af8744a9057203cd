"""One request as it is sent: its arguments, and what its worst case is made of.

Requests are built when a request slot is free, not before waiting for one: whatever the
gateway learnt meanwhile (that the server refuses `json_schema`) applies to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from headhunter_desktop.core.llm.output_limits import limit_argument

Messages = list[dict[str, str]]


@dataclass(frozen=True)
class Request:
    """The keyword arguments of the API call, the prompt's tokens and the output limit."""

    arguments: dict[str, Any]
    prompt_tokens: int
    output_tokens: int
    # Asks for OpenAI structured outputs, which some servers refuse (see json_answers).
    json_schema: bool = False


def chat_request(
    model: str,
    messages: Messages,
    prompt_tokens: int,
    *,
    max_tokens: int,
    base_url: str | None,
    response_format: dict[str, Any] | None = None,
    stream: bool = False,
) -> Request:
    """A `chat.completions.create` request; streams always ask for usage."""
    arguments: dict[str, Any] = {"model": model, "messages": messages}
    if stream:
        arguments |= {"stream": True, "stream_options": {"include_usage": True}}
    arguments[limit_argument(base_url)] = max_tokens
    if response_format is not None:
        arguments["response_format"] = response_format
    is_schema = response_format is not None and response_format.get("type") == "json_schema"
    return Request(arguments, prompt_tokens, max_tokens, json_schema=is_schema)


def embedding_request(
    model: str, texts: list[str], tokens: int, fields: dict[str, str] | None = None
) -> Request:
    """An `embeddings.create` request: no output tokens. `fields` go into the body as they
    are (the openai client knows no `input_type` argument: `extra_body` carries it)."""
    arguments: dict[str, Any] = {"model": model, "input": texts}
    if fields:
        arguments["extra_body"] = dict(fields)
    return Request(arguments, tokens, 0)
