"""The LLM gateway: every chat and embedding call of the app goes through here.

It owns the one AsyncOpenAI client, shares out request slots (interactive calls first),
reserves each call's worst case against its client's budget before sending, retries what
is worth retrying, and turns every HTTP attempt (ok, error or cancelled) into one usage
record.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from decimal import Decimal
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel, ValidationError

from headhunter_desktop.core.analytics.prices import Pricer
from headhunter_desktop.core.analytics.reservations import Reservation
from headhunter_desktop.core.domain.actions import Action
from headhunter_desktop.core.llm import json_answers
from headhunter_desktop.core.llm.chat_requests import Request, chat_request
from headhunter_desktop.core.llm.client_factory import ClientCache, ClientOptions
from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.core.llm.context_windows import (
    ContextWindow,
    fitting_output_limit,
    window_from,
)
from headhunter_desktop.core.llm.embedding_inputs import (
    EmbeddingInputType,
    request_fields,
    with_input_type,
)
from headhunter_desktop.core.llm.embedding_sender import EmbeddingSender
from headhunter_desktop.core.llm.errors import AnswerCutOffError, InvalidModelOutputError, LlmError
from headhunter_desktop.core.llm.metered_call import MeteredCall
from headhunter_desktop.core.llm.metering import UsageSink, default_app_user
from headhunter_desktop.core.llm.output_limits import max_output_tokens
from headhunter_desktop.core.llm.rehearsal import rehearse
from headhunter_desktop.core.llm.request_runner import (
    RequestRunner,
    RunnerParts,
    chat_create,
)
from headhunter_desktop.core.llm.request_slots import RequestSlots
from headhunter_desktop.core.llm.spending import SpendGuard
from headhunter_desktop.core.llm.streams import (
    StructuredUpdate,
    TextStream,
    structured_updates,
    text_deltas,
)
from headhunter_desktop.core.llm.tokens import (
    build_tokenizers,
    count_message_tokens,
    tokenizers_built,
)

if TYPE_CHECKING:
    import numpy as np
    import openai

__all__ = ["LlmGateway", "Messages", "SpendGuard", "StructuredUpdate"]

T = TypeVar("T", bound=BaseModel)
Messages = list[dict[str, str]]


class LlmGateway:
    """The app's only door to the LLM server. Close with `aclose()` at shutdown."""

    def __init__(
        self,
        *,
        options: Callable[[], ClientOptions],
        model_for: Callable[[Action], str],
        sink: UsageSink,
        prices: Pricer | None = None,
        spend_guard: SpendGuard | None = None,
        ready: Callable[[], Awaitable[None]] | None = None,
        parallel_requests: int = 4,
        app_user: str | None = None,
        embedding_options: Callable[[], ClientOptions | None] | None = None,
        embedding_input_type: Callable[[], EmbeddingInputType] | None = None,
    ):
        """`sink` takes the records (and, if it can, each request's intent first);
        `spend_guard` reserves each call's worst case against its client's budget;
        `embedding_options` names the embedding server of its own (None: the chat one)."""
        self._options = options
        self._embedding_options = embedding_options or (lambda: None)
        self._input_type = embedding_input_type or (lambda: "none")
        self._model_for = model_for
        self._prices = prices or Pricer()
        self._guard = spend_guard
        # Awaited before every request: raises while the app must not spend (damaged database).
        self._ready = ready
        self._chat_clients, self._embedding_clients = ClientCache(), ClientCache()
        self._slots = RequestSlots(parallel_requests)
        # What the server refused once (None: not known yet), left out of later requests.
        self._json_schema_unsupported = False
        self._stream_usage_unsupported = False
        self._context_windows: dict[tuple[str | None, str], ContextWindow] = {}
        self._tokenizer_build: asyncio.Future[None] | None = None
        app_user = app_user or default_app_user()
        parts = RunnerParts(
            self._current_client, self._slots, self._prices, sink, app_user, spend_guard,
            self.wait_ready,
        )  # fmt: skip
        self._runner = RequestRunner(parts)
        # Embeddings share the slots, meter and budgets; only their server may differ.
        embedding_parts = dataclasses.replace(parts, client=self._current_embedding_client)
        self._embeddings = EmbeddingSender(
            RequestRunner(embedding_parts), lambda: self._current_embedding_client()[1].base_url
        )

    def model_for(self, action: Action) -> str:
        """The model an action uses unless a call names one (the settings decide)."""
        return self._model_for(action)

    def context_window(self, model: str) -> int | None:
        """The model's context window in tokens, once its server has named it (a refusal)."""
        window = self._context_windows.get((self._options().base_url, model))
        return window.tokens if window else None

    # -- lifecycle ------------------------------------------------------------------------
    def prepare(self, schemas: Sequence[type[BaseModel]] = ()) -> None:
        """Import openai, build the client, load the tokenizers and rehearse each kind of
        request offline (`rehearsal.py`; `schemas`: the structured answers the app asks
        for) now, blocking: call it in a worker thread at start-up, so the first calls do
        not stall the GUI."""
        import anyio._backends._asyncio  # noqa: F401  (the first request imports it otherwise)

        build_tokenizers(self._models())
        with contextlib.suppress(LlmError):
            client, _ = self._current_client()
            self._current_embedding_client()
            # openai imports its resource modules on first attribute access.
            _ = (client.chat.completions, client.embeddings, client.models)
        parse_model, embed_model = (self._model_for(a) for a in (Action.PARSE_CV, Action.EMBED_CV))
        rehearse(schemas, parse_model, embed_model)

    async def wait_ready(self) -> None:
        """Return once the app may send requests; raise (e.g. a damaged database) if it may not."""
        await self.tokenizers_ready()
        if self._ready is not None:
            await self._ready()

    async def tokenizers_ready(self, *more_models: str) -> None:
        """Return once tokens can be counted for the models in use without building a
        tokenizer: one not built yet is built in a worker thread. Its first build holds
        the GIL ~0.1-0.3 s, which on the event loop's thread would stop a GUI; the warm-up
        builds them, and anything counting before it ends (an import resumed at start)
        waits here instead."""
        # Again after a build: one begun by another caller may not have covered `more_models`.
        while not tokenizers_built(models := self._models() | set(more_models)):
            build = self._tokenizer_build
            loop = asyncio.get_running_loop()
            if build is None or build.done() or build.get_loop() is not loop:
                build = asyncio.ensure_future(asyncio.to_thread(build_tokenizers, models))
                self._tokenizer_build = build  # shared by whoever asks while it runs
            await asyncio.shield(build)

    def _models(self) -> set[str]:
        return {self._model_for(action) for action in Action}

    def serve_batch_only(self) -> None:
        """This process sends no request a person waits on (the import process: the
        window's searches and generations go through the window's own gateway and slots),
        so its batch work may use every slot the settings allow, not all but one."""
        self._slots.serve_batch_only()

    def set_parallel_requests(self, n: int) -> None:
        """Takes effect at once; requests already running finish."""
        self._slots.resize(n)

    async def aclose(self) -> None:
        """Close the HTTP clients (and any replaced one still finishing requests)."""
        await self._chat_clients.aclose()
        await self._embedding_clients.aclose()

    def _current_client(self) -> tuple[openai.AsyncOpenAI, ClientOptions]:
        options = self._options()
        client, rebuilt = self._chat_clients.current(options)
        if rebuilt:  # another server: ask it again
            self._json_schema_unsupported = self._stream_usage_unsupported = False
        return client, options

    def _current_embedding_client(self) -> tuple[openai.AsyncOpenAI, ClientOptions]:
        options = self._embedding_options()
        if options is None:
            return self._current_client()
        return self._embedding_clients.current(options)[0], options

    # -- budgets --------------------------------------------------------------------------
    def worst_case_usd(
        self, action: Action, prompt_tokens: int, model: str | None = None
    ) -> Decimal:
        """The most one call of `action` with that prompt may cost (its output limit full)."""
        model = model or self._model_for(action)
        return self._runner.worst_case_usd(model, prompt_tokens, max_output_tokens(action))

    async def hold_budget(self, ctx: CallContext, amount_usd: Decimal) -> Reservation | None:
        """Set `amount_usd` aside for calls to come, checked against the client's hard cap
        now (BudgetExceededError). Calls made under `spending.drawing_from(hold)` draw
        from it; `release()` the hold when they are done. None: no budget to hold against."""
        if self._guard is None or ctx.client_uuid is None:
            return None
        return await self._guard.reserve(ctx, amount_usd)

    # -- calls ----------------------------------------------------------------------------
    async def complete_structured(
        self, ctx: CallContext, messages: Messages, schema: type[T], *, model: str | None = None
    ) -> T:
        """A validated pydantic object; one corrective retry (its own record) on invalid JSON."""
        model = model or self._model_for(ctx.action)
        content, cut = await self._complete_json(ctx, messages, schema, model)
        try:
            return json_answers.validated_answer(schema, content)
        except ValidationError as first_error:
            if cut:  # asking again would be cut alike, at a higher price
                raise AnswerCutOffError(json_answers.cut_off_message(schema)) from None
            retry = json_answers.corrective_messages(messages, content, first_error)
            content, cut = await self._complete_json(ctx, retry, schema, model)
            try:
                return json_answers.validated_answer(schema, content)
            except ValidationError as exc:
                if cut:
                    raise AnswerCutOffError(json_answers.cut_off_message(schema)) from None
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
    ) -> AsyncIterator[TextStream]:
        """`async with gateway.open_stream(ctx, messages) as deltas:` text deltas as they
        arrive (and, read to the end, whether the answer was cut at its length limit).
        Leaving the block before the end (break, error, cancel) closes the HTTP response
        at once and records the call as cancelled, with estimated usage."""
        model = model or self._model_for(ctx.action)
        limit = max_output_tokens(ctx.action, max_tokens)

        def build(base_url: str | None) -> Request:
            prompt = count_message_tokens(messages, model)
            fitting = self._output_limit(model, base_url, prompt, limit)
            return chat_request(
                model, messages, prompt, max_tokens=fitting, base_url=base_url, stream=True,
                stream_usage=not self._stream_usage_unsupported,
            )  # fmt: skip

        async with self._text_stream(ctx, model, build) as (deltas, call):
            yield TextStream(deltas, call)

    @asynccontextmanager
    async def open_structured_stream(
        self, ctx: CallContext, messages: Messages, schema: type[T], *, model: str | None = None
    ) -> AsyncIterator[AsyncIterator[StructuredUpdate[T]]]:
        """Like `open_stream`, yielding field events as the JSON object is written (each
        field's text while it is written, items as they start, values once complete); the
        last update carries the validated object (InvalidModelOutputError when it is not)."""
        model = model or self._model_for(ctx.action)
        build = self._json_builder(ctx, messages, schema, model, stream=True)
        async with (
            self._text_stream(ctx, model, build) as (deltas, call),
            contextlib.aclosing(
                structured_updates(deltas, schema, lambda: call.cut_off)
            ) as updates,
        ):
            yield updates

    async def embed(
        self, ctx: CallContext, texts: Sequence[str], *, model: str | None = None
    ) -> np.ndarray:
        """One float32 row per text, in order; batched, each batch its own usage record."""
        import numpy as np  # here: not part of start-up (~60 ms; the warm-up imports it)

        model = model or self._model_for(ctx.action)
        await self.tokenizers_ready(model)  # the batches below count tokens
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        input_type = self._input_type()
        texts = with_input_type(texts, ctx.action, input_type)
        fields = request_fields(ctx.action, input_type)
        return await self._embeddings.embed(ctx, texts, model, fields)

    # -- internals ------------------------------------------------------------------------
    def _json_builder(
        self,
        ctx: CallContext,
        messages: Messages,
        schema: type[BaseModel],
        model: str,
        *,
        stream: bool = False,
    ) -> Callable[[str | None], Request]:
        """Builds the request when it is sent: JSON schema, or JSON mode once refused."""
        limit = max_output_tokens(ctx.action)

        def build(base_url: str | None) -> Request:
            if self._json_schema_unsupported:
                response_format = {"type": "json_object"}
                sent = json_answers.with_schema_instructions(messages, schema)
                prompt = count_message_tokens(sent, model)
            else:
                response_format, sent = json_answers.json_schema_format(schema), messages
                prompt = count_message_tokens(sent, model) + json_answers.schema_tokens(
                    schema, model
                )
            fitting = self._output_limit(model, base_url, prompt, limit)
            return chat_request(
                model, sent, prompt, max_tokens=fitting, base_url=base_url,
                response_format=response_format, stream=stream,
                stream_usage=not self._stream_usage_unsupported,
            )  # fmt: skip

        return build

    def _output_limit(self, model: str, base_url: str | None, prompt: int, wanted: int) -> int:
        """`wanted`, or less where the model's context window leaves less after the prompt."""
        window = self._context_windows.get((base_url, model))
        return fitting_output_limit(window, prompt, wanted, model)

    def _option_refused(self, option: str, request: Request, error: LlmError) -> None:
        if option == "max_tokens":
            window = window_from(error, request.prompt_tokens)
            if window is not None:  # later requests to this server and model fit at once
                key = (self._options().base_url, str(request.arguments["model"]))
                self._context_windows[key] = window
        elif option == "json_schema":
            # Servers without structured outputs: JSON mode plus our own validation.
            self._json_schema_unsupported = True
        elif option == "stream_options":
            # Streams without a usage chunk: their calls are recorded as estimated.
            self._stream_usage_unsupported = True

    async def _complete_json(
        self, ctx: CallContext, messages: Messages, schema: type[BaseModel], model: str
    ) -> tuple[str, bool]:
        """The answer, and whether the server cut it at the length limit."""
        build = self._json_builder(ctx, messages, schema, model)
        opened = await self._runner.open(
            ctx, model, build, chat_create, streaming=False,
            on_refused=self._option_refused,
        )  # fmt: skip
        async with opened.stack:
            response, call = opened.result, opened.call
            choice = response.choices[0] if response.choices else None
            content = choice.message.content if choice else None
            call.answered(response.model, response.usage)
            call.received(content or "")
            call.finish_reason = choice.finish_reason if choice else None
            call.completed()
        cut = call.cut_off
        if not content:
            if cut:  # a reasoning model may spend the whole limit thinking
                raise AnswerCutOffError(json_answers.cut_off_message(schema))
            raise InvalidModelOutputError(f"{model} returned an empty answer.")
        return content, cut

    @asynccontextmanager
    async def _text_stream(
        self, ctx: CallContext, model: str, build: Callable[[str | None], Request]
    ) -> AsyncIterator[tuple[AsyncIterator[str], MeteredCall]]:
        """The answer's text deltas, and its call (which says, once read, why it ended)."""
        opened = await self._runner.open(
            ctx, model, build, chat_create, streaming=True,
            on_refused=self._option_refused,
        )  # fmt: skip
        async with opened.stack:
            stream = opened.result
            try:
                async with contextlib.aclosing(text_deltas(stream, opened.call)) as deltas:
                    yield deltas, opened.call
            finally:
                await stream.close()  # the HTTP response, at once, however the block ends
