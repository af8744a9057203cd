"""Monthly budgets per client company, checked before a call is sent.

A budget is keyed by the client's UUID, so one set on any laptop sharing the usage
database holds for the calls of all of them.

The check only reads: it never records anything, so the gateway may ask as often as
it likes, and an explicitly confirmed override for one call is the gateway's business.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Literal

import sqlalchemy as sa

from headhunter_desktop.core.analytics.db import upsert, write_transaction
from headhunter_desktop.core.analytics.local_days import next_month
from headhunter_desktop.core.analytics.queries import month_spend
from headhunter_desktop.core.analytics.tables import budgets
from headhunter_desktop.core.errors import UserFacingError

DEFAULT_WARN_RATIO = Decimal("0.8")
BudgetState = Literal["ok", "warn", "blocked"]


@dataclass(frozen=True)
class Budget:
    """A client's monthly limit in USD, a warning threshold (share of it) and a hard cap."""

    client_uuid: str
    client_company_name: str
    monthly_limit_usd: Decimal
    warn_ratio: Decimal = DEFAULT_WARN_RATIO
    hard_cap: bool = False


@dataclass(frozen=True)
class BudgetStatus:
    """The outcome of a budget check; `budget` is None when the client has none."""

    state: BudgetState
    budget: Budget | None
    spent_usd: Decimal
    estimated_usd: Decimal
    month_start: datetime
    month_end: datetime

    @property
    def projected_usd(self) -> Decimal:
        """Spend this month if the call goes ahead."""
        return self.spent_usd + self.estimated_usd


class BudgetExceededError(UserFacingError):
    """The call would take a client past a hard-capped monthly budget."""

    code = "budget_exceeded"

    def __init__(self, status: BudgetStatus) -> None:
        budget = status.budget
        assert budget is not None
        self.status = status
        # The spend counts calls still running at their most, and the estimate is the
        # call's worst case (its whole output limit): a hard cap is never passed.
        super().__init__(
            f"The monthly budget of {budget.client_company_name} is "
            f"{format_usd(budget.monthly_limit_usd)}: {format_usd(status.spent_usd)} has "
            f"been spent or set aside since {status.month_start:%d %B %Y}, and the next call "
            f"may add up to {format_usd(status.estimated_usd)}. Raise the budget, or "
            "confirm to go past it."
        )


def format_usd(amount: Decimal) -> str:
    """Dollars for a message: cents, or the exact figure when under a cent."""
    if amount != 0 and abs(amount) < Decimal("0.01"):
        return f"${amount.normalize():f}"
    return f"${amount.quantize(Decimal('0.01')):,}"


def set_budget(engine: sa.Engine, budget: Budget) -> None:
    """Create or replace a client's budget."""
    if budget.monthly_limit_usd < 0:
        raise ValueError("a monthly limit cannot be negative")
    if not Decimal(0) < budget.warn_ratio <= Decimal(1):
        raise ValueError("the warning threshold is a share of the limit, above 0 and at most 1")
    values = {
        "client_uuid": budget.client_uuid,
        "client_company_name": budget.client_company_name,
        "monthly_limit_usd": budget.monthly_limit_usd,
        "warn_ratio": budget.warn_ratio,
        "hard_cap": budget.hard_cap,
        "updated_at": datetime.now(UTC),
    }
    with write_transaction(engine) as conn:
        upsert(conn, budgets, values, ["client_uuid"])


def get_budget(engine: sa.Engine, client_uuid: str) -> Budget | None:
    """A client's budget, or None."""
    found = _load(engine, budgets.c.client_uuid == client_uuid)
    return found[0] if found else None


def list_budgets(engine: sa.Engine) -> list[Budget]:
    """All budgets, ordered by client name."""
    return _load(engine, sa.true())


def delete_budget(engine: sa.Engine, client_uuid: str) -> bool:
    """Remove a client's budget; False if there was none."""
    with write_transaction(engine) as conn:
        result = conn.execute(budgets.delete().where(budgets.c.client_uuid == client_uuid))
    return result.rowcount > 0


def month_bounds(now: datetime) -> tuple[datetime, datetime]:
    """The calendar month of `now` in its own time zone, as UTC instants [start, end)."""
    if now.tzinfo is None:
        raise ValueError("now must carry a time zone (the user's, for local months)")
    first = date(now.year, now.month, 1)
    start = datetime.combine(first, time(0), tzinfo=now.tzinfo)
    end = datetime.combine(next_month(first), time(0), tzinfo=now.tzinfo)
    return start.astimezone(UTC), end.astimezone(UTC)


def check_budget(
    engine: sa.Engine,
    client_uuid: str | None,
    estimated_cost: Decimal | None,
    now: datetime,
) -> BudgetStatus:
    """ok / warn (spent + estimate reaches the threshold) / blocked (hard cap would be passed).

    The spend is every laptop's: records are counted by the client's UUID.
    """
    start, end = month_bounds(now)
    estimate = estimated_cost or Decimal(0)
    budget = None if client_uuid is None else get_budget(engine, client_uuid)
    if budget is None:
        return BudgetStatus("ok", None, Decimal(0), estimate, start, end)
    spent = month_spend(engine, budget.client_uuid, start, end)
    projected = spent + estimate
    state: BudgetState = "ok"
    if budget.hard_cap and projected > budget.monthly_limit_usd:
        state = "blocked"
    elif projected >= budget.warn_ratio * budget.monthly_limit_usd:
        state = "warn"
    return BudgetStatus(state, budget, spent, estimate, start, end)


def _load(engine: sa.Engine, condition: sa.ColumnElement[bool]) -> list[Budget]:
    t = budgets.c
    query = sa.select(
        t.client_uuid, t.client_company_name, t.monthly_limit_usd, t.warn_ratio, t.hard_cap
    ).where(condition)
    with engine.connect() as conn:
        rows = conn.execute(query.order_by(t.client_company_name, t.client_uuid)).all()
    return [
        Budget(
            client_uuid=row.client_uuid,
            client_company_name=row.client_company_name,
            monthly_limit_usd=row.monthly_limit_usd,
            warn_ratio=row.warn_ratio,
            hard_cap=bool(row.hard_cap),
        )
        for row in rows
    ]
