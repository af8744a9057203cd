"""A main window on real services for GUI tests, shut down and destroyed afterwards."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.ui.shell.main_window import MainWindow
from headhunter_desktop.ui.shell.task_registry import TaskRegistry
from tests.helpers.waiting import close_window, wait_for

FirstLoad = Callable[[MainWindow], Coroutine[Any, Any, None]]


@contextmanager
def opened_window(
    qloop, services: AppServices, first_load: FirstLoad = MainWindow.load
) -> Iterator[MainWindow]:
    """A shown window after `first_load` (default: all that start-up does, every tab built);
    `MainWindow.show_data` leaves it as start-up does once usable."""
    window = MainWindow(services, TaskRegistry())
    # Not qtbot.addWidget: qtbot would close it outside the loop, before the async shutdown.
    window.show()
    qloop.run_until_complete(first_load(window))
    # The key's look-up runs beside the rest of the start (`finish_start`): its answer is
    # part of the state a test starts from.
    qloop.run_until_complete(wait_for(lambda: not window.tasks.running("start.key")))
    try:
        yield window
    finally:
        qloop.run_until_complete(close_window(window))
        # Destroyed, not just hidden: every widget left alive is restyled by each later
        # app-wide style change in this worker (seconds per screenshot test in a full run).
        window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
