"""Each call's worst case is reserved before it is sent, and released once it is recorded.

The worst case is the prompt's tokens plus the most output tokens the call may get back
(`output_limits`), at the model's price. A `SpendGuard` (the usage service) decides, per
client, whether the reservation fits under a hard cap. Work that needs several calls to
be worth anything (a CV's parse and then its embedding) first takes a hold for all of
them; calls made while a hold is in force draw from it, so a cap can stop the next CV
but never strand one half done.
"""

from __future__ import annotations

import contextvars
import dataclasses
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from decimal import Decimal
from typing import Protocol

from headhunter_desktop.core.analytics.reservations import Reservation
from headhunter_desktop.core.llm.context import CallContext

ZERO = Decimal(0)


class SpendGuard(Protocol):
    """Sets a call's worst case aside for its client; raises BudgetExceededError when that
    would pass a hard cap the user has not overridden. None: nothing to keep (no budget)."""

    async def reserve(self, ctx: CallContext, worst_usd: Decimal) -> Reservation | None: ...


_HOLDS: contextvars.ContextVar[tuple[Reservation, ...]] = contextvars.ContextVar(
    "budget_holds", default=()
)


@contextmanager
def drawing_from(*holds: Reservation | None) -> Iterator[None]:
    """Calls made inside (in this task and the tasks it starts) draw from `holds` first."""
    token = _HOLDS.set(tuple(h for h in holds if h is not None))
    try:
        yield
    finally:
        _HOLDS.reset(token)


def holds_in_force() -> tuple[Reservation, ...]:
    """The holds calls made here draw from."""
    return _HOLDS.get()


@asynccontextmanager
async def reserved(
    guard: SpendGuard | None, ctx: CallContext, worst_usd: Decimal
) -> AsyncIterator[None]:
    """`worst_usd` set aside for the block: from the holds in force, the rest from the guard."""
    parts: list[Reservation] = []
    try:
        needed = worst_usd
        holds = [h for h in holds_in_force() if h.key == ctx.client_uuid]
        for hold in holds:
            if needed > 0 and (part := hold.draw(needed)) is not None:
                parts.append(part)
                needed -= part.amount
        if guard is not None and ctx.client_uuid is not None and (needed > 0 or not parts):
            if any(h.override for h in holds) and not ctx.allow_over_budget:
                ctx = _overridden(ctx)
            if (part := await guard.reserve(ctx, needed)) is not None:
                parts.append(part)
        yield
    finally:
        for part in parts:
            part.release()


def _overridden(ctx: CallContext) -> CallContext:
    return dataclasses.replace(ctx, allow_over_budget=True)
