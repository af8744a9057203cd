"""A budget of inflated bytes for all the streams of one PDF together.

pypdf's own limits (`pypdf.Configuration`: `zlib_maximum_output_length` and its kin) are per
stream, 75 MB each: a 3.4 MB file of fifty such streams inflated to 3.5 GB and took 271 s
to read. Every stream pypdf decodes goes through `pypdf.filters.decode_stream_data` (looked
up at each call by `EncodedStreamObject.get_data`); wrapping it lets the streams of one file
share a budget. While a budget is active, each stream also gets pypdf's per-stream output
limits lowered to what is left, so no stream inflates past the budget before it is counted.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import pypdf.filters
from pypdf import apply_configuration
from pypdf.errors import LimitReachedError

from .errors import InflatedSizeLimitError

# pypdf's per-stream output limits; 0 would mean "no limit", so the smallest value is 1.
_PER_STREAM_LIMITS = (
    "zlib_maximum_output_length",
    "lzw_maximum_output_length",
    "run_length_maximum_output_length",
    "brotli_maximum_output_length",
    "jbig2_maximum_output_length",
    "array_based_stream_maximum_output_length",
)


@dataclass(slots=True)
class InflationBudget:
    """Bytes the streams of one PDF may inflate to, and how many they have so far."""

    limit: int
    used: int = 0
    exceeded: bool = False

    def refuse(self) -> InflatedSizeLimitError:
        # Remembered: pypdf swallows some errors while extracting text, and the file
        # must fail even when it does.
        self.exceeded = True
        return InflatedSizeLimitError(self.limit)


_active: ContextVar[InflationBudget | None] = ContextVar("pdf_inflation_budget", default=None)
_original_decode = pypdf.filters.decode_stream_data


@contextmanager
def inflation_budget(limit: int) -> Iterator[InflationBudget]:
    """Inside, the streams pypdf decodes share `limit` bytes; past it, InflatedSizeLimitError."""
    budget = InflationBudget(limit)
    token = _active.set(budget)
    try:
        yield budget
    except InflatedSizeLimitError:
        raise
    except Exception as exc:
        if budget.exceeded:  # pypdf, or a handler of ours, turned the refusal into another error
            raise InflatedSizeLimitError(limit) from exc
        raise
    finally:
        _active.reset(token)
    if budget.exceeded:  # swallowed on the way: the text read is incomplete
        raise InflatedSizeLimitError(limit)


def _budgeted_decode(stream: Any) -> bytes:
    budget = _active.get()
    if budget is None:
        return _original_decode(stream)
    left = budget.limit - budget.used
    if left <= 0 or budget.exceeded:
        raise budget.refuse()
    try:
        with apply_configuration(None, **dict.fromkeys(_PER_STREAM_LIMITS, left)):
            data = _original_decode(stream)
    except LimitReachedError as exc:
        raise budget.refuse() from exc
    budget.used += len(data)
    if budget.used > budget.limit:
        raise budget.refuse()
    return data


pypdf.filters.decode_stream_data = _budgeted_decode
