"""Many embedding requests, few API calls: texts arriving close together share a request.

Texts are grouped per client company, because each API call is billed to one client, and
per lane, so a text someone waits for does not ride in a batch request.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import numpy as np

from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.core.llm.gateway import LlmGateway

_BatchKey = tuple[int | None, str, bool, str | None]  # client, action, interactive, model


@dataclass
class _Pending:
    context: CallContext
    model: str | None
    texts: list[str] = field(default_factory=list)
    futures: list[asyncio.Future[np.ndarray]] = field(default_factory=list)
    flusher: asyncio.TimerHandle | None = None


class EmbeddingBatcher:
    """`await embed(ctx, text)` returns one vector; calls within `window_s` are batched."""

    def __init__(self, gateway: LlmGateway, *, window_s: float = 0.05, max_batch: int = 64):
        self._gateway = gateway
        self._window_s = window_s
        self._max_batch = max_batch
        self._pending: dict[_BatchKey, _Pending] = {}
        self._flights: set[asyncio.Task[None]] = set()

    async def embed(self, ctx: CallContext, text: str, model: str | None = None) -> np.ndarray:
        """The embedding of `text` by `model` (default: the action's), billed to `ctx`'s
        client. Client, action, lane and model set the batch."""
        loop = asyncio.get_running_loop()
        key = (ctx.client_company_id, ctx.action, ctx.is_interactive, model)
        pending = self._pending.get(key)
        if pending is None:
            # One batch per client, action and lane; the entity is not one candidate any more.
            batch_ctx = CallContext(
                ctx.action, ctx.client_company_id, ctx.client_company_name,
                interactive=ctx.is_interactive,
            )  # fmt: skip
            pending = self._pending[key] = _Pending(batch_ctx, model)
            pending.flusher = loop.call_later(self._window_s, self._flush, key)
        future: asyncio.Future[np.ndarray] = loop.create_future()
        pending.texts.append(text)
        pending.futures.append(future)
        if len(pending.texts) >= self._max_batch:
            self._flush(key)
        return await future

    def _flush(self, key: _BatchKey) -> None:
        pending = self._pending.pop(key, None)
        if pending is None:
            return
        if pending.flusher is not None:
            pending.flusher.cancel()
        task = asyncio.ensure_future(self._send(pending))
        self._flights.add(task)
        task.add_done_callback(self._flights.discard)

    async def _send(self, pending: _Pending) -> None:
        try:
            vectors = await self._gateway.embed(pending.context, pending.texts, model=pending.model)
        except BaseException as exc:  # every waiter learns the outcome, cancellation included
            for future in pending.futures:
                if not future.done():
                    future.set_exception(
                        exc if isinstance(exc, Exception) else asyncio.CancelledError()
                    )
            if not isinstance(exc, Exception):
                raise
            return
        for future, vector in zip(pending.futures, vectors, strict=True):
            if not future.done():
                future.set_result(vector)

    async def aclose(self) -> None:
        """Send what is waiting and let requests in flight finish."""
        for key in list(self._pending):
            self._flush(key)
        if self._flights:
            await asyncio.gather(*self._flights, return_exceptions=True)
