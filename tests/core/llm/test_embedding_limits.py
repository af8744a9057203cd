"""Embedding servers that take less than OpenAI's models: a refused request is sent again
within what the server says it takes, and later requests fit from the start."""

from __future__ import annotations

import numpy as np
import pytest

from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.core.llm.embedding_limits import EmbeddingLimits, tighter_limits
from headhunter_desktop.core.llm.errors import RateLimitedError, RequestRejectedError, ServerError
from tests.fakes import ErrorReply, FakeOpenAIServer, fake_embedding
from tests.helpers.gateway import RecordingSink, make_gateway, run_then_close

CTX = CallContext("embed_cv", 7, "Acme Ltd")
LONG_CV = " ".join(f"skill{i} engineering leadership kubernetes" for i in range(200))  # 800 words


@pytest.mark.parametrize(
    ("style", "tokens_per_word"),
    [("vllm", 1.3), ("tei", 1.3), ("llamacpp", 1.3), ("vllm", 3.0)],  # 3.0: far more than ours
)
def test_inputs_over_a_local_models_limit_are_cut_to_fit(
    fake_openai: FakeOpenAIServer, style: str, tokens_per_word: float
) -> None:
    fake_openai.embedding_limits.max_input_tokens = 512
    fake_openai.embedding_limits.style = style  # type: ignore[assignment]
    fake_openai.embedding_limits.tokens_per_word = tokens_per_word
    sink = RecordingSink()
    gateway = make_gateway(fake_openai, sink)

    async def twice() -> tuple[np.ndarray, int, np.ndarray]:
        first = await gateway.embed(CTX, [LONG_CV, "nurse", LONG_CV + " rust"])
        sent_before = len(fake_openai.embedding_requests())
        return first, sent_before, await gateway.embed(CTX, [LONG_CV + " go"])

    first, sent_before, later = run_then_close(gateway, twice())
    assert first.shape == (3, 64) and later.shape == (1, 64)
    assert np.allclose(first[1], fake_embedding("nurse", 64), atol=1e-6)  # short: untouched
    requests = fake_openai.embedding_requests()
    limits = fake_openai.embedding_limits
    taken = [r for r in requests if r.sent_usage is not None]
    assert all(limits.tokens(t) <= 512 for r in taken for t in r.body["input"])
    assert len(requests) == len(sink.records)  # every refused attempt is a record too
    assert len(requests) == sent_before + 1  # the later call fit at once


def test_a_batch_over_the_servers_batch_size_is_split_in_order(
    fake_openai: FakeOpenAIServer,
) -> None:
    fake_openai.embedding_limits.max_batch = 32
    texts = [f"candidate {i} speaks {i % 7} languages" for i in range(70)]
    sink = RecordingSink()
    gateway = make_gateway(fake_openai, sink)
    vectors = run_then_close(gateway, gateway.embed(CTX, texts))
    for row, text in zip(vectors, texts, strict=True):
        assert np.allclose(row, fake_embedding(text, 64), atol=1e-6)
    sizes = [len(r.body["input"]) for r in fake_openai.embedding_requests()]
    assert sizes[0] == 70 and sorted(sizes[1:]) == [6, 32, 32]
    assert [r.status for r in sink.records].count("error") == 1


def test_a_refusal_that_is_not_about_size_is_raised_at_once(
    fake_openai: FakeOpenAIServer,
) -> None:
    fake_openai.queue(ErrorReply(400, "input contains an invalid character"))
    gateway = make_gateway(fake_openai, RecordingSink())
    with pytest.raises(RequestRejectedError, match="invalid character"):
        run_then_close(gateway, gateway.embed(CTX, [LONG_CV]))
    assert len(fake_openai.embedding_requests()) == 1


def test_a_limit_too_small_to_say_anything_is_raised(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.embedding_limits.max_input_tokens = 8
    fake_openai.embedding_limits.style = "llamacpp"
    gateway = make_gateway(fake_openai, RecordingSink())
    with pytest.raises(ServerError, match="too large to process"):
        run_then_close(gateway, gateway.embed(CTX, [LONG_CV]))
    assert len(fake_openai.embedding_requests()) <= 6  # halved a few times, then given up


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("This model's maximum context length is 8192 tokens, however you requested 9100"
         " tokens (9100 in your prompt)", EmbeddingLimits(int(900 * 0.8), 256)),
        ("Input validation error: `inputs` must have less than 512 tokens. Given: 900",
         EmbeddingLimits(int(512 * 0.8), 256)),
        ("input is too large to process. increase the physical batch size",
         EmbeddingLimits(450, 256)),
        ("batch size 64 > maximum allowed batch size 32", EmbeddingLimits(8000, 32)),
        ("the model is still loading", None),
    ],
)  # fmt: skip
def test_what_each_refusal_asks_for(message: str, expected: EmbeddingLimits | None) -> None:
    error = RequestRejectedError(f"127.0.0.1:8080 rejected the request (400): {message}")
    assert tighter_limits(error, EmbeddingLimits(8000, 256), 900, 64) == expected


def test_a_500_saying_too_large_is_not_retried_before_it_is_cut(
    fake_openai: FakeOpenAIServer,
) -> None:
    """llama.cpp's 500 "input is too large to process" fails alike however often it is
    sent: with retries allowed, the next request is already the smaller one."""
    fake_openai.embedding_limits.max_input_tokens = 512
    fake_openai.embedding_limits.style = "llamacpp"
    gateway = make_gateway(fake_openai, RecordingSink(), max_retries=3)
    run_then_close(gateway, gateway.embed(CTX, [LONG_CV]))
    sizes = [len(r.body["input"][0].split()) for r in fake_openai.embedding_requests()]
    assert len(sizes) >= 2 and sizes[1] < sizes[0]  # no resend of the same request


def test_a_rate_limit_whatever_it_says_is_not_read_as_a_size() -> None:
    error = RateLimitedError("127.0.0.1:8080 is rate limiting requests (429): input too large")
    assert tighter_limits(error, EmbeddingLimits(8000, 256), 900, 64) is None
