"""Embedding requests that arrive together share one API call, one per client."""

from __future__ import annotations

import asyncio

import numpy as np

from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.core.services.embedding_batcher import EmbeddingBatcher
from tests.fakes import ErrorReply, FakeOpenAIServer, fake_embedding
from tests.helpers.gateway import RecordingSink, make_gateway, run_then_close


def test_concurrent_requests_share_a_call_per_client(fake_openai: FakeOpenAIServer) -> None:
    sink = RecordingSink()
    gateway = make_gateway(fake_openai, sink)
    batcher = EmbeddingBatcher(gateway, window_s=0.05)
    acme = CallContext("embed_cv", 1, "Acme", "candidate", "10")
    beta = CallContext("embed_cv", 2, "Beta", "candidate", "11")
    texts = ["kubernetes engineer", "pastry chef", "nurse", "data analyst"]

    async def embed_all() -> list[np.ndarray]:
        contexts = [acme, acme, beta, acme]
        return await asyncio.gather(
            *(batcher.embed(c, t) for c, t in zip(contexts, texts, strict=True))
        )

    vectors = run_then_close(gateway, embed_all())
    for vector, text in zip(vectors, texts, strict=True):
        assert np.allclose(vector, fake_embedding(text, 64), atol=1e-6)
    inputs = sorted(r.body["input"] for r in fake_openai.embedding_requests())
    assert inputs == [["kubernetes engineer", "pastry chef", "data analyst"], ["nurse"]]
    assert sorted(r.client_company_id for r in sink.records) == [1, 2]
    assert all(r.entity_id is None for r in sink.records)  # a batch is not one candidate


def test_a_failed_batch_fails_every_waiter(fake_openai: FakeOpenAIServer) -> None:
    from headhunter_desktop.core.llm.errors import ServerError

    fake_openai.queue(ErrorReply(500))
    gateway = make_gateway(fake_openai, RecordingSink())
    batcher = EmbeddingBatcher(gateway)
    ctx = CallContext("embed_cv")

    async def embed_two() -> list[object]:
        return await asyncio.gather(
            batcher.embed(ctx, "a"), batcher.embed(ctx, "b"), return_exceptions=True
        )

    results = run_then_close(gateway, embed_two())
    assert all(isinstance(r, ServerError) for r in results)


def test_a_text_someone_waits_for_does_not_join_a_batch_request(
    fake_openai: FakeOpenAIServer,
) -> None:
    gateway = make_gateway(fake_openai, RecordingSink())
    batcher = EmbeddingBatcher(gateway, window_s=0.05)
    imported = CallContext("embed_cv", 1, "Acme")
    reparsed = CallContext("embed_cv", 1, "Acme", interactive=True)

    async def embed_all() -> list[np.ndarray]:
        return await asyncio.gather(
            batcher.embed(imported, "pastry chef"),
            batcher.embed(reparsed, "nurse"),
            batcher.embed(imported, "data analyst"),
        )

    run_then_close(gateway, embed_all())
    inputs = sorted(r.body["input"] for r in fake_openai.embedding_requests())
    assert inputs == [["nurse"], ["pastry chef", "data analyst"]]
