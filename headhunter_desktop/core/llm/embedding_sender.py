"""Embedding requests as sent: split into what the server takes, each through the runner
(one usage record per HTTP attempt), sent again smaller when the server refuses the size
(`embedding_limits.py`)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from headhunter_desktop.core.llm import embedding_batches
from headhunter_desktop.core.llm.chat_requests import embedding_request
from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.core.llm.embedding_limits import EmbeddingLimits, tighter_limits
from headhunter_desktop.core.llm.errors import LlmError
from headhunter_desktop.core.llm.request_runner import RequestRunner, embeddings_create
from headhunter_desktop.core.llm.tokens import count_tokens

if TYPE_CHECKING:
    import numpy as np


class EmbeddingSender:
    """`await sender.embed(ctx, texts, model, fields)`: one float32 row per text, in order."""

    def __init__(self, runner: RequestRunner, server: Callable[[], str | None]) -> None:
        self._runner = runner
        self._server = server  # the embedding server's base URL now (None: OpenAI)
        # What each server and model took less of than OpenAI's (learnt from refusals).
        self._limits: dict[tuple[str | None, str], EmbeddingLimits] = {}

    async def embed(
        self, ctx: CallContext, texts: Sequence[str], model: str, fields: dict[str, str]
    ) -> np.ndarray:
        import numpy as np

        limits = self._limits.get((self._server(), model), EmbeddingLimits())
        batches = embedding_batches.embedding_requests(
            texts, model, limits.max_input_tokens, limits.max_texts
        )
        results = await asyncio.gather(
            *(self._embed_batch(ctx, b, model, fields, limits) for b in batches)
        )
        return np.vstack(results)

    async def _embed_batch(
        self, ctx: CallContext, batch: list[str], model: str, fields: dict[str, str],
        limits: EmbeddingLimits,
    ) -> np.ndarray:  # fmt: skip
        try:
            return await self._send(ctx, batch, model, fields)
        except LlmError as exc:
            longest = max(count_tokens(t, model) for t in batch)
            tighter = tighter_limits(exc, limits, longest, len(batch))
            if tighter is None:
                raise
        # Sent again within what the server said it takes, and kept for later requests.
        # Kept limits only shrink, and each refusal asks for less than was sent: this ends.
        key = (self._server(), model)
        self._limits[key] = tighter.within(self._limits.get(key, tighter))
        return await self.embed(ctx, batch, model, fields)

    async def _send(
        self, ctx: CallContext, batch: list[str], model: str, fields: dict[str, str]
    ) -> np.ndarray:
        import numpy as np

        tokens = sum(count_tokens(t, model) for t in batch)
        opened = await self._runner.open(
            ctx, model, lambda _url: embedding_request(model, batch, tokens, fields),
            embeddings_create, streaming=False,
        )  # fmt: skip
        async with opened.stack:
            response = opened.result
            opened.call.answered(response.model, response.usage)
            opened.call.completed()
        rows = sorted(response.data, key=lambda item: item.index)
        return np.asarray([row.embedding for row in rows], dtype=np.float32)
