"""The usage part of the window's status bar: records waiting to sync, records set aside,
and budget alerts as calls pass a client's 50 / 80 / 100 % of its month."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel, QStatusBar

from headhunter_desktop.core.errors import DatabaseError
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.usage import UsageService
from headhunter_desktop.core.services.usage_types import BudgetStatus
from headhunter_desktop.ui.shell.task_registry import TaskRegistry

log = logging.getLogger(__name__)
POLL_MS = 2000


async def show_due_budget_alerts(usage: UsageService, notify: Callable[[str], object]) -> None:
    """A notice for each threshold newly passed this month: once each (the service
    remembers which were shown, and logs them)."""
    try:
        alerts = await usage.due_budget_alerts()
    except DatabaseError as exc:  # out of reach: the next check tries again
        log.info("budget alerts not checked: %s", exc)
        return
    for alert in alerts:
        notify(alert.message())


class UsageStatus(QObject):
    """Keeps the usage labels of `status_bar` true, and tells of budget thresholds passed."""

    def __init__(
        self,
        status_bar: QStatusBar,
        services: AppServices,
        tasks: TaskRegistry,
        notify: Callable[[str], object],
    ):
        super().__init__(status_bar)
        self._services, self._tasks, self._notify = services, tasks, notify
        self._pending_before = 0
        self.sync_label = QLabel()
        self.sync_label.setObjectName("syncStatus")
        self.set_aside_label = QLabel()
        self.set_aside_label.setObjectName("setAsideStatus")
        for label in (self.sync_label, self.set_aside_label):
            label.hide()
            status_bar.addPermanentWidget(label)
        # The writer counts under a lock in microseconds: polling beats a cross-thread signal.
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.update)
        self._timer.start()
        services.usage.add_budget_listener(self.budget_passed)

    def stop(self) -> None:
        """No more polls and alerts: the services are closing."""
        self._timer.stop()
        self._services.usage.remove_budget_listener(self.budget_passed)

    def update(self) -> None:
        """'n usage records waiting to sync' while the analytics database is out of reach,
        and the records set aside."""
        pending = self._services.usage_writer.pending_count
        # Records normally commit within milliseconds: only a backlog that outlives one
        # poll means the database is out of reach.
        waiting, self._pending_before = pending > 0 and self._pending_before > 0, pending
        self.sync_label.setVisible(waiting)
        plural = "s" if pending != 1 else ""
        self.sync_label.setText(f"{pending} usage record{plural} waiting to sync")
        self._update_set_aside()

    def _update_set_aside(self) -> None:
        # Never silent: these records are missing from every figure an agency bills from.
        set_aside = self._services.usage.set_aside_records()
        self.set_aside_label.setVisible(set_aside.count > 0)
        if set_aside.count:
            self.set_aside_label.setText(
                f"{set_aside.count} usage record{'s' if set_aside.count != 1 else ''} "
                f"set aside, not in the figures: {set_aside.where}"
            )
            self.set_aside_label.setToolTip(
                "Refused by the usage database, or unreadable in the spool. Kept for review "
                "(see app.log for the reason); move the file away once reviewed."
            )

    def budget_passed(self, _status: BudgetStatus) -> None:
        """A call brought a client past its warning threshold: show the alerts now due.

        Every call past the threshold says so; the alerts' memory keeps it to one notice
        per threshold and month, and one check at a time is enough."""
        if not self._tasks.running("usage.alerts"):
            alerts = show_due_budget_alerts(self._services.usage, self._notify)
            self._tasks.start("usage.alerts", alerts)
