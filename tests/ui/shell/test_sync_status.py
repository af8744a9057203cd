"""Offline from a shared usage server: the app starts, records wait, the status bar says so."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.settings import Settings, SettingsStore, resolve_config
from headhunter_desktop.ui.shell.main_window import MainWindow
from headhunter_desktop.ui.shell.task_registry import TaskRegistry
from tests.helpers.network import unreachable_postgres_url
from tests.helpers.usage_records import make_record
from tests.helpers.waiting import close_window


def test_unreachable_usage_server_shows_waiting_records(qtbot, qloop, tmp_path: Path) -> None:
    config = resolve_config(Settings(), data_dir_flag=str(tmp_path / "data"))
    url = unreachable_postgres_url(database="analytics")
    config = dataclasses.replace(config, analytics_url=url)
    services = AppServices.open(config, SettingsStore())  # starts although the server is down
    window = MainWindow(services, TaskRegistry())
    window.show()
    qloop.run_until_complete(window.load())
    for _ in range(3):
        services.usage_writer.submit(make_record(action="parse_cv"))
    window.update_sync_status()
    window.update_sync_status()
    assert window.sync_status.isVisible()
    assert window.sync_status.text() == "3 usage records waiting to sync"
    qloop.run_until_complete(close_window(window))
    spool = tmp_path / "data" / "usage-spool.jsonl"
    assert spool.exists() and spool.read_text().count('"parse_cv"') == 3  # kept for later
