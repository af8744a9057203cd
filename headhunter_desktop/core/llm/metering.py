"""One call, one usage record: timing, token split, price, status."""

from __future__ import annotations

import getpass
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from headhunter_desktop import __version__
from headhunter_desktop.core.analytics.prices import Pricer
from headhunter_desktop.core.analytics.record import CallStatus, UsageRecord
from headhunter_desktop.core.llm.context import CallContext


class UsageSink(Protocol):
    """Where records go (the analytics UsageWriter); `submit` must only enqueue."""

    def submit(self, record: UsageRecord) -> None: ...


def default_app_user() -> str:
    """`user@host`, so a shared analytics server can tell recruiters apart."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError):
        user = "unknown"
    return f"{user}@{socket.gethostname()}"


@dataclass
class CallMeter:
    """Measures one request and emits exactly one record, whatever the outcome."""

    context: CallContext
    requested_model: str
    streaming: bool
    pricer: Callable[[], Pricer]
    sink: UsageSink
    app_user: str
    record: UsageRecord = field(init=False)
    _started: float = field(init=False, default_factory=time.perf_counter)
    _first_token: float | None = field(init=False, default=None)
    _finished: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        ctx = self.context
        self.record = UsageRecord(
            action=ctx.action,
            requested_model=self.requested_model,
            occurred_at=datetime.now(UTC),
            client_company_id=ctx.client_company_id,
            client_company_name=ctx.client_company_name,
            entity_type=ctx.entity_type,
            entity_id=ctx.entity_id,
            streaming=self.streaming,
            app_user=self.app_user,
            app_version=__version__,
        )

    @property
    def finished(self) -> bool:
        return self._finished

    def mark_first_token(self) -> None:
        if self._first_token is None:
            self._first_token = time.perf_counter()

    def finish_with_usage(self, usage: Any, model: str | None) -> UsageRecord:
        """Success (or a stream that ended with usage): exact numbers from the provider."""
        details_in = getattr(usage, "prompt_tokens_details", None)
        details_out = getattr(usage, "completion_tokens_details", None)
        prompt = int(getattr(usage, "prompt_tokens", 0) or 0)
        completion = int(getattr(usage, "completion_tokens", 0) or 0)
        total = getattr(usage, "total_tokens", None)
        return self._finish(
            status="ok",
            model=model,
            tokens_input=prompt,
            tokens_cached=int(getattr(details_in, "cached_tokens", 0) or 0),
            tokens_output=completion,
            tokens_reasoning=int(getattr(details_out, "reasoning_tokens", 0) or 0),
            tokens_total=int(total) if total is not None else prompt + completion,
            usage_source="provider",
        )

    def finish_estimated(
        self,
        *,
        status: CallStatus,
        prompt_tokens: int,
        output_tokens: int,
        model: str | None = None,
        error_type: str | None = None,
    ) -> UsageRecord:
        """No usage came back (cancelled, broken, or a server that sends none): estimate it."""
        return self._finish(
            status=status,
            model=model,
            tokens_input=prompt_tokens,
            tokens_cached=0,
            tokens_output=output_tokens,
            tokens_reasoning=0,
            tokens_total=prompt_tokens + output_tokens,
            usage_source="estimated",
            error_type=error_type,
        )

    def finish_failed(self, error_type: str, model: str | None = None) -> UsageRecord:
        """The request failed before the server did any billable work."""
        return self._finish(
            status="error",
            model=model,
            tokens_input=0,
            tokens_cached=0,
            tokens_output=0,
            tokens_reasoning=0,
            tokens_total=0,
            usage_source="provider",
            error_type=error_type,
        )

    def _finish(
        self,
        *,
        status: CallStatus,
        model: str | None,
        tokens_input: int,
        tokens_cached: int,
        tokens_output: int,
        tokens_reasoning: int,
        tokens_total: int,
        usage_source: str,
        error_type: str | None = None,
    ) -> UsageRecord:
        if self._finished:
            return self.record
        self._finished = True
        now = time.perf_counter()
        r = self.record
        r.status, r.error_type, r.model = status, error_type, model
        r.tokens_input, r.tokens_cached_input = tokens_input, tokens_cached
        r.tokens_output, r.tokens_reasoning, r.tokens_total = (
            tokens_output,
            tokens_reasoning,
            tokens_total,
        )
        r.usage_source = usage_source  # type: ignore[assignment]
        r.latency_ms = round((now - self._started) * 1000)
        if self._first_token is not None:
            r.ttft_ms = round((self._first_token - self._started) * 1000)
        if tokens_total:
            price = self.pricer().price(
                model or self.requested_model,
                tokens_input=tokens_input,
                tokens_cached_input=tokens_cached,
                tokens_output=tokens_output,
                tokens_reasoning=tokens_reasoning,
                at=r.occurred_at,
            )
            r.cost_usd, r.price_source = price.cost_usd, price.source
        else:
            r.cost_usd, r.price_source = 0, "genai-prices"  # nothing billable happened
        self.sink.submit(r)
        return r
