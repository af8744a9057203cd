"""The work services do once the window is up: the usage retention (it deletes rows) waits
for the full integrity check, which now runs beside the usable window, and is skipped when
a file is damaged (the window reports the damage and closes)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.settings import Settings, SettingsStore, resolve_config
from tests.helpers.sqlite_damage import damage_table_page, main_db_with_candidates


def services_keeping_one_month(data: Path) -> AppServices:
    config = resolve_config(Settings(usage_retention_months=1), data_dir_flag=str(data))
    return AppServices.open(config, SettingsStore())


def retention_calls(services: AppServices, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    apply_retention = services.usage.apply_retention

    async def recording(months: int):  # type: ignore[no-untyped-def]
        calls.append(months)
        return await apply_retention(months)

    monkeypatch.setattr(services.usage, "apply_retention", recording)
    return calls


def test_the_retention_runs_once_the_files_are_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = services_keeping_one_month(tmp_path / "data")
    calls = retention_calls(services, monkeypatch)
    try:
        asyncio.run(services.start())
    finally:
        services.close_sync()

    assert calls == [1]


def test_a_damaged_file_stops_the_retention(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    main_db_with_candidates(data / "headhunter.db")
    # A page of a large table: opening does not read it, the full check does.
    damage_table_page(data / "headhunter.db", "candidates")
    services = services_keeping_one_month(data)
    calls = retention_calls(services, monkeypatch)
    try:
        asyncio.run(services.start())  # returns: the window reports the damage
    finally:
        services.close_sync()

    assert calls == []
