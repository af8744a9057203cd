"""From a figure to its calls: a KPI click, a chart bar click and a breakdown row's
double-click open the Calls section on the tab's client and period, narrowed to it."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.helpers.usage_tab import create_clients, expected, known_calls, open_usage, submit
from tests.helpers.waiting import wait_for


def double_click(widget: QWidget, pos: QPoint) -> None:
    """As a user does it: a click, then the second press (an item view opens an item
    only when the double click lands where the press was)."""
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
    QTest.mouseDClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)


def test_kpi_bar_and_row_open_their_calls(window: MainWindow, qloop) -> None:
    tz, today = window.services.usage.tz, date.today()
    clients = create_clients(window, qloop)
    calls = known_calls(clients, today, tz)
    submit(window, calls)
    tab = window.usage_tab
    tab.filters.period.setCurrentText("Last 30 days")
    tab.filters.select_client_key(clients.acme)
    open_usage(window, qloop)
    start = today - timedelta(days=29)
    view = tab.calls_view

    def shows(count: int) -> bool:
        return view.count_label.text().startswith(f"{count:,} call")

    # The Errors card: Acme's failed calls of the period (none: its calls all succeeded),
    # errors and interrupted calls alike.
    QTest.mouseClick(tab.overview.kpis.cards["Errors"], Qt.MouseButton.LeftButton)
    assert tab.sections.currentWidget() is view
    f = view.current_filter
    assert (f.client_key, f.start, f.end, f.status) == (clients.acme, start, today, "failed")
    qloop.run_until_complete(wait_for(lambda: shows(0)))

    # Three days ago: the bar of Acme's two calls without a price.
    tab.sections.setCurrentWidget(tab.overview)
    chart = tab.overview.chart
    point = chart.bar_center(26).toPoint()
    QTest.mouseClick(chart, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    day = today - timedelta(days=3)
    f = view.current_filter
    assert (f.client_key, f.start, f.end, f.status) == (clients.acme, day, day, None)
    qloop.run_until_complete(
        wait_for(lambda: shows(expected(calls, tz, day, day, clients.acme).calls))
    )

    # The "Parse CV" row of the breakdown by action.
    tab.sections.setCurrentWidget(tab.overview)
    table = tab.overview.table
    row = next(
        r for r in range(table.model().rowCount()) if table.model().index(r, 0).data() == "Parse CV"
    )
    rect = table.visualRect(table.model().index(row, 0))
    double_click(table.viewport(), rect.center())
    assert tab.sections.currentWidget() is view
    f = view.current_filter
    assert (f.client_key, f.start, f.end, f.action) == (clients.acme, start, today, "parse_cv")
    want = expected(calls, tz, start, today, clients.acme, action="parse_cv").calls
    qloop.run_until_complete(wait_for(lambda: shows(want)))


def test_a_client_row_of_all_clients_opens_that_clients_calls(window: MainWindow, qloop) -> None:
    tz, today = window.services.usage.tz, date.today()
    clients = create_clients(window, qloop)
    calls = known_calls(clients, today, tz)
    submit(window, calls)
    tab = window.usage_tab
    tab.filters.period.setCurrentText("All time")
    open_usage(window, qloop)
    tab.overview.breakdown_by.setCurrentText("By client")
    table = tab.overview.table
    names = [table.model().index(r, 0).data() for r in range(table.model().rowCount())]
    assert sorted(names) == ["(no client)", "Acme Ltd", "Beta GmbH"]
    rect = table.visualRect(table.model().index(names.index("(no client)"), 0))
    double_click(table.viewport(), rect.center())
    f = tab.calls_view.current_filter
    assert (f.client_key, f.start, f.end) == ("", None, None)
    nobody = expected(calls, tz, None, None, "").calls
    qloop.run_until_complete(
        wait_for(lambda: tab.calls_view.count_label.text().startswith(f"{nobody} call"))
    )
