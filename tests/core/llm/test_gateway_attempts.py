"""Every HTTP attempt is one usage record: the gateway's retries, refused and unsent
requests, the fallbacks for servers refusing `json_schema` or `stream_options`, and the
output limit every call sends."""

from __future__ import annotations

import asyncio

import httpx2
import openai
import pytest
from pydantic import BaseModel

from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.core.llm.errors import RequestRejectedError, ServerError
from headhunter_desktop.core.llm.output_limits import DEFAULT_MAX_OUTPUT_TOKENS, limit_argument
from headhunter_desktop.core.llm.retry_policy import MAX_RETRY_AFTER_S, retry_delay
from tests.fakes import ChatReply, ErrorReply, FakeOpenAIServer
from tests.helpers.gateway import RecordingSink, make_gateway, run_then_close
from tests.helpers.waiting import wait_for

CTX = CallContext("parse_cv", 7, "Acme Ltd", "candidate", "42")
MESSAGES = [{"role": "user", "content": "Parse this CV: Jane Doe, Kubernetes engineer"}]


class Person(BaseModel):
    name: str


def test_500s_until_the_retries_run_out_are_n_plus_one_records(
    fake_openai: FakeOpenAIServer,
) -> None:
    fake_openai.queue(*(ErrorReply(500, retry_after=0.01) for _ in range(4)))
    sink = RecordingSink()
    gateway = make_gateway(fake_openai, sink, max_retries=3)
    with pytest.raises(ServerError):
        run_then_close(gateway, gateway.complete_structured(CTX, MESSAGES, Person))
    assert len(fake_openai.chat_requests()) == 4
    assert [(r.status, r.error_type, r.tokens_total) for r in sink.records] == [
        ("error", "server_error", 0)
    ] * 4


def test_a_refused_request_is_not_retried(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.queue(ErrorReply(400, "messages[0] is malformed"))
    sink = RecordingSink()
    gateway = make_gateway(fake_openai, sink, max_retries=3)
    with pytest.raises(RequestRejectedError):
        run_then_close(gateway, gateway.complete_structured(CTX, MESSAGES, Person))
    assert len(fake_openai.chat_requests()) == len(sink.records) == 1


def test_embeddings_are_retried_as_records_of_their_own(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.queue(ErrorReply(503, retry_after=0.01))
    sink = RecordingSink()
    gateway = make_gateway(fake_openai, sink, max_retries=1)
    vectors = run_then_close(gateway, gateway.embed(CallContext("embed_cv", 7), ["Jane Doe"]))
    assert vectors.shape[0] == 1
    assert len(fake_openai.embedding_requests()) == 2
    assert [r.status for r in sink.records] == ["error", "ok"]


def test_a_stream_refused_on_opening_is_retried(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.queue(ErrorReply(429, retry_after=0.01), ChatReply("Senior data engineer"))
    sink = RecordingSink()
    gateway = make_gateway(fake_openai, sink, max_retries=1)

    async def read() -> str:
        async with gateway.open_stream(CallContext("generate_job", 1), MESSAGES) as deltas:
            return "".join([d async for d in deltas])

    assert run_then_close(gateway, read()) == "Senior data engineer"
    assert [r.status for r in sink.records] == ["error", "ok"]
    assert len(fake_openai.chat_requests()) == 2


def test_a_call_cancelled_before_its_request_left_used_nothing(
    fake_openai: FakeOpenAIServer,
) -> None:
    """One slot: the second call waits for it and is cancelled before sending anything."""
    fake_openai.latency = 0.3
    fake_openai.responder = lambda body: ChatReply('{"name": "Jane"}')
    sink = RecordingSink()
    gateway = make_gateway(fake_openai, sink, parallel_requests=1)

    async def cancel_the_waiting_one() -> None:
        first = asyncio.ensure_future(gateway.complete_structured(CTX, MESSAGES, Person))
        second = asyncio.ensure_future(gateway.complete_structured(CTX, MESSAGES, Person))
        await wait_for(lambda: len(fake_openai.chat_requests()) == 1)
        second.cancel()
        await first
        await asyncio.gather(second, return_exceptions=True)

    run_then_close(gateway, cancel_the_waiting_one())
    assert len(fake_openai.chat_requests()) == len(sink.records) == 1


def test_a_server_without_json_schema_serves_every_concurrent_call(
    fake_openai: FakeOpenAIServer,
) -> None:
    """12 structured calls at once against a server that refuses `json_schema`: the ones
    already sent are sent again in JSON mode, the ones waiting for a slot ask JSON mode."""
    fake_openai.reject_json_schema = True
    fake_openai.latency = 0.05
    fake_openai.responder = lambda body: ChatReply('{"name": "Jane Doe"}')
    sink = RecordingSink()
    gateway = make_gateway(fake_openai, sink, parallel_requests=4)

    async def twelve() -> list[Person]:
        calls = (gateway.complete_structured(CTX, MESSAGES, Person) for _ in range(12))
        return await asyncio.gather(*calls)

    assert run_then_close(gateway, twelve()) == [Person(name="Jane Doe")] * 12
    requests = fake_openai.chat_requests()
    formats = [r.body["response_format"]["type"] for r in requests if r.body]
    assert formats.count("json_object") == 12
    assert len(sink.records) == len(requests)
    assert sorted(r.status for r in sink.records) == ["error"] * (len(requests) - 12) + ["ok"] * 12


def test_every_chat_request_carries_its_output_limit(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.responder = lambda body: ChatReply('{"name": "Jane Doe"}')
    gateway = make_gateway(fake_openai, RecordingSink())
    run_then_close(gateway, gateway.complete_structured(CTX, MESSAGES, Person))
    [request] = fake_openai.chat_requests()
    assert request.body is not None
    assert request.body["max_tokens"] == DEFAULT_MAX_OUTPUT_TOKENS[CTX.action]
    # OpenAI itself takes the newer name, which its reasoning models require.
    assert limit_argument(None) == "max_completion_tokens"
    assert limit_argument("https://api.openai.com/v1") == "max_completion_tokens"


def _status_error(status: int, headers: dict[str, str]) -> openai.APIStatusError:
    request = httpx2.Request("POST", "http://127.0.0.1/v1/chat/completions")
    response = httpx2.Response(status, headers=headers, request=request)
    return openai.APIStatusError("refused", response=response, body=None)


@pytest.mark.parametrize(
    ("status", "headers", "expected"),
    [
        (429, {"retry-after": "3"}, 3.0),
        (429, {"retry-after-ms": "250"}, 0.25),
        (503, {"retry-after": f"{MAX_RETRY_AFTER_S + 1:g}"}, None),  # longer: not retried
        (500, {"x-should-retry": "false"}, None),
        (400, {}, None),
        (404, {}, None),
        (409, {"retry-after": "1"}, 1.0),
    ],
)
def test_the_server_says_when_to_retry(
    status: int, headers: dict[str, str], expected: float | None
) -> None:
    assert retry_delay(_status_error(status, headers), 0) == expected


def test_without_retry_after_the_wait_grows_and_is_capped() -> None:
    error = _status_error(500, {})
    first, third, tenth = (retry_delay(error, n) for n in (0, 2, 9))
    assert first is not None and third is not None and tenth is not None
    assert 0.375 <= first <= 0.5 and 1.5 <= third <= 2.0 and 6.0 <= tenth <= 8.0


def test_a_server_refusing_stream_options_streams_without_them(
    fake_openai: FakeOpenAIServer,
) -> None:
    """A server that knows no `stream_options` (Azure's older API versions answer 400):
    the stream is sent again without them, its call estimated, and later streams to the
    same server leave them out at once."""
    fake_openai.reject_stream_options = True
    answer = "Senior engineer with seven years of Kubernetes."
    fake_openai.responder = lambda body: ChatReply(answer)
    sink = RecordingSink()
    gateway = make_gateway(fake_openai, sink)
    ctx = CallContext("generate_feedback", 3, "Beta GmbH")

    async def two_streams() -> list[str]:
        texts = []
        for _ in range(2):
            async with gateway.open_stream(ctx, MESSAGES) as deltas:
                texts.append("".join([d async for d in deltas]))
        return texts

    assert run_then_close(gateway, two_streams()) == [answer, answer]
    asked = ["stream_options" in (r.body or {}) for r in fake_openai.chat_requests()]
    assert asked == [True, False, False]
    refused, *streamed = sink.records
    assert (refused.status, refused.tokens_total) == ("error", 0)  # a refusal used nothing
    assert [(r.status, r.usage_source) for r in streamed] == [("ok", "estimated")] * 2
    assert all(r.tokens_output > 0 for r in streamed)


def test_a_server_refusing_json_schema_and_stream_options_still_streams_a_form(
    fake_openai: FakeOpenAIServer,
) -> None:
    fake_openai.reject_json_schema = fake_openai.reject_stream_options = True
    fake_openai.responder = lambda body: ChatReply('{"name": "Jane Doe"}')
    sink = RecordingSink()
    gateway = make_gateway(fake_openai, sink)

    async def form() -> Person | None:
        async with gateway.open_structured_stream(CTX, MESSAGES, Person) as updates:
            return [u async for u in updates][-1].final

    assert run_then_close(gateway, form()) == Person(name="Jane Doe")
    sent = [r.body or {} for r in fake_openai.chat_requests()]
    assert [(b["response_format"]["type"], "stream_options" in b) for b in sent] == [
        ("json_schema", True), ("json_object", True), ("json_object", False),
    ]  # fmt: skip
    assert [r.status for r in sink.records] == ["error", "error", "ok"]


def test_a_refusal_naming_no_optional_argument_is_not_sent_again(
    fake_openai: FakeOpenAIServer,
) -> None:
    fake_openai.queue(ErrorReply(400, "messages: too many"))
    sink = RecordingSink()
    gateway = make_gateway(fake_openai, sink, max_retries=3)

    async def stream() -> None:
        async with gateway.open_stream(CTX, MESSAGES) as deltas:
            [_ async for _ in deltas]

    with pytest.raises(RequestRejectedError):
        run_then_close(gateway, stream())
    assert len(fake_openai.chat_requests()) == len(sink.records) == 1
