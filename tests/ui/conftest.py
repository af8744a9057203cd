"""GUI fixtures: a qasync loop on pytest-qt's QApplication, and a main window on real services."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from headhunter_desktop.app import make_event_loop
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.settings import Settings, SettingsStore, resolve_config
from headhunter_desktop.ui.shell.main_window import MainWindow
from headhunter_desktop.ui.shell.task_registry import TaskRegistry


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
    tasks = TaskRegistry()
    win = MainWindow(services, tasks)
    # Not qtbot.addWidget: qtbot would close it outside the loop, before the async shutdown.
    win.show()
    qloop.run_until_complete(win.load())
    yield win
    qloop.run_until_complete(close_window(win))


async def close_window(win: MainWindow) -> None:
    """Close like a user would and wait for the async shutdown to finish."""
    if not win.is_shut_down():
        win.close()
        await wait_for(win.is_shut_down)


async def wait_for(condition, timeout: float = 10.0) -> None:
    """Poll `condition` on the running loop (Qt events keep flowing) until true."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"condition not met within {timeout} s: {condition}")
        await asyncio.sleep(0.01)


async def wait_for_widget(kind: type, timeout: float = 5.0):
    """The newest visible top-level or child widget of `kind` (dialogs opened with open())."""
    found: list = []

    def visible() -> bool:
        found.clear()
        for top in QApplication.topLevelWidgets():
            if isinstance(top, kind) and top.isVisible():
                found.append(top)
            found.extend(w for w in top.findChildren(kind) if w.isVisible())
        return bool(found)

    await wait_for(visible, timeout)
    return found[-1]
