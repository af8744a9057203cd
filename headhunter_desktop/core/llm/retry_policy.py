"""Which failed requests are worth sending again, and after how long.

The gateway retries itself rather than letting the openai client do it: the client's
retries are several HTTP requests behind one usage record, the gateway's are one record
each. The rules are the client's: connection failures and timeouts, 408, 409, 429 and
5xx (unless the server says `x-should-retry: false`, or that the input is too large to
process, which no retry changes); the server's Retry-After when it gives one (up to two
minutes; longer is not retried), else exponential backoff from 0.5 s to 8 s with some
jitter.
"""

from __future__ import annotations

import email.utils
import math
import random
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import openai

INITIAL_DELAY_S = 0.5
MAX_DELAY_S = 8.0
MAX_RETRY_AFTER_S = 120.0
RETRY_STATUSES = frozenset({408, 409, 429})


def retry_delay(failure: BaseException | None, retries_done: int) -> float | None:
    """Seconds to wait before sending again, or None when `failure` is not worth a retry."""
    import openai  # deferred: importing openai costs ~0.4 s of start-up

    if isinstance(failure, openai.APIStatusError):
        headers = failure.response.headers
        if not _retryable(failure.status_code, headers) or _too_large(failure):
            return None
        after = server_delay(headers)
        if after is not None and math.isfinite(after):
            if after > MAX_RETRY_AFTER_S:
                return None
            if after > 0:
                return after
        return backoff(retries_done)
    if isinstance(failure, openai.APIConnectionError):  # timeouts included
        return backoff(retries_done)
    return None


def backoff(retries_done: int) -> float:
    """0.5 s, 1 s, 2 s … up to 8 s, each up to a quarter shorter at random."""
    delay = min(INITIAL_DELAY_S * 2.0 ** min(retries_done, 32), MAX_DELAY_S)
    return delay * (1 - 0.25 * random.random())


def server_delay(headers: Mapping[str, str]) -> float | None:
    """What `retry-after-ms` or `retry-after` (seconds or an HTTP date) asks for, if anything."""
    for name, divisor in (("retry-after-ms", 1000), ("retry-after", 1)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            return float(value) / divisor
        except ValueError:
            pass
    try:
        moment = email.utils.parsedate_tz(headers.get("retry-after") or "")
        return None if moment is None else float(email.utils.mktime_tz(moment) - time.time())
    except (TypeError, ValueError, OverflowError):
        return None


def _too_large(failure: openai.APIStatusError) -> bool:
    """A 5xx that says the input is too large (llama.cpp's embeddings answer 500 "input
    is too large to process"): the same request fails the same way; the caller sends a
    smaller one instead (`embedding_limits.py`)."""
    body = failure.body
    message = body.get("message") if isinstance(body, dict) else None
    return isinstance(message, str) and "too large to process" in message.lower()


def _retryable(status: int, headers: Mapping[str, str]) -> bool:
    should = headers.get("x-should-retry")
    if should in ("true", "false"):
        return should == "true"
    return status in RETRY_STATUSES or status >= 500
