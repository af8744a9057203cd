"""The Usage tab on a PostgreSQL analytics database shared by two laptops: the other
laptop's calls show by themselves (found by the change signature), and the tab is in
team mode (a Recruiter filter) because the database is shared."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.usage_format import money_text
from headhunter_desktop.core.settings import Settings, SettingsStore, resolve_config
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.helpers.main_window import opened_window
from tests.helpers.usage_records import recent_record
from tests.helpers.usage_tab import (
    create_clients,
    expected,
    for_client,
    insert_from_elsewhere,
    known_calls,
    open_usage,
    submit,
)
from tests.helpers.waiting import wait_for

pytestmark = pytest.mark.postgres


@pytest.fixture
def shared_window(qtbot, qloop, tmp_path: Path, postgres_url: str) -> Iterator[MainWindow]:
    """A shown main window whose usage database is a PostgreSQL server."""
    config = resolve_config(Settings(), data_dir_flag=str(tmp_path / "data"))
    config = dataclasses.replace(config, analytics_url=postgres_url)
    services = AppServices.open(config, SettingsStore())
    with opened_window(qloop, services) as window:
        yield window
    services.close_sync()


def test_another_laptops_calls_show_live(shared_window: MainWindow, qloop) -> None:
    window = shared_window
    tz, today = window.services.usage.tz, date.today()
    clients = create_clients(window, qloop)
    calls = known_calls(clients, today, tz)
    submit(window, calls)
    tab = window.usage_tab
    open_usage(window, qloop)
    month = today.replace(day=1)
    kpis = tab.overview.kpis
    assert kpis.value_of("Calls") == str(expected(calls, tz, month, today).calls)
    assert tab.filters.recruiters_shown()  # shared: team mode

    acme = for_client(clients.acme, "Acme Ltd")  # the other laptop, its own recruiter
    calls.append(recent_record("0.125", app_user="ben@desk", **acme))
    insert_from_elsewhere(window, calls[-1])
    want = expected(calls, tz, month, today)
    qloop.run_until_complete(wait_for(lambda: kpis.value_of("Calls") == str(want.calls)))
    assert kpis.value_of("Cost (USD)") == money_text(want.cost)
