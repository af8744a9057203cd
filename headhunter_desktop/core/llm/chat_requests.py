"""One request as it is sent: its arguments, and what its worst case is made of.

Requests are built when a request slot is free, not before waiting for one: whatever the
gateway learnt meanwhile (that the server refuses `json_schema`, or `stream_options`)
applies to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from headhunter_desktop.core.llm.context_windows import window_from
from headhunter_desktop.core.llm.errors import LlmError, RequestRejectedError
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
    # A stream that asks for its usage in a last chunk (`stream_options`), which some
    # servers refuse as an unknown argument (Azure OpenAI's older API versions).
    stream_usage: bool = False


def chat_request(
    model: str,
    messages: Messages,
    prompt_tokens: int,
    *,
    max_tokens: int,
    base_url: str | None,
    response_format: dict[str, Any] | None = None,
    stream: bool = False,
    stream_usage: bool = True,
) -> Request:
    """A `chat.completions.create` request; a stream asks for its usage unless told not
    to (its call is then recorded with estimated tokens)."""
    arguments: dict[str, Any] = {"model": model, "messages": messages}
    if stream:
        arguments["stream"] = True
        if stream_usage:
            arguments["stream_options"] = {"include_usage": True}
    arguments[limit_argument(base_url)] = max_tokens
    if response_format is not None:
        arguments["response_format"] = response_format
    is_schema = response_format is not None and response_format.get("type") == "json_schema"
    asks_usage = "stream_options" in arguments
    return Request(arguments, prompt_tokens, max_tokens, is_schema, asks_usage)


def refused_option(request: Request | None, error: LlmError) -> str | None:
    """What of the request a 400 refused, when a request without it would do:
    "json_schema" (JSON mode instead), "stream_options", or "max_tokens" (an output limit
    over what the model's context window leaves: `context_windows.py`)."""
    if request is None or not isinstance(error, RequestRejectedError):
        return None
    text = str(error).lower()
    if request.json_schema and ("json_schema" in text or "response_format" in text):
        return "json_schema"
    if request.stream_usage and ("stream_options" in text or "include_usage" in text):
        return "stream_options"
    if request.output_tokens > 0 and window_from(error, request.prompt_tokens) is not None:
        return "max_tokens"
    return None


def embedding_request(
    model: str, texts: list[str], tokens: int, fields: dict[str, str] | None = None
) -> Request:
    """An `embeddings.create` request: no output tokens. `fields` go into the body as they
    are (the openai client knows no `input_type` argument: `extra_body` carries it)."""
    arguments: dict[str, Any] = {"model": model, "input": texts}
    if fields:
        arguments["extra_body"] = dict(fields)
    return Request(arguments, tokens, 0)
