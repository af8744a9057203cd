"""Budget alerts: 50/80/100 %, each once per client and month, remembered in a private file."""

from __future__ import annotations

import logging
import os
import stat
from decimal import Decimal
from pathlib import Path

import pytest

from headhunter_desktop.core.services.budget_alerts import (
    FILE_NAME,
    BudgetAlert,
    BudgetAlerts,
    passed_threshold,
)
from headhunter_desktop.core.services.usage_types import BudgetOverviewRow

ACME, BETA = "uuid-acme", "uuid-beta"


def row(
    key: str, spent: str, limit: str | None, name: str | None = "Acme Ltd"
) -> BudgetOverviewRow:
    spend, cap = Decimal(spent), None if limit is None else Decimal(limit)
    return BudgetOverviewRow(
        client_key=key,
        client_name=name,
        month_spend_usd=spend,
        unpriced_calls=0,
        monthly_limit_usd=cap,
        warn_ratio=None if cap is None else Decimal("0.8"),
        hard_cap=False,
        ratio=None if not cap else float(spend / cap),
        projected_usd=spend,
        projected_ratio=None,
    )


@pytest.mark.parametrize(
    ("spent", "limit", "threshold"),
    [
        ("24.99", "50", None),
        ("25", "50", 50),  # exactly half: reached
        ("39.999999999999", "50", 50),
        ("40", "50", 80),
        ("50", "50", 100),
        ("75", "50", 100),
        ("0", "0", None),
        ("0.000001", "0", 100),  # a $0 budget is used up by any spend
        ("10", None, None),  # no budget, no alert
    ],
)
def test_the_highest_threshold_reached(
    spent: str, limit: str | None, threshold: int | None
) -> None:
    assert passed_threshold(row(ACME, spent, limit)) == threshold


def test_each_threshold_fires_once_a_month_the_highest_only(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    alerts = BudgetAlerts(path)
    assert alerts.due([row(ACME, "10", "50")], "2026-12") == []
    first = alerts.due([row(ACME, "41.2", "50"), row(BETA, "5", "50", "Beta AG")], "2026-12")
    assert first == [BudgetAlert(ACME, "Acme Ltd", 80, "2026-12", Decimal("41.2"), Decimal(50))]
    assert first[0].message() == (
        "Acme Ltd has passed 80 % of its $50.00 budget for December: $41.20 spent (82 %)."
    )
    assert alerts.due([row(ACME, "45", "50")], "2026-12") == []  # 80 % again: shown already
    # Remembered across starts (a new object on the same file).
    again = BudgetAlerts(path)
    assert again.due([row(ACME, "46", "50")], "2026-12") == []
    assert [a.threshold for a in again.due([row(ACME, "50.01", "50")], "2026-12")] == [100]
    assert again.due([row(ACME, "60", "50")], "2026-12") == []
    # A new month starts over.
    assert [a.threshold for a in again.due([row(ACME, "26", "50")], "2027-01")] == [50]
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_alerts_go_to_the_log(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="headhunter_desktop.core.services.budget_alerts"):
        BudgetAlerts(tmp_path / FILE_NAME).due([row(ACME, "30", "50")], "2026-12")
    logged = "Acme Ltd has passed 50 % of its $50.00 budget for December: $30.00 spent (60 %)."
    assert logged in caplog.text


def test_a_damaged_or_unwritable_file_never_stops_an_alert(tmp_path: Path) -> None:
    damaged = tmp_path / FILE_NAME
    damaged.write_text("{not json", encoding="utf-8")
    assert [a.threshold for a in BudgetAlerts(damaged).due([row(ACME, "50", "50")], "2026-12")] == [
        100
    ]
    nowhere = tmp_path / "missing-folder" / FILE_NAME
    unremembered = BudgetAlerts(nowhere)
    assert len(unremembered.due([row(ACME, "50", "50")], "2026-12")) == 1
    assert not nowhere.exists()


def test_a_client_without_a_name_is_named_by_its_key(tmp_path: Path) -> None:
    (alert,) = BudgetAlerts(tmp_path / FILE_NAME).due([row(BETA, "9", "10", None)], "2026-11")
    assert alert.message() == (
        "Client uuid-beta has passed 80 % of its $10.00 budget for November: $9.00 spent (90 %)."
    )
