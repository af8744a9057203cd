"""Many embedding requests, few API calls: texts arriving close together share a request.

Texts are grouped per client company, because each API call is billed to one client, and
per lane, so a text someone waits for does not ride in a batch request.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from headhunter_desktop.core.analytics.reservations import Reservation
from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.core.llm.gateway import LlmGateway
from headhunter_desktop.core.llm.spending import drawing_from, holds_in_force

if TYPE_CHECKING:
    import numpy as np

# client id and UUID (one client either way), action, interactive, model
_BatchKey = tuple[int | None, str | None, str, bool, str | None]


@dataclass
class _Pending:
    context: CallContext
    model: str | None
    texts: list[str] = field(default_factory=list)
    futures: list[asyncio.Future[np.ndarray]] = field(default_factory=list)
    flusher: asyncio.TimerHandle | None = None
    # The budget holds of the texts' callers (a CV's hold covers its embedding): the
    # request draws from all of them, whichever caller's task happened to start it.
    holds: list[Reservation] = field(default_factory=list)


class EmbeddingBatcher:
    """`await embed(ctx, text)` returns one vector; calls within `window_s` are batched."""

    def __init__(self, gateway: LlmGateway, *, window_s: float = 0.05, max_batch: int = 64):
        self._gateway = gateway
        self._window_s = window_s
        self._max_batch = max_batch
        self._pending: dict[_BatchKey, _Pending] = {}
        self._flights: set[asyncio.Task[None]] = set()
        self._batch_flights: set[asyncio.Task[None]] = set()  # the part of _flights not interactive

    async def embed(self, ctx: CallContext, text: str, model: str | None = None) -> np.ndarray:
        """The embedding of `text` by `model` (default: the action's), billed to `ctx`'s
        client. Client, action, lane and model set the batch."""
        loop = asyncio.get_running_loop()
        key = (ctx.client_company_id, ctx.client_uuid, ctx.action, ctx.is_interactive, model)
        pending = self._pending.get(key)
        if pending is None:
            # One batch per client, action and lane; the entity is not one candidate any more.
            batch_ctx = CallContext(
                ctx.action, ctx.client_company_id, ctx.client_company_name,
                interactive=ctx.is_interactive, client_uuid=ctx.client_uuid,
            )  # fmt: skip
            pending = self._pending[key] = _Pending(batch_ctx, model)
            pending.flusher = loop.call_later(self._window_s, self._flush, key)
        future: asyncio.Future[np.ndarray] = loop.create_future()
        pending.texts.append(text)
        pending.futures.append(future)
        pending.holds.extend(holds_in_force())
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
        if not pending.context.is_interactive:
            self._batch_flights.add(task)
            task.add_done_callback(self._batch_flights.discard)

    async def _send(self, pending: _Pending) -> None:
        try:
            with drawing_from(*pending.holds):
                vectors = await self._gateway.embed(
                    pending.context, pending.texts, model=pending.model
                )
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

    def cancel_batch_work(self) -> None:
        """An import run was cancelled (Ctrl-C, window closed): drop its waiting texts and
        cancel its requests in flight at once. What someone waits for (interactive) goes on."""
        for key, pending in list(self._pending.items()):
            if pending.context.is_interactive:
                continue
            del self._pending[key]
            if pending.flusher is not None:
                pending.flusher.cancel()
            for future in pending.futures:
                future.cancel()
        for task in list(self._batch_flights):
            task.cancel()

    async def aclose(self) -> None:
        """Send what is waiting and let requests in flight finish."""
        for key in list(self._pending):
            self._flush(key)
        if self._flights:
            await asyncio.gather(*self._flights, return_exceptions=True)
