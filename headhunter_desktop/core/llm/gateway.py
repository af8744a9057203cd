"""The LLM gateway: every chat and embedding call of the app goes through here.

It owns the one AsyncOpenAI client, shares out request slots (interactive calls first),
checks the client's budget before sending, and turns every call (ok, error or
cancelled) into one usage record.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
from pydantic import BaseModel, ValidationError

from headhunter_desktop.core.analytics.prices import Pricer
from headhunter_desktop.core.domain.actions import Action
from headhunter_desktop.core.llm import embedding_batches, json_answers
from headhunter_desktop.core.llm.client_factory import ClientOptions, make_client
from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.core.llm.errors import InvalidModelOutputError, LlmError
from headhunter_desktop.core.llm.metered_call import MeteredCall
from headhunter_desktop.core.llm.metering import CallMeter, UsageSink, default_app_user
from headhunter_desktop.core.llm.request_slots import RequestSlots
from headhunter_desktop.core.llm.streams import StructuredUpdate, structured_updates, text_deltas
from headhunter_desktop.core.llm.tokens import count_message_tokens, count_tokens

if TYPE_CHECKING:
    import openai

__all__ = ["BudgetCheck", "LlmGateway", "Messages", "StructuredUpdate"]

T = TypeVar("T", bound=BaseModel)
Messages = list[dict[str, str]]
BudgetCheck = Callable[[CallContext, Decimal], Awaitable[None]]

EXPECTED_OUTPUT_TOKENS = 1_000  # for the pre-call budget estimate when max_tokens is unset


class LlmGateway:
    """The app's only door to the LLM server. Close with `aclose()` at shutdown."""

    def __init__(
        self,
        *,
        options: Callable[[], ClientOptions],
        model_for: Callable[[Action], str],
        sink: UsageSink,
        prices: Pricer | None = None,
        budget_check: BudgetCheck | None = None,
        parallel_requests: int = 4,
        app_user: str | None = None,
    ):
        self._options = options
        self._model_for = model_for
        self._sink = sink
        self._prices = prices or Pricer()
        self._budget_check = budget_check
        self._app_user = app_user or default_app_user()
        self._client: openai.AsyncOpenAI | None = None
        self._client_options: ClientOptions | None = None
        self._slots = RequestSlots(parallel_requests)
        self._json_schema_unsupported = False
        self._retired_clients: set[openai.AsyncOpenAI] = set()

    def model_for(self, action: Action) -> str:
        """The model an action uses unless a call names one (the settings decide)."""
        return self._model_for(action)

    # -- lifecycle ------------------------------------------------------------------------
    def prepare(self) -> None:
        """Import openai, build the client and load the tokenizers now (blocking: call it
        in a worker thread at start-up), so the first call does not stall the GUI."""
        import anyio._backends._asyncio  # noqa: F401  (the first request imports it otherwise)

        for model in {self._model_for(action) for action in Action}:
            count_tokens("warm up", model)
        with contextlib.suppress(LlmError):
            client, _ = self._current_client()
            # openai imports its resource modules on first attribute access.
            _ = (client.chat.completions, client.embeddings, client.models)

    def set_parallel_requests(self, n: int) -> None:
        """Takes effect at once; requests already running finish."""
        self._slots.resize(n)

    async def aclose(self) -> None:
        """Close the HTTP client (and any replaced one still finishing requests)."""
        clients = [*self._retired_clients, *([self._client] if self._client else [])]
        self._client, self._retired_clients = None, set()
        for client in clients:
            await client.close()

    def _current_client(self) -> tuple[openai.AsyncOpenAI, ClientOptions]:
        options = self._options()
        if self._client is None or options != self._client_options:
            if self._client is not None:
                # Requests in flight keep the old client; it is closed at shutdown.
                self._retired_clients.add(self._client)
            self._client, self._client_options = make_client(options), options
            self._json_schema_unsupported = False
        return self._client, options

    # -- calls ----------------------------------------------------------------------------
    async def complete_structured(
        self, ctx: CallContext, messages: Messages, schema: type[T], *, model: str | None = None
    ) -> T:
        """A validated pydantic object; one corrective retry (its own record) on invalid JSON."""
        model = model or self._model_for(ctx.action)
        content = await self._complete_json(ctx, messages, schema, model)
        try:
            return schema.model_validate_json(content)
        except ValidationError as first_error:
            retry = json_answers.corrective_messages(messages, content, first_error)
            content = await self._complete_json(ctx, retry, schema, model)
            try:
                return schema.model_validate_json(content)
            except ValidationError as exc:
                raise InvalidModelOutputError(
                    f"The model did not return a valid {schema.__name__} after one retry "
                    f"({json_answers.summarise(exc)}). Try again or choose a stronger model."
                ) from None

    @asynccontextmanager
    async def open_stream(
        self,
        ctx: CallContext,
        messages: Messages,
        *,
        max_tokens: int | None = None,
        model: str | None = None,
    ) -> AsyncIterator[AsyncIterator[str]]:
        """`async with gateway.open_stream(ctx, messages) as deltas:` text deltas as they
        arrive. Leaving the block before the end (break, error, cancel) closes the HTTP
        response at once and records the call as cancelled, with estimated usage."""
        model = model or self._model_for(ctx.action)
        async with self._text_stream(ctx, messages, model, max_tokens=max_tokens) as deltas:
            yield deltas

    @asynccontextmanager
    async def open_structured_stream(
        self, ctx: CallContext, messages: Messages, schema: type[T], *, model: str | None = None
    ) -> AsyncIterator[AsyncIterator[StructuredUpdate[T]]]:
        """Like `open_stream`, yielding partial objects while the JSON grows; the last
        update carries the validated object (InvalidModelOutputError when it is not)."""
        model = model or self._model_for(ctx.action)
        response_format, messages = self._json_request(messages, schema)
        async with (
            self._text_stream(ctx, messages, model, response_format=response_format) as deltas,
            contextlib.aclosing(structured_updates(deltas, schema)) as updates,
        ):
            yield updates

    async def embed(
        self, ctx: CallContext, texts: Sequence[str], *, model: str | None = None
    ) -> np.ndarray:
        """One float32 row per text, in order; batched, each batch its own usage record."""
        model = model or self._model_for(ctx.action)
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        batches = embedding_batches.embedding_requests(texts, model)
        results = await asyncio.gather(*(self._embed_batch(ctx, b, model) for b in batches))
        return np.vstack(results)

    # -- internals ------------------------------------------------------------------------
    @asynccontextmanager
    async def _request(
        self,
        ctx: CallContext,
        model: str,
        prompt_tokens: int,
        output_tokens: int,
        *,
        streaming: bool,
    ) -> AsyncIterator[tuple[openai.AsyncOpenAI, MeteredCall]]:
        """Budget check, a request slot of the call's lane, the client and the call's meter."""
        await self._check_budget(ctx, model, prompt_tokens, output_tokens)
        async with self._slots.hold(interactive=ctx.is_interactive):
            client, options = self._current_client()
            meter = CallMeter(ctx, model, streaming, self._prices, self._sink, self._app_user)
            with MeteredCall(meter, prompt_tokens, options.base_url) as call:
                yield client, call

    async def _check_budget(
        self, ctx: CallContext, model: str, input_tokens: int, output_tokens: int
    ) -> None:
        if self._budget_check is None or ctx.client_company_id is None:
            return
        price = self._prices.price(
            model,
            tokens_input=input_tokens,
            tokens_cached_input=0,
            tokens_output=output_tokens,
            at=datetime.now(UTC),
        )
        await self._budget_check(ctx, price.cost_usd or Decimal(0))

    def _json_request(self, messages: Messages, schema: type[BaseModel]) -> tuple[dict, Messages]:
        if self._json_schema_unsupported:
            return {"type": "json_object"}, json_answers.with_schema_instructions(messages, schema)
        return json_answers.json_schema_format(schema), messages

    async def _complete_json(
        self, ctx: CallContext, messages: Messages, schema: type[BaseModel], model: str
    ) -> str:
        response_format, request_messages = self._json_request(messages, schema)
        try:
            return await self._complete(ctx, request_messages, model, response_format)
        except LlmError as exc:
            if self._json_schema_unsupported or not json_answers.rejects_json_schema(exc):
                raise
            # Servers without structured outputs: JSON mode plus our own validation.
            self._json_schema_unsupported = True
            response_format, request_messages = self._json_request(messages, schema)
            return await self._complete(ctx, request_messages, model, response_format)

    async def _complete(
        self, ctx: CallContext, messages: Messages, model: str, response_format: dict | None
    ) -> str:
        prompt_tokens = count_message_tokens(messages, model)
        request = self._request(ctx, model, prompt_tokens, EXPECTED_OUTPUT_TOKENS, streaming=False)
        async with request as (client, call):
            kwargs = _chat_arguments(model, messages, response_format=response_format)
            response = await call.send(client.chat.completions.create(**kwargs))
            content = response.choices[0].message.content if response.choices else None
            call.answered(response.model, response.usage)
            call.received(content or "")
            call.completed()
        if not content:
            raise InvalidModelOutputError(f"{model} returned an empty answer.")
        return content

    @asynccontextmanager
    async def _text_stream(
        self,
        ctx: CallContext,
        messages: Messages,
        model: str,
        *,
        max_tokens: int | None = None,
        response_format: dict | None = None,
    ) -> AsyncIterator[AsyncIterator[str]]:
        prompt_tokens = count_message_tokens(messages, model)
        expected = max_tokens or EXPECTED_OUTPUT_TOKENS
        request = self._request(ctx, model, prompt_tokens, expected, streaming=True)
        async with request as (client, call):
            kwargs = _chat_arguments(model, messages, response_format, max_tokens, stream=True)
            stream = await call.send(client.chat.completions.create(**kwargs))
            try:
                async with contextlib.aclosing(text_deltas(stream, call)) as deltas:
                    yield deltas
            finally:
                await stream.close()  # the HTTP response, at once, however the block ends

    async def _embed_batch(self, ctx: CallContext, batch: list[str], model: str) -> np.ndarray:
        tokens = sum(count_tokens(t, model) for t in batch)
        async with self._request(ctx, model, tokens, 0, streaming=False) as (client, call):
            response = await call.send(client.embeddings.create(model=model, input=batch))
            call.answered(response.model, response.usage)
            call.completed()
        rows = sorted(response.data, key=lambda item: item.index)
        return np.asarray([row.embedding for row in rows], dtype=np.float32)


def _chat_arguments(
    model: str,
    messages: Messages,
    response_format: dict | None = None,
    max_tokens: int | None = None,
    *,
    stream: bool = False,
) -> dict[str, Any]:
    """The keyword arguments of `chat.completions.create`; streams always ask for usage."""
    kwargs: dict[str, Any] = {"model": model, "messages": messages}
    if stream:
        kwargs |= {"stream": True, "stream_options": {"include_usage": True}}
    if max_tokens is not None:
        kwargs["max_tokens"] = max_tokens
    if response_format is not None:
        kwargs["response_format"] = response_format
    return kwargs
