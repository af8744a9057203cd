"""Upgrading a data folder from before client UUIDs: in its own usage database, old records
and budgets are the local client's (its history and hard cap carry on); in a shared one an
old id may be any laptop's, so they stay apart."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.usage import is_own_usage_file
from headhunter_desktop.core.settings import Settings, SettingsStore, resolve_config
from tests.helpers.legacy_usage import OldCall, create_0001_usage_db
from tests.helpers.main_db import create_at_revision

T0 = "'2024-01-01 10:00:00'"
NOW = datetime.now(UTC)
# Acme is client 1 of this data folder; client 9 was deleted before the upgrade.
OLD_CALLS: list[OldCall] = [
    (1, "Acme", "0.25", NOW),
    (1, "Acme", "0.5", NOW),
    (9, "Gone GmbH", "0.125", NOW),
    (None, None, "1", NOW),
]


def _old_data_folder(data: Path) -> None:
    create_at_revision(
        f"sqlite:///{data / 'headhunter.db'}",
        "0005",
        [
            "INSERT INTO client_companies (id, name, name_key, created_at, updated_at) "
            f"VALUES (1, 'Acme', 'acme', {T0}, {T0})"
        ],
    )
    create_0001_usage_db(f"sqlite:///{data / 'analytics.db'}", OLD_CALLS, {1: "Acme"})


def test_old_usage_and_budget_carry_on_under_the_clients_uuid(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _old_data_folder(data)
    services = AppServices.open(
        resolve_config(Settings(), data_dir_flag=str(data)), SettingsStore()
    )

    async def read():
        try:
            acme = await services.clients.find("Acme")
            assert acme is not None
            query = services.usage.query(None, None, None)
            return (
                acme.uuid,
                await services.usage.breakdown(query, "client"),
                await services.usage.budget_status(acme.uuid),
            )
        finally:
            await services.aclose()

    acme_uuid, by_client, status = asyncio.run(read())
    assert {(row.key, row.calls) for row in by_client} == {
        (acme_uuid, 2),
        ("legacy:9", 1),  # no client 9 here any more: left as it was
        (None, 1),
    }
    assert status.budget is not None and status.budget.hard_cap
    assert status.spent_usd == Decimal("0.75")  # both of Acme's old calls, this month


@pytest.mark.parametrize(
    ("url", "own"),
    [
        ("sqlite:///{data}/analytics.db", True),
        ("sqlite:///{data}/../data/analytics.db", True),
        ("sqlite:///{data}/shared/analytics.db", False),
        ("postgresql+psycopg://u@server/usage", False),
    ],
)
def test_only_the_data_folders_own_file_is_unambiguous(tmp_path: Path, url: str, own: bool) -> None:
    data = tmp_path / "data"
    data.mkdir()
    assert is_own_usage_file(url.format(data=data), data / "analytics.db") is own
