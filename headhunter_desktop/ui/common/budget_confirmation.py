"""Going over a client's hard budget cap takes the user's explicit yes, one call at a time.

`with_budget_confirmation` wraps a plain awaitable; `enter_with_budget_confirmation` does
the same for a stream, whose cap is checked when its `async with` is entered (before a
byte is sent), so a "no" means nothing was sent at all.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager, AsyncExitStack
from typing import TypeVar

from PySide6.QtWidgets import QWidget

from headhunter_desktop.core.services.usage_types import BudgetExceededError
from headhunter_desktop.ui.shell.async_dialogs import confirm

T = TypeVar("T")


async def with_budget_confirmation(
    parent: QWidget, call: Callable[[bool], Awaitable[T]]
) -> T | None:
    """Run `call(allow_over_budget=False)`; past a hard cap, ask, then `call(True)` or None."""
    try:
        return await call(False)
    except BudgetExceededError as exc:
        if not await _run_anyway(parent, exc):
            return None
        return await call(True)


async def enter_with_budget_confirmation(
    parent: QWidget,
    stack: AsyncExitStack,
    open_stream: Callable[[bool], AbstractAsyncContextManager[T]],
) -> T | None:
    """Enter `open_stream(allow_over_budget=False)` on `stack`; past a hard cap, ask, then
    enter `open_stream(True)`, or return None (nothing sent) when the user declines."""
    try:
        return await stack.enter_async_context(open_stream(False))
    except BudgetExceededError as exc:
        if not await _run_anyway(parent, exc):
            return None
        return await stack.enter_async_context(open_stream(True))


async def _run_anyway(parent: QWidget, exc: BudgetExceededError) -> bool:
    return await confirm(parent, "Monthly budget reached", str(exc), "Run this call anyway")
