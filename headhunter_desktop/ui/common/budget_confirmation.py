"""Going over a client's hard budget cap takes the user's explicit yes, one call at a time."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
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
        if not await confirm(parent, "Monthly budget reached", str(exc), "Run this call anyway"):
            return None
        return await call(True)
