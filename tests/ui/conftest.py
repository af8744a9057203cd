"""GUI fixtures: a qasync loop on pytest-qt's QApplication, and a main window on real services."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from headhunter_desktop.app import make_event_loop
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.settings import Settings, SettingsStore, resolve_config
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.helpers.main_window import opened_window
from tests.helpers.waiting import close_shown_dialogs


@pytest.fixture(autouse=True)
def no_dialog_left_open(qapp: QApplication) -> Iterator[None]:
    """Close any dialog a test left open: tests look message boxes up by type, and one
    left behind (an error box, say) would be found by the next test in this process."""
    yield
    close_shown_dialogs()


@pytest.fixture
def qloop(qapp: QApplication) -> Iterator[asyncio.AbstractEventLoop]:
    """A qasync event loop: run coroutines with `qloop.run_until_complete(...)`.

    Inside a coroutine, await a future set by a signal; never `qtbot.waitSignal`, which
    would nest event loops.
    """
    # As in the app: closing the last window must not stop the loop before shutdown ends.
    qapp.setQuitOnLastWindowClosed(False)
    loop = make_event_loop(qapp)
    asyncio.set_event_loop(loop)
    try:
        yield loop
    finally:
        loop.run_until_complete(asyncio.sleep(0))
        loop.close()
        asyncio.set_event_loop(None)
        # The closed loop's QObjects (qasync's timer, its signaller) sit in reference
        # cycles; collected later on a worker thread (a database thread allocating) their
        # timers would be torn down off the GUI thread and crash Qt's timer list.
        gc.collect()


@pytest.fixture
def services(tmp_path: Path) -> Iterator[AppServices]:
    store = SettingsStore()
    config = resolve_config(Settings(), data_dir_flag=str(tmp_path / "data"))
    services = AppServices.open(config, store)
    yield services
    services.close_sync()


@pytest.fixture
def window(qtbot, qloop, services: AppServices) -> Iterator[MainWindow]:
    """A shown main window whose first data load has finished."""
    with opened_window(qloop, services) as win:
        yield win
