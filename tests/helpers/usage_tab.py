"""The Usage tab's tests: known calls, and their expected figures worked out here in
plain Python (never through the queries under test)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal

from headhunter_desktop.core.analytics.record import UsageRecord
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.helpers.usage_records import recent_record
from tests.helpers.waiting import wait_for


@dataclass(frozen=True)
class Clients:
    acme_id: int
    acme: str  # UUIDs
    beta: str


@dataclass(frozen=True)
class Expected:
    calls: int
    cost: Decimal
    unpriced: int
    errors: int
    tokens: int


def at_noon(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(12), tz)


def create_clients(window: MainWindow, qloop) -> Clients:
    """Acme Ltd and Beta GmbH; the window works for no client (the tab shows everyone)."""
    acme = qloop.run_until_complete(window.directory.create("Acme Ltd"))
    beta = qloop.run_until_complete(window.directory.create("Beta GmbH"))
    window.directory.select(None)  # the first client created became the one worked for
    return Clients(acme.id, acme.uuid, beta.uuid)


def for_client(uuid: str | None, name: str | None) -> dict:
    """Record fields of a call made for a client (None: for no client)."""
    return {"client_company_id": None, "client_uuid": uuid, "client_company_name": name}


def known_calls(clients: Clients, today: date, tz: tzinfo) -> list[UsageRecord]:
    """Calls today, 3 and 10 days ago, and 40 days ago, for two clients and no client:
    priced, unpriced (a local model), failed."""
    acme = for_client(clients.acme, "Acme Ltd")
    beta = for_client(clients.beta, "Beta GmbH")
    nobody = for_client(None, None)
    now, three, ten, forty = (at_noon(today - timedelta(days=n), tz) for n in (0, 3, 10, 40))
    local = {"model": "llama3.1:8b", "requested_model": "llama3.1:8b"}
    return [
        recent_record("0.0614", action="parse_cv", occurred_at=now, **acme),
        recent_record("0.011", action="parse_cv", occurred_at=now, **acme),
        recent_record("0.00002", action="embed_cv", tokens_output=0, occurred_at=now, **acme),
        recent_record("0.50", action="generate_job", occurred_at=now, **beta),
        recent_record(None, action="generate_job", status="error", occurred_at=now, **nobody),
        recent_record(None, action="read_scanned_cv", occurred_at=three, **local, **acme),
        recent_record(None, action="parse_cv", occurred_at=three, **local, **acme),
        recent_record("0.003", action="parse_cv", occurred_at=ten, **acme),
        recent_record("0.04", action="parse_cv", occurred_at=forty, **acme),
    ]


def submit(window: MainWindow, records: Iterable[UsageRecord]) -> None:
    writer = window.services.usage_writer
    for record in records:
        writer.submit(record)
    assert writer.flush(10)


def insert_from_elsewhere(window: MainWindow, record: UsageRecord) -> None:
    """`record` written straight into the window's usage database, as another laptop or
    process sharing it would: through none of this window's services."""
    from headhunter_desktop.core.analytics.db import open_analytics_db
    from tests.helpers.usage_db import insert

    engine = open_analytics_db(window.services.config.analytics_url)
    try:
        insert(engine, [record])
    finally:
        engine.dispose()


def key_of(record: UsageRecord) -> str:
    return record.client_uuid or ""


def expected(
    records: Sequence[UsageRecord],
    tz: tzinfo,
    start: date | None,
    end: date | None,
    client: str | None = None,
    **fields: str,
) -> Expected:
    """Figures of the records of `client` ("" = no client, None = all) on local dates
    start..end whose fields equal `fields`."""
    chosen = [
        r
        for r in records
        if (client is None or key_of(r) == client)
        and (start is None or r.occurred_at.astimezone(tz).date() >= start)
        and (end is None or r.occurred_at.astimezone(tz).date() <= end)
        and all(getattr(r, k) == v for k, v in fields.items())
    ]
    return Expected(
        calls=len(chosen),
        cost=sum((r.cost_usd for r in chosen if r.cost_usd is not None), Decimal(0)),
        unpriced=sum(r.cost_usd is None for r in chosen),
        errors=sum(r.status in ("error", "interrupted") for r in chosen),
        tokens=sum(r.tokens_total for r in chosen),
    )


def open_usage(window: MainWindow, qloop) -> None:
    """Switch to the Usage tab and wait for its refresh to finish."""
    window.tab_widget.setCurrentWidget(window.usage_tab)
    usage_settled(window, qloop)


def usage_settled(window: MainWindow, qloop) -> None:
    qloop.run_until_complete(wait_for(lambda: not window.tasks.running("usage.refresh")))
