"""The usage values the front ends show and edit, re-exported so that `ui/` and `commands/`
never reach into `core/analytics` (the analytics database's own package)."""

from headhunter_desktop.core.analytics.budget_overview import BudgetOverviewRow
from headhunter_desktop.core.analytics.budgets import (
    Budget,
    BudgetExceededError,
    BudgetStatus,
    format_usd,
)
from headhunter_desktop.core.analytics.call_log import (
    FAILED_STATUS,
    STATUS_FILTERS,
    STATUS_GROUPS,
    CallFilter,
    CallPage,
    CallRow,
    Cursor,
)
from headhunter_desktop.core.analytics.comparison import Change, PeriodComparison
from headhunter_desktop.core.analytics.estimator import (
    WORK_LABELS,
    WORKLOADS,
    ActionAverage,
    Estimate,
    EstimateLine,
)
from headhunter_desktop.core.analytics.prices import PriceOverride
from headhunter_desktop.core.analytics.queries import (
    Breakdown,
    UsagePanel,
    UsageQuery,
    UsageRow,
    UsageTotals,
)
from headhunter_desktop.core.analytics.reprice import RepricePreview
from headhunter_desktop.core.analytics.statement import PriceUsed, Statement, StatementLine
from headhunter_desktop.core.analytics.tables import NO_CLIENT
from headhunter_desktop.core.analytics.work_costs import WorkCost
from headhunter_desktop.core.analytics.writer.set_aside import SetAsideRecords

__all__ = [
    "FAILED_STATUS",
    "NO_CLIENT",
    "STATUS_FILTERS",
    "STATUS_GROUPS",
    "WORKLOADS",
    "WORK_LABELS",
    "ActionAverage",
    "Breakdown",
    "Budget",
    "BudgetExceededError",
    "BudgetOverviewRow",
    "BudgetStatus",
    "CallFilter",
    "CallPage",
    "CallRow",
    "Change",
    "Cursor",
    "Estimate",
    "EstimateLine",
    "PeriodComparison",
    "PriceOverride",
    "PriceUsed",
    "RepricePreview",
    "SetAsideRecords",
    "Statement",
    "StatementLine",
    "UsagePanel",
    "UsageQuery",
    "UsageRow",
    "UsageTotals",
    "WorkCost",
    "format_usd",
]
