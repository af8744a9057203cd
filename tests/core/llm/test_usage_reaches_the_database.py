"""What a server reports, however wrong, becomes one storable record, and every call —
failed ones included — reaches the usage database (issue 8, items 1 and 2).

The gateway talks to the local server over a real socket; the records go through the real
UsageWriter into SQLite and PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from pydantic import BaseModel

from headhunter_desktop.core.analytics.queries import UsageQuery, usage_totals
from headhunter_desktop.core.analytics.tables import usage_records
from headhunter_desktop.core.analytics.writer import UsageWriter
from headhunter_desktop.core.domain.actions import Action
from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.core.llm.metering import MAX_TOKENS_PER_CALL
from tests.fakes import (
    ChatReply,
    DropConnection,
    EmbeddingReply,
    ErrorReply,
    FakeOpenAIServer,
    FakeUsage,
)
from tests.helpers.gateway import RecordingSink, make_gateway, run_then_close

CTX = CallContext(Action.GENERATE_JOB, 1, "Acme Ltd")
MESSAGES = [{"role": "user", "content": "Write a job posting for a data engineer"}]
ANSWER = '{"title": "Data Engineer"}'
# prompt_tokens as a broken server sends it -> what the record stores.
BROKEN_COUNTS: dict[str, tuple[Any, int]] = {
    "2**63": (2**63, MAX_TOKENS_PER_CALL),
    "1e300": (1e300, MAX_TOKENS_PER_CALL),
    "infinity": (float("inf"), MAX_TOKENS_PER_CALL),
    "negative": (-5, 0),
    "NaN": (float("nan"), 0),
    "a word": ("many", 0),
    "a fraction": (12.5, 12),
}


class Posting(BaseModel):
    title: str


def complete(gateway: Any) -> Posting:
    return run_then_close(gateway, gateway.complete_structured(CTX, MESSAGES, Posting))


@pytest.mark.parametrize("sent", list(BROKEN_COUNTS), ids=list(BROKEN_COUNTS))
def test_a_count_that_is_not_one_is_clamped_and_marked_with_the_call(
    fake_openai: FakeOpenAIServer, sent: str
) -> None:
    value, stored = BROKEN_COUNTS[sent]
    fake_openai.queue(ChatReply(ANSWER, usage=FakeUsage(value, 7, reported_total=value)))
    sink = RecordingSink()
    assert complete(make_gateway(fake_openai, sink)).title == "Data Engineer"
    [record] = sink.records
    assert (record.status, record.usage_source) == ("ok", "invalid")
    assert (record.tokens_input, record.tokens_output) == (stored, 7)
    assert record.tokens_total == stored + 7
    assert record.cost_usd is not None and record.cost_usd.is_finite()
    record.check()  # the database can hold it


def test_a_stream_and_an_embedding_with_broken_usage_are_recorded(
    fake_openai: FakeOpenAIServer,
) -> None:
    fake_openai.queue(
        ChatReply("Strong SQL.", usage=FakeUsage(2**64, -1, reported_total=2**64)),
        EmbeddingReply(usage_tokens=-3),
    )
    sink = RecordingSink()
    gateway = make_gateway(fake_openai, sink)

    async def calls() -> None:
        async with gateway.open_stream(CTX, MESSAGES) as deltas:
            assert "".join([d async for d in deltas]) == "Strong SQL."
        await gateway.embed(CallContext(Action.EMBED_CV, 1, "Acme Ltd"), ["a b"])

    run_then_close(gateway, calls())
    stream, embedding = sink.records
    assert (stream.status, stream.usage_source) == ("ok", "invalid")
    assert (stream.tokens_input, stream.tokens_output) == (MAX_TOKENS_PER_CALL, 0)
    assert (embedding.status, embedding.usage_source) == ("ok", "invalid")
    assert embedding.tokens_input == embedding.tokens_total == 0


def test_a_plausible_usage_stays_the_providers(fake_openai: FakeOpenAIServer) -> None:
    counts_as_strings = FakeUsage("1200", "300", reported_total="1500")
    fake_openai.queue(ChatReply(ANSWER, usage=counts_as_strings))
    sink = RecordingSink()
    complete(make_gateway(fake_openai, sink))
    [record] = sink.records
    assert record.usage_source == "provider"
    assert (record.tokens_input, record.tokens_total) == (1200, 1500)


def test_broken_usage_reaches_the_database_and_later_calls_follow(
    fake_openai: FakeOpenAIServer, analytics_url: str, tmp_path: Path
) -> None:
    fake_openai.queue(
        ChatReply(ANSWER, usage=FakeUsage(2**63, 5, reported_total=2**63 + 5)),
        ChatReply(ANSWER, usage=FakeUsage(1e300, 5, reported_total=1e300)),
        ChatReply(ANSWER, usage=FakeUsage(100, 5)),
    )
    writer = UsageWriter(analytics_url, tmp_path / "spool.jsonl", backoff=lambda attempt: 0.02)
    gateway = make_gateway(fake_openai, writer)  # type: ignore[arg-type]

    async def three_calls() -> None:
        for _ in range(3):
            await gateway.complete_structured(CTX, MESSAGES, Posting)

    run_then_close(gateway, three_calls())
    assert writer.close(10)
    engine = sa.create_engine(analytics_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.select(usage_records.c.usage_source, usage_records.c.tokens_input)
            ).all()
    finally:
        engine.dispose()
    assert sorted(rows) == [
        ("invalid", MAX_TOKENS_PER_CALL),
        ("invalid", MAX_TOKENS_PER_CALL),
        ("provider", 100),
    ]
    assert writer.set_aside_records().count == 0


@pytest.mark.parametrize(
    ("reply", "key"),
    [
        (ErrorReply(500), "sk-test-fake"),
        (None, "sk-live-wrong-key"),  # the server answers 401
        (DropConnection(), "sk-test-fake"),
    ],
    ids=["500", "401", "dropped connection"],
)
def test_a_failed_call_is_one_error_in_the_database(
    fake_openai: FakeOpenAIServer, analytics_url: str, tmp_path: Path, reply: Any, key: str
) -> None:
    if reply is not None:
        fake_openai.queue(reply)
    writer = UsageWriter(analytics_url, tmp_path / "spool.jsonl", backoff=lambda attempt: 0.02)
    with pytest.raises(UserFacingError):
        complete(make_gateway(fake_openai, writer, key=key))  # type: ignore[arg-type]
    assert writer.close(10)
    assert writer.set_aside_records().count == 0
    assert not (tmp_path / "spool.jsonl.rejected").exists()
    engine = sa.create_engine(analytics_url)
    try:
        totals = usage_totals(engine, UsageQuery())
    finally:
        engine.dispose()
    assert (totals.calls, totals.errors, totals.tokens_total) == (1, 1, 0)
    assert totals.unpriced_calls == 0 and totals.cost_usd == 0
