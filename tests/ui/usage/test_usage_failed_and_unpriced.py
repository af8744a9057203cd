"""The Errors and Unpriced cards open exactly the calls they count (errors: error or
interrupted; unpriced: no known price), the call log's count equals the card, and a call
recorded without its client's name shows the name in the shared client directory."""

from __future__ import annotations

from datetime import date, timedelta, tzinfo

import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from headhunter_desktop.core.analytics.record import UsageRecord
from headhunter_desktop.core.analytics.tables import client_directory
from headhunter_desktop.ui.shell.main_window import MainWindow
from headhunter_desktop.ui.usage.calls_model import HEADERS
from headhunter_desktop.ui.usage.calls_view import CallsView
from headhunter_desktop.ui.usage.usage_tab import UsageTab
from tests.helpers.usage_records import recent_record
from tests.helpers.usage_tab import (
    Clients,
    at_noon,
    create_clients,
    for_client,
    open_usage,
    submit,
    usage_settled,
)
from tests.helpers.waiting import wait_for


def _calls(clients: Clients, today: date, tz: tzinfo) -> dict[str, UsageRecord]:
    """Today's calls of every status, priced and not, some without a name snapshot (as
    records made before names were kept); one failed, unpriced call 40 days ago."""
    acme, acme_unnamed = for_client(clients.acme, "Acme Ltd"), for_client(clients.acme, None)
    beta_unnamed, nobody = for_client(clients.beta, None), for_client(None, None)
    now, old = at_noon(today, tz), at_noon(today - timedelta(days=40), tz)
    return {
        "acme ok": recent_record("0.01", occurred_at=now, **acme),
        "acme error": recent_record("0.02", status="error", occurred_at=now, **acme),
        "acme interrupted": recent_record(None, status="interrupted", occurred_at=now, **acme),
        "acme cancelled": recent_record(None, status="cancelled", occurred_at=now, **acme_unnamed),
        "beta error": recent_record(None, status="error", occurred_at=now, **beta_unnamed),
        "beta interrupted": recent_record(
            "0.03", status="interrupted", occurred_at=now, **beta_unnamed
        ),
        "nobody error": recent_record(None, status="error", occurred_at=now, **nobody),
        "nobody ok": recent_record("0.04", occurred_at=now, **nobody),
        "acme old error": recent_record(None, status="error", occurred_at=old, **acme),
    }


def _rename_in_directory(window: MainWindow, uuid: str, name: str) -> None:
    with window.services.usage.engine().begin() as conn:
        conn.execute(
            sa.update(client_directory).where(client_directory.c.uuid == uuid).values(name=name)
        )


def _open_card(tab: UsageTab, card: str, qloop, count: int) -> CallsView:
    """Click a KPI card; wait for the log to show `count` calls (and hold them all)."""
    tab.sections.setCurrentWidget(tab.overview)
    QTest.mouseClick(tab.overview.kpis.cards[card], Qt.MouseButton.LeftButton)
    view = tab.calls_view
    assert tab.sections.currentWidget() is view
    qloop.run_until_complete(
        wait_for(
            lambda: (
                view.count_label.text() == f"{count} call{'' if count == 1 else 's'}"
                and view.model.rowCount() == count
            )
        )
    )
    return view


def _shown(view: CallsView, names: dict[str, str]) -> set[str]:
    return {names[row.id] for row in view.model.rows()}


def test_the_cards_open_exactly_their_calls_named_from_the_directory(
    window: MainWindow, qloop
) -> None:
    tz, today = window.services.usage.tz, date.today()
    clients = create_clients(window, qloop)
    calls = _calls(clients, today, tz)
    names = {record.id: name for name, record in calls.items()}
    submit(window, calls.values())
    _rename_in_directory(window, clients.beta, "Beta Holdings")
    tab = window.usage_tab
    tab.filters.period.setCurrentText("Last 30 days")
    open_usage(window, qloop)

    # Errors: failed or interrupted, of every client, this period's only.
    failed = {"acme error", "acme interrupted", "beta error", "beta interrupted", "nobody error"}
    assert tab.overview.kpis.value_of("Errors") == "5"
    view = _open_card(tab, "Errors", qloop, 5)
    assert view.current_filter.status == "failed" and view.current_filter.priced is None
    assert _shown(view, names) == failed
    qloop.run_until_complete(wait_for(lambda: view.combos["status"].count() > 1))
    assert view.combos["status"].currentText() == "Failed (error or interrupted)"
    # The log's own drop-down: one status alone lists fewer.
    status = view.combos["status"]
    status.setCurrentIndex(status.findData("error"))
    # The count and the page are separate queries: wait for both.
    qloop.run_until_complete(
        wait_for(lambda: view.count_label.text() == "3 calls" and view.model.rowCount() == 3)
    )
    assert _shown(view, names) == {"acme error", "beta error", "nobody error"}

    # Unpriced: no known price.
    unpriced = {"acme interrupted", "acme cancelled", "beta error", "nobody error"}
    assert tab.overview.kpis.value_of("Unpriced calls") == "4"
    view = _open_card(tab, "Unpriced calls", qloop, 4)
    assert view.current_filter.priced is False and view.current_filter.status is None
    assert view.unpriced_only.isChecked() and view.combos["status"].currentIndex() == 0
    assert _shown(view, names) == unpriced

    # Client names: the snapshot, else the directory's (Beta renamed there), else none.
    client_column = HEADERS.index("Client")
    shown_client = {
        names[row.id]: view.model.index(i, client_column).data()
        for i, row in enumerate(view.model.rows())
    }
    assert shown_client == {
        "acme interrupted": "Acme Ltd",
        "acme cancelled": "Acme Ltd",  # no snapshot: the directory's name
        "beta error": "Beta Holdings",  # no snapshot: the directory's, not the key
        "nobody error": "(no client)",
    }

    # One client: the card and the log agree on its calls too.
    tab.filters.select_client_key(clients.acme)
    usage_settled(window, qloop)
    assert tab.overview.kpis.value_of("Errors") == "2"
    view = _open_card(tab, "Errors", qloop, 2)
    assert _shown(view, names) == {"acme error", "acme interrupted"}
    assert tab.overview.kpis.value_of("Unpriced calls") == "2"
    view = _open_card(tab, "Unpriced calls", qloop, 2)
    assert _shown(view, names) == {"acme interrupted", "acme cancelled"}
