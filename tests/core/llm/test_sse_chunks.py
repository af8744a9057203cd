"""Reading a chat completion stream's events from the HTTP response ourselves: the cases a
real server sends that the fake server does not (multi-line data, comments, error events)."""

from __future__ import annotations

import asyncio
import importlib
from typing import Any

import openai
import pytest

from headhunter_desktop.core.llm.errors import translate_error
from headhunter_desktop.core.llm.sse_chunks import chat_chunks, content_deltas, usage_of

# The httpx the openai client uses (it ships its own in some versions).
http = importlib.import_module(openai.DefaultAsyncHttpxClient.__mro__[1].__module__)


def response(body: str) -> Any:
    request = http.Request("POST", "http://127.0.0.1/v1/chat/completions")
    return http.Response(200, content=body.encode(), request=request)


def read(body: str) -> list[dict[str, Any]]:
    async def collect() -> list[dict[str, Any]]:
        return [chunk async for chunk in chat_chunks(response(body))]

    return asyncio.run(collect())


def test_events_comments_multi_line_data_and_done() -> None:
    body = (
        ": keep-alive comment\n\n"
        'event: message\ndata: {"model": "m", "choices": [{"delta": {"content": "Hel"}}]}\n\n'
        'data: {"model": "m",\ndata:  "choices": [{"delta": {"content": "lo"}}]}\n\n'
        'data: {"model": "m", "choices": [], "usage": {"prompt_tokens": 3, '
        '"completion_tokens": 2, "prompt_tokens_details": {"cached_tokens": 1}}}\n\n'
        "data: [DONE]\n\n"
        'data: {"choices": [{"delta": {"content": "after done"}}]}\n\n'
    )
    chunks = read(body)
    assert [d for c in chunks for d in content_deltas(c)] == ["Hel", "lo"]
    usage = usage_of(chunks[-1])
    assert (usage.prompt_tokens, usage.prompt_tokens_details.cached_tokens) == (3, 1)
    assert usage_of(chunks[0]) is None


def test_an_error_event_mid_stream_is_the_servers_error() -> None:
    body = (
        'data: {"choices": [{"delta": {"content": "Hi"}}]}\n\n'
        'data: {"error": {"message": "The model overloaded", "type": "server_error"}}\n\n'
    )
    with pytest.raises(openai.APIError) as raised:
        read(body)
    assert "overloaded" in str(translate_error(raised.value, base_url=None, model="m"))


def test_a_chunk_without_choices_or_content_yields_no_delta() -> None:
    assert content_deltas({"choices": [{"delta": {}}, {"delta": {"content": None}}]}) == []
    assert content_deltas({"choices": None}) == []
