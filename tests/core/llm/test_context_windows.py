"""A chat model with a small context window (vLLM refuses prompt + output limit over it):
the request is sent again asking for what fits, and later ones fit from the start."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.core.llm.context_windows import ContextWindow, window_from
from headhunter_desktop.core.llm.errors import RequestRejectedError
from tests.fakes import ChatReply, FakeOpenAIServer
from tests.helpers.gateway import RecordingSink, make_gateway, run_then_close

CV = " ".join(f"Led team {i} through a Kubernetes migration." for i in range(150))  # ~1,050 words


class Person(BaseModel):
    name: str


def _messages(text: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": f"Parse this CV: {text}"}]


def test_a_cv_parse_asks_for_what_the_window_leaves(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.context_window = 4096
    fake_openai.responder = lambda body: ChatReply('{"name": "Jane Doe"}')
    sink = RecordingSink()
    gateway = make_gateway(fake_openai, sink)
    ctx = CallContext("parse_cv", 7, "Acme Ltd")

    async def two_cvs() -> list[Person]:
        first = await gateway.complete_structured(ctx, _messages(CV), Person)
        return [first, await gateway.complete_structured(ctx, _messages(CV + " Rust."), Person)]

    assert run_then_close(gateway, two_cvs()) == [Person(name="Jane Doe")] * 2
    limits = [r.body["max_tokens"] for r in fake_openai.chat_requests()]
    assert limits[0] == 8192 and len(limits) == 3  # refused once, then fitting at once
    assert all(2_000 < limit <= 4096 - 1_050 for limit in limits[1:])
    assert [r.status for r in sink.records] == ["error", "ok", "ok"]


def test_a_stream_asks_for_what_the_window_leaves(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.context_window = 2048
    fake_openai.responder = lambda body: ChatReply("Strong communicator.")
    gateway = make_gateway(fake_openai, RecordingSink())
    ctx = CallContext("generate_feedback", 3, "Beta GmbH")

    async def read() -> str:
        async with gateway.open_stream(ctx, _messages(CV)) as deltas:
            return "".join([d async for d in deltas])

    assert run_then_close(gateway, read()) == "Strong communicator."
    assert [r.body["max_tokens"] < 2048 - 1_000 for r in fake_openai.chat_requests()] == [
        False, True,
    ]  # fmt: skip


def test_a_prompt_longer_than_the_window_is_a_clear_error(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.context_window = 1024
    gateway = make_gateway(fake_openai, RecordingSink())
    ctx = CallContext("parse_cv", 7, "Acme Ltd")
    with pytest.raises(RequestRejectedError, match=r"too long for .* context window"):
        run_then_close(gateway, gateway.complete_structured(ctx, _messages(CV), Person))
    assert len(fake_openai.chat_requests()) == 1  # the first refusal; nothing sent after it


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("This model's maximum context length is 8192 tokens. However, you requested 10289 "
         "tokens (2097 in the messages, 8192 in the completion).", ContextWindow(8192, 1.0485)),
        ("'max_tokens' or 'max_completion_tokens' is too large: 8192. This model's maximum "
         "context length is 4096 tokens and your request has 2500 input tokens",
         ContextWindow(4096, 1.25)),
        ("This model's maximum context length is 4096 tokens.", ContextWindow(4096, 1.0)),
        ("Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4096. Given: "
         "3000 `inputs` tokens and 8192 `max_new_tokens`", ContextWindow(4096, 1.5)),
        ("messages[0].content must be a string", None),
    ],
)  # fmt: skip
def test_what_each_refusal_says(message: str, expected: ContextWindow | None) -> None:
    error = RequestRejectedError(f"127.0.0.1:8000 rejected the request (400): {message}")
    window = window_from(error, 2000)
    if expected is None:
        assert window is None
    else:
        assert window is not None and window.tokens == expected.tokens
        assert window.server_tokens_per_ours == pytest.approx(expected.server_tokens_per_ours)
