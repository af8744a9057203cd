"""Intents: a record of a request written before it leaves, so that a kill mid-request
still leaves one.

Before a request is sent, its estimate (status `interrupted`, the prompt's tokens, no
output) goes to the usage spool and is on disk before the bytes leave; the call's real
record, with the same id, settles it. At the next start an intent without its record
becomes that `interrupted` record: the count of records stays the count of requests the
server saw, even for calls in flight when the process was killed.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from concurrent.futures import Future
from typing import Protocol, runtime_checkable

from headhunter_desktop.core.analytics.prices import Pricer
from headhunter_desktop.core.analytics.record import UsageRecord

LOGGER = logging.getLogger(__name__)
# A spool that takes longer than this to fsync must not hold the request back for ever.
INTENT_WAIT_S = 5.0
INTERRUPTED = "interrupted"


@runtime_checkable
class IntentLog(Protocol):
    """The usage writer: `write_intent` is done once the intent is on disk."""

    def write_intent(self, record: UsageRecord) -> Future[None]: ...


def interrupted_estimate(
    record: UsageRecord, prompt_tokens: int, prices: Pricer, model: str
) -> UsageRecord:
    """What `record`'s call counts as if nothing more is heard of it: its prompt was sent."""
    estimate = dataclasses.replace(record)
    estimate.status, estimate.usage_source = "interrupted", "estimated"
    estimate.error_type = INTERRUPTED
    estimate.tokens_input = estimate.tokens_total = prompt_tokens
    price = prices.price(
        model,
        tokens_input=prompt_tokens,
        tokens_cached_input=0,
        tokens_output=0,
        at=record.occurred_at,
    )
    estimate.cost_usd, estimate.price_source = price.cost_usd, price.source
    return estimate


async def write_intent(log: IntentLog | None, estimate: UsageRecord) -> None:
    """Put `estimate` on disk before its request leaves (waits at most INTENT_WAIT_S)."""
    if log is None:
        return
    written = asyncio.wrap_future(log.write_intent(estimate))
    written.add_done_callback(_retrieve)  # a failure after a timeout is logged below or nowhere
    # asyncio.wait, not wait_for: Python 3.11's wait_for returns the result when a Cancel
    # arrives just as the write ends, so the Cancel was lost and the request sent anyway
    # (an import's Cancel left parses hanging). wait() neither swallows a Cancel nor
    # cancels the write under it on a timeout.
    done, _ = await asyncio.wait({written}, timeout=INTENT_WAIT_S)
    try:
        if not done:
            raise TimeoutError(f"intent not written within {INTENT_WAIT_S} s")
        written.result()
    except (TimeoutError, OSError) as exc:
        LOGGER.warning("request %s sent before its intent was on disk: %r", estimate.id, exc)


def _retrieve(future: asyncio.Future[None]) -> None:
    if not future.cancelled():
        future.exception()
