"""`headhunter-desktop usage`: usage and cost per client, period and breakdown."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import date

from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.configuration import EffectiveConfig, SettingsStore
from headhunter_desktop.core.services.usage_format import to_csv, to_json_document, to_table
from headhunter_desktop.core.services.usage_types import UsageRow, UsageTotals

SPOOL_FLUSH_TIMEOUT_S = 10.0


def parse_day(value: str | None, flag: str) -> date | None:
    """A YYYY-MM-DD flag value, or a one-line error naming the flag."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UserFacingError(f"{flag} must be a date written YYYY-MM-DD, not '{value}'.") from None


def run_usage(args: argparse.Namespace, config: EffectiveConfig) -> int:
    """Print the report in the requested format; 0 on success."""
    start, end = parse_day(args.date_from, "--from"), parse_day(args.date_to, "--to")
    if start and end and end < start:
        raise UserFacingError("--to is before --from.")
    services = AppServices.open(config, SettingsStore())
    try:
        totals, rows = asyncio.run(_report(services, args, start, end))
    finally:
        services.close_sync()
    if args.format == "json":
        json.dump(to_json_document(totals, rows, args.by), sys.stdout, indent=2)
        sys.stdout.write("\n")
    elif args.format == "csv":
        sys.stdout.write(to_csv(totals, rows, args.by))
    else:
        print(to_table(totals, rows, args.by))
    return 0


async def _report(
    services: AppServices, args: argparse.Namespace, start: date | None, end: date | None
) -> tuple[UsageTotals, list[UsageRow]]:
    try:
        client_id = await _client_id(services, args.client) if args.client else None
        # Records still in this computer's spool belong in the report: send them first.
        await asyncio.to_thread(services.usage_writer.flush, SPOOL_FLUSH_TIMEOUT_S)
        query = services.usage.query(client_id, start, end)
        totals = await services.usage.totals(query)
        rows = await services.usage.breakdown(query, args.by) if args.by else []
        return totals, rows
    finally:
        await services.aclose()


async def _client_id(services: AppServices, name: str) -> int:
    client = await services.clients.find(name)
    if client is None:
        raise UserFacingError(f"There is no client company named '{name}'.")
    return client.id
