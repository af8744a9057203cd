"""`headhunter-desktop usage`: usage and cost per client, period and breakdown.

Without --from/--to the period is the GUI's default (this month, local time); --all-time
reports everything. The period is stated on the table's first line and under "period" in
JSON; the CSV keeps one header line and its rows only, so that it parses as it did.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import date, datetime
from typing import Any

from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.configuration import EffectiveConfig, SettingsStore
from headhunter_desktop.core.services.usage_format import to_csv, to_json_document, to_table
from headhunter_desktop.core.services.usage_periods import (
    DEFAULT_PERIOD,
    period_range,
    period_text,
)
from headhunter_desktop.core.services.usage_types import UsageRow, UsageTotals

SPOOL_FLUSH_TIMEOUT_S = 10.0
# A period's ends are shifted to UTC, the last one by a day more: near year 1 or 9999
# they would fall off Python's calendar. No usage record is older than 1970.
FIRST_DAY = date(1970, 1, 1)
LAST_DAY = date(9998, 12, 31)


def parse_day(value: str | None, flag: str) -> date | None:
    """A YYYY-MM-DD flag value, or a one-line error naming the flag."""
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise UserFacingError(f"{flag} must be a date written YYYY-MM-DD, not '{value}'.") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise UserFacingError(f"{flag} must be a date from {FIRST_DAY} to {LAST_DAY}, not {day}.")
    return day


def parse_period(
    date_from: str | None, date_to: str | None, all_time: bool
) -> tuple[date | None, date | None] | None:
    """The --from/--to days (either end may be open), (None, None) for --all-time, or
    None: neither given, the caller uses `default_period`."""
    start, end = parse_day(date_from, "--from"), parse_day(date_to, "--to")
    if all_time and (start or end):
        raise UserFacingError("--all-time cannot be combined with --from or --to.")
    if start and end and end < start:
        raise UserFacingError("--to is before --from.")
    if all_time:
        return None, None
    return (start, end) if start or end else None


def default_period(services: AppServices) -> tuple[date | None, date | None]:
    """The GUI's default period, in the time zone usage days are counted in."""
    return period_range(DEFAULT_PERIOD, datetime.now(services.usage.tz).date())


def period_document(start: date | None, end: date | None) -> dict[str, Any]:
    """The "period" of a JSON report: ISO dates, null for an open end."""
    return {
        "from": None if start is None else start.isoformat(),
        "to": None if end is None else end.isoformat(),
    }


def run_usage(args: argparse.Namespace, config: EffectiveConfig) -> int:
    """Print the report in the requested format; 0 on success."""
    chosen = parse_period(args.date_from, args.date_to, args.all_time)
    services = AppServices.open(config, SettingsStore())
    try:
        start, end = chosen if chosen is not None else default_period(services)
        totals, rows = asyncio.run(_report(services, args, start, end))
        set_aside = services.usage.set_aside_records()
    finally:
        services.close_sync()
    if set_aside.count:
        # On stderr: the report on stdout keeps its format, and the figures are short.
        print(
            f"warning: {set_aside.count} usage record(s) are not in these figures (refused "
            f"by the usage database, or unreadable); they are kept in {set_aside.where}.",
            file=sys.stderr,
        )
    if args.format == "json":
        document = {"period": period_document(start, end)}
        document |= to_json_document(totals, rows, args.by)
        json.dump(document, sys.stdout, indent=2)
        sys.stdout.write("\n")
    elif args.format == "csv":
        sys.stdout.write(to_csv(totals, rows, args.by))
    else:
        print(f"Period: {period_text(start, end)}")
        print(to_table(totals, rows, args.by))
    return 0


async def _report(
    services: AppServices, args: argparse.Namespace, start: date | None, end: date | None
) -> tuple[UsageTotals, list[UsageRow]]:
    try:
        client_uuid = await _client_uuid(services, args.client) if args.client else None
        # Records still in this computer's spool belong in the report: send them first.
        await asyncio.to_thread(services.usage_writer.flush, SPOOL_FLUSH_TIMEOUT_S)
        query = services.usage.query(client_uuid, start, end)
        totals = await services.usage.totals(query)
        rows = await services.usage.breakdown(query, args.by) if args.by else []
        return totals, rows
    finally:
        await services.aclose()


async def _client_uuid(services: AppServices, name: str) -> str:
    # The name is this computer's; the UUID finds the client's calls from every computer.
    return (await services.clients.named(name)).uuid
