"""`headhunter-desktop usage budget --client NAME [--monthly USD] [--warn PCT]
[--hard-cap|--no-hard-cap] [--json]`: show or set a client's monthly budget.

Without a value to set it shows the budget; with one it changes only what was given
(a client without a budget needs `--monthly`). The budget is keyed by the client's UUID,
so it holds for the calls of every laptop sharing the usage database.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
from decimal import Decimal, InvalidOperation
from typing import Any

from headhunter_desktop.commands.json_output import print_json
from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.clients import ClientSummary
from headhunter_desktop.core.services.configuration import EffectiveConfig, SettingsStore
from headhunter_desktop.core.services.usage_format import format_cost
from headhunter_desktop.core.services.usage_types import Budget, format_usd

SPOOL_FLUSH_TIMEOUT_S = 10.0
MAX_MONTHLY_USD = Decimal(1_000_000)  # as the GUI's budget dialog allows
WARN_QUANTUM = Decimal("0.0001")  # the budgets table keeps the ratio to 4 places


def run_usage_budget(args: argparse.Namespace, config: EffectiveConfig) -> int:
    """Print the client's budget (after setting it, when asked to); 0 on success."""
    monthly = _amount(args.monthly, "--monthly", MAX_MONTHLY_USD)
    warn = _warn_ratio(args.warn)
    services = AppServices.open(config, SettingsStore())
    try:
        document = asyncio.run(_budget(services, args.budget_client, monthly, warn, args.hard_cap))
    finally:
        services.close_sync()
    if args.json:
        print_json(document)
    else:
        print(_line(document))
    return 0


def _amount(value: str | None, flag: str, ceiling: Decimal) -> Decimal | None:
    if value is None:
        return None
    try:
        amount = Decimal(value)
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite() or not 0 <= amount <= ceiling:
        raise UserFacingError(f"{flag} must be a number from 0 to {ceiling:,}, not '{value}'.")
    return amount


def _warn_ratio(value: str | None) -> Decimal | None:
    """--warn PCT as the share of the limit the budget stores (4 places)."""
    percent = _amount(value, "--warn", Decimal(100))
    if percent is None:
        return None
    ratio = (percent / 100).quantize(WARN_QUANTUM)
    if ratio <= 0:
        raise UserFacingError(f"--warn must be above 0 (a percentage of the limit), not '{value}'.")
    return ratio


async def _budget(
    services: AppServices,
    client_name: str,
    monthly: Decimal | None,
    warn_ratio: Decimal | None,
    hard_cap: bool | None,
) -> dict[str, Any]:
    try:
        client = await services.clients.named(client_name)
        current = (await services.usage.budget_status(client.uuid)).budget
        if (monthly, warn_ratio, hard_cap) != (None, None, None):
            current = _changed(client, current, monthly, warn_ratio, hard_cap)
            await services.usage.set_budget(current)
        # Records still in this computer's spool belong in the month's spend: send them first.
        await asyncio.to_thread(services.usage_writer.flush, SPOOL_FLUSH_TIMEOUT_S)
        spent = await services.usage.month_spend(client.uuid)
        return _document(client.name, current, spent)
    finally:
        await services.aclose()


def _changed(
    client: ClientSummary,
    budget: Budget | None,
    monthly: Decimal | None,
    warn_ratio: Decimal | None,
    hard_cap: bool | None,
) -> Budget:
    if budget is None:
        if monthly is None:
            raise UserFacingError(
                f"{client.name} has no budget yet: give its monthly limit with --monthly USD."
            )
        budget = Budget(client.uuid, client.name, monthly)
    changes: dict[str, Any] = {"client_company_name": client.name}
    for name, value in (
        ("monthly_limit_usd", monthly),
        ("warn_ratio", warn_ratio),
        ("hard_cap", hard_cap),
    ):
        if value is not None:
            changes[name] = value
    return dataclasses.replace(budget, **changes)


def _document(client: str, budget: Budget | None, spent: Decimal) -> dict[str, Any]:
    return {
        "client": client,
        "monthly_usd": None if budget is None else format_cost(budget.monthly_limit_usd),
        "warn_pct": None if budget is None else _percent(budget.warn_ratio),
        "hard_cap": None if budget is None else budget.hard_cap,
        "month_spend_usd": format_cost(spent),
    }


def _percent(ratio: Decimal) -> int | float:
    share = ratio * 100
    return int(share) if share == share.to_integral_value() else float(share)


def _line(document: dict[str, Any]) -> str:
    spent = f"spent this month: {format_usd(Decimal(document['month_spend_usd']))}"
    if document["monthly_usd"] is None:
        return f"{document['client']} has no monthly budget; {spent}."
    cap = "hard cap" if document["hard_cap"] else "no hard cap"
    limit = format_usd(Decimal(document["monthly_usd"]))
    return (
        f"{document['client']}: {limit} a month, warning at {document['warn_pct']} %, {cap}; "
        f"{spent}."
    )
