"""Sending one request: a slot, the request built, its worst case reserved, the meter, the
retries. Every HTTP attempt is one call here, and so one usage record.

An attempt that fails as the retry policy allows is sent again after the wait it names
(the user's `max_retries` at most); a request refused for something the server lacks
(`json_schema`, `stream_options`, context for the output limit asked) is sent once more
without it, whatever the retries, since it is another request.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from headhunter_desktop.core.analytics.prices import Pricer
from headhunter_desktop.core.llm.call_intents import IntentLog
from headhunter_desktop.core.llm.chat_requests import Request, refused_option
from headhunter_desktop.core.llm.client_factory import ClientOptions
from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.core.llm.errors import LlmError
from headhunter_desktop.core.llm.metered_call import MeteredCall
from headhunter_desktop.core.llm.metering import CallMeter, UsageSink
from headhunter_desktop.core.llm.request_slots import RequestSlots
from headhunter_desktop.core.llm.retry_policy import retry_delay
from headhunter_desktop.core.llm.spending import SpendGuard, reserved

if TYPE_CHECKING:
    import openai

R = TypeVar("R")
# Our token count may fall short of another tokenizer's: the reservation allows for it.
PROMPT_MARGIN = 1.1
PROMPT_MARGIN_TOKENS = 16
Build = Callable[[str | None], Request]  # the base URL -> the request to send
Send = Callable[["openai.AsyncOpenAI", Request], Awaitable[R]]
CurrentClient = Callable[[], tuple["openai.AsyncOpenAI", ClientOptions]]


@dataclass
class Opened(Generic[R]):
    """A request that got its answer (or the start of its stream).

    `async with opened.stack:` around reading it: leaving gives back the slot and the
    reservation after the call is recorded (as cancelled, unless completed or failed).
    """

    stack: AsyncExitStack
    call: MeteredCall
    result: R


@dataclass
class _Failed:
    error: LlmError
    failure: BaseException | None  # what the server or the connection raised
    request: Request | None


@dataclass
class RunnerParts:
    """What the runner uses of the gateway's."""

    client: CurrentClient
    slots: RequestSlots
    prices: Pricer
    sink: UsageSink
    app_user: str
    guard: SpendGuard | None = None
    ready: Callable[[], Awaitable[None]] | None = None


class RequestRunner:
    """`await runner.open(ctx, model, build, send, ...)`, then read it inside its stack."""

    def __init__(self, parts: RunnerParts) -> None:
        self._parts = parts
        # The usage writer spools intents; a sink that cannot (a test's list) goes without.
        self._intents = parts.sink if isinstance(parts.sink, IntentLog) else None

    def worst_case_usd(self, model: str, prompt_tokens: int, output_tokens: int) -> Decimal:
        """The most a request may cost: its prompt (with a margin) and its output limit."""
        prompt = math.ceil(prompt_tokens * PROMPT_MARGIN) + PROMPT_MARGIN_TOKENS
        price = self._parts.prices.price(
            model,
            tokens_input=prompt,
            tokens_cached_input=0,
            tokens_output=output_tokens,
            at=datetime.now(UTC),
        )
        return price.cost_usd or Decimal(0)

    async def open(
        self,
        ctx: CallContext,
        model: str,
        build: Build,
        send: Send[R],
        *,
        streaming: bool,
        on_refused: Callable[[str, Request, LlmError], None] | None = None,
    ) -> Opened[R]:
        """Send until answered or out of retries; raises the last attempt's LlmError.
        `on_refused(option, request, error)`: the server refused that part of the request
        (`chat_requests.refused_option`); the next build must do without it."""
        retries, options_dropped = 0, set[str]()
        while True:
            outcome = await self._attempt(ctx, model, build, send, streaming)
            if isinstance(outcome, Opened):
                return outcome
            request, option = outcome.request, refused_option(outcome.request, outcome.error)
            if on_refused and request and option and option not in options_dropped:
                # (Learnt already when a concurrent request was refused first.)
                on_refused(option, request, outcome.error)
                options_dropped.add(option)
                continue
            delay = retry_delay(outcome.failure, retries) if retries < self._max_retries() else None
            if delay is None:
                raise outcome.error
            retries += 1
            await asyncio.sleep(delay)

    def _max_retries(self) -> int:
        _, options = self._parts.client()
        return options.max_retries

    async def _attempt(
        self, ctx: CallContext, model: str, build: Build, send: Send[R], streaming: bool
    ) -> Opened[R] | _Failed:
        stack = AsyncExitStack()
        call, request = None, None
        try:
            client, call, request = await stack.enter_async_context(
                self._request(ctx, model, build, streaming)
            )
            result = await call.send(lambda: send(client, request))
        except LlmError as exc:
            await stack.aclose()
            return _Failed(exc, call.failure if call else None, request)
        except BaseException:
            await stack.aclose()
            raise
        return Opened(stack, call, result)

    @asynccontextmanager
    async def _request(
        self, ctx: CallContext, model: str, build: Build, streaming: bool
    ) -> AsyncIterator[tuple[openai.AsyncOpenAI, MeteredCall, Request]]:
        parts = self._parts
        if parts.ready is not None:
            await parts.ready()
        async with parts.slots.hold(interactive=ctx.is_interactive):
            client, options = parts.client()
            request = build(options.base_url)  # now, not before the wait for a slot
            worst = self.worst_case_usd(model, request.prompt_tokens, request.output_tokens)
            async with reserved(parts.guard, ctx, worst):
                meter = CallMeter(ctx, model, streaming, parts.prices, parts.sink, parts.app_user)
                prompt = request.prompt_tokens
                with MeteredCall(meter, prompt, options.base_url, self._intents) as call:
                    yield client, call, request


def chat_create(client: openai.AsyncOpenAI, request: Request) -> Awaitable[Any]:
    """Send a chat request."""
    return client.chat.completions.create(**request.arguments)


def embeddings_create(client: openai.AsyncOpenAI, request: Request) -> Awaitable[Any]:
    """Send an embeddings request."""
    return client.embeddings.create(**request.arguments)
