"""A rehearsal of the request path, offline: the first real requests then cost what the
others do.

The first request of each kind pays one-off costs on the thread that sends it, the GUI
thread: the openai client resolving its parameter types (~4 ms a kind), httpx parsing its
first URL, a response schema built and counted (~12 ms for a CV profile's). At the start
of a 200-CV import these came together and made the window's longest stalls
(bench_import.py). `rehearse` pays them in a worker thread at start-up instead: it sends a
JSON request, a streamed request and an embedding request, shaped as the gateway shapes
them, to a transport that answers in memory. Nothing reaches the network and nothing is
recorded: no usage record is made for a request no server saw.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from headhunter_desktop.core.llm import json_answers
from headhunter_desktop.core.llm.chat_requests import chat_request, embedding_request
from headhunter_desktop.core.llm.request_runner import chat_create, embeddings_create
from headhunter_desktop.core.llm.sse_chunks import chat_chunks

log = logging.getLogger(__name__)

REHEARSAL_HOST = "rehearsal.invalid"  # .invalid: a name that never resolves
REHEARSAL_URL = f"http://{REHEARSAL_HOST}/v1"
_USAGE = {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}


def rehearse(schemas: Iterable[type[BaseModel]], chat_model: str, embedding_model: str) -> None:
    """Send each kind of request once, answered in memory (blocking: a worker thread's).

    `schemas`: the structured answers the app asks for (their JSON schemas are built and
    counted now, and cached); the first is the one a JSON request is rehearsed with."""
    wanted = list(schemas)
    for schema in wanted:
        json_answers.json_schema_format(schema)
        json_answers.schema_tokens(schema, chat_model)
    try:
        asyncio.run(_send_each_kind(wanted[:1], chat_model, embedding_model))
    except Exception:  # only speed is lost: the real requests pay the first-use costs
        log.warning("the request rehearsal failed", exc_info=True)


async def _send_each_kind(
    schemas: list[type[BaseModel]], chat_model: str, embedding_model: str
) -> None:
    import openai  # deferred, as everywhere: the warm-up is what imports it

    http = _http_module(openai)
    _keep_out_of_the_log(http.__name__)
    client = openai.AsyncOpenAI(
        api_key="rehearsal",
        base_url=REHEARSAL_URL,
        max_retries=0,
        http_client=openai.DefaultAsyncHttpxClient(transport=http.MockTransport(_answer)),
    )
    messages = [{"role": "user", "content": "rehearsal"}]
    try:
        formats: list[dict[str, Any] | None] = [
            json_answers.json_schema_format(schema) for schema in schemas
        ]
        for response_format in formats or [None]:
            request = chat_request(
                chat_model, messages, 1, max_tokens=1, base_url=REHEARSAL_URL,
                response_format=response_format,
            )  # fmt: skip
            await chat_create(client, request)
        streamed = chat_request(
            chat_model, messages, 1, max_tokens=1, base_url=REHEARSAL_URL, stream=True
        )
        stream = await chat_create(client, streamed)
        async for _chunk in chat_chunks(stream.response):
            pass
        await embeddings_create(client, embedding_request(embedding_model, ["rehearsal"], 1))
    finally:
        await client.close()


def _keep_out_of_the_log(logger_name: str) -> None:
    """httpx logs every request at INFO: app.log shows the real ones, not the rehearsal's."""
    logger = logging.getLogger(logger_name)
    if not any(isinstance(f, _RehearsalFilter) for f in logger.filters):
        logger.addFilter(_RehearsalFilter())


class _RehearsalFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return REHEARSAL_HOST not in record.getMessage()


def _http_module(openai: Any) -> Any:
    """The httpx the openai client is built on (it ships its own, `httpx2`, in some versions)."""
    for cls in openai.DefaultAsyncHttpxClient.__mro__:
        if not cls.__module__.startswith("openai"):
            return sys.modules[cls.__module__.split(".")[0]]
    raise RuntimeError("the openai client's HTTP client has no httpx base class")


def _answer(request: Any) -> Any:
    """What a server would answer, the smallest of its kind."""
    http = sys.modules[type(request).__module__.split(".")[0]]
    body = json.loads(request.content or b"{}")
    if request.url.path.endswith("/embeddings"):
        data = [{"object": "embedding", "index": 0, "embedding": [0.0]}]
        answer = {"object": "list", "data": data, "model": body.get("model"), "usage": _USAGE}
        return http.Response(200, json=answer)
    chunk = {
        "id": "rehearsal",
        "created": 0,
        "model": body.get("model"),
        "choices": [{"index": 0, "finish_reason": "stop"}],
    }
    if body.get("stream"):
        chunk["object"] = "chat.completion.chunk"
        chunk["choices"][0]["delta"] = {"role": "assistant", "content": "{}"}
        events = [json.dumps(chunk), json.dumps({**chunk, "choices": [], "usage": _USAGE})]
        text = "".join(f"data: {event}\n\n" for event in [*events, "[DONE]"])
        return http.Response(200, text=text, headers={"content-type": "text/event-stream"})
    chunk["object"] = "chat.completion"
    chunk["choices"][0]["message"] = {"role": "assistant", "content": "{}"}
    return http.Response(200, json={**chunk, "usage": _USAGE})
