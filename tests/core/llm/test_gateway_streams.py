"""Streams are context managers: however the block ends, the HTTP response closes at once
and one usage record says how the call ended."""

from __future__ import annotations

import asyncio
import json

import pytest
from pydantic import BaseModel

from headhunter_desktop.core.domain.actions import Action
from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.core.llm.errors import ConnectionFailedError, InvalidModelOutputError
from headhunter_desktop.core.llm.field_events import FieldCompleted, TextDelta
from headhunter_desktop.core.llm.gateway import LlmGateway
from headhunter_desktop.core.llm.tokens import count_tokens
from tests.fakes import ChatReply, FakeOpenAIServer, FakeUsage
from tests.helpers.gateway import RecordingSink, make_gateway, run_then_close
from tests.helpers.network import unreachable_openai_url
from tests.helpers.waiting import wait_for

CTX = CallContext(Action.GENERATE_FEEDBACK, 3, "Beta GmbH", "interview", "9")
MESSAGES = [{"role": "user", "content": "Write feedback for Jane Doe, Kubernetes engineer"}]
LONG_ANSWER = " ".join(f"word{i}" for i in range(200))


class Person(BaseModel):
    name: str
    years: int


def test_deltas_arrive_and_the_provider_usage_is_recorded(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.ttft = 0.05
    content = "Senior engineer with seven years of Kubernetes.\nLeads a team of five."
    usage = FakeUsage(prompt_tokens=90, completion_tokens=14, cached_tokens=0)
    fake_openai.queue(ChatReply(content, usage=usage, model="gpt-4o-mini-2024-07-18"))
    sink = RecordingSink()
    gateway = make_gateway(fake_openai, sink)

    async def collect() -> list[str]:
        async with gateway.open_stream(CTX, MESSAGES) as deltas:
            return [d async for d in deltas]

    deltas = run_then_close(gateway, collect())
    assert "".join(deltas) == content and len(deltas) > 5
    assert fake_openai.chat_requests()[0].body["stream_options"] == {"include_usage": True}
    [record] = sink.records
    assert record.streaming and record.status == "ok" and record.usage_source == "provider"
    assert (record.tokens_input, record.tokens_output, record.tokens_total) == (90, 14, 104)
    assert record.model == "gpt-4o-mini-2024-07-18" and record.action == "generate_feedback"
    assert (record.client_company_id, record.entity_type, record.entity_id) == (3, "interview", "9")
    assert record.ttft_ms is not None and record.ttft_ms >= 50
    assert record.latency_ms >= record.ttft_ms


def test_max_tokens_is_sent(fake_openai: FakeOpenAIServer) -> None:
    gateway = make_gateway(fake_openai, RecordingSink())

    async def collect() -> str:
        async with gateway.open_stream(CTX, MESSAGES, max_tokens=50) as deltas:
            return "".join([d async for d in deltas])

    run_then_close(gateway, collect())
    assert fake_openai.chat_requests()[0].body["max_tokens"] == 50


def test_cancelled_task_closes_the_response_and_records_an_estimate(
    fake_openai: FakeOpenAIServer,
) -> None:
    fake_openai.chunk_delay = 0.05
    fake_openai.queue(ChatReply(LONG_ANSWER))
    sink = RecordingSink()
    gateway = make_gateway(fake_openai, sink)
    received: list[str] = []

    async def consume() -> None:
        async with gateway.open_stream(CTX, MESSAGES) as deltas:
            async for delta in deltas:
                received.append(delta)

    async def run() -> None:
        task = asyncio.ensure_future(consume())
        await wait_for(lambda: len(received) >= 3)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await wait_for(lambda: fake_openai.open_connections == 0)

    run_then_close(gateway, run())
    [record] = sink.records
    assert record.status == "cancelled" and record.usage_source == "estimated"
    assert record.tokens_output == count_tokens("".join(received), "gpt-4o-mini")
    assert record.tokens_input > 0 and record.cost_usd is not None and record.cost_usd > 0
    assert len(received) < 200


def test_leaving_the_block_early_closes_the_response_at_once(
    fake_openai: FakeOpenAIServer,
) -> None:
    fake_openai.chunk_delay = 0.05  # 200 words: ten seconds if the response stayed open
    fake_openai.queue(ChatReply(LONG_ANSWER))
    sink = RecordingSink()
    gateway = make_gateway(fake_openai, sink)

    async def first_two() -> list[str]:
        out: list[str] = []
        async with gateway.open_stream(CTX, MESSAGES) as deltas:
            async for delta in deltas:
                out.append(delta)
                if len(out) == 2:
                    break
        assert [r.status for r in sink.records] == ["cancelled"]  # recorded on leaving
        # The server notices the closed connection at its next write, not after the answer.
        await wait_for(lambda: fake_openai.open_connections == 0, timeout=3.0)
        return out

    assert len(run_then_close(gateway, first_two())) == 2
    [record] = sink.records
    assert record.tokens_output == count_tokens("word0 word1", "gpt-4o-mini")


def test_the_callers_own_error_propagates_unchanged_and_the_call_is_cancelled(
    fake_openai: FakeOpenAIServer,
) -> None:
    fake_openai.chunk_delay = 0.05
    fake_openai.queue(ChatReply(LONG_ANSWER))
    sink = RecordingSink()
    gateway = make_gateway(fake_openai, sink)

    async def fail_in_the_editor() -> None:
        async with gateway.open_stream(CTX, MESSAGES) as deltas:
            async for _ in deltas:
                raise KeyError("the editor broke")

    with pytest.raises(KeyError, match="the editor broke"):
        run_then_close(gateway, fail_in_the_editor())
    assert [(r.status, r.error_type) for r in sink.records] == [("cancelled", None)]


def test_a_stream_never_read_is_still_one_cancelled_record(fake_openai: FakeOpenAIServer) -> None:
    sink = RecordingSink()
    gateway = make_gateway(fake_openai, sink)

    async def open_and_leave() -> None:
        async with gateway.open_stream(CTX, MESSAGES):
            pass

    run_then_close(gateway, open_and_leave())
    [record] = sink.records
    assert (record.status, record.tokens_output, record.usage_source) == (
        "cancelled",
        0,
        "estimated",
    )
    assert record.tokens_input > 0


def test_deltas_read_after_the_block_are_none(fake_openai: FakeOpenAIServer) -> None:
    gateway = make_gateway(fake_openai, RecordingSink())

    async def read_late() -> list[str]:
        async with gateway.open_stream(CTX, MESSAGES) as deltas:
            pass
        return [d async for d in deltas]

    assert run_then_close(gateway, read_late()) == []


def test_dropped_stream_is_one_error_record_with_estimated_usage(
    fake_openai: FakeOpenAIServer,
) -> None:
    fake_openai.queue(ChatReply("alpha beta gamma delta epsilon zeta", drop_after_chunks=3))
    sink = RecordingSink()
    gateway = make_gateway(fake_openai, sink)
    received: list[str] = []

    async def consume() -> None:
        async with gateway.open_stream(CTX, MESSAGES) as deltas:
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
        async with gateway.open_stream(CTX, MESSAGES) as deltas:
            assert "".join([d async for d in deltas]) == "Hello there, recruiter."
        await gateway.complete_structured(CTX, MESSAGES, Person)

    run_then_close(gateway, both())
    assert [(r.status, r.usage_source) for r in sink.records] == [
        ("ok", "estimated"),
        ("ok", "estimated"),
    ]
    assert sink.records[0].tokens_output == count_tokens("Hello there, recruiter.", "gpt-4o-mini")


def test_structured_stream_grows_then_validates(fake_openai: FakeOpenAIServer) -> None:
    answer = json.dumps({"name": "Jane Doe the Third", "years": 12})
    fake_openai.queue(ChatReply(answer.replace(" ", "  ")))
    sink = RecordingSink()
    gateway = make_gateway(fake_openai, sink)

    async def collect() -> list:
        ctx = CallContext(Action.GENERATE_JOB)
        async with gateway.open_structured_stream(ctx, MESSAGES, Person) as updates:
            return [u async for u in updates]

    updates = run_then_close(gateway, collect())
    assert updates[-1].final == Person(name="Jane  Doe  the  Third", years=12)
    # The name arrives piece by piece while it is written, then once complete.
    events = [e for u in updates[:-1] for e in u.events]
    name_pieces = [e.text for e in events if isinstance(e, TextDelta) and e.path == ("name",)]
    assert len(name_pieces) >= 2 and "".join(name_pieces) == "Jane  Doe  the  Third"
    completed = {e.path: e.validated for e in events if isinstance(e, FieldCompleted)}
    assert completed == {("name",): "Jane  Doe  the  Third", ("years",): 12}
    assert all(u.final is None for u in updates[:-1])
    assert fake_openai.chat_requests()[0].body["response_format"]["type"] == "json_schema"
    [record] = sink.records
    assert record.streaming and record.status == "ok" and record.action == "generate_job"


def test_structured_stream_left_early_is_cancelled_and_closed(
    fake_openai: FakeOpenAIServer,
) -> None:
    fake_openai.chunk_delay = 0.05
    words = " ".join(f"skill{i}" for i in range(200))
    fake_openai.queue(ChatReply(json.dumps({"name": words, "years": 3})))
    sink = RecordingSink()
    gateway = make_gateway(fake_openai, sink)

    async def first_name_text() -> str:
        async with gateway.open_structured_stream(CTX, MESSAGES, Person) as updates:
            async for update in updates:
                texts = [e.text for e in update.events if isinstance(e, TextDelta)]
                if texts:
                    break
        await wait_for(lambda: fake_openai.open_connections == 0, timeout=3.0)
        return "".join(texts)

    assert run_then_close(gateway, first_name_text()).startswith("skill0")
    assert [(r.status, r.usage_source) for r in sink.records] == [("cancelled", "estimated")]


def test_structured_stream_that_does_not_validate_is_a_clear_error(
    fake_openai: FakeOpenAIServer,
) -> None:
    fake_openai.queue(ChatReply('{"name": "Jane"}'))
    sink = RecordingSink()
    gateway = make_gateway(fake_openai, sink)

    async def collect() -> None:
        async with gateway.open_structured_stream(CTX, MESSAGES, Person) as updates:
            async for _ in updates:
                pass

    with pytest.raises(InvalidModelOutputError, match="not a valid Person"):
        run_then_close(gateway, collect())
    # The server did its work: the call itself is ok, with the provider's numbers.
    assert [(r.status, r.usage_source) for r in sink.records] == [("ok", "provider")]


def test_server_down_fails_on_opening_with_one_error_record() -> None:
    from headhunter_desktop.core.llm.client_factory import ClientOptions
    from headhunter_desktop.core.settings import Settings

    options = ClientOptions("sk-x", unreachable_openai_url(), 5, 0)
    sink = RecordingSink()
    gateway = LlmGateway(options=lambda: options, model_for=Settings().model_for, sink=sink)
    entered: list[bool] = []

    async def stream() -> None:
        async with gateway.open_stream(CTX, MESSAGES):
            entered.append(True)

    with pytest.raises(ConnectionFailedError, match="connection refused"):
        run_then_close(gateway, stream())
    assert entered == []
    assert [(r.status, r.error_type, r.streaming) for r in sink.records] == [
        ("error", "connection", True)
    ]
