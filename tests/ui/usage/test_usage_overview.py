"""The Usage tab's overview on a real analytics database: KPIs with the comparison, the
chart over every day, the breakdown's labels and money, following "Working for", and the
calls of "(no client)" — each figure against sums worked out from the seeded calls."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from headhunter_desktop.core.analytics.comparison import previous_period
from headhunter_desktop.core.domain.actions import action_label
from headhunter_desktop.core.services.usage_format import money_text
from headhunter_desktop.core.services.usage_periods import DEFAULT_PERIOD, period_text
from headhunter_desktop.ui.shell.main_window import MainWindow
from headhunter_desktop.ui.usage.kpi_strip import change_text
from tests.helpers.usage_records import recent_record
from tests.helpers.usage_tab import (
    at_noon,
    create_clients,
    expected,
    for_client,
    known_calls,
    open_usage,
    submit,
    usage_settled,
)
from tests.helpers.waiting import wait_for


def pct_text(now: Decimal, before: Decimal) -> str:
    """The change in percent as the card shows it, worked out here."""
    value = round(float((now - before) / before * 100))
    return "0 %" if value == 0 else f"{value:+,d} %".replace("-", "\u2212")


def test_figures_chart_and_breakdown_of_the_last_30_days(window: MainWindow, qloop) -> None:
    tz, today = window.services.usage.tz, date.today()
    clients = create_clients(window, qloop)
    calls = known_calls(clients, today, tz)
    submit(window, calls)
    tab = window.usage_tab
    assert tab.filters.period.currentText() == DEFAULT_PERIOD
    tab.filters.period.setCurrentText("Last 30 days")
    open_usage(window, qloop)
    start = today - timedelta(days=29)
    want = expected(calls, tz, start, today)
    kpis = tab.overview.kpis
    assert kpis.value_of("Calls") == str(want.calls) == "8"
    assert kpis.value_of("Cost (USD)") == money_text(want.cost) == "$0.575"
    assert kpis.value_of("Unpriced calls") == "3"
    assert kpis.value_of("Errors") == "1"
    assert kpis.value_of("Tokens") == f"{want.tokens:,}"
    assert tab.filters.period_label.text() == period_text(start, today)

    chart = tab.overview.chart
    days = [start + timedelta(days=n) for n in range(30)]
    assert len(chart.values()) == 30  # every day, the empty ones too
    assert [bar.start for bar in tab.overview.bars] == days
    per_day = [float(expected(calls, tz, d, d).cost) for d in days]
    assert chart.values() == per_day
    assert chart.markers() == [expected(calls, tz, d, d).unpriced for d in days]
    assert chart.markers()[26] == 2  # three days ago: two calls without a price, $0
    assert tab.overview.chart_title.text() == "Cost per day (USD)"

    table = tab.overview.model
    cells = {table.index(r, 0).data(): table.index(r, 6).data() for r in range(table.rowCount())}
    assert cells == {
        action_label(code): money_text(expected(calls, tz, start, today, action=code).cost)
        if code != "read_scanned_cv"
        else "unpriced"
        for code in ("parse_cv", "embed_cv", "generate_job", "read_scanned_cv")
    }
    assert cells["Parse CV"] == "$0.0754" and cells["Read scanned CV"] == "unpriced"


def test_this_month_against_the_same_days_of_last_month(window: MainWindow, qloop) -> None:
    tz, today = window.services.usage.tz, date.today()
    clients = create_clients(window, qloop)
    calls = known_calls(clients, today, tz)
    start = today.replace(day=1)
    before_start, before_end = previous_period(start, today)
    assert before_end < start
    # One call of the previous period, on its first day: a comparison with something.
    acme = for_client(clients.acme, "Acme Ltd")
    calls.append(recent_record("0.02", occurred_at=at_noon(before_start, tz), **acme))
    submit(window, calls)
    tab = window.usage_tab
    tab.filters.select_client_key(clients.acme)
    open_usage(window, qloop)
    now = expected(calls, tz, start, today, clients.acme)
    was = expected(calls, tz, before_start, before_end, clients.acme)
    assert tab.overview.kpis.value_of("Cost (USD)") == money_text(now.cost)
    detail = tab.overview.kpis.detail_of("Cost (USD)")
    arrow = "▲" if now.cost > was.cost else "▼"
    sign = "+" if now.cost > was.cost else ""
    assert detail == (
        f"{arrow} {sign}{money_text(now.cost - was.cost)} "
        f"({pct_text(now.cost, was.cost)}) vs previous"
    )
    calls_detail = tab.overview.kpis.detail_of("Calls")
    assert calls_detail.endswith(
        f"({pct_text(Decimal(now.calls), Decimal(was.calls))}) vs previous"
    )
    assert period_text(before_start, before_end) in tab.overview.kpis.cards["Calls"].toolTip()


def test_the_client_follows_working_for_and_no_client_has_its_own(
    window: MainWindow, qloop
) -> None:
    tz, today = window.services.usage.tz, date.today()
    clients = create_clients(window, qloop)
    calls = known_calls(clients, today, tz)
    submit(window, calls)
    tab = window.usage_tab
    tab.filters.period.setCurrentText("All time")
    open_usage(window, qloop)
    assert tab.filters.client_key() is None
    assert tab.overview.kpis.value_of("Calls") == str(len(calls))
    first = min(r.occurred_at.astimezone(tz).date() for r in calls)
    assert tab.filters.period_label.text() == f"{period_text(first, today)} (all time)"
    assert tab.overview.kpis.detail_of("Cost (USD)") != ""  # no comparison for all time

    window.directory.select(clients.acme_id)  # the window now works for Acme
    assert tab.filters.client_key() == clients.acme
    acme = expected(calls, tz, None, None, clients.acme)
    qloop.run_until_complete(
        wait_for(lambda: tab.overview.kpis.value_of("Calls") == str(acme.calls))
    )
    usage_settled(window, qloop)
    assert tab.overview.kpis.value_of("Cost (USD)") == money_text(acme.cost)

    tab.filters.client.setCurrentText("(no client)")
    nobody = expected(calls, tz, None, None, "")
    qloop.run_until_complete(
        wait_for(lambda: tab.overview.kpis.value_of("Calls") == str(nobody.calls))
    )
    assert tab.overview.kpis.value_of("Cost (USD)") == "unpriced"  # its one call has no price

    window.directory.select(None)  # the agency's own pool: every client's calls again
    assert tab.filters.client_key() is None
    qloop.run_until_complete(
        wait_for(lambda: tab.overview.kpis.value_of("Calls") == str(len(calls)))
    )


def test_change_text_formats() -> None:
    class Change:
        def __init__(self, delta: str, pct: float | None) -> None:
            self.delta, self.pct = Decimal(delta), pct

    assert change_text(Change("0.005", 12.4), money=True) == "▲ +$0.005 (+12 %)"
    assert change_text(Change("-3", -50.0), money=False) == "▼ \u22123 (\u221250 %)"
    assert change_text(Change("2", None), money=False) == "▲ +2 (new)"
    assert change_text(Change("0", 0.0), money=True) == "= $0.00 (0 %)"
    assert change_text(Change("25", 1250.0), money=False) == "▲ +25 (+1,250 %)"
