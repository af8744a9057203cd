"""`headhunter-desktop usage`: usage and cost per client, period and breakdown."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from headhunter_desktop.core.analytics import queries
from headhunter_desktop.core.analytics.db import open_analytics_db
from headhunter_desktop.core.analytics.writer import UsageWriter
from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.services.usage import local_timezone
from headhunter_desktop.core.services.usage_format import to_csv, to_json_document, to_table
from headhunter_desktop.core.settings import EffectiveConfig
from headhunter_desktop.core.storage.clients import find_client
from headhunter_desktop.core.storage.database import MainDatabase

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
    config.paths.ensure()
    client_id = _client_id(args.client, config) if args.client else None
    # Records still in this computer's spool belong in the report: send them first.
    writer = UsageWriter(config.analytics_url, config.paths.usage_spool)
    writer.close(SPOOL_FLUSH_TIMEOUT_S)
    engine = open_analytics_db(config.analytics_url)
    try:
        query = queries.UsageQuery(client_id, start, end, local_timezone())
        totals = queries.usage_totals(engine, query)
        rows = queries.usage_breakdown(engine, query, args.by) if args.by else []
    finally:
        engine.dispose()
    if args.format == "json":
        json.dump(to_json_document(totals, rows, args.by), sys.stdout, indent=2)
        sys.stdout.write("\n")
    elif args.format == "csv":
        sys.stdout.write(to_csv(totals, rows, args.by))
    else:
        print(to_table(totals, rows, args.by))
    return 0


def _client_id(name: str, config: EffectiveConfig) -> int:
    db = MainDatabase(config.database_url)
    try:
        client_id = db.run_sync(lambda s: getattr(find_client(s, name), "id", None))
    finally:
        db.close()
    if client_id is None:
        raise UserFacingError(f"There is no client company named '{name}'.")
    return client_id
