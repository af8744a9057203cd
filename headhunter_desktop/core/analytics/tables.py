"""Tables of the analytics database: its own metadata, apart from the main database.

Besides the detail rows, two rollups are kept up to date by the writer in the same
transaction as the inserts, so that a usage-panel refresh reads thousands of rows,
not millions:

- `monthly_rollups`: per UTC month, client, action and model. Also what is left of a
  month after retention has removed its detail rows, so old invoices still add up.
- `hourly_rollups` and `quarter_hour_rollups`: per UTC hour and quarter hour, all clients
  together: the by-day breakdown folds them into local days, exactly for every time
  zone in use today (quarter hours for zones such as UTC+05:30).

Both carry a latency histogram (see latency.py) so percentiles survive aggregation.
"""

from __future__ import annotations

import sqlalchemy as sa

from headhunter_desktop.core.analytics.columns import ExactDecimal, Money, UtcDateTime
from headhunter_desktop.core.analytics.latency import BUCKET_COLUMNS

VERSION_TABLE = "analytics_alembic_version"
# monthly_rollups.client_key for calls that were not made for a client company
# (main-database ids start at 1, and NULL cannot take part in ON CONFLICT).
NO_CLIENT = -1

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

COVERED_COLUMNS = (
    "action",
    "latency_bucket",
    "status",
    "cost_usd",
    "tokens_input",
    "tokens_cached_input",
    "tokens_output",
    "tokens_reasoning",
    "tokens_total",
)

usage_records = sa.Table(
    "usage_records",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("occurred_at", UtcDateTime(), nullable=False),
    # Whole seconds since 1970 (UTC), derived from occurred_at: integer range scans and
    # bucketing behave the same on SQLite (text dates) and PostgreSQL (timestamptz).
    sa.Column("occurred_epoch", sa.BigInteger(), nullable=False),
    sa.Column("action", sa.String(), nullable=False),
    sa.Column("client_company_id", sa.BigInteger()),
    sa.Column("client_company_name", sa.String()),
    sa.Column("entity_type", sa.String()),
    sa.Column("entity_id", sa.String()),
    sa.Column("requested_model", sa.String(), nullable=False),
    sa.Column("model", sa.String()),
    sa.Column("tokens_input", sa.Integer(), nullable=False),
    sa.Column("tokens_cached_input", sa.Integer(), nullable=False),
    sa.Column("tokens_output", sa.Integer(), nullable=False),
    sa.Column("tokens_reasoning", sa.Integer(), nullable=False),
    sa.Column("tokens_total", sa.Integer(), nullable=False),
    sa.Column("usage_source", sa.String(16), nullable=False),
    sa.Column("cost_usd", Money()),
    sa.Column("price_source", sa.String(16), nullable=False),
    sa.Column("latency_ms", sa.Integer(), nullable=False),
    sa.Column("latency_bucket", sa.SmallInteger(), nullable=False),
    sa.Column("ttft_ms", sa.Integer()),
    sa.Column("streaming", sa.Boolean(), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("error_type", sa.String()),
    sa.Column("app_user", sa.String(), nullable=False),
    sa.Column("app_version", sa.String(), nullable=False),
    sa.Index(None, "occurred_epoch"),
    # Covers what a one-client query reads, so a client's month is read from the index
    # alone (about a third faster at a million rows than going back to the table).
    sa.Index(
        "ix_usage_records_client_covering",
        "client_company_id",
        "occurred_epoch",
        *COVERED_COLUMNS,
    ),
)


def _rollup_measures() -> list[sa.Column]:
    counts = ("calls", "errors", "unpriced_calls")
    tokens = (
        "tokens_input",
        "tokens_cached_input",
        "tokens_output",
        "tokens_reasoning",
        "tokens_total",
    )
    return [
        *(sa.Column(name, sa.BigInteger(), nullable=False, server_default="0") for name in counts),
        *(sa.Column(name, sa.BigInteger(), nullable=False, server_default="0") for name in tokens),
        sa.Column("cost_usd", Money(), nullable=False, server_default="0"),
        *(
            sa.Column(name, sa.Integer(), nullable=False, server_default="0")
            for name in BUCKET_COLUMNS
        ),
    ]


monthly_rollups = sa.Table(
    "monthly_rollups",
    metadata,
    # Client first: one client's months are one index range; all clients group without a sort.
    sa.Column("client_key", sa.BigInteger(), primary_key=True),
    sa.Column("action", sa.String(), primary_key=True),
    sa.Column("model", sa.String(), primary_key=True),
    sa.Column("month", sa.Date(), primary_key=True),
    sa.Column("client_company_name", sa.String()),
    *_rollup_measures(),
    sa.Index(None, "month"),
)


def _time_rollup(name: str) -> sa.Table:
    return sa.Table(
        name,
        metadata,
        sa.Column("start_epoch", sa.BigInteger(), primary_key=True, autoincrement=False),
        *_rollup_measures(),
    )


hourly_rollups = _time_rollup("hourly_rollups")
quarter_hour_rollups = _time_rollup("quarter_hour_rollups")
# (seconds per row, table), coarsest first: a query uses the first whose rows fit in local days.
TIME_ROLLUPS = ((3600, hourly_rollups), (900, quarter_hour_rollups))

retention_state = sa.Table(
    "retention_state",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
    # Detail rows before this UTC month start were removed; months before it are
    # answered from monthly_rollups only.
    sa.Column("cutoff_month", sa.Date(), nullable=False),
    sa.Column("applied_at", UtcDateTime(), nullable=False),
)

price_overrides = sa.Table(
    "price_overrides",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("model", sa.String(), nullable=False),
    sa.Column("input_per_mtok", Money(), nullable=False),
    sa.Column("output_per_mtok", Money(), nullable=False),
    sa.Column("cached_input_per_mtok", Money()),
    sa.Column("effective_from", sa.Date(), nullable=False),
    sa.Column("created_at", UtcDateTime(), nullable=False),
    sa.UniqueConstraint("model", "effective_from"),
)

budgets = sa.Table(
    "budgets",
    metadata,
    sa.Column("client_company_id", sa.BigInteger(), primary_key=True, autoincrement=False),
    sa.Column("client_company_name", sa.String(), nullable=False),
    sa.Column("monthly_limit_usd", Money(), nullable=False),
    # No server default: the stored form differs per database (scaled integer on SQLite).
    sa.Column("warn_ratio", ExactDecimal(6, 4), nullable=False),
    sa.Column("hard_cap", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("updated_at", UtcDateTime(), nullable=False),
)

cost_revisions = sa.Table(
    "cost_revisions",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column(
        "record_id",
        sa.String(36),
        sa.ForeignKey("usage_records.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("old_cost_usd", Money()),
    sa.Column("old_price_source", sa.String(16), nullable=False),
    sa.Column("new_cost_usd", Money()),
    sa.Column("new_price_source", sa.String(16), nullable=False),
    sa.Column("revised_at", UtcDateTime(), nullable=False),
    sa.Column("reason", sa.String(), nullable=False),
)
