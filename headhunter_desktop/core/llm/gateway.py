"""The LLM gateway: every chat and embedding call of the app goes through here.

It owns the one AsyncOpenAI client, limits parallel requests, checks the client's budget
before sending, and turns every call (ok, error or cancelled) into one usage record.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import numpy as np
import pydantic_core
from pydantic import BaseModel, ValidationError

from headhunter_desktop.core.analytics.prices import Pricer
from headhunter_desktop.core.llm import structured
from headhunter_desktop.core.llm.client_factory import ClientOptions, make_client
from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.core.llm.errors import (
    InvalidModelOutputError,
    LlmError,
    translate_error,
)
from headhunter_desktop.core.llm.metering import CallMeter, UsageSink, default_app_user
from headhunter_desktop.core.llm.tokens import count_message_tokens, count_tokens

if TYPE_CHECKING:
    import openai

T = TypeVar("T", bound=BaseModel)
Messages = list[dict[str, str]]
BudgetCheck = Callable[[CallContext, Decimal], Awaitable[None]]

EXPECTED_OUTPUT_TOKENS = 1_000  # for the pre-call budget estimate when max_tokens is unset
EMBED_BATCH_TEXTS = 256
EMBED_BATCH_TOKENS = 250_000  # the API refuses requests over 300k tokens
EMBED_MAX_INPUT_TOKENS = 8_000  # per input; the models take 8,191
# `async for` over a stream whose data is already buffered never yields to Qt; give the
# GUI a turn every few chunks so the window keeps painting.
YIELD_EVERY_CHUNKS = 4


@dataclass
class StructuredUpdate(Generic[T]):
    """A partial object while it grows; `final` is set on the last update only."""

    partial: dict[str, Any]
    final: T | None = None


class LlmGateway:
    """The app's only door to the LLM server. Close with `aclose()` at shutdown."""

    def __init__(
        self,
        *,
        options: Callable[[], ClientOptions],
        model_for: Callable[[str], str],
        sink: UsageSink,
        pricer: Callable[[], Pricer] = Pricer,
        budget_check: BudgetCheck | None = None,
        parallel_requests: int = 4,
        app_user: str | None = None,
    ):
        self._options = options
        self._model_for = model_for
        self._sink = sink
        self._pricer = pricer
        self._budget_check = budget_check
        self._app_user = app_user or default_app_user()
        self._client: openai.AsyncOpenAI | None = None
        self._client_options: ClientOptions | None = None
        self._slots = asyncio.Semaphore(parallel_requests)
        self._json_schema_unsupported = False
        self._retired_clients: set[openai.AsyncOpenAI] = set()

    def model_for(self, action: str) -> str:
        """The model an action uses unless a call names one."""
        return self._model_for(action)

    # -- lifecycle ------------------------------------------------------------------------
    def prepare(self) -> None:
        """Import openai, build the client and load the tokenizers now (blocking: call it
        in a worker thread at start-up), so the first call does not stall the GUI."""
        import anyio._backends._asyncio  # noqa: F401  (the first request imports it otherwise)

        count_tokens("warm up", "gpt-4o-mini")
        count_tokens("warm up", "text-embedding-3-small")
        with contextlib.suppress(LlmError):
            client, _ = self._current_client()
            # openai imports its resource modules on first attribute access.
            _ = (client.chat.completions, client.embeddings, client.models)

    def set_parallel_requests(self, n: int) -> None:
        """Takes effect for requests that start after this call."""
        self._slots = asyncio.Semaphore(n)

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
            retry = structured.corrective_messages(messages, content, first_error)
            content = await self._complete_json(ctx, retry, schema, model)
            try:
                return schema.model_validate_json(content)
            except ValidationError as exc:
                raise InvalidModelOutputError(
                    f"The model did not return a valid {schema.__name__} after one retry "
                    f"({structured.summarise(exc)}). Try again or choose a stronger model."
                ) from None

    def stream_text(
        self,
        ctx: CallContext,
        messages: Messages,
        *,
        model: str | None = None,
        max_tokens: int | None = None,
    ) -> AsyncIterator[str]:
        """Text deltas as they arrive. Close it (`contextlib.aclosing`) when stopping early."""
        model = model or self._model_for(ctx.action)
        return self._stream(ctx, messages, model, max_tokens=max_tokens)

    async def stream_structured(
        self, ctx: CallContext, messages: Messages, schema: type[T], *, model: str | None = None
    ) -> AsyncIterator[StructuredUpdate[T]]:
        """Partial objects while the JSON grows; the last update carries the validated object."""
        model = model or self._model_for(ctx.action)
        response_format, messages = self._json_request(messages, schema)
        buffer = ""
        async with contextlib.aclosing(
            self._stream(ctx, messages, model, response_format=response_format)
        ) as deltas:
            async for delta in deltas:
                buffer += delta
                with contextlib.suppress(ValueError):
                    partial = pydantic_core.from_json(buffer, allow_partial="trailing-strings")
                    if isinstance(partial, dict):
                        yield StructuredUpdate(partial)
        try:
            final = schema.model_validate_json(buffer)
        except ValidationError as exc:
            raise InvalidModelOutputError(
                f"The model's streamed answer is not a valid {schema.__name__} "
                f"({structured.summarise(exc)})."
            ) from None
        yield StructuredUpdate(final.model_dump(mode="json"), final)

    async def embed(
        self, ctx: CallContext, texts: Sequence[str], *, model: str | None = None
    ) -> np.ndarray:
        """One float32 row per text, in order; batched, each batch its own usage record."""
        model = model or self._model_for(ctx.action)
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        inputs = [structured.clip_embedding_input(t, EMBED_MAX_INPUT_TOKENS, model) for t in texts]
        batches = structured.batch_by_budget(inputs, model, EMBED_BATCH_TEXTS, EMBED_BATCH_TOKENS)
        results = await asyncio.gather(*(self._embed_batch(ctx, b, model) for b in batches))
        return np.vstack(results)

    async def list_models(self) -> list[str]:
        """The server's model ids (also proves the connection and the key work)."""
        client, options = self._current_client()
        try:
            page = await client.models.list()
        except Exception as exc:
            raise translate_error(exc, base_url=options.base_url, model="") from None
        return sorted(m.id for m in page.data)

    # -- internals ------------------------------------------------------------------------
    def _meter(self, ctx: CallContext, model: str, *, streaming: bool) -> CallMeter:
        return CallMeter(ctx, model, streaming, self._pricer, self._sink, self._app_user)

    async def _check_budget(
        self, ctx: CallContext, model: str, input_tokens: int, out: int
    ) -> None:
        if self._budget_check is None or ctx.client_company_id is None:
            return
        price = self._pricer().price(
            model,
            tokens_input=input_tokens,
            tokens_cached_input=0,
            tokens_output=out,
            at=datetime.now(UTC),
        )
        await self._budget_check(ctx, price.cost_usd or Decimal(0))

    def _json_request(self, messages: Messages, schema: type[BaseModel]) -> tuple[dict, Messages]:
        if self._json_schema_unsupported:
            return {"type": "json_object"}, structured.with_schema_instructions(messages, schema)
        return structured.json_schema_format(schema), messages

    async def _complete_json(
        self, ctx: CallContext, messages: Messages, schema: type[BaseModel], model: str
    ) -> str:
        response_format, request_messages = self._json_request(messages, schema)
        try:
            return await self._complete(ctx, request_messages, model, response_format)
        except LlmError as exc:
            if self._json_schema_unsupported or not structured.rejects_json_schema(exc):
                raise
            # Servers without structured outputs: JSON mode plus our own validation.
            self._json_schema_unsupported = True
            response_format, request_messages = self._json_request(messages, schema)
            return await self._complete(ctx, request_messages, model, response_format)

    async def _complete(
        self, ctx: CallContext, messages: Messages, model: str, response_format: dict | None
    ) -> str:
        prompt_tokens = count_message_tokens(messages, model)
        await self._check_budget(ctx, model, prompt_tokens, EXPECTED_OUTPUT_TOKENS)
        async with self._slots:
            client, options = self._current_client()
            meter = self._meter(ctx, model, streaming=False)
            kwargs: dict[str, Any] = {"model": model, "messages": messages}
            if response_format is not None:
                kwargs["response_format"] = response_format
            try:
                response = await client.chat.completions.create(**kwargs)
            except asyncio.CancelledError:
                meter.finish_estimated(
                    status="cancelled", prompt_tokens=prompt_tokens, output_tokens=0
                )
                raise
            except Exception as exc:
                error = translate_error(exc, base_url=options.base_url, model=model)
                meter.finish_failed(error.error_type)
                raise error from None
            content = response.choices[0].message.content if response.choices else None
            if response.usage is not None:
                meter.finish_with_usage(response.usage, response.model)
            else:
                meter.finish_estimated(
                    status="ok",
                    prompt_tokens=prompt_tokens,
                    output_tokens=count_tokens(content or "", model),
                    model=response.model,
                )
            if not content:
                raise InvalidModelOutputError(f"{model} returned an empty answer.")
            return content

    async def _stream(
        self,
        ctx: CallContext,
        messages: Messages,
        model: str,
        *,
        max_tokens: int | None = None,
        response_format: dict | None = None,
    ) -> AsyncIterator[str]:
        prompt_tokens = count_message_tokens(messages, model)
        await self._check_budget(ctx, model, prompt_tokens, max_tokens or EXPECTED_OUTPUT_TOKENS)
        async with self._slots:
            client, options = self._current_client()
            meter = self._meter(ctx, model, streaming=True)
            received: list[str] = []
            answered_model: str | None = None
            usage: Any = None
            stream: Any = None
            kwargs: dict[str, Any] = {"model": model, "messages": messages, "stream": True}
            kwargs["stream_options"] = {"include_usage": True}
            if max_tokens is not None:
                kwargs["max_tokens"] = max_tokens
            if response_format is not None:
                kwargs["response_format"] = response_format

            def estimate(status: str, error_type: str | None = None) -> None:
                meter.finish_estimated(
                    status=status,  # type: ignore[arg-type]
                    prompt_tokens=prompt_tokens,
                    output_tokens=count_tokens("".join(received), model),
                    model=answered_model,
                    error_type=error_type,
                )

            try:
                stream = await client.chat.completions.create(**kwargs)
                chunks = 0
                async for chunk in stream:
                    answered_model = chunk.model or answered_model
                    if chunk.usage is not None:
                        usage = chunk.usage
                    for choice in chunk.choices:
                        delta = choice.delta.content if choice.delta else None
                        if delta:
                            meter.mark_first_token()
                            received.append(delta)
                            yield delta
                    chunks += 1
                    if chunks % YIELD_EVERY_CHUNKS == 0:
                        await asyncio.sleep(0)
            except (asyncio.CancelledError, GeneratorExit):
                estimate("cancelled")
                raise
            except Exception as exc:
                error = translate_error(exc, base_url=options.base_url, model=model)
                if received:
                    estimate("error", error.error_type)
                else:
                    meter.finish_failed(error.error_type, answered_model)
                raise error from None
            finally:
                if stream is not None:
                    # Close the HTTP response at once: qasync runs no async-generator finaliser.
                    await stream.close()
            if usage is not None:
                meter.finish_with_usage(usage, answered_model)
            else:
                estimate("ok")

    async def _embed_batch(self, ctx: CallContext, batch: list[str], model: str) -> np.ndarray:
        await self._check_budget(ctx, model, sum(count_tokens(t, model) for t in batch), 0)
        async with self._slots:
            client, options = self._current_client()
            meter = self._meter(ctx, model, streaming=False)
            try:
                response = await client.embeddings.create(model=model, input=batch)
            except asyncio.CancelledError:
                tokens = sum(count_tokens(t, model) for t in batch)
                meter.finish_estimated(status="cancelled", prompt_tokens=tokens, output_tokens=0)
                raise
            except Exception as exc:
                error = translate_error(exc, base_url=options.base_url, model=model)
                meter.finish_failed(error.error_type)
                raise error from None
            if response.usage is not None:
                meter.finish_with_usage(response.usage, response.model)
            else:
                tokens = sum(count_tokens(t, model) for t in batch)
                meter.finish_estimated(
                    status="ok", prompt_tokens=tokens, output_tokens=0, model=response.model
                )
            rows = sorted(response.data, key=lambda item: item.index)
            return np.asarray([row.embedding for row in rows], dtype=np.float32)
