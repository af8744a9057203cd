"""The fake OpenAI server, exercised by the real openai client over a real socket (no mocks)."""

from __future__ import annotations

import asyncio
import json
import math
import threading
import time
import urllib.error
import urllib.request
from typing import Any

import openai
import pytest
from pydantic import BaseModel

from tests.fakes import (
    ChatReply,
    DropConnection,
    EmbeddingReply,
    ErrorReply,
    FakeOpenAIServer,
    FakeUsage,
    fake_embedding,
)

USER = [{"role": "user", "content": "Summarise this CV please"}]


def sync_client(server: FakeOpenAIServer, **kwargs: Any) -> openai.OpenAI:
    kwargs.setdefault("api_key", server.api_key or "unused")
    kwargs.setdefault("max_retries", 0)  # tests that want retries say so
    return openai.OpenAI(base_url=server.base_url, **kwargs)


def async_client(server: FakeOpenAIServer, **kwargs: Any) -> openai.AsyncOpenAI:
    kwargs.setdefault("api_key", server.api_key or "unused")
    kwargs.setdefault("max_retries", 0)
    return openai.AsyncOpenAI(base_url=server.base_url, **kwargs)


def cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True)) / math.sqrt(
        sum(x * x for x in a) * sum(y * y for y in b)
    )


async def collect_stream(server: FakeOpenAIServer, **kwargs: Any) -> list[Any]:
    async with async_client(server) as client:
        stream = await client.chat.completions.create(
            model="gpt-4o-mini", messages=USER, stream=True, **kwargs
        )
        return [chunk async for chunk in stream]


def test_models_list(fake_openai: FakeOpenAIServer) -> None:
    with sync_client(fake_openai) as client:
        ids = [m.id for m in client.models.list()]
    assert {"gpt-4o-mini", "text-embedding-3-small"} <= set(ids)
    assert fake_openai.requests[0].method == "GET"
    assert fake_openai.requests[0].path == "/v1/models"


def test_chat_json_reports_usage_details_and_dated_model(fake_openai: FakeOpenAIServer) -> None:
    usage = FakeUsage(prompt_tokens=120, completion_tokens=30, cached_tokens=64, reasoning_tokens=7)
    fake_openai.queue(ChatReply("Senior engineer.", usage=usage, model="gpt-4o-mini-2024-07-18"))

    async def run() -> Any:
        async with async_client(fake_openai) as client:
            return await client.chat.completions.create(model="gpt-4o-mini", messages=USER)

    resp = asyncio.run(run())
    assert resp.choices[0].message.content == "Senior engineer."
    assert resp.choices[0].finish_reason == "stop"
    assert resp.model == "gpt-4o-mini-2024-07-18"
    assert resp.usage is not None
    assert (resp.usage.prompt_tokens, resp.usage.completion_tokens) == (120, 30)
    assert resp.usage.total_tokens == 150
    assert resp.usage.prompt_tokens_details.cached_tokens == 64
    assert resp.usage.completion_tokens_details.reasoning_tokens == 7
    (record,) = fake_openai.chat_requests()
    assert record.sent_usage == usage
    assert record.sent_model == "gpt-4o-mini-2024-07-18"
    assert record.body is not None and record.body["messages"] == USER
    assert record.headers["authorization"] == "Bearer sk-test-fake"


def test_chat_default_reply_computes_usage_and_uses_answer_model(
    fake_openai: FakeOpenAIServer,
) -> None:
    fake_openai.answer_model = "gpt-4o-mini-2024-07-18"
    fake_openai.responder = lambda body: ChatReply("three word answer")
    with sync_client(fake_openai) as client:
        resp = client.chat.completions.create(model="gpt-4o-mini", messages=USER)
    assert resp.model == "gpt-4o-mini-2024-07-18"
    assert resp.usage is not None
    assert (resp.usage.prompt_tokens, resp.usage.completion_tokens) == (4, 3)
    assert fake_openai.chat_requests()[0].sent_usage == FakeUsage(4, 3)


def test_stream_with_include_usage_joins_exactly_and_ends_with_usage(
    fake_openai: FakeOpenAIServer,
) -> None:
    content = "  Kubernetes,\tGo and\n\nPython  — 10 years.  "
    usage = FakeUsage(prompt_tokens=50, completion_tokens=9, cached_tokens=32, reasoning_tokens=3)
    fake_openai.queue(ChatReply(content, usage=usage, chunk_words=2, model="gpt-4o-2024-08-06"))
    chunks = asyncio.run(collect_stream(fake_openai, stream_options={"include_usage": True}))

    assert chunks[0].choices[0].delta.role == "assistant"
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == content
    content_chunks = [c for c in chunks if c.choices and c.choices[0].delta.content]
    assert len(content_chunks) == 4  # 7 words, two per chunk
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "stop"
    last = chunks[-1]
    assert last.choices == []
    assert last.usage is not None
    assert (last.usage.prompt_tokens, last.usage.completion_tokens) == (50, 9)
    assert last.usage.prompt_tokens_details.cached_tokens == 32
    assert last.usage.completion_tokens_details.reasoning_tokens == 3
    assert all(c.usage is None for c in chunks[:-1])
    assert {c.model for c in chunks} == {"gpt-4o-2024-08-06"}
    assert fake_openai.chat_requests()[0].sent_usage == usage


def test_stream_without_include_usage_sends_no_usage(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.queue(ChatReply("a b c"))
    chunks = asyncio.run(collect_stream(fake_openai))
    assert all(c.usage is None for c in chunks)
    assert all(c.choices for c in chunks)
    assert fake_openai.chat_requests()[0].sent_usage is None


def test_send_usage_false_never_sends_usage(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.queue(ChatReply("local", send_usage=False), ChatReply("local", send_usage=False))
    with sync_client(fake_openai) as client:
        resp = client.chat.completions.create(model="llama3", messages=USER)
    chunks = asyncio.run(collect_stream(fake_openai, stream_options={"include_usage": True}))
    assert resp.usage is None
    assert all(c.usage is None for c in chunks)
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == "local"
    assert [r.sent_usage for r in fake_openai.chat_requests()] == [None, None]


def test_json_schema_accepted_unless_rejected(fake_openai: FakeOpenAIServer) -> None:
    schema_format: Any = {
        "type": "json_schema",
        "json_schema": {"name": "x", "schema": {"type": "object"}, "strict": True},
    }
    fake_openai.queue(ChatReply("{}"), ChatReply('{"ok": true}'))
    with sync_client(fake_openai) as client:
        ok = client.chat.completions.create(
            model="gpt-4o-mini", messages=USER, response_format=schema_format
        )
        assert ok.choices[0].message.content == "{}"
        fake_openai.reject_json_schema = True
        with pytest.raises(openai.BadRequestError, match="json_schema is not supported"):
            client.chat.completions.create(
                model="gpt-4o-mini", messages=USER, response_format=schema_format
            )
        # The rejected request consumed nothing: the json_object fallback gets the queued reply.
        fallback = client.chat.completions.create(
            model="gpt-4o-mini", messages=USER, response_format={"type": "json_object"}
        )
    assert fallback.choices[0].message.content == '{"ok": true}'
    assert [r.reply.status for r in fake_openai.chat_requests()[1:2]] == [400]


class Candidate(BaseModel):
    name: str
    skills: list[str]


def test_parse_with_pydantic_response_format(fake_openai: FakeOpenAIServer) -> None:
    seen: list[dict[str, Any]] = []

    def responder(body: dict[str, Any]) -> ChatReply:
        seen.append(body["response_format"])
        return ChatReply(json.dumps({"name": "Ada", "skills": ["python", "k8s"]}))

    fake_openai.responder = responder
    with sync_client(fake_openai) as client:
        resp = client.chat.completions.parse(
            model="gpt-4o-mini", messages=USER, response_format=Candidate
        )
    assert resp.choices[0].message.parsed == Candidate(name="Ada", skills=["python", "k8s"])
    assert seen[0]["type"] == "json_schema"
    assert seen[0]["json_schema"]["name"] == "Candidate"


def test_embeddings_base64_default_equals_float(fake_openai: FakeOpenAIServer) -> None:
    text = "Cloud engineer with Kubernetes"

    async def run() -> tuple[Any, Any]:
        async with async_client(fake_openai) as client:
            default = await client.embeddings.create(model="text-embedding-3-small", input=text)
            floats = await client.embeddings.create(
                model="text-embedding-3-small", input=text, encoding_format="float"
            )
            return default, floats

    default, floats = asyncio.run(run())
    requests = fake_openai.embedding_requests()
    assert [r.body["encoding_format"] for r in requests if r.body] == ["base64", "float"]
    assert isinstance(default.data[0].embedding, list)  # the client decoded the base64
    assert default.data[0].embedding == floats.data[0].embedding == fake_embedding(text)
    assert len(default.data[0].embedding) == 64
    assert math.isclose(sum(v * v for v in default.data[0].embedding), 1.0, rel_tol=1e-5)
    assert default.usage.prompt_tokens == default.usage.total_tokens == 4
    assert default.model == "text-embedding-3-small"


def test_embeddings_batch_keeps_order_and_index(fake_openai: FakeOpenAIServer) -> None:
    texts = ["pastry chef", "cloud engineer", "pastry chef", "data scientist in Berlin"]
    fake_openai.queue(EmbeddingReply(usage_tokens=99, model="text-embedding-3-small-v2"))
    with sync_client(fake_openai) as client:
        resp = client.embeddings.create(model="text-embedding-3-small", input=texts)
        again = client.embeddings.create(model="text-embedding-3-small", input=texts)
    assert [d.index for d in resp.data] == [0, 1, 2, 3]
    assert [d.embedding for d in resp.data] == [fake_embedding(t) for t in texts]
    assert resp.data[0].embedding == resp.data[2].embedding != resp.data[1].embedding
    assert [d.embedding for d in again.data] == [d.embedding for d in resp.data]
    assert (resp.usage.total_tokens, resp.model) == (99, "text-embedding-3-small-v2")
    assert again.usage.total_tokens == 10  # default: word count
    assert fake_openai.embedding_requests()[0].sent_usage == FakeUsage(99, 0)


def test_embedding_similarity_follows_shared_words() -> None:
    query = fake_embedding("kubernetes cloud engineer")
    near = fake_embedding("cloud infrastructure engineer kubernetes")
    far = fake_embedding("pastry chef")
    assert cosine(query, near) > cosine(query, far) + 0.3
    assert fake_embedding("python") != fake_embedding("java")
    assert fake_embedding("Kubernetes!") == fake_embedding("kubernetes")


def test_wrong_key_gives_authentication_error_without_leaking_it(
    fake_openai: FakeOpenAIServer,
) -> None:
    secret = "sk-wrong-secret-123"
    with (
        sync_client(fake_openai, api_key=secret, max_retries=2) as client,
        pytest.raises(openai.AuthenticationError) as info,
    ):
        client.chat.completions.create(model="gpt-4o-mini", messages=USER)
    err = info.value
    assert err.status_code == 401
    assert err.code == "invalid_api_key"
    assert secret not in str(err) and secret not in json.dumps(err.body)
    assert len(fake_openai.chat_requests()) == 1  # 401 is not retried


def test_no_api_key_configured_accepts_any_key() -> None:
    with FakeOpenAIServer(api_key=None) as server, sync_client(server, api_key="x") as client:
        resp = client.chat.completions.create(model="gpt-4o-mini", messages=USER)
    assert resp.choices[0].message.content


def test_rate_limit_with_retry_after_is_retried(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.queue(ErrorReply(429, "slow down", retry_after=0.05, code="rate_limit_exceeded"))

    async def run() -> Any:
        async with async_client(fake_openai, max_retries=2) as client:
            return await client.chat.completions.create(model="gpt-4o-mini", messages=USER)

    resp = asyncio.run(run())
    assert resp.choices[0].message.content
    first, second = fake_openai.chat_requests()
    assert isinstance(first.reply, ErrorReply) and isinstance(second.reply, ChatReply)
    assert (first.sent_usage, second.sent_usage is not None) == (None, True)
    assert second.headers["x-stainless-retry-count"] == "1"


def test_server_error_without_retries(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.queue(ErrorReply(500, "boom"))
    with sync_client(fake_openai) as client, pytest.raises(openai.InternalServerError):
        client.chat.completions.create(model="gpt-4o-mini", messages=USER)


def test_errors_and_drops_apply_to_embeddings_but_chat_replies_do_not(
    fake_openai: FakeOpenAIServer,
) -> None:
    fake_openai.queue(ChatReply("for chat"), ErrorReply(503, "busy"), DropConnection())
    with sync_client(fake_openai) as client:
        with pytest.raises(openai.InternalServerError):
            client.embeddings.create(model="text-embedding-3-small", input="x")
        with pytest.raises(openai.APIConnectionError):
            client.embeddings.create(model="text-embedding-3-small", input="x")
        chat = client.chat.completions.create(model="gpt-4o-mini", messages=USER)
    assert chat.choices[0].message.content == "for chat"
    with pytest.raises(TypeError):
        fake_openai.queue("not a reply")  # type: ignore[arg-type]


def test_drop_connection_gives_connection_error(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.queue(DropConnection())

    async def run() -> None:
        async with async_client(fake_openai) as client:
            await client.chat.completions.create(model="gpt-4o-mini", messages=USER)

    with pytest.raises(openai.APIConnectionError):
        asyncio.run(run())
    assert isinstance(fake_openai.chat_requests()[0].reply, DropConnection)


def test_drop_after_chunks_breaks_the_stream_mid_way(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.queue(ChatReply("one two three four five", drop_after_chunks=2))
    received: list[str] = []

    async def run() -> None:
        async with async_client(fake_openai) as client:
            stream = await client.chat.completions.create(
                model="gpt-4o-mini",
                messages=USER,
                stream=True,
                stream_options={"include_usage": True},
            )
            async for chunk in stream:
                received.append(chunk.choices[0].delta.content or "")

    with pytest.raises(openai.APIConnectionError):
        asyncio.run(run())
    assert "".join(received) == "one two"
    assert fake_openai.chat_requests()[0].sent_usage is None


def test_unknown_path_is_openai_style_404(fake_openai: FakeOpenAIServer) -> None:
    request = urllib.request.Request(fake_openai.base_url + "/nope", method="POST", data=b"{}")
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request, timeout=5)
    assert info.value.code == 404
    error = json.loads(info.value.read())["error"]
    assert set(error) == {"message", "type", "param", "code"}
    with sync_client(fake_openai) as client, pytest.raises(openai.NotFoundError):
        client.get("/nope", cast_to=object)


def test_latency_and_ttft_are_applied(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.latency = 0.2
    with sync_client(fake_openai) as client:
        start = time.monotonic()
        client.chat.completions.create(model="gpt-4o-mini", messages=USER)
        assert time.monotonic() - start >= 0.2

        fake_openai.latency, fake_openai.ttft = 0.0, 0.3
        start = time.monotonic()
        stream = client.chat.completions.create(model="gpt-4o-mini", messages=USER, stream=True)
        next(iter(stream))
        assert time.monotonic() - start >= 0.3
        stream.close()


def test_latency_beyond_the_client_timeout_gives_timeout_error(
    fake_openai: FakeOpenAIServer,
) -> None:
    fake_openai.latency = 30  # the fixture's stop() interrupts the sleeping handler
    with sync_client(fake_openai, timeout=0.2) as client, pytest.raises(openai.APITimeoutError):
        client.chat.completions.create(model="gpt-4o-mini", messages=USER)


def test_async_stream_keeps_the_connection_alive(fake_openai: FakeOpenAIServer) -> None:
    async def run() -> None:
        async with async_client(fake_openai) as client:
            for _ in range(3):
                stream = await client.chat.completions.create(
                    model="gpt-4o-mini", messages=USER, stream=True
                )
                assert [c async for c in stream]
            await client.embeddings.create(model="text-embedding-3-small", input="x")

    asyncio.run(run())
    assert len(fake_openai.requests) == 4
    assert fake_openai.connections_accepted == 1


def test_stop_interrupts_a_sleeping_stream() -> None:
    server = FakeOpenAIServer(chunk_delay=30).start()
    client = sync_client(server)
    try:
        stream = client.chat.completions.create(model="gpt-4o-mini", messages=USER, stream=True)
        chunks = iter(stream)
        next(chunks)  # role chunk
        next(chunks)  # first content chunk; the handler now sleeps 30 s
        start = time.monotonic()
        server.stop()
        assert time.monotonic() - start < 1.0
        with pytest.raises(openai.APIConnectionError):
            list(chunks)
        assert not any(t.name == "fake-openai-server" for t in threading.enumerate())
    finally:
        server.stop()
        client.close()


def test_hooks_see_each_content_chunk_before_it_is_sent_and_each_connection(
    fake_openai: FakeOpenAIServer,
) -> None:
    seen: list[tuple[str, object]] = []
    fake_openai.on_chunk = lambda index: seen.append(("chunk", index))
    fake_openai.on_connection = lambda conn: seen.append(("connection", conn.getpeername()))
    fake_openai.queue(ChatReply("one two three"), ChatReply("four five"))

    async def run() -> list[str]:
        async with async_client(fake_openai) as client:
            texts = []
            for _ in range(2):
                stream = await client.chat.completions.create(
                    model="gpt-4o-mini", messages=USER, stream=True
                )
                texts += [c.choices[0].delta.content async for c in stream if c.choices]
            return texts

    texts = asyncio.run(run())
    assert [kind for kind, _ in seen] == ["connection", "chunk", "chunk", "chunk", "chunk", "chunk"]
    assert [value for kind, value in seen if kind == "chunk"] == [0, 1, 2, 0, 1]
    assert "".join(t or "" for t in texts) == "one two threefour five"
