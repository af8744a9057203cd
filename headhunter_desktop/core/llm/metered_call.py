"""The outcome of one request, whatever happens to it, as exactly one usage record.

| outcome                                             | status    | tokens            |
|-----------------------------------------------------|-----------|-------------------|
| complete, the provider reported usage               | ok        | provider's        |
| complete, no usage came back                        | ok        | estimated         |
| failed before any output                            | error     | none (nothing billed) |
| failed after some output (a dropped stream)         | error     | estimated         |
| left early: cancelled, closed, the caller's own error | cancelled | estimated       |
| left early, the request never left or was refused   | cancelled | none              |
| the process ended while the request was out         | interrupted | the prompt's (*)  |

(*) From the intent written before the request left, turned into a record at the next start.

Each call is one HTTP request: the gateway retries by making another call.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Any, TypeVar

from headhunter_desktop.core.analytics.record import CallStatus
from headhunter_desktop.core.llm.call_intents import IntentLog, interrupted_estimate, write_intent
from headhunter_desktop.core.llm.errors import LlmError, translate_error
from headhunter_desktop.core.llm.metering import CallMeter, TokenSplit
from headhunter_desktop.core.llm.tokens import count_tokens
from headhunter_desktop.core.llm.wire_trace import WireTrace, tracing

T = TypeVar("T")


class MeteredCall:
    """Use as `with MeteredCall(...) as call:` around the request and reading its answer.

    Report what comes back (`answered`, `received`) and `completed()` at the end; any
    exit before that is a cancelled call. Server failures go through `send` or `fail`,
    which record them and give the LlmError to raise.
    """

    def __init__(
        self,
        meter: CallMeter,
        prompt_tokens: int,
        base_url: str | None,
        intents: IntentLog | None = None,
    ) -> None:
        self._meter = meter
        self._prompt_tokens = prompt_tokens
        self._base_url = base_url
        self._intents = intents
        self._output: list[str] = []
        self._answered_model: str | None = None
        self._usage: Any = None
        self.wire = WireTrace()
        # What the server or the connection raised, for the gateway's retry decision.
        self.failure: BaseException | None = None
        # Why the answer ended, as the server says ("length": cut at the output limit).
        self.finish_reason: str | None = None

    def __enter__(self) -> MeteredCall:
        return self

    @property
    def cut_off(self) -> bool:
        """The server stopped the answer at its length limit (its finish reason)."""
        return self.finish_reason == "length"

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._finish("cancelled")  # no-op when the call already ended as ok or error

    async def send(self, request: Callable[[], Awaitable[T]]) -> T:
        """Write the call's intent, then make and await the request (one HTTP request: the
        client does not retry); a failure is recorded and comes back as the LlmError.

        `request` is called only once the intent is written: a coroutine made before a
        cancel there would never be awaited."""
        meter = self._meter
        estimate = interrupted_estimate(
            meter.record, self._prompt_tokens, meter.prices, meter.requested_model
        )
        await write_intent(self._intents, estimate)
        try:
            with tracing(self.wire):
                return await request()
        except Exception as exc:
            raise self.fail(exc) from None

    def fail(self, exc: BaseException) -> LlmError:
        """Record the server-side failure `exc`; returns the user-readable error to raise."""
        self.failure = exc
        error = translate_error(exc, base_url=self._base_url, model=self._meter.requested_model)
        self._finish("error", error.code)
        return error

    def answered(self, model: str | None, usage: Any = None) -> None:
        """A response (or stream chunk) arrived, naming the model and maybe the usage."""
        self._answered_model = model or self._answered_model
        if usage is not None:
            self._usage = usage

    def received(self, text: str) -> None:
        """Output text arrived (kept only to estimate tokens when no usage comes back)."""
        if self._meter.streaming:
            self._meter.mark_first_token()
        self._output.append(text)

    def completed(self) -> None:
        """The whole answer is in."""
        self._finish("ok")

    def _finish(self, status: CallStatus, error_code: str | None = None) -> None:
        meter = self._meter
        if meter.finished:
            return
        model = self._answered_model
        if status == "ok" and self._usage is not None:
            meter.finish("ok", TokenSplit.from_provider(self._usage), "provider", model=model)
        elif not self._output and (status == "error" or self.wire.used_nothing):
            meter.finish(status, TokenSplit(), "provider", model=model, error_code=error_code)
        else:
            tokens = TokenSplit.estimated(self._prompt_tokens, self._output_tokens())
            meter.finish(status, tokens, "estimated", model=model, error_code=error_code)

    def _output_tokens(self) -> int:
        return count_tokens("".join(self._output), self._meter.requested_model)
