"""The gateway against the local OpenAI-compatible server: every call type, every recorded field."""

from __future__ import annotations

import asyncio
import contextlib
import json
from datetime import datetime
from decimal import Decimal

import genai_prices
import numpy as np
import pytest
from pydantic import BaseModel

from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.core.llm.errors import InvalidModelOutputError
from headhunter_desktop.core.llm.tokens import count_tokens
from tests.core.llm.gateway_helpers import RecordingSink, make_gateway, run_then_close
from tests.fakes import ChatReply, FakeOpenAIServer, FakeUsage, fake_embedding

CTX = CallContext("parse_cv", 7, "Acme Ltd", "candidate", "42")
MESSAGES = [{"role": "user", "content": "Parse this CV: Jane Doe, Kubernetes engineer"}]


class Person(BaseModel):
    name: str
    years: int


def expected_cost(model: str, usage: FakeUsage, at: datetime) -> Decimal:
    calc = genai_prices.calc_price(
        genai_prices.Usage(
            input_tokens=usage.prompt_tokens,
            cache_read_tokens=usage.cached_tokens,
            output_tokens=usage.completion_tokens,
        ),
        model,
        provider_id="openai",
        genai_request_timestamp=at,
    )
    return Decimal(calc.total_price)


def test_structured_completion_records_every_field(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.answer_model = "gpt-4o-mini-2024-07-18"
    usage = FakeUsage(
        prompt_tokens=1200, completion_tokens=300, cached_tokens=256, reasoning_tokens=40
    )
    fake_openai.queue(ChatReply('{"name": "Jane Doe", "years": 7}', usage=usage))
    sink = RecordingSink()
    gateway = make_gateway(fake_openai, sink)

    person = run_then_close(gateway, gateway.complete_structured(CTX, MESSAGES, Person))

    assert person == Person(name="Jane Doe", years=7)
    sent = fake_openai.chat_requests()[0]
    assert sent.body["response_format"]["type"] == "json_schema"
    [record] = sink.records
    assert (record.action, record.client_company_id, record.client_company_name) == (
        "parse_cv",
        7,
        "Acme Ltd",
    )
    assert (record.entity_type, record.entity_id) == ("candidate", "42")
    assert record.requested_model == "gpt-4o-mini"
    assert record.model == sent.sent_model == "gpt-4o-mini-2024-07-18"
    assert record.tokens_input == 1200 and record.tokens_cached_input == 256
    assert record.tokens_output == 300 and record.tokens_reasoning == 40
    assert record.tokens_total == 1500
    assert record.usage_source == "provider" and record.status == "ok"
    assert record.error_type is None and record.streaming is False and record.ttft_ms is None
    assert record.price_source == "genai-prices"
    assert record.cost_usd == expected_cost("gpt-4o-mini-2024-07-18", usage, record.occurred_at)
    assert record.cost_usd == Decimal("0.0003408")  # 944*0.15 + 256*0.075 + 300*0.6, per 1M
    assert record.latency_ms >= 0 and record.occurred_at.tzinfo is not None
    assert "@" in record.app_user and record.app_version


def test_server_without_json_schema_falls_back_to_json_mode(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.reject_json_schema = True
    fake_openai.queue(ChatReply('{"name": "Ada", "years": 3}'))
    sink = RecordingSink()
    gateway = make_gateway(fake_openai, sink)

    async def twice() -> tuple[Person, Person]:
        first = await gateway.complete_structured(CTX, MESSAGES, Person)
        fake_openai.queue(ChatReply('{"name": "Bob", "years": 4}'))
        return first, await gateway.complete_structured(CTX, MESSAGES, Person)

    first, second = run_then_close(gateway, twice())
    assert (first.name, second.name) == ("Ada", "Bob")
    formats = [r.body["response_format"]["type"] for r in fake_openai.chat_requests()]
    # The rejection is learnt once: the second call goes straight to JSON mode.
    assert formats == ["json_schema", "json_object", "json_object"]
    assert "JSON Schema" in fake_openai.chat_requests()[1].body["messages"][0]["content"]
    assert [(r.status, r.error_type) for r in sink.records] == [
        ("error", "bad_request"),
        ("ok", None),
        ("ok", None),
    ]


def test_invalid_json_gets_one_corrective_retry_recorded_separately(
    fake_openai: FakeOpenAIServer,
) -> None:
    fake_openai.queue(ChatReply('{"name": "Jane"'), ChatReply('{"name": "Jane", "years": 2}'))
    sink = RecordingSink()
    gateway = make_gateway(fake_openai, sink)
    person = run_then_close(gateway, gateway.complete_structured(CTX, MESSAGES, Person))
    assert person.years == 2
    assert len(sink.records) == 2 and all(r.status == "ok" for r in sink.records)
    retry_messages = fake_openai.chat_requests()[1].body["messages"]
    assert retry_messages[-2] == {"role": "assistant", "content": '{"name": "Jane"'}
    assert "not valid JSON" in retry_messages[-1]["content"]


def test_invalid_json_twice_is_a_clear_error(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.queue(ChatReply("Sure! Here is the CV."), ChatReply('{"years": "many"}'))
    sink = RecordingSink()
    gateway = make_gateway(fake_openai, sink)
    with pytest.raises(InvalidModelOutputError, match="not return a valid Person after one retry"):
        run_then_close(gateway, gateway.complete_structured(CTX, MESSAGES, Person))
    assert len(sink.records) == 2


def test_stream_text_yields_deltas_and_records_provider_usage(
    fake_openai: FakeOpenAIServer,
) -> None:
    fake_openai.ttft = 0.05
    content = "Senior engineer with seven years of Kubernetes.\nLeads a team of five."
    usage = FakeUsage(prompt_tokens=90, completion_tokens=14, cached_tokens=0)
    fake_openai.queue(ChatReply(content, usage=usage, model="gpt-4o-mini-2024-07-18"))
    sink = RecordingSink()
    gateway = make_gateway(fake_openai, sink)

    async def collect() -> list[str]:
        ctx = CallContext("generate_feedback", 3, "Beta GmbH", "interview", "9")
        async with contextlib.aclosing(gateway.stream_text(ctx, MESSAGES)) as deltas:
            return [d async for d in deltas]

    deltas = run_then_close(gateway, collect())
    assert "".join(deltas) == content and len(deltas) > 5
    assert fake_openai.chat_requests()[0].body["stream_options"] == {"include_usage": True}
    [record] = sink.records
    assert record.streaming and record.status == "ok" and record.usage_source == "provider"
    assert (record.tokens_input, record.tokens_output, record.tokens_total) == (90, 14, 104)
    assert record.model == "gpt-4o-mini-2024-07-18" and record.action == "generate_feedback"
    assert record.ttft_ms is not None and record.ttft_ms >= 50
    assert record.latency_ms >= record.ttft_ms


def test_cancelled_stream_is_closed_and_estimated(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.chunk_delay = 0.05
    content = " ".join(f"word{i}" for i in range(200))
    fake_openai.queue(ChatReply(content))
    sink = RecordingSink()
    gateway = make_gateway(fake_openai, sink)
    received: list[str] = []

    async def consume() -> None:
        async with contextlib.aclosing(gateway.stream_text(CTX, MESSAGES)) as deltas:
            async for delta in deltas:
                received.append(delta)

    async def run() -> None:
        task = asyncio.ensure_future(consume())
        while len(received) < 3:
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    run_then_close(gateway, run())
    [record] = sink.records
    assert record.status == "cancelled" and record.usage_source == "estimated"
    assert record.tokens_output == count_tokens("".join(received), "gpt-4o-mini")
    assert record.tokens_input > 0 and record.cost_usd is not None and record.cost_usd > 0
    assert len(received) < 200


def test_stream_closed_early_by_the_consumer_is_cancelled(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.queue(ChatReply("one two three four five six seven eight"))
    sink = RecordingSink()
    gateway = make_gateway(fake_openai, sink)

    async def first_two() -> list[str]:
        out: list[str] = []
        async with contextlib.aclosing(gateway.stream_text(CTX, MESSAGES)) as deltas:
            async for delta in deltas:
                out.append(delta)
                if len(out) == 2:
                    break
        return out

    assert len(run_then_close(gateway, first_two())) == 2
    assert [r.status for r in sink.records] == ["cancelled"]


def test_dropped_stream_is_one_error_record_with_estimated_usage(
    fake_openai: FakeOpenAIServer,
) -> None:
    from headhunter_desktop.core.llm.errors import ConnectionFailedError

    fake_openai.queue(ChatReply("alpha beta gamma delta epsilon zeta", drop_after_chunks=3))
    sink = RecordingSink()
    gateway = make_gateway(fake_openai, sink)
    received: list[str] = []

    async def consume() -> None:
        async with contextlib.aclosing(gateway.stream_text(CTX, MESSAGES)) as deltas:
            async for delta in deltas:
                received.append(delta)

    with pytest.raises(ConnectionFailedError, match="Lost the connection"):
        run_then_close(gateway, consume())
    assert "".join(received).split() == ["alpha", "beta", "gamma"]
    [record] = sink.records
    assert (record.status, record.error_type, record.usage_source) == (
        "error",
        "connection",
        "estimated",
    )
    assert record.tokens_output == count_tokens("".join(received), "gpt-4o-mini")


def test_server_that_sends_no_usage_is_estimated(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.queue(ChatReply("Hello there, recruiter.", send_usage=False))
    fake_openai.queue(ChatReply('{"name": "A", "years": 1}', send_usage=False))
    sink = RecordingSink()
    gateway = make_gateway(fake_openai, sink)

    async def both() -> None:
        async with contextlib.aclosing(gateway.stream_text(CTX, MESSAGES)) as deltas:
            assert "".join([d async for d in deltas]) == "Hello there, recruiter."
        await gateway.complete_structured(CTX, MESSAGES, Person)

    run_then_close(gateway, both())
    assert [(r.status, r.usage_source) for r in sink.records] == [
        ("ok", "estimated"),
        ("ok", "estimated"),
    ]
    assert sink.records[0].tokens_output == count_tokens("Hello there, recruiter.", "gpt-4o-mini")


def test_stream_structured_grows_then_validates(fake_openai: FakeOpenAIServer) -> None:
    answer = json.dumps({"name": "Jane Doe the Third", "years": 12})
    fake_openai.queue(ChatReply(answer.replace(" ", "  ")))
    sink = RecordingSink()
    gateway = make_gateway(fake_openai, sink)

    async def collect() -> list:
        ctx = CallContext("generate_job")
        async with contextlib.aclosing(gateway.stream_structured(ctx, MESSAGES, Person)) as ups:
            return [u async for u in ups]

    updates = run_then_close(gateway, collect())
    assert updates[-1].final == Person(name="Jane  Doe  the  Third", years=12)
    partial_names = [u.partial.get("name") for u in updates[:-1] if u.partial.get("name")]
    assert len(partial_names) >= 2 and partial_names[0] != partial_names[-1]
    assert all(u.final is None for u in updates[:-1])
    assert len(sink.records) == 1 and sink.records[0].streaming


def test_embeddings_are_batched_ordered_and_recorded(
    fake_openai: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from headhunter_desktop.core.llm import gateway as gateway_module

    monkeypatch.setattr(gateway_module, "EMBED_BATCH_TEXTS", 2)
    texts = ["kubernetes cloud engineer", "pastry chef", "data analyst sql", "nurse"]
    sink = RecordingSink()
    gateway = make_gateway(fake_openai, sink)
    ctx = CallContext("embed_cv", 7, "Acme Ltd")
    vectors = run_then_close(gateway, gateway.embed(ctx, texts))

    assert vectors.shape == (4, 64) and vectors.dtype == np.float32
    for row, text in zip(vectors, texts, strict=True):
        assert np.allclose(row, fake_embedding(text, 64), atol=1e-6)
    # The two batches go out concurrently: compare them whatever order they arrived in.
    requests = sorted(
        fake_openai.embedding_requests(), key=lambda r: texts.index(r.body["input"][0])
    )
    assert [r.body["input"] for r in requests] == [texts[:2], texts[2:]]
    assert len(sink.records) == 2
    by_tokens = sorted(sink.records, key=lambda r: r.tokens_input)
    for record, request in zip(
        by_tokens, sorted(requests, key=lambda r: r.sent_usage.prompt_tokens), strict=True
    ):
        assert record.action == "embed_cv" and record.requested_model == "text-embedding-3-small"
        assert record.tokens_input == request.sent_usage.prompt_tokens > 0
        assert record.tokens_output == 0 and record.price_source == "genai-prices"
        assert record.cost_usd == Decimal(record.tokens_input) * Decimal("0.02") / 1_000_000
