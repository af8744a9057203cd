"""The usage values the front ends show and edit, re-exported so that `ui/` and `commands/`
never reach into `core/analytics` (the analytics database's own package)."""

from headhunter_desktop.core.analytics.budgets import (
    Budget,
    BudgetExceededError,
    BudgetStatus,
    format_usd,
)
from headhunter_desktop.core.analytics.prices import PriceOverride
from headhunter_desktop.core.analytics.queries import Breakdown, UsagePanel, UsageRow, UsageTotals
from headhunter_desktop.core.analytics.writer.set_aside import SetAsideRecords

__all__ = [
    "Breakdown",
    "Budget",
    "BudgetExceededError",
    "BudgetStatus",
    "PriceOverride",
    "SetAsideRecords",
    "UsagePanel",
    "UsageRow",
    "UsageTotals",
    "format_usd",
]
