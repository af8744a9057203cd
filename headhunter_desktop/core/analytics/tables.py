"""Tables of the analytics database: its own metadata, apart from the main database.

Besides the detail rows, rollups are kept up to date by the writer in the same
transaction as the inserts, so that a usage-panel refresh reads thousands of rows,
not millions:

- `monthly_rollups`: per UTC month, client (see `client_key`), action and model. Also what
  is left of a month after retention has removed its detail rows, so old invoices still
  add up.
- `daily_rollups`, `hourly_rollups` and `quarter_hour_rollups`: per UTC day, hour and
  quarter hour, all clients together: the by-day breakdown folds them into local days,
  exactly for every time zone in use today (quarter hours for zones such as UTC+05:30).
- `client_daily_rollups` (per UTC day, client, action and model) and
  `client_hourly_rollups` (per UTC hour and client): the days of a period outside its
  whole months, and one client's by-day breakdown.

Both carry a latency histogram (see latency.py) so percentiles survive aggregation.
"""

from __future__ import annotations

import sqlalchemy as sa

from headhunter_desktop.core.analytics.columns import ExactDecimal, Money, UtcDateTime
from headhunter_desktop.core.analytics.latency import BUCKET_COLUMNS

VERSION_TABLE = "analytics_alembic_version"
# The client key (monthly_rollups.client_key, the "client" breakdown) of calls made for no
# client company: NULL cannot take part in ON CONFLICT.
NO_CLIENT = ""
# Records made before clients had UUIDs name them only by a laptop's main-database id:
# "legacy:3" keeps them apart per id, never merged with a UUID they may not belong to.
LEGACY_PREFIX = "legacy:"
CLIENT_KEY_LENGTH = 48

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
    sa.Column("client_uuid", sa.String(36)),
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
    # One action's calls, newest first: the call log filtered by action (migration 0004).
    sa.Index(None, "action", "occurred_epoch"),
    # Covers what a one-client query reads, so a client's month is read from the index
    # alone (about a third faster at a million rows than going back to the table).
    sa.Index(
        "ix_usage_records_client_uuid_covering",
        "client_uuid",
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
    sa.Column("client_key", sa.String(CLIENT_KEY_LENGTH), primary_key=True),
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
daily_rollups = _time_rollup("daily_rollups")
# (seconds per row, table), coarsest first: a query uses the first whose rows fit in local
# days, or a day row corrected by the hours of it that fall on another local day.
TIME_ROLLUPS = ((86_400, daily_rollups), (3600, hourly_rollups), (900, quarter_hour_rollups))

# Per UTC day, client, action and model: the part of a period that is not whole UTC months
# ("this month", "last 30 days"), so that no period reads more than a few hours of detail
# rows (period_plan.plan_period); also one client's days.
client_daily_rollups = sa.Table(
    "client_daily_rollups",
    metadata,
    sa.Column("client_key", sa.String(CLIENT_KEY_LENGTH), primary_key=True),
    sa.Column("start_epoch", sa.BigInteger(), primary_key=True, autoincrement=False),
    sa.Column("action", sa.String(), primary_key=True),
    sa.Column("model", sa.String(), primary_key=True),
    *_rollup_measures(),
    sa.Index(None, "start_epoch"),
)

# The same sums without the client (per action and model) and without the action and model
# (per client), by UTC month and by UTC day: an all-clients breakdown by action, model or
# client reads a row per month or day and value, not one per client as well (50 clients:
# 50 times fewer rows). Kept with the others (rollups.py).
monthly_action_rollups = sa.Table(
    "monthly_action_rollups",
    metadata,
    sa.Column("month", sa.Date(), primary_key=True),
    sa.Column("action", sa.String(), primary_key=True),
    sa.Column("model", sa.String(), primary_key=True),
    *_rollup_measures(),
)
monthly_client_rollups = sa.Table(
    "monthly_client_rollups",
    metadata,
    sa.Column("month", sa.Date(), primary_key=True),
    sa.Column("client_key", sa.String(CLIENT_KEY_LENGTH), primary_key=True),
    *_rollup_measures(),
)
daily_action_rollups = sa.Table(
    "daily_action_rollups",
    metadata,
    sa.Column("start_epoch", sa.BigInteger(), primary_key=True, autoincrement=False),
    sa.Column("action", sa.String(), primary_key=True),
    sa.Column("model", sa.String(), primary_key=True),
    *_rollup_measures(),
)
# Client first, as client_daily_rollups: one client's days are one index range.
daily_client_rollups = sa.Table(
    "daily_client_rollups",
    metadata,
    sa.Column("client_key", sa.String(CLIENT_KEY_LENGTH), primary_key=True),
    sa.Column("start_epoch", sa.BigInteger(), primary_key=True, autoincrement=False),
    *_rollup_measures(),
    sa.Index(None, "start_epoch"),
)

# Per UTC hour and client: one client's by-day breakdown, folded into local days like
# hourly_rollups (detail rows for time zones whose local midnight is not on the hour).
client_hourly_rollups = sa.Table(
    "client_hourly_rollups",
    metadata,
    sa.Column("client_key", sa.String(CLIENT_KEY_LENGTH), primary_key=True),
    sa.Column("start_epoch", sa.BigInteger(), primary_key=True, autoincrement=False),
    *_rollup_measures(),
)

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
    # A client key: the client's UUID (a legacy key for budgets set before UUIDs existed).
    sa.Column("client_uuid", sa.String(CLIENT_KEY_LENGTH), primary_key=True),
    sa.Column("client_company_name", sa.String(), nullable=False),
    sa.Column("monthly_limit_usd", Money(), nullable=False),
    # No server default: the stored form differs per database (scaled integer on SQLite).
    sa.Column("warn_ratio", ExactDecimal(6, 4), nullable=False),
    sa.Column("hard_cap", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("updated_at", UtcDateTime(), nullable=False),
)

# Money each process sharing this database has set aside for a client and not yet
# committed here (calls in flight at their worst case, records waiting in its spool): a
# hard cap counts the others' rows on top of the month's spend (see shared_reservations).
open_reservations = sa.Table(
    "open_reservations",
    metadata,
    sa.Column("owner", sa.String(64), primary_key=True),  # one process, while it runs
    sa.Column("client_uuid", sa.String(CLIENT_KEY_LENGTH), primary_key=True),
    sa.Column("amount_usd", Money(), nullable=False),
    sa.Column("expires_epoch", sa.BigInteger(), nullable=False),  # a dead process's row lapses
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

# The clients every laptop sharing this database knows: a laptop adding a client whose
# name is here adopts its UUID, so the usage and budget of "Acme Ltd" are one client's.
client_directory = sa.Table(
    "client_directory",
    metadata,
    sa.Column("uuid", sa.String(36), primary_key=True),
    sa.Column("name", sa.String(), nullable=False),
    # Case- and spacing-insensitive (storage.tables.name_key): the first laptop wins a name.
    sa.Column("name_key", sa.String(), nullable=False, unique=True),
    sa.Column("created_at", UtcDateTime(), nullable=False),
    sa.Column("created_by", sa.String(), nullable=False),
)


def client_key(client_uuid: str | None, client_company_id: int | None) -> str:
    """The key a record is counted under per client: its UUID, a legacy key, or NO_CLIENT."""
    if client_uuid is not None:
        return client_uuid
    if client_company_id is not None:
        return f"{LEGACY_PREFIX}{client_company_id}"
    return NO_CLIENT


def legacy_id(key: str) -> int | None:
    """The main-database id inside a legacy client key; None for a UUID or NO_CLIENT."""
    return int(key[len(LEGACY_PREFIX) :]) if key.startswith(LEGACY_PREFIX) else None


def client_key_expression() -> sa.ColumnElement[str]:
    """`client_key` of usage_records rows, in SQL (the same text on both databases)."""
    r = usage_records.c
    legacy = sa.literal_column(f"'{LEGACY_PREFIX}'", sa.String()) + sa.cast(
        r.client_company_id, sa.String()
    )
    return sa.func.coalesce(r.client_uuid, legacy, sa.literal_column("''", sa.String()))


def client_condition(key: str) -> sa.ColumnElement[bool]:
    """usage_records rows counted under client `key` (index-friendly for a UUID)."""
    r = usage_records.c
    old_id = legacy_id(key)
    if old_id is not None:
        return sa.and_(r.client_uuid.is_(None), r.client_company_id == old_id)
    if key == NO_CLIENT:
        return sa.and_(r.client_uuid.is_(None), r.client_company_id.is_(None))
    return r.client_uuid == key
