"""One call, one usage record: timing, token split, price, status."""

from __future__ import annotations

import getpass
import logging
import socket
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Protocol

from headhunter_desktop import __version__
from headhunter_desktop.core.analytics.prices import Pricer
from headhunter_desktop.core.analytics.record import CallStatus, UsageRecord, UsageSource
from headhunter_desktop.core.llm.context import CallContext

LOGGER = logging.getLogger(__name__)


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


# The most tokens one call is believed to use: 100x the largest context window, and (twice
# over) within the integer columns that store counts. A server reporting more is wrong.
MAX_TOKENS_PER_CALL = 1_000_000_000


def reported_count(value: Any) -> tuple[int, bool]:
    """A token count as a server reported it: (what to store, whether it was plausible).

    Missing is 0. Negative, not a whole number, NaN or unreadable is stored as 0; more
    than MAX_TOKENS_PER_CALL (or infinite) as MAX_TOKENS_PER_CALL.
    """
    if value is None:
        return 0, True
    number = _as_number(value)
    if number is None or number != number:  # unreadable, or NaN
        return 0, False
    if number < 0:
        return 0, False
    if number > MAX_TOKENS_PER_CALL:
        return MAX_TOKENS_PER_CALL, False
    whole = int(number)
    return whole, whole == number


def _as_number(value: Any) -> int | float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    if isinstance(value, str):
        try:
            return int(value)  # some servers send counts as strings: the number is still exact
        except ValueError:
            return None
    return None


@dataclass(frozen=True)
class TokenSplit:
    """A call's tokens as the record stores them (input includes cached, output reasoning).

    `invalid`: the server's usage held a count that is not one (see `reported_count`);
    the numbers are the clamped ones.
    """

    input: int = 0
    cached_input: int = 0
    output: int = 0
    reasoning: int = 0
    total: int = 0
    invalid: bool = False

    @classmethod
    def from_provider(cls, usage: Any) -> TokenSplit:
        """The `usage` object of a chat or embeddings response (fields may be missing).

        Never raises: the call is recorded whatever the server sent.
        """
        details_in = getattr(usage, "prompt_tokens_details", None)
        details_out = getattr(usage, "completion_tokens_details", None)
        fields = {
            "input": getattr(usage, "prompt_tokens", None),
            "cached_input": getattr(details_in, "cached_tokens", None),
            "output": getattr(usage, "completion_tokens", None),
            "reasoning": getattr(details_out, "reasoning_tokens", None),
            "total": getattr(usage, "total_tokens", None),
        }
        checked = {name: reported_count(value) for name, value in fields.items()}
        (prompt, _), (cached, _), (completion, _), (reasoning, _), (total, _) = checked.values()
        invalid = not all(plausible for _, plausible in checked.values())
        if fields["total"] is None or invalid:
            total = prompt + completion
        if invalid:
            LOGGER.warning("the server reported token counts that are not counts: %.300r", fields)
        return cls(prompt, cached, completion, reasoning, total, invalid)

    @classmethod
    def estimated(cls, prompt_tokens: int, output_tokens: int) -> TokenSplit:
        return cls(input=prompt_tokens, output=output_tokens, total=prompt_tokens + output_tokens)


@dataclass
class CallMeter:
    """Times one request and emits exactly one record, whatever the outcome."""

    context: CallContext
    requested_model: str
    streaming: bool
    prices: Pricer
    sink: UsageSink
    app_user: str
    record: UsageRecord = field(init=False)
    _started: float = field(init=False, default_factory=time.perf_counter)
    _first_token: float | None = field(init=False, default=None)
    _finished: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        ctx = self.context
        self.record = UsageRecord(
            action=ctx.action.value,
            requested_model=self.requested_model,
            occurred_at=datetime.now(UTC),
            client_company_id=ctx.client_company_id,
            client_company_name=ctx.client_company_name,
            client_uuid=ctx.client_uuid,
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

    def finish(
        self,
        status: CallStatus,
        tokens: TokenSplit,
        source: UsageSource,
        *,
        model: str | None = None,
        error_code: str | None = None,
    ) -> UsageRecord:
        """Fill in the outcome and submit the record; later calls change nothing."""
        if self._finished:
            return self.record
        self._finished = True
        r = self.record
        r.status, r.error_type, r.model = status, error_code, model
        r.usage_source = "invalid" if tokens.invalid else source
        r.tokens_input, r.tokens_cached_input = tokens.input, tokens.cached_input
        r.tokens_output, r.tokens_reasoning = tokens.output, tokens.reasoning
        r.tokens_total = tokens.total
        self._time(r)
        self._price(r, tokens)
        self.sink.submit(r)
        return r

    def _time(self, r: UsageRecord) -> None:
        r.latency_ms = round((time.perf_counter() - self._started) * 1000)
        if self._first_token is not None:
            r.ttft_ms = round((self._first_token - self._started) * 1000)

    def _price(self, r: UsageRecord, tokens: TokenSplit) -> None:
        if not tokens.total:
            r.cost_usd, r.price_source = Decimal(0), "genai-prices"  # nothing billable happened
            return
        price = self.prices.price(
            r.model or self.requested_model,
            tokens_input=tokens.input,
            tokens_cached_input=tokens.cached_input,
            tokens_output=tokens.output,
            tokens_reasoning=tokens.reasoning,
            at=r.occurred_at,
        )
        r.cost_usd, r.price_source = price.cost_usd, price.source
