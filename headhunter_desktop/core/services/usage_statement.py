"""A client's monthly usage statement as CSV (for a spreadsheet) and as Markdown (for the PDF).

The CSV keeps every amount at full precision (exact decimal strings, as `usage` exports
them); it is a spreadsheet's sections one after the other, each a block of rows with its
own header, blank rows between: the statement's facts (key, value), the lines with a
TOTAL row, the prices used, the unpriced calls. The PDF shows amounts in the app's money
format and each total also exactly, so it can be checked against the CSV.

The PDF is printed by Qt (ui/common/pdf_document.py), imported only when one is written:
the core stays free of Qt for everything else.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from headhunter_desktop.core.analytics.call_log import CallRow
from headhunter_desktop.core.analytics.statement import PriceUsed, Statement, StatementLine
from headhunter_desktop.core.domain.actions import action_label
from headhunter_desktop.core.services.interview_export import inline
from headhunter_desktop.core.services.usage_format import format_cost, money_text

LINE_COLUMNS = (
    "action",
    "label",
    "model",
    "calls",
    "tokens_input",
    "tokens_cached_input",
    "tokens_output",
    "tokens_reasoning",
    "cost_usd",
    "markup_usd",
    "unpriced_calls",
)
TOTAL_ROW = "TOTAL"
PRICE_COLUMNS = (
    "model",
    "source",
    "input_per_mtok_usd",
    "cached_input_per_mtok_usd",
    "output_per_mtok_usd",
    "from",
    "to",
)
UNPRICED_COLUMNS = (
    "id",
    "occurred_at",
    "action",
    "model",
    "status",
    "tokens_input",
    "tokens_cached_input",
    "tokens_output",
    "tokens_reasoning",
    "entity_type",
    "entity_id",
)
# The PDF lists this many unpriced calls; the CSV has them all.
PDF_UNPRICED_LISTED = 100


def statement_title(s: Statement) -> str:
    """ "Usage statement: Acme Ltd, November 2026"."""
    return f"Usage statement: {s.client_name}, {s.month:%B %Y}"


def statement_file_name(s: Statement, suffix: str) -> str:
    """A file name to offer: "usage-statement-Acme Ltd-2026-11.pdf" (no path characters)."""
    kept = "".join(c for c in s.client_name if c not in '/\\:*?"<>|')
    client = " ".join(kept.split()) or "client"
    return f"usage-statement-{client}-{s.month:%Y-%m}.{suffix}"


def statement_csv(s: Statement) -> str:
    """The statement as CSV sections (see the module docstring), amounts at full precision."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(_facts(s))
    writer.writerow([])
    writer.writerow(LINE_COLUMNS)
    writer.writerows(_line_cells(line) for line in s.lines)
    writer.writerow(_total_cells(s))
    writer.writerow([])
    writer.writerow(["prices used (USD per million tokens)"])
    writer.writerow(PRICE_COLUMNS)
    writer.writerows(_price_cells(price) for price in s.prices_used)
    writer.writerow([])
    writer.writerow(["unpriced calls (not in the total)"])
    writer.writerow(UNPRICED_COLUMNS)
    writer.writerows(_unpriced_cells(call) for call in s.unpriced_calls)
    return buffer.getvalue()


def statement_markdown(s: Statement) -> str:
    """The statement as a Markdown document, for the PDF printer."""
    parts = [
        f"# Usage statement: {inline(s.client_name)}",
        _facts_markdown(s),
        "## Calls and costs\n\n" + _lines_table(s),
        _totals_markdown(s),
        "## Prices used\n\n" + _prices_table(s.prices_used),
    ]
    if s.unpriced_count:
        parts.append("## Calls without a known price\n\n" + _unpriced_markdown(s))
    return "\n\n".join(parts) + "\n"


def _facts(s: Statement) -> list[list[str]]:
    def amount(value: Decimal | None) -> str:
        return "" if value is None else format_cost(value)

    return [
        ["statement", "usage"],
        ["agency", s.agency_name],
        ["client", s.client_name],
        ["client_key", s.client_key],
        ["period_start", s.period_start.isoformat()],
        ["period_end", s.period_end.isoformat()],
        ["generated_at", s.generated_at.isoformat(timespec="seconds")],
        ["calls", str(s.calls)],
        ["unpriced_calls", str(s.unpriced_count)],
        ["total_usd", format_cost(s.total_usd)],
        ["markup_pct", amount(s.markup_pct)],
        ["markup_total_usd", amount(s.markup_total_usd)],
        ["total_with_markup_usd", amount(s.total_with_markup_usd)],
        # Models whose stored costs were set with a price no longer on record.
        ["models_without_price", ";".join(s.models_without_price)],
    ]


def _line_cells(line: StatementLine) -> list[str]:
    return [
        line.action,
        line.label,
        line.model,
        str(line.calls),
        str(line.tokens_input),
        str(line.tokens_cached_input),
        str(line.tokens_output),
        str(line.tokens_reasoning),
        "" if line.cost_usd is None else format_cost(line.cost_usd),
        "" if line.markup_usd is None else format_cost(line.markup_usd),
        str(line.unpriced_calls),
    ]


def _total_cells(s: Statement) -> list[str]:
    sums = [sum(getattr(line, name) for line in s.lines) for name in LINE_COLUMNS[3:8]]
    markup = "" if s.markup_total_usd is None else format_cost(s.markup_total_usd)
    return [
        TOTAL_ROW,
        "",
        "",
        *(str(n) for n in sums),
        format_cost(s.total_usd),
        markup,
        str(s.unpriced_count),
    ]


def _price_cells(p: PriceUsed) -> list[str]:
    rates = (p.input_per_mtok, p.cached_input_per_mtok, p.output_per_mtok)
    days = (p.from_day.isoformat(), p.to_day.isoformat())
    return [p.model, p.source, *(format_cost(rate) for rate in rates), *days]


def _unpriced_cells(call: CallRow) -> list[str]:
    return [
        call.id,
        call.occurred_at.isoformat(),
        call.action,
        call.model,
        call.status,
        str(call.tokens_input),
        str(call.tokens_cached_input),
        str(call.tokens_output),
        str(call.tokens_reasoning),
        call.entity_type or "",
        call.entity_id or "",
    ]


def _facts_markdown(s: Statement) -> str:
    zone = s.generated_at.strftime("%Z") or s.generated_at.strftime("UTC%z")
    facts = [
        ("Agency", s.agency_name or "—"),
        ("Client", s.client_name),
        ("Period", f"{_day(s.period_start)} – {_day(s.period_end)}"),
        ("Generated", f"{_day(s.generated_at.date())}, {s.generated_at:%H:%M} {zone}"),
    ]
    # Two trailing spaces: a line break inside one paragraph.
    return "  \n".join(f"**{name}:** {inline(value)}" for name, value in facts)


def _lines_table(s: Statement) -> str:
    if not s.lines:
        return "_No calls were made for this client in this month._"
    markup = s.markup_pct is not None
    # Six columns fit A4 upright; the cached and reasoning splits are in the CSV.
    header = ["Action", "Model", "Calls", "Tokens in / out", "Cost"]
    if markup:
        header.append(f"Markup {format_cost(s.markup_pct or Decimal(0))} %")
    rows = [_table_row(header), _table_row(["---"] * len(header))]
    for line in s.lines:
        cells = [inline(line.label), inline(line.model), *_counts(line)]
        cells.append(money_text(line.cost_usd))
        if markup:
            cells.append("—" if line.markup_usd is None else money_text(line.markup_usd))
        rows.append(_table_row(cells))
    calls, tokens_in, tokens_out = _sums(s)
    total = ["**Total**", "", f"**{calls:,}**", f"**{tokens_in:,} / {tokens_out:,}**"]
    total.append(f"**{money_text(s.total_usd)}**")
    if markup:
        total.append(f"**{money_text(s.markup_total_usd)}**")
    return "\n".join([*rows, _table_row(total)])


def _counts(line: StatementLine) -> list[str]:
    return [f"{line.calls:,}", f"{line.tokens_input:,} / {line.tokens_output:,}"]


def _sums(s: Statement) -> tuple[int, int, int]:
    lines = s.lines
    return (
        s.calls,
        sum(line.tokens_input for line in lines),
        sum(line.tokens_output for line in lines),
    )


def _totals_markdown(s: Statement) -> str:
    lines = [_exact("Total", s.total_usd)]
    if s.markup_pct is not None and s.markup_total_usd is not None:
        lines.append(_exact(f"Markup ({format_cost(s.markup_pct)} %)", s.markup_total_usd))
        lines.append(_exact("Total with markup", s.total_with_markup_usd or Decimal(0)))
    lines.append(
        f"Calls: {s.calls:,}. Input tokens include cached ones, output tokens include "
        "reasoning (the CSV has each part)."
    )
    if s.models_without_price:
        models = ", ".join(inline(m) for m in s.models_without_price)
        lines.append(f"Costs of {models} were set with a price no longer on record.")
    if s.unpriced_count:
        lines.append(
            f"{s.unpriced_count:,} call(s) have no known price and are not in the total "
            "(listed below)."
        )
    return "  \n".join(lines)


def _exact(name: str, amount: Decimal) -> str:
    return f"**{name}: {money_text(amount)}** (exactly {format_cost(amount)} USD)"


def _prices_table(prices: Sequence[PriceUsed]) -> str:
    if not prices:
        return "_No priced calls._"
    header = ["Model", "Source", "Input", "Cached input", "Output", "In force"]
    rows = [_table_row(header), _table_row(["---"] * len(header))]
    for p in prices:
        days = (
            _day(p.from_day) if p.from_day == p.to_day else f"{_day(p.from_day)} – {_day(p.to_day)}"
        )
        rates = (p.input_per_mtok, p.cached_input_per_mtok, p.output_per_mtok)
        rows.append(
            _table_row([inline(p.model), p.source, *(f"${format_cost(r)}" for r in rates), days])
        )
    return "\n".join(rows) + "\n\nPrices in US dollars per million tokens (days in UTC)."


def _unpriced_markdown(s: Statement) -> str:
    calls = s.unpriced_calls
    tz = s.generated_at.tzinfo
    header = ["Time", "Action", "Model", "Status", "Tokens in / out"]
    rows = [_table_row(header), _table_row(["---"] * len(header))]
    for call in calls[:PDF_UNPRICED_LISTED]:
        when = f"{call.occurred_at.astimezone(tz):%Y-%m-%d %H:%M}"
        tokens = f"{call.tokens_input:,} / {call.tokens_output:,}"
        cells = [when, inline(action_label(call.action)), inline(call.model), call.status, tokens]
        rows.append(_table_row(cells))
    notes = []
    if len(calls) > PDF_UNPRICED_LISTED:
        notes.append(f"… and {len(calls) - PDF_UNPRICED_LISTED:,} more (all are in the CSV).")
    if len(calls) < s.unpriced_count:
        notes.append(
            f"{s.unpriced_count - len(calls):,} older call(s) are kept only as monthly sums."
        )
    table = "\n".join(rows) if calls else ""
    return "\n\n".join([table, *notes]).strip()


def _table_row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _day(day: date | datetime) -> str:
    return f"{day.day} {day:%B %Y}"
