"""Failures become typed, user-readable errors, and each failed call is still one record."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from pydantic import BaseModel

from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.core.llm.errors import (
    AuthenticationFailedError,
    ConnectionFailedError,
    LlmTimeoutError,
    ModelNotFoundError,
    RateLimitedError,
    ServerError,
)
from tests.fakes import ChatReply, DropConnection, ErrorReply, FakeOpenAIServer
from tests.helpers.gateway import RecordingSink, make_gateway, run_then_close

CTX = CallContext("generate_job", 1, "Acme Ltd")
MESSAGES = [{"role": "user", "content": "Write a job posting for a data engineer"}]


class Posting(BaseModel):
    title: str


def complete(gateway, **kwargs):
    return run_then_close(gateway, gateway.complete_structured(CTX, MESSAGES, Posting, **kwargs))


def test_429_is_retried_and_each_attempt_is_a_record(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.queue(ErrorReply(429, retry_after=0.05), ChatReply('{"title": "Data Engineer"}'))
    sink = RecordingSink()
    posting = complete(make_gateway(fake_openai, sink, max_retries=2))
    assert posting.title == "Data Engineer"
    assert len(fake_openai.chat_requests()) == 2
    assert [(r.status, r.error_type) for r in sink.records] == [
        ("error", "rate_limited"),
        ("ok", None),
    ]
    assert sink.records[0].tokens_total == 0  # refused: nothing used


def test_429_after_retries_is_rate_limited(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.queue(ErrorReply(429, retry_after=0.01), ErrorReply(429, retry_after=0.01))
    sink = RecordingSink()
    with pytest.raises(RateLimitedError, match="rate limiting"):
        complete(make_gateway(fake_openai, sink, max_retries=1))
    assert [(r.status, r.error_type) for r in sink.records] == [("error", "rate_limited")] * 2
    assert len(fake_openai.chat_requests()) == 2


def test_bad_key_never_appears_in_the_error(fake_openai: FakeOpenAIServer) -> None:
    sink = RecordingSink()
    wrong = "sk-live-wrongkey-ABCDEFGH12345678"
    with pytest.raises(AuthenticationFailedError) as caught:
        complete(make_gateway(fake_openai, sink, key=wrong))
    assert wrong not in str(caught.value) and "rejected the API key (401)" in str(caught.value)
    assert [(r.status, r.error_type, r.tokens_total) for r in sink.records] == [
        ("error", "auth", 0)
    ]


@pytest.mark.parametrize(
    ("reply", "error", "text", "code"),
    [
        (
            ErrorReply(404, code="model_not_found"),
            ModelNotFoundError,
            "gpt-4o-mini",
            "model_not_found",
        ),
        (ErrorReply(500), ServerError, "server error", "server_error"),
        (DropConnection(), ConnectionFailedError, "connection", "connection"),
    ],
)
def test_server_faults_are_specific(
    fake_openai: FakeOpenAIServer, reply: object, error: type, text: str, code: str
) -> None:
    fake_openai.queue(reply)
    sink = RecordingSink()
    with pytest.raises(error, match=text) as caught:
        complete(make_gateway(fake_openai, sink))
    assert caught.value.code == code
    assert [(r.status, r.error_type) for r in sink.records] == [("error", code)]


def test_timeout(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.latency = 2.0
    sink = RecordingSink()
    with pytest.raises(LlmTimeoutError, match="did not answer in time"):
        complete(make_gateway(fake_openai, sink, timeout_s=0.2))
    assert sink.records[0].error_type == "timeout"


class RefusingGuard:
    def __init__(self) -> None:
        self.asked: list[tuple[CallContext, Decimal]] = []

    async def reserve(self, ctx: CallContext, worst_usd: Decimal) -> None:
        self.asked.append((ctx, worst_usd))
        raise UserFacingError("Acme Ltd has reached its monthly budget")


def test_budget_refusal_sends_nothing(fake_openai: FakeOpenAIServer) -> None:
    guard, sink = RefusingGuard(), RecordingSink()
    acme = dataclasses.replace(CTX, client_uuid="acme-uuid")
    gateway = make_gateway(fake_openai, sink, spend_guard=guard)
    with pytest.raises(UserFacingError, match="monthly budget"):
        run_then_close(gateway, gateway.complete_structured(acme, MESSAGES, Posting))
    assert fake_openai.chat_requests() == [] and sink.records == []
    [(ctx, worst)] = guard.asked
    # The worst case: gpt-4o-mini, the prompt (10 % and 16 tokens of margin) at $0.15/M
    # plus the 4,096 output tokens a posting may have at $0.60/M.
    assert ctx is acme and Decimal("0.00246") < worst < Decimal("0.00250")
