"""The per-call log: one row per recorded call, newest first, a page at a time.

Pages are read by keyset (the (occurred_epoch, id) of the last row shown), never by
OFFSET: page 5,000 of a million calls costs what page 1 costs. A period is local dates
start..end (inclusive) in the filter's time zone, as in queries.UsageQuery. Months whose
detail rows retention removed have no calls to list (their sums live on in the rollups).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from decimal import Decimal
from types import MappingProxyType
from typing import Any, get_args

import sqlalchemy as sa

from headhunter_desktop.core.analytics import local_days
from headhunter_desktop.core.analytics.record import ERROR_STATUSES, CallStatus
from headhunter_desktop.core.analytics.tables import (
    client_condition,
    client_directory,
    client_key,
    usage_records,
)

# (occurred_epoch, id) of the last row of a page: the next page starts after it.
Cursor = tuple[int, str]
# The columns filter_choices offers values for (the filter drop-downs).
CHOICE_COLUMNS = ("action", "model", "status", "app_user", "entity_type")
PROVIDER_USAGE = "provider"
# A status filter standing for several stored statuses: FAILED_STATUS is every call the
# Errors figure counts, so a drill-down from it lists exactly those.
FAILED_STATUS = "failed"
STATUS_GROUPS: dict[str, tuple[str, ...]] = {FAILED_STATUS: ERROR_STATUSES}
# What a status filter may be: one stored status, or a group.
STATUS_FILTERS: tuple[str, ...] = (*get_args(CallStatus), *STATUS_GROUPS)


@dataclass(frozen=True)
class CallFilter:
    """Which calls to list; None leaves a column unfiltered.

    client_key: a UUID, "legacy:N", or NO_CLIENT ("") for calls made for no client.
    model: matches the model that answered, or the requested one when none is recorded.
    status: one stored status, or a group of STATUS_GROUPS ("failed": error or interrupted).
    estimated: True for calls whose usage the server did not report (usage_source is
    not "provider"), False for the others.
    priced: False for calls without a known price (cost_usd NULL: the Unpriced figure),
    True for the others.
    """

    client_key: str | None = None
    start: date | None = None
    end: date | None = None
    tz: tzinfo = field(default=UTC)
    action: str | None = None
    model: str | None = None
    status: str | None = None
    app_user: str | None = None
    entity_type: str | None = None
    entity_id: str | None = None
    estimated: bool | None = None
    priced: bool | None = None


@dataclass(frozen=True)
class CallRow:
    """One recorded call. cost_usd None: the call has no known price (price_source
    "unpriced"); client_name is the name the client had when the call was made or, for
    a record without that snapshot (older ones), its name in the shared client directory;
    None when neither is known (and for calls made for no client)."""

    id: str
    occurred_at: datetime
    client_key: str
    client_name: str | None
    action: str
    model: str
    entity_type: str | None
    entity_id: str | None
    tokens_input: int
    tokens_cached_input: int
    tokens_output: int
    tokens_reasoning: int
    tokens_total: int
    cost_usd: Decimal | None
    price_source: str
    latency_ms: int
    status: str
    error_type: str | None
    usage_source: str
    estimated: bool
    app_user: str


@dataclass(frozen=True)
class CallPage:
    """A page of calls; next_cursor None when there are no more."""

    rows: list[CallRow]
    next_cursor: Cursor | None


def list_calls(
    engine: sa.Engine, f: CallFilter, *, after: Cursor | None = None, limit: int = 200
) -> CallPage:
    """The calls selected by `f`, newest first, starting after `after` (None: the newest)."""
    if limit < 1:
        raise ValueError("a page holds at least one call")
    r = usage_records.c
    query = sa.select(*_ROW_COLUMNS)
    if after is None:
        query = query.where(*conditions(f))
    else:
        epoch, last_id = after
        # The cursor's second is the one upper bound of the index range (with the
        # period's end as a second bound SQLite may range over the period instead and
        # read every newer call first); ties in that second are decided by id.
        query = query.where(
            *conditions(f, before_epoch=epoch + 1),
            sa.or_(r.occurred_epoch < epoch, r.id < last_id),
        )
    # One row more than asked tells whether another page follows.
    query = query.order_by(r.occurred_epoch.desc(), r.id.desc()).limit(limit + 1)
    with engine.connect() as conn:
        found = conn.execute(query).all()
        names = _directory_names(conn, (row[3] for row in found[:limit] if not row[5]))
    rows = [_call_row(row, names) for row in found[:limit]]
    more = len(found) > limit
    next_cursor = (_epoch_of(found[limit - 1]), rows[-1].id) if more else None
    return CallPage(rows, next_cursor)


def count_calls(engine: sa.Engine, f: CallFilter) -> int:
    """How many calls `f` selects."""
    query = sa.select(sa.func.count()).select_from(usage_records).where(*conditions(f))
    with engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def filter_choices(engine: sa.Engine, f: CallFilter) -> dict[str, list[str]]:
    """Distinct values of CHOICE_COLUMNS among the calls of f's client and period, sorted
    (the other filters are ignored: a drop-down offers what its own filter can select)."""
    scope = CallFilter(client_key=f.client_key, start=f.start, end=f.end, tz=f.tz)
    expressions = {
        "action": usage_records.c.action,
        "model": model_expression(),
        "status": usage_records.c.status,
        "app_user": usage_records.c.app_user,
        "entity_type": usage_records.c.entity_type,
    }
    # One pass grouping by all five: their combinations are few, the calls may be millions.
    query = (
        sa.select(*(e.label(name) for name, e in expressions.items()))
        .where(*conditions(scope))
        .group_by(*expressions.values())
    )
    choices: dict[str, set[str]] = {name: set() for name in CHOICE_COLUMNS}
    with engine.connect() as conn:
        for row in conn.execute(query):
            for name in CHOICE_COLUMNS:
                value = getattr(row, name)
                if value is not None:
                    choices[name].add(value)
    return {name: sorted(values) for name, values in choices.items()}


def conditions(f: CallFilter, before_epoch: int | None = None) -> list[sa.ColumnElement[bool]]:
    """The WHERE conditions of `f` on usage_records (for this module and work_costs);
    `before_epoch` narrows the period to calls before that instant."""
    r = usage_records.c
    found: list[sa.ColumnElement[bool]] = []
    if f.client_key is not None:
        found.append(client_condition(f.client_key))
    first, stop = local_days.period_instants(f.start, f.end, f.tz)
    if before_epoch is not None:
        stop = min(stop, before_epoch)
    if f.start is not None:
        found.append(r.occurred_epoch >= first)
    if f.end is not None or before_epoch is not None:
        found.append(r.occurred_epoch < stop)
    if f.action is not None:
        # With a client, its covering index (which holds the action) reads fewer entries
        # than the action's index would, and needs no table row to test the client: the
        # `|| ''` keeps the planners (SQLite's without statistics) off the action index.
        action = r.action + "" if f.client_key is not None else r.action
        found.append(action == f.action)
    if f.status is not None:
        statuses = STATUS_GROUPS.get(f.status)
        found.append(r.status == f.status if statuses is None else r.status.in_(statuses))
    for name in ("app_user", "entity_type", "entity_id"):
        value = getattr(f, name)
        if value is not None:
            found.append(r[name] == value)
    if f.model is not None:
        found.append(
            sa.or_(r.model == f.model, sa.and_(r.model.is_(None), r.requested_model == f.model))
        )
    if f.estimated is not None:
        is_estimated = r.usage_source != PROVIDER_USAGE
        found.append(is_estimated if f.estimated else sa.not_(is_estimated))
    if f.priced is not None:
        found.append(r.cost_usd.is_not(None) if f.priced else r.cost_usd.is_(None))
    return found


def _directory_names(conn: sa.Connection, client_uuids: Iterable[str | None]) -> dict[str, str]:
    """The shared client directory's names of these client UUIDs (None skipped), in one
    query: what a page shows for records made before names were snapshotted."""
    wanted = sorted({uuid for uuid in client_uuids if uuid is not None})
    if not wanted:
        return {}
    d = client_directory.c
    found = conn.execute(sa.select(d.uuid, d.name).where(d.uuid.in_(wanted)))
    return {uuid: name for uuid, name in found}


def model_expression() -> sa.ColumnElement[str]:
    """The model of a call as the log shows it: the one that answered, else the requested."""
    return sa.func.coalesce(usage_records.c.model, usage_records.c.requested_model)


_r = usage_records.c
_ROW_COLUMNS = (
    _r.id,
    _r.occurred_at,
    _r.occurred_epoch,
    _r.client_uuid,
    _r.client_company_id,
    _r.client_company_name,
    _r.action,
    _r.model,
    _r.requested_model,
    _r.entity_type,
    _r.entity_id,
    _r.tokens_input,
    _r.tokens_cached_input,
    _r.tokens_output,
    _r.tokens_reasoning,
    _r.tokens_total,
    _r.cost_usd,
    _r.price_source,
    _r.latency_ms,
    _r.status,
    _r.error_type,
    _r.usage_source,
    _r.app_user,
)


def _epoch_of(row: Any) -> int:
    return int(row[2])  # occurred_epoch, third of _ROW_COLUMNS


def _call_row(row: Any, directory: Mapping[str, str] = MappingProxyType({})) -> CallRow:
    # Unpacked by position: named access on a result row costs several times more, and
    # a page builds hundreds of these.
    (call_id, occurred_at, _epoch, client_uuid, client_id, client_name, action, model,
     requested_model, entity_type, entity_id, tokens_input, tokens_cached_input,
     tokens_output, tokens_reasoning, tokens_total, cost_usd, price_source, latency_ms,
     status, error_type, usage_source, app_user) = row  # fmt: skip
    return CallRow(
        call_id,
        occurred_at,
        client_key(client_uuid, client_id),
        client_name or directory.get(client_uuid),
        action,
        model or requested_model,
        entity_type,
        entity_id,
        tokens_input,
        tokens_cached_input,
        tokens_output,
        tokens_reasoning,
        tokens_total,
        cost_usd,
        price_source,
        latency_ms,
        status,
        error_type,
        usage_source,
        usage_source != PROVIDER_USAGE,
        app_user,
    )
