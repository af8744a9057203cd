"""A client's monthly usage statement: what an agency attaches to an invoice.

The month is a calendar month of local dates (the user's time zone, as the usage panel
and the budgets count it). Lines are per action and model, with every call recorded for
the client (failed and cancelled calls cost what the server billed for them, often
nothing); costs are the stored exact costs, a line whose calls are all unpriced has no
cost (None), never $0. Months whose detail rows retention removed still add up, from the
monthly rollups; only their unpriced calls can no longer be listed one by one.

The prices listed are those in force on the days of the client's priced calls, as the
app knows them today (genai-prices, or the user's override), per million tokens. Costs
stored before a price was changed keep the old price until Usage → Reprice.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from decimal import Decimal

import sqlalchemy as sa

from headhunter_desktop.core.analytics import aggregate, call_log, local_days, period_plan
from headhunter_desktop.core.analytics.call_log import CallFilter, CallRow
from headhunter_desktop.core.analytics.prices import MILLION, Pricer
from headhunter_desktop.core.analytics.rollups import COST_INDEX
from headhunter_desktop.core.analytics.tables import usage_records
from headhunter_desktop.core.domain.actions import action_label

_PRECISION = Decimal("1e-12")  # as the usage figures (queries.py)


@dataclass(frozen=True)
class StatementLine:
    """The client's calls of one action on one model in the month."""

    action: str
    label: str
    model: str
    calls: int
    tokens_input: int
    tokens_cached_input: int
    tokens_output: int
    tokens_reasoning: int
    cost_usd: Decimal | None  # None: every call of the line is unpriced
    markup_usd: Decimal | None  # None: no markup asked, or no cost to mark up
    unpriced_calls: int


@dataclass(frozen=True)
class PriceUsed:
    """A model's price per million tokens, in force for the calls of from_day..to_day
    (UTC dates, inclusive)."""

    model: str
    source: str  # "genai-prices" or "override"
    input_per_mtok: Decimal
    cached_input_per_mtok: Decimal
    output_per_mtok: Decimal
    from_day: date
    to_day: date


@dataclass(frozen=True)
class Statement:
    """Everything a statement shows; total_usd sums the priced calls exactly."""

    agency_name: str
    client_key: str
    client_name: str
    month: date  # its first day
    period_start: date
    period_end: date
    lines: list[StatementLine]
    total_usd: Decimal
    markup_pct: Decimal | None
    markup_total_usd: Decimal | None
    total_with_markup_usd: Decimal | None
    unpriced_calls: list[CallRow]
    prices_used: list[PriceUsed]
    generated_at: datetime
    # Models with stored costs but no price today (an override since deleted, say).
    models_without_price: list[str] = dataclasses.field(default_factory=list)

    @property
    def calls(self) -> int:
        """Every call of the month for the client."""
        return sum(line.calls for line in self.lines)

    @property
    def unpriced_count(self) -> int:
        """Calls without a known price (also those retention no longer lists one by one)."""
        return sum(line.unpriced_calls for line in self.lines)


def build_statement(
    engine: sa.Engine,
    pricer: Pricer,
    client_key: str,
    month: date,
    tz: tzinfo,
    *,
    agency_name: str,
    client_name: str,
    markup_pct: Decimal | None = None,
    generated_at: datetime | None = None,
) -> Statement:
    """The statement of `client_key` (a UUID or a legacy key) for the month of `month`."""
    start = local_days.month_floor(month)
    end = local_days.next_month(start) - timedelta(days=1)
    scope = CallFilter(client_key=client_key, start=start, end=end, tz=tz)
    with engine.connect() as conn:
        cells, days, unpriced = _read(conn, scope)
    lines = sorted(
        (_line(action, model, m, markup_pct) for (action, model), m in cells.items()),
        key=lambda line: (line.label.casefold(), line.model),
    )
    total = sum((line.cost_usd for line in lines if line.cost_usd is not None), Decimal(0))
    markup = None if markup_pct is None else total * markup_pct / 100
    for line in lines:  # a month only rollups hold: its first day stands for its calls
        if line.cost_usd is not None and line.model not in days:
            days[line.model] = {start}
    prices = prices_used(pricer, days)
    known = {price.model for price in prices}
    return Statement(
        agency_name=agency_name,
        client_key=client_key,
        client_name=client_name,
        month=start,
        period_start=start,
        period_end=end,
        lines=lines,
        total_usd=total,
        markup_pct=markup_pct,
        markup_total_usd=markup,
        total_with_markup_usd=None if markup is None else total + markup,
        unpriced_calls=unpriced,
        prices_used=prices,
        generated_at=generated_at or datetime.now(tz),
        models_without_price=sorted(set(days) - known),
    )


def prices_used(pricer: Pricer, days: dict[str, set[date]]) -> list[PriceUsed]:
    """Each model's prices on the given days, days with the same price run together."""
    found: list[PriceUsed] = []
    for model in sorted(days):
        for day in sorted(days[model]):
            price = unit_prices(pricer, model, day)
            if price is None:
                continue
            last = found[-1] if found and found[-1].model == model else None
            if last is not None and _same_price(last, price):
                found[-1] = dataclasses.replace(last, to_day=day)
            else:
                found.append(price)
    return found


def unit_prices(pricer: Pricer, model: str, day: date) -> PriceUsed | None:
    """A model's input, cached input and output price per million tokens on a UTC day."""
    at = datetime.combine(day, time(12), UTC)

    def cost(tokens_in: int, cached: int, out: int) -> tuple[Decimal | None, str]:
        price = pricer.price(
            model, tokens_input=tokens_in, tokens_cached_input=cached, tokens_output=out, at=at
        )
        return price.cost_usd, price.source

    mtok = int(MILLION)
    (uncached, source), (cached, _), (output, _) = (
        cost(mtok, 0, 0),
        cost(mtok, mtok, 0),
        cost(0, 0, mtok),
    )
    if uncached is None or cached is None or output is None:
        return None
    return PriceUsed(model, source, uncached, cached, output, day, day)


def _read(
    conn: sa.Connection, scope: CallFilter
) -> tuple[dict[aggregate.Key, aggregate.Measures], dict[str, set[date]], list[CallRow]]:
    """Measures per (action, model), the UTC days of priced calls per model, unpriced calls."""
    assert scope.client_key is not None and scope.start is not None and scope.end is not None
    first, stop = local_days.period_instants(scope.start, scope.end, scope.tz)
    calendar = local_days.calendar_months(scope.start, scope.end)
    plan = period_plan.plan_period(conn, scope.client_key, first, stop, calendar)
    cells = aggregate.collect(conn, plan, ("action", "model"))
    days = _priced_days(conn, scope.client_key, first, stop)
    return cells, days, _unpriced_calls(conn, scope)


def _line(action: str, model: str, m: aggregate.Measures, markup: Decimal | None) -> StatementLine:
    calls, _errors, unpriced, t_in, t_cached, t_out, t_reason = m[:7]
    cost = None if calls and unpriced >= calls else m[COST_INDEX].quantize(_PRECISION)
    return StatementLine(
        action=action,
        label=action_label(action),
        model=model,
        calls=calls,
        tokens_input=t_in,
        tokens_cached_input=t_cached,
        tokens_output=t_out,
        tokens_reasoning=t_reason,
        cost_usd=cost,
        markup_usd=None if markup is None or cost is None else cost * markup / 100,
        unpriced_calls=unpriced,
    )


def _priced_days(
    conn: sa.Connection, client_key: str, first: int, stop: int
) -> dict[str, set[date]]:
    r = usage_records.c
    model = call_log.model_expression()
    day = r.occurred_epoch // local_days.DAY_S
    scope = CallFilter(client_key=client_key)
    query = (
        sa.select(model, day)
        .where(*call_log.conditions(scope), r.occurred_epoch >= first, r.occurred_epoch < stop)
        .where(r.cost_usd.is_not(None))
        .group_by(model, day)
    )
    days: dict[str, set[date]] = {}
    for name, number in conn.execute(query):
        days.setdefault(name, set()).add(local_days.day_from_number(number))
    return days


def _unpriced_calls(conn: sa.Connection, scope: CallFilter) -> list[CallRow]:
    r = usage_records.c
    query = (
        sa.select(*call_log._ROW_COLUMNS)
        .where(*call_log.conditions(scope), r.cost_usd.is_(None))
        .order_by(r.occurred_epoch, r.id)
    )
    return [call_log._call_row(row) for row in conn.execute(query)]


def _same_price(a: PriceUsed, b: PriceUsed) -> bool:
    def rates(p: PriceUsed) -> tuple[str, Decimal, Decimal, Decimal]:
        return p.source, p.input_per_mtok, p.cached_input_per_mtok, p.output_per_mtok

    return rates(a) == rates(b)
