"""`headhunter-desktop usage calls [--client NAME|--no-client] [--from D] [--to D]
[--all-time] [--action A] [--status S] [--unpriced] [--format json|csv]`: one row per
call, newest first.

Every field of the call log (core/analytics/call_log.CallRow); the cost with full
precision, empty (CSV) or null (JSON) for a call without a known price. The period is
this month (local time) unless --from, --to or --all-time say otherwise, as for `usage`;
JSON states it under "period". --status is a stored status or "failed" (error or
interrupted: the calls `usage` counts as errors); --unpriced keeps the calls without a
known price (those `usage` counts as unpriced). Rows are written a page at a time, so a
year of calls never sits in memory at once.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import dataclasses
import json
import sys
from collections.abc import AsyncIterator
from datetime import date
from typing import Any, TextIO

from headhunter_desktop.commands.usage import (
    SPOOL_FLUSH_TIMEOUT_S,
    default_period,
    parse_period,
    period_document,
)
from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.configuration import EffectiveConfig, SettingsStore
from headhunter_desktop.core.services.usage_format import format_cost
from headhunter_desktop.core.services.usage_types import (
    NO_CLIENT,
    STATUS_FILTERS,
    CallFilter,
    CallRow,
)

FIELDS = tuple(field.name for field in dataclasses.fields(CallRow))
PAGE = 1000


def run_usage_calls(args: argparse.Namespace, config: EffectiveConfig) -> int:
    """Write the calls to stdout in the requested format; 0 on success."""
    chosen = parse_period(args.calls_from, args.calls_to, args.calls_all_time)
    # The other CallFilter fields; a bad value is refused before any database opens.
    narrower = {
        "action": args.calls_action,
        "status": parse_status(args.calls_status),
        "priced": False if args.calls_unpriced else None,
    }
    services = AppServices.open(config, SettingsStore())
    try:
        start, end = chosen if chosen is not None else default_period(services)
        asyncio.run(_write(services, args, (start, end), narrower, sys.stdout))
    finally:
        services.close_sync()
    return 0


async def _write(
    services: AppServices,
    args: argparse.Namespace,
    period: tuple[date | None, date | None],
    narrower: dict[str, Any],
    out: TextIO,
) -> None:
    start, end = period
    try:
        client_key = await _client_key(services, args)
        # Records still in this computer's spool belong in the list: send them first.
        await asyncio.to_thread(services.usage_writer.flush, SPOOL_FLUSH_TIMEOUT_S)
        f = services.usage.call_filter(client_key, start, end, **narrower)
        rows = _calls(services, f)
        if args.calls_format == "csv":
            await _write_csv(rows, out)
        else:
            await _write_json(rows, period_document(start, end), out)
    finally:
        await services.aclose()


def parse_status(value: str | None) -> str | None:
    """A --status value (a stored status or a group such as "failed"), or a one-line error."""
    if value is None or value in STATUS_FILTERS:
        return value
    known = ", ".join(STATUS_FILTERS)
    raise UserFacingError(f"--status must be one of {known}, not '{value}'.")


async def _client_key(services: AppServices, args: argparse.Namespace) -> str | None:
    if args.calls_no_client:
        return NO_CLIENT
    if args.calls_client:
        # The name is this computer's; the UUID finds the client's calls from every computer.
        return (await services.clients.named(args.calls_client)).uuid
    return None


async def _calls(services: AppServices, f: CallFilter) -> AsyncIterator[CallRow]:
    page = await services.usage.calls(f, limit=PAGE)
    while True:
        for row in page.rows:
            yield row
        if page.next_cursor is None:
            return
        page = await services.usage.calls(f, after=page.next_cursor, limit=PAGE)


def call_values(row: CallRow) -> dict[str, Any]:
    """A call's fields as JSON values: ISO time (UTC), cost as an exact decimal string."""
    values = dataclasses.asdict(row)
    values["occurred_at"] = row.occurred_at.isoformat()
    values["cost_usd"] = None if row.cost_usd is None else format_cost(row.cost_usd)
    return values


async def _write_csv(rows: AsyncIterator[CallRow], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    async for row in rows:
        values = call_values(row)
        writer.writerow(["" if values[name] is None else _cell(values[name]) for name in FIELDS])


def _cell(value: Any) -> Any:
    return str(value).lower() if isinstance(value, bool) else value


async def _write_json(rows: AsyncIterator[CallRow], period: dict[str, Any], out: TextIO) -> None:
    # One document, written as the pages come: {"period": {...}, "calls": [...]}.
    out.write('{\n  "period": ' + json.dumps(period) + ',\n  "calls": [')
    first = True
    async for row in rows:
        out.write(("\n    " if first else ",\n    ") + json.dumps(call_values(row)))
        first = False
    out.write("\n  ]\n}\n" if not first else "]\n}\n")
