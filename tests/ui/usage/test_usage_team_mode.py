"""Team mode: when the calls come from more than one recruiter (app user), the tab offers a
Recruiter filter and a breakdown by recruiter; alone, it offers neither."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

from headhunter_desktop.ui.shell.main_window import MainWindow
from headhunter_desktop.ui.usage.overview_panel import row_filter
from tests.helpers.screenshots import save_screenshot, squeezed_widgets
from tests.helpers.usage_records import recent_record
from tests.helpers.usage_tab import (
    create_clients,
    expected,
    for_client,
    known_calls,
    open_usage,
    submit,
)
from tests.helpers.waiting import wait_for


def test_recruiter_filter_and_breakdown_with_two_recruiters(
    window: MainWindow, qloop, tmp_path: Path
) -> None:
    tz, today = window.services.usage.tz, date.today()
    clients = create_clients(window, qloop)
    calls = known_calls(clients, today, tz)  # all by ana@laptop
    submit(window, calls)
    tab = window.usage_tab
    open_usage(window, qloop)
    assert not tab.filters.recruiters_shown()  # one recruiter: nothing to choose
    assert tab.overview.breakdown_by.findData("user") < 0

    acme = for_client(clients.acme, "Acme Ltd")
    ben = [recent_record("0.25", app_user="ben@desk", **acme) for _ in range(2)]
    calls += ben
    submit(window, ben)
    tab.refresh()
    qloop.run_until_complete(wait_for(tab.filters.recruiters_shown))
    recruiters = [tab.filters.recruiter.itemText(i) for i in range(tab.filters.recruiter.count())]
    assert recruiters == ["All recruiters", "ana@laptop", "ben@desk"]
    month = today.replace(day=1)
    tab.filters.recruiter.setCurrentText("ben@desk")
    want = expected(calls, tz, month, today, app_user="ben@desk")
    kpis = tab.overview.kpis
    qloop.run_until_complete(wait_for(lambda: kpis.value_of("Calls") == str(want.calls)))

    tab.filters.recruiter.setCurrentIndex(0)
    tab.overview.breakdown_by.setCurrentText("By recruiter")
    model = tab.overview.model

    def rows() -> dict[str, str]:
        return {model.index(r, 0).data(): model.index(r, 1).data() for r in range(model.rowCount())}

    everyone = {
        user: str(expected(calls, tz, month, today, app_user=user).calls)
        for user in ("ana@laptop", "ben@desk")
    }
    qloop.run_until_complete(wait_for(lambda: rows() == everyone))

    # A recruiter's row opens that recruiter's calls; the filter row still fits the
    # smallest window.
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "ben@desk")
    tab.overview.calls_requested.emit(row_filter(model.rows()[row], "user"))
    assert tab.calls_view.current_filter.app_user == "ben@desk"
    window.resize(window.minimumSize())
    qloop.run_until_complete(asyncio.sleep(0.05))
    tab.sections.setCurrentWidget(tab.overview)
    qloop.run_until_complete(asyncio.sleep(0.05))
    save_screenshot(window, "usage-team-minimum", tmp_path)
    assert squeezed_widgets(window) == []
