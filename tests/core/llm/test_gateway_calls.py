"""The gateway against the local OpenAI-compatible server: completions and embeddings, every
recorded field (streams: test_gateway_streams.py)."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import date, datetime
from decimal import Decimal

import genai_prices
import numpy as np
import pytest
from pydantic import BaseModel

from headhunter_desktop.core.analytics.prices import PriceOverride, Pricer
from headhunter_desktop.core.domain.actions import Action
from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.core.llm.errors import InvalidModelOutputError
from tests.fakes import ChatReply, FakeOpenAIServer, FakeUsage, fake_embedding
from tests.helpers.gateway import RecordingGuard, RecordingSink, make_gateway, run_then_close

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


def test_embeddings_are_batched_ordered_and_recorded(
    fake_openai: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from headhunter_desktop.core.llm import embedding_batches

    monkeypatch.setattr(embedding_batches, "EMBED_BATCH_TEXTS", 2)
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


def test_calls_are_priced_with_the_overrides_in_force_when_they_run(
    fake_openai: FakeOpenAIServer,
) -> None:
    """The gateway shares the app's one Pricer: overrides loaded later price later calls,
    and the pre-call budget estimate uses the same prices."""
    fake_openai.answer_model = "gpt-4o-mini-2024-07-18"
    fake_openai.queue(
        ChatReply('{"name": "Jane Doe", "years": 7}', usage=FakeUsage(1_000_000, 0)),
        ChatReply('{"name": "Jane Doe", "years": 7}', usage=FakeUsage(1_000_000, 0)),
    )
    guard = RecordingGuard()
    pricer, sink = Pricer(), RecordingSink()
    gateway = make_gateway(fake_openai, sink, prices=pricer, spend_guard=guard)
    ctx = dataclasses.replace(CTX, client_uuid="acme-uuid")

    async def two_calls() -> None:
        await gateway.complete_structured(ctx, MESSAGES, Person)
        pricer.use_overrides([flat_override("gpt-4o-mini", "3")])
        await gateway.complete_structured(ctx, MESSAGES, Person)

    run_then_close(gateway, two_calls())
    first, second = sink.records
    assert first.price_source == "genai-prices" and first.cost_usd != Decimal(3)
    assert (second.cost_usd, second.price_source) == (Decimal(3), "override")
    estimates = [worst for _, worst in guard.asked]
    assert estimates[0] != estimates[1] and estimates[1] > 0


def flat_override(model: str, usd_per_mtok: str) -> PriceOverride:
    price = Decimal(usd_per_mtok)
    return PriceOverride(model, price, price, None, date(2000, 1, 1))


def test_a_search_query_is_not_queued_behind_an_import(fake_openai: FakeOpenAIServer) -> None:
    """Two slots: the import's parse requests may hold one, the query takes the other."""
    fake_openai.latency = 0.3
    fake_openai.queue(*(ChatReply('{"name": "A", "years": 1}') for _ in range(3)))
    sink = RecordingSink()
    gateway = make_gateway(fake_openai, sink, parallel_requests=2)
    query = CallContext(Action.EMBED_QUERY, 7, "Acme Ltd")

    async def import_then_search() -> None:
        parses = [
            asyncio.ensure_future(gateway.complete_structured(CTX, MESSAGES, Person))
            for _ in range(3)
        ]
        while not fake_openai.chat_requests():
            await asyncio.sleep(0.01)
        await gateway.embed(query, ["kubernetes engineer"])
        await asyncio.gather(*parses)

    run_then_close(gateway, import_then_search())
    # A plain semaphore would have sent two parse requests before the query.
    chat, embeddings = "/v1/chat/completions", "/v1/embeddings"
    assert [r.path for r in fake_openai.requests] == [chat, embeddings, chat, chat]
    assert len(sink.records) == 4
