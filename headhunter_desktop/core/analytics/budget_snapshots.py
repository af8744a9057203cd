"""The last budgets and month spends read from the usage database, kept in the data folder.

A shared usage server may be out of reach from the moment the app starts; without these a
hard cap would then not be known at all. Each snapshot names the database it was read
from (its URL without the password), so pointing the app at another one ignores them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from headhunter_desktop.core.analytics.budgets import Budget, BudgetStatus
from headhunter_desktop.core.private_files import open_private

LOGGER = logging.getLogger("headhunter_desktop.analytics")


@dataclass(frozen=True)
class BudgetSnapshot:
    """One client's budget and what its month had cost when last read."""

    budget: Budget
    spend: Decimal
    month_start: datetime
    month_end: datetime


class BudgetSnapshots:
    """The snapshot file; written from the analytics thread, read once at start."""

    def __init__(self, path: Path, url: str | sa.URL) -> None:
        self.path = path
        self._source = sa.make_url(url).render_as_string(hide_password=True)

    def load(self) -> dict[str, BudgetSnapshot]:
        """Snapshots by budget key; none when missing, unreadable or of another database."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("source") != self._source:
                return {}
            return {key: _snapshot(value) for key, value in data["clients"].items()}
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
            LOGGER.warning("budget snapshots in %s not used: %s", self.path, exc)
            return {}

    def save(self, key: str, snapshot: BudgetSnapshot | None) -> None:
        """Replace (or with None remove) one client's snapshot; never raises."""
        try:
            clients = {k: _json(v) for k, v in self.load().items()}
            if snapshot is None and key not in clients:
                return
            clients.pop(key, None)
            if snapshot is not None:
                clients[key] = _json(snapshot)
            self._write({"source": self._source, "clients": clients})
        except (OSError, ValueError, TypeError) as exc:
            LOGGER.warning("cannot keep the budget snapshot in %s: %s", self.path, exc)

    def _write(self, data: dict[str, Any]) -> None:
        temporary = self.path.with_name(self.path.name + ".tmp")
        with open_private(temporary, "w", encoding="utf-8") as out:
            json.dump(data, out)
        try:
            os.replace(temporary, self.path)
        except OSError:
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise


def snapshot_of(status: BudgetStatus) -> BudgetSnapshot | None:
    """The snapshot of a budget check's reading (None: the client has no budget)."""
    if status.budget is None:
        return None
    return BudgetSnapshot(status.budget, status.spent_usd, status.month_start, status.month_end)


def _json(snapshot: BudgetSnapshot) -> dict[str, Any]:
    budget = {k: str(v) if isinstance(v, Decimal) else v for k, v in _fields(snapshot.budget)}
    return {
        "budget": budget,
        "spend": str(snapshot.spend),
        "month_start": snapshot.month_start.isoformat(),
        "month_end": snapshot.month_end.isoformat(),
    }


def _fields(budget: Budget) -> list[tuple[str, Any]]:
    return [(f.name, getattr(budget, f.name)) for f in dataclasses.fields(budget)]


def _snapshot(value: dict[str, Any]) -> BudgetSnapshot:
    raw = value["budget"]
    fields: dict[str, Any] = {
        k: Decimal(v) if k in ("monthly_limit_usd", "warn_ratio") else v for k, v in raw.items()
    }
    return BudgetSnapshot(
        Budget(**fields),
        Decimal(value["spend"]),
        datetime.fromisoformat(value["month_start"]),
        datetime.fromisoformat(value["month_end"]),
    )
