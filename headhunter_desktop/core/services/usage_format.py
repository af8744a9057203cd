"""Usage figures as JSON, CSV and a text table: one format for the CLI and the GUI's export.

Costs keep their full precision (decimal strings in JSON and CSV, never rounded to cents):
agencies bill from these files. A row whose calls are all unpriced has no cost (JSON null,
an empty CSV or table cell), never a `0` that reads like "free".
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

# The contract of `usage --format json`: these keys, in this order, in totals and rows.
FIGURE_KEYS = (
    "calls",
    "tokens_input",
    "tokens_cached_input",
    "tokens_output",
    "tokens_reasoning",
    "tokens_total",
    "cost_usd",
    "unpriced_calls",
    "errors",
)
UNPRICED_NOTE = (
    "{count:,} call(s) have no known price and are not in the costs above "
    "(an empty cost: no call of that row has one). Set a price in Usage → Prices…"
)


def figures(obj: Any) -> dict[str, Any]:
    """The contract figures of a totals or row object; cost as an exact decimal string,
    or None when every call of it is unpriced (see `known_cost`)."""
    out: dict[str, Any] = {}
    for key in FIGURE_KEYS:
        if key == "cost_usd":
            cost = known_cost(obj)
            out[key] = None if cost is None else format_cost(cost)
        else:
            out[key] = int(getattr(obj, key))
    return out


def known_cost(obj: Any) -> Decimal | None:
    """What the calls of a totals or row object cost; None when none of them has a price.

    A model without a price costs an unknown amount, not $0. Priced calls beside unpriced
    ones keep their exact sum, and `unpriced_calls` says how many calls it leaves out.
    """
    if obj.calls and obj.unpriced_calls >= obj.calls:
        return None
    return Decimal(obj.cost_usd)


def cost_text(obj: Any) -> str:
    """The cost cell of a table row: empty when all its calls are unpriced."""
    cost = known_cost(obj)
    return "" if cost is None else format_cost(cost)


def format_cost(value: Decimal) -> str:
    """Exact decimal string without exponent or trailing zeros: '0.0003408', '12', '0'."""
    text = format(Decimal(value).normalize(), "f")
    return "0" if text in ("-0", "") else text


def row_key(row: Any, by: str) -> dict[str, Any]:
    """The breakdown key of a row, e.g. {'action': 'parse_cv'} or {'client': ..., 'id': ...}."""
    if by == "client":
        # The UUID: the same client on every laptop sharing the usage database.
        return {"client": row.client_company_name, "client_uuid": row.client_uuid}
    return {by: str(getattr(row, by))}


def to_json_document(totals: Any, rows: Sequence[Any], by: str | None) -> dict[str, Any]:
    """`{"totals": {...}, "rows": [...]}` as the CLI contract says."""
    return {
        "totals": figures(totals),
        "rows": [row_key(r, by) | figures(r) for r in rows] if by else [],
    }


def to_csv(totals: Any, rows: Sequence[Any], by: str | None) -> str:
    """One header line; one line per breakdown row, or one line of totals without --by."""
    buffer = io.StringIO()
    key_columns = (["client", "client_uuid"] if by == "client" else [by]) if by else []
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*key_columns, *FIGURE_KEYS])
    if by:
        for row in rows:
            key = row_key(row, by)
            writer.writerow([*(key[c] for c in key_columns), *figures(row).values()])
    else:
        writer.writerow(figures(totals).values())
    return buffer.getvalue()


def to_table(totals: Any, rows: Sequence[Any], by: str | None) -> str:
    """A plain-text table for the terminal, totals last."""
    header = [by or "", "calls", "input", "cached", "output", "reasoning", "cost (USD)", "unpriced"]
    lines: list[list[str]] = []
    for row in rows if by else []:
        label = row.client_company_name if by == "client" else str(getattr(row, by or "key"))
        lines.append(_table_cells(label or "(no client)", row))
    lines.append(_table_cells("TOTAL", totals))
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(header)]
    rendered = [_join(header, widths), _join(["-" * w for w in widths], widths)]
    rendered += [_join(line, widths) for line in lines]
    if totals.unpriced_calls:
        rendered.append(UNPRICED_NOTE.format(count=totals.unpriced_calls))
    return "\n".join(rendered)


def _table_cells(label: str, obj: Any) -> list[str]:
    return [
        label,
        f"{obj.calls:,}",
        f"{obj.tokens_input:,}",
        f"{obj.tokens_cached_input:,}",
        f"{obj.tokens_output:,}",
        f"{obj.tokens_reasoning:,}",
        cost_text(obj),
        f"{obj.unpriced_calls:,}",
    ]


def _join(cells: Sequence[str], widths: Sequence[int]) -> str:
    first = cells[0].ljust(widths[0])
    rest = (c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True))
    return "  ".join([first, *rest]).rstrip()


# The smallest amount money_text can show (8 decimals); a smaller non-zero one is "<$…".
_SMALLEST_SHOWN = "0.00000001"
MINUS = "\u2212"


def money_text(amount: Decimal | None) -> str:
    """The one money format of the UI: "$1,234.56", "$0.0614", "$0.50", "unpriced".

    Amounts under a dollar keep three significant digits (at least two decimals, at most
    eight), so that small calls side by side can be told apart; exports keep full
    precision instead (`format_cost`).
    """
    if amount is None:
        return "unpriced"
    value = Decimal(amount)
    sign = MINUS if value < 0 else ""
    size = abs(value)
    if size == 0:
        return "$0.00"
    if size >= 1:
        return f"{sign}${size.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,}"
    decimals = max(2, min(8, 2 - size.adjusted()))
    rounded = size.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if rounded == 0:
        return f"<{sign}${_SMALLEST_SHOWN}"
    text = f"{rounded:f}"
    whole, fraction = text.split(".")
    fraction = fraction.rstrip("0").ljust(2, "0")
    return f"{sign}${whole}.{fraction}"
