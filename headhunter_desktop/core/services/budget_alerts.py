"""Budget alerts at 50, 80 and 100 % of a client's monthly budget, each once a month.

Which thresholds have fired is remembered per laptop in a JSON file in the data folder
(month → client key → highest threshold shown), so a restart does not repeat a notice.
Only the highest threshold newly passed is returned: a client going from 40 % to 85 %
in one step gets the 80 % notice, not two. Every alert is also written to the log.
A missing or damaged file is an empty memory, an unwritable one a warning in the log:
alerts are a courtesy, never a reason for an error.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from headhunter_desktop.core.analytics.budget_overview import BudgetOverviewRow
from headhunter_desktop.core.private_files import open_private
from headhunter_desktop.core.services.usage_format import money_text

log = logging.getLogger(__name__)
FILE_NAME = "budget-alerts.json"
ALERT_THRESHOLDS = (50, 80, 100)
# Months kept in the file: the current one matters; the one before for a laptop whose
# clock or time zone moved back over a month's edge.
MONTHS_KEPT = 2


@dataclass(frozen=True)
class BudgetAlert:
    """A client passed `threshold` % of its budget in `month` ("YYYY-MM")."""

    client_key: str
    client_name: str | None
    threshold: int
    month: str
    spent_usd: Decimal
    limit_usd: Decimal

    def message(self) -> str:
        """The notice: "Acme Ltd has passed 80 % of its $50.00 budget for December: $41.20
        spent (82 %)." — the threshold passed, and where the month stands now."""
        who = self.client_name or f"Client {self.client_key}"
        month = date.fromisoformat(f"{self.month}-01").strftime("%B")
        share = int(self.spent_usd * 100 / self.limit_usd) if self.limit_usd else None
        now = f" ({share} %)" if share is not None else ""
        return (
            f"{who} has passed {self.threshold} % of its {money_text(self.limit_usd)} budget "
            f"for {month}: {money_text(self.spent_usd)} spent{now}."
        )


class BudgetAlerts:
    """Decides which alerts are due and remembers them (file I/O: call off the GUI thread)."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._lock = threading.Lock()

    def due(self, rows: Iterable[BudgetOverviewRow], month: str) -> list[BudgetAlert]:
        """Thresholds newly passed in `month`, the highest per client; remembered and logged."""
        with self._lock:
            fired = self._read()
            shown = fired.setdefault(month, {})
            alerts = []
            for row in rows:
                passed = passed_threshold(row)
                if passed is None or passed <= shown.get(row.client_key, 0):
                    continue
                shown[row.client_key] = passed
                assert row.monthly_limit_usd is not None  # a threshold needs a limit
                alerts.append(
                    BudgetAlert(
                        row.client_key,
                        row.client_name,
                        passed,
                        month,
                        row.month_spend_usd,
                        row.monthly_limit_usd,
                    )
                )
            if alerts:
                self._write({m: fired[m] for m in sorted(fired)[-MONTHS_KEPT:]})
        for alert in alerts:
            log.warning("budget alert: %s", alert.message())
        return alerts

    def _read(self) -> dict[str, dict[str, int]]:
        try:
            data = json.loads(self._path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {
            month: {k: v for k, v in clients.items() if isinstance(v, int)}
            for month, clients in data.items()
            if isinstance(clients, dict)
        }

    def _write(self, fired: dict[str, dict[str, int]]) -> None:
        partial = self._path.with_name(self._path.name + ".partial")
        try:
            with open_private(partial, "w", encoding="utf-8") as file:
                json.dump(fired, file, indent=1, sort_keys=True)
            os.replace(partial, self._path)
        except OSError as exc:  # not remembered: the notice may show again next start
            log.warning("Could not remember the budget alerts shown: %s", exc)


def passed_threshold(row: BudgetOverviewRow) -> int | None:
    """The highest alert threshold the row's spend has reached; None below 50 % or
    without a budget. Exact: compared in decimals, never through the float ratio."""
    limit = row.monthly_limit_usd
    if limit is None:
        return None
    spent = row.month_spend_usd
    reached = [
        t for t in ALERT_THRESHOLDS if (spent > 0 if limit == 0 else spent * 100 >= limit * t)
    ]
    return reached[-1] if reached else None
