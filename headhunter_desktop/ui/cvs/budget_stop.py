"""An import stopped at a client's hard budget cap: raise the budget, run the rest anyway,
or leave the files queued for later (Resume)."""

from __future__ import annotations

import asyncio
from enum import Enum

from PySide6.QtWidgets import QWidget

from headhunter_desktop.core.services.usage import UsageService
from headhunter_desktop.core.services.usage_types import Budget, BudgetExceededError
from headhunter_desktop.ui.shell.async_dialogs import choose, resolve
from headhunter_desktop.ui.usage.budget_dialog import BudgetDialog

RAISE_BUDGET = "Raise the budget…"
RUN_ANYWAY = "Run anyway"


class AfterBudgetStop(Enum):
    """What the user chose when the cap stopped an import."""

    GO_ON = "go on"  # the budget was raised (or removed): carry on under it
    RUN_ANYWAY = "run anyway"  # the files left of this run may go past the cap
    LEAVE_QUEUED = "leave queued"  # Resume carries on later


async def ask_after_budget_stop(
    parent: QWidget, usage: UsageService, stop: BudgetExceededError, waiting: int
) -> AfterBudgetStop:
    """Ask what to do with the `waiting` files; with "Raise the budget…", edit and save it."""
    files = "1 file is" if waiting == 1 else f"{waiting} files are"
    text = (
        f"The import stopped: {stop}\n\n{files} still queued. Raise the budget, run them "
        "anyway (past the cap), or leave them queued for later (Resume)."
    )
    choice = await choose(parent, "Monthly budget reached", text, [RAISE_BUDGET, RUN_ANYWAY])
    if choice == RUN_ANYWAY:
        return AfterBudgetStop.RUN_ANYWAY
    budget = stop.status.budget
    if choice == RAISE_BUDGET and budget and await _edit_budget(parent, usage, budget):
        return AfterBudgetStop.GO_ON
    return AfterBudgetStop.LEAVE_QUEUED


async def _edit_budget(parent: QWidget, usage: UsageService, budget: Budget) -> bool:
    """The budget dialog, opened on `budget`: True once a new budget is saved (or removed)."""
    dialog = BudgetDialog(budget.client_uuid, budget.client_company_name, budget, parent)
    outcome: asyncio.Future[Budget | bool | None] = asyncio.get_running_loop().create_future()
    dialog.saved.connect(lambda new: resolve(outcome, new))
    dialog.removed.connect(lambda: resolve(outcome, None))
    dialog.rejected.connect(lambda: resolve(outcome, False))
    dialog.open()
    try:
        result = await outcome
    finally:
        dialog.deleteLater()
    if result is False:
        return False
    if isinstance(result, Budget):
        await usage.set_budget(result)
    else:
        await usage.delete_budget(budget.client_uuid)
    return True
