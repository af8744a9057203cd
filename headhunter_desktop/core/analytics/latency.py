"""Latency histograms: how percentiles stay mergeable across months, days and databases.

Percentiles cannot be added up, so every record carries a `latency_bucket` and every
rollup row a count per bucket. A percentile is the nearest-rank percentile of the
records, reported as the middle of the bucket it falls in:

- bucket 0 is exactly 0 ms, bucket 1 is 1-15 ms (reported as 4 ms);
- buckets 2..62 are log-spaced, four per doubling from 16 ms: the reported value is
  within 8.8 % of the true one from 100 ms up, within 10.6 % from 16 ms up (whole
  milliseconds make the smallest buckets a little coarser);
- bucket 63 holds everything from about 10.4 minutes up and reports its lower edge.

The same buckets are used for detail rows and rollups, so both paths give identical
figures, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import accumulate

BUCKETS = 64
_BASE_MS = 16
_STEPS_PER_DOUBLING = 4


def _edge(step: float) -> float:
    return _BASE_MS * 2 ** (step / _STEPS_PER_DOUBLING)


# Integer lower edges: bucket i holds whole milliseconds in [LOWER[i], LOWER[i + 1]).
LOWER_EDGES: tuple[int, ...] = (0, 1, *(math.ceil(_edge(i - 2)) for i in range(2, BUCKETS)))
# The reported value of a bucket balances the relative error at both of its ends.
REPRESENTATIVE_MS: tuple[int, ...] = (
    0,
    4,
    *(
        round(2 * lo * hi / (lo + hi))
        for lo, hi in ((LOWER_EDGES[i], LOWER_EDGES[i + 1] - 1) for i in range(2, BUCKETS - 1))
    ),
    LOWER_EDGES[-1],
)
BUCKET_COLUMNS: tuple[str, ...] = tuple(f"lat_b{i:02d}" for i in range(BUCKETS))


def latency_bucket(latency_ms: int) -> int:
    """The histogram bucket of one call's latency."""
    if latency_ms <= 0:
        return 0
    return bisect_right(LOWER_EDGES, latency_ms) - 1


def percentile_ms(histogram: Sequence[int], fraction: float) -> int | None:
    """Nearest-rank percentile (0 < fraction <= 1) of a bucket histogram; None when empty."""
    return percentiles_ms(histogram, (fraction,))[0]


def percentiles_ms(histogram: Sequence[int], fractions: Sequence[float]) -> list[int | None]:
    """`percentile_ms` for each fraction, from one pass over the histogram.

    A year's day series asks for two percentiles of ~350 histograms of 64 buckets: walking
    them in Python was a tenth of the usage panel's refresh; this sums and searches in C.
    """
    seen = list(accumulate(histogram))
    total = seen[-1] if seen else 0
    if total == 0:
        return [None] * len(fractions)
    last = len(REPRESENTATIVE_MS) - 1
    return [
        REPRESENTATIVE_MS[min(last, bisect_left(seen, max(1, math.ceil(round(f * total, 9)))))]
        for f in fractions
    ]
