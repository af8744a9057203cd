"""`headhunter-desktop usage statement --client NAME --month YYYY-MM --format csv|pdf
--out FILE [--markup PCT]`: a client's monthly usage statement, to attach to an invoice.

The month is a calendar month in this computer's time zone, as the usage panel counts
it; the agency name is the one in Settings. The CSV keeps amounts at full precision, the
PDF shows them rounded and each total also exactly. Mistakes (an unknown client, a bad
month or markup, a file that cannot be written) are one line on stderr and exit 2,
checked before anything is read.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.configuration import EffectiveConfig, SettingsStore
from headhunter_desktop.core.services.usage_format import format_cost, money_text
from headhunter_desktop.core.services.usage_statement import (
    statement_csv,
    statement_markdown,
    statement_title,
)
from headhunter_desktop.core.services.usage_types import Statement

SPOOL_FLUSH_TIMEOUT_S = 10.0
MAX_MARKUP_PCT = Decimal(1000)
FIRST_MONTH, LAST_MONTH = date(1970, 1, 1), date(9998, 12, 1)  # as `usage --from/--to`


class StatementOutputError(UserFacingError):
    """The statement cannot be written where the command line asks."""

    code = "statement_output"


def run_usage_statement(args: argparse.Namespace, config: EffectiveConfig) -> int:
    """Write the statement file; 0 on success."""
    month = parse_month(args.month)
    markup = parse_markup(args.markup)
    target = Path(args.out)
    check_writable(target)
    services = AppServices.open(config, SettingsStore())
    try:
        statement = asyncio.run(_statement(services, args.statement_client, month, markup))
    finally:
        services.close_sync()
    if not statement.agency_name:
        print(
            "warning: no agency name is set (Settings → Agency name): the statement has none.",
            file=sys.stderr,
        )
    if args.format == "pdf":
        # Imported here: Qt loads only for the one export that draws (as `interview feedback`).
        from headhunter_desktop.ui.common.pdf_document import write_markdown_pdf

        write_markdown_pdf(statement_markdown(statement), target, title=statement_title(statement))
    else:
        _write_text(target, statement_csv(statement))
    print(f"Wrote {target}: {_summary(statement)}.", file=sys.stderr)
    return 0


def _summary(s: Statement) -> str:
    count = s.unpriced_count
    unpriced = f", {count:,} unpriced call(s) not in it" if count else ""
    return (
        f"{s.client_name}, {s.month:%B %Y}, {s.calls:,} call(s), {money_text(s.total_usd)} "
        f"(exactly {format_cost(s.total_usd)} USD){unpriced}"
    )


def parse_month(value: str) -> date:
    """YYYY-MM as the month's first day, or a one-line error."""
    try:
        year, month = value.split("-")
        if len(year) != 4 or len(month) != 2:
            raise ValueError(value)
        first = date(int(year), int(month), 1)
    except ValueError:
        raise UserFacingError(f"--month must be a month written YYYY-MM, not '{value}'.") from None
    if not FIRST_MONTH <= first <= LAST_MONTH:
        raise UserFacingError(f"--month must be from 1970-01 to 9998-12, not {value}.")
    return first


def parse_markup(value: str | None) -> Decimal | None:
    """--markup PCT as a percentage from 0 to 1,000, or None."""
    if value is None:
        return None
    try:
        pct = Decimal(value)
    except InvalidOperation:
        pct = Decimal("NaN")
    if not pct.is_finite() or not 0 <= pct <= MAX_MARKUP_PCT:
        raise UserFacingError(
            f"--markup must be a percentage from 0 to {MAX_MARKUP_PCT:,}, not '{value}'."
        )
    return pct


def check_writable(target: Path) -> None:
    """Refuse a target that cannot be written before any work is done."""
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise StatementOutputError(f"Cannot write {target}: it is a folder.")
    if not folder.is_dir():
        raise StatementOutputError(f"Cannot write {target}: the folder {folder} does not exist.")
    if not os.access(folder, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise StatementOutputError(f"Cannot write {target}: permission denied.")


async def _statement(
    services: AppServices, client_name: str, month: date, markup: Decimal | None
) -> Statement:
    try:
        client = await services.clients.named(client_name)
        # Records still in this computer's spool belong in the statement: send them first.
        await asyncio.to_thread(services.usage_writer.flush, SPOOL_FLUSH_TIMEOUT_S)
        return await services.usage.statement(
            client.uuid,
            month,
            agency_name=services.settings.agency_name,
            client_name=client.name,
            markup_pct=markup,
        )
    finally:
        await services.aclose()


def _write_text(target: Path, text: str) -> None:
    try:
        target.write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        raise StatementOutputError(f"Cannot write {target}: {exc.strerror or exc}.") from None
