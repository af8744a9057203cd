"""A data folder's path may hold `?`, `%` or `#`: its databases stay inside it, one per folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.settings import Settings, SettingsStore, resolve_config


def open_folder(folder: Path) -> AppServices:
    config = resolve_config(Settings(), data_dir_flag=str(folder))
    return AppServices.open(config, SettingsStore())


@pytest.mark.parametrize(("first", "second"), [("agency?A", "agency?B"), ("50%", "50%25")])
def test_two_data_folders_get_two_pairs_of_databases(
    tmp_path: Path, first: str, second: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HEADHUNTER_DATA_DIR")
    folders = [tmp_path / "d" / first, tmp_path / "d" / second]
    for folder in folders:
        services = open_folder(folder)
        services.close_sync()
    for folder in folders:
        assert {"headhunter.db", "analytics.db"} <= {p.name for p in folder.iterdir()}
    # Nothing was created beside the folders (e.g. `d/agency`, where `?A` started a query).
    assert sorted(p.name for p in (tmp_path / "d").iterdir()) == sorted([first, second])
