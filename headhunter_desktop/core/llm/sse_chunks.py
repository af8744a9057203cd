"""The chunks of a streamed chat completion, read from the HTTP response as plain dicts.

The openai client turns each server-sent event into a pydantic model (~250 µs a chunk on
this project's benchmark machine), on the GUI thread, since that is where the loop runs:
at a few thousand chunks a second that alone is the ceiling of a stream into the editors.
A chunk needs three things here (its model, its usage, its content delta), so the events
are decoded with `json.loads` instead, and the usage — sent once, at the end — is the
only part turned into attributes (what `TokenSplit.from_provider` reads).
"""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import openai

DONE = "[DONE]"


async def sse_data(response: Any) -> AsyncIterator[str]:
    """The `data` of each server-sent event of `response` (the openai client's httpx
    response), in order. Event names, ids and comments are not used by chat completions
    and are skipped. A broken connection raises openai's error for it, as the client does."""
    lines: list[str] = []
    async for line in _lines(response):
        if not line:  # a blank line ends an event
            if lines:
                yield "\n".join(lines)
                lines = []
        elif line.startswith("data:"):
            value = line[5:]
            lines.append(value[1:] if value.startswith(" ") else value)
    if lines:
        yield "\n".join(lines)


async def _lines(response: Any) -> AsyncIterator[str]:
    # openai ships its own httpx (`httpx2` in some versions): its exceptions come from the
    # module of the response's class.
    http = sys.modules[type(response).__module__.split(".")[0]]
    import openai  # deferred: importing openai costs ~1 s of a CLI command's start

    try:
        async for line in response.aiter_lines():
            yield line
    except http.TimeoutException as exc:
        raise openai.APITimeoutError(response.request) from exc
    except http.TransportError as exc:
        raise openai.APIConnectionError(request=response.request) from exc


async def chat_chunks(response: Any) -> AsyncIterator[dict[str, Any]]:
    """Each chunk of a chat completion stream as a dict, until `[DONE]`; the rest of the
    body is still read, so that an HTTP/1.1 connection can serve the next request.

    An error event mid-stream raises openai.APIError, as the openai client does."""
    done = False
    async for data in sse_data(response):
        if done:
            continue
        if data.startswith(DONE):
            done = True
            continue
        chunk = json.loads(data)
        if isinstance(chunk, dict) and chunk.get("error"):
            raise _stream_error(response, chunk["error"])
        if isinstance(chunk, dict):
            yield chunk


def content_deltas(chunk: dict[str, Any]) -> list[str]:
    """The non-empty content deltas of a chunk's choices."""
    deltas = []
    for choice in chunk.get("choices") or ():
        delta = choice.get("delta") if isinstance(choice, dict) else None
        content = delta.get("content") if isinstance(delta, dict) else None
        if content:
            deltas.append(str(content))
    return deltas


def finish_reason_of(chunk: dict[str, Any]) -> str | None:
    """Why the answer ended, on the chunk that says so ("stop", "length", …)."""
    for choice in chunk.get("choices") or ():
        reason = choice.get("finish_reason") if isinstance(choice, dict) else None
        if isinstance(reason, str) and reason:
            return reason
    return None


def usage_of(chunk: dict[str, Any]) -> Any:
    """The chunk's usage with attribute access (None when the chunk has none)."""
    usage = chunk.get("usage")
    return _attributes(usage) if isinstance(usage, dict) else None


def _attributes(value: Any) -> Any:
    if isinstance(value, dict):
        return SimpleNamespace(**{str(k): _attributes(v) for k, v in value.items()})
    return value


def _stream_error(response: Any, error: Any) -> openai.APIError:
    import openai  # deferred, as above

    message = error.get("message") if isinstance(error, dict) else None
    if not isinstance(message, str) or not message:
        message = "An error occurred during streaming"
    return openai.APIError(message, response.request, body=error)
