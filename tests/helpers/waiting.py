"""Waiting for a condition: on the running event loop, or blocking a plain thread."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any


async def wait_for(condition: Callable[[], object], timeout: float = 20.0) -> None:
    """Poll `condition` on the running loop (Qt events keep flowing) until it is true.
    The deadline is generous: it only costs time when the condition never comes, and a
    loaded machine must not turn slowness into failures."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"condition not met within {timeout} s: {condition}")
        await asyncio.sleep(0.01)


def block_until(condition: Callable[[], object], timeout: float = 10.0) -> None:
    """Poll `condition` from a thread with no event loop (sleeping it) until it is true."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s: {condition}")
        time.sleep(0.01)


def shown_dialog(kind: type) -> Any:
    """The shown widget of `kind` a user can answer now: the active modal dialog (opened
    with open()) or the active window (a non-modal one); None when neither is one."""
    from PySide6.QtWidgets import QApplication  # only the GUI tests load Qt

    # Never QApplication.topLevelWidgets(): it wraps every top-level Qt made in C++
    # (popups, tooltips), and a stale wrapper among them segfaulted a worker in full runs.
    for widget in (QApplication.activeModalWidget(), QApplication.activeWindow()):
        if isinstance(widget, kind) and widget.isVisible():
            return widget
    return None


def close_shown_dialogs() -> None:
    """Reject every dialog still shown, so that no test answers another test's question."""
    from PySide6.QtWidgets import QDialog  # only the GUI tests load Qt

    for _ in range(10):  # dialogs may be stacked; each reject uncovers the next
        dialog = shown_dialog(QDialog)
        if dialog is None:
            return
        dialog.reject()
        dialog.deleteLater()


async def wait_for_widget(kind: type, timeout: float = 15.0) -> Any:
    """Wait until a widget of `kind` is `shown_dialog` and return it."""
    found: list = []

    def showing() -> bool:
        found[:] = [shown_dialog(kind)]
        return found[0] is not None

    await wait_for(showing, timeout)
    return found[0]


async def close_window(win: Any, timeout: float = 10.0) -> None:
    """Close a MainWindow like a user would and wait for its async shutdown to finish;
    a test that left unsaved changes gets the window's question, answered "Discard"."""
    if not win.is_shut_down():
        win.close()
        await wait_for(lambda: win.is_shut_down() or _discard_asked(win), timeout)
        await wait_for(win.is_shut_down, timeout)


def _discard_asked(win: Any) -> bool:
    """Press "Discard" in the window's unsaved-changes question, if it shows one."""
    from PySide6.QtWidgets import QMessageBox  # only the GUI tests load Qt

    for box in win.findChildren(QMessageBox):
        button = next((b for b in box.buttons() if b.text() == "Discard"), None)
        if box.isVisible() and button is not None:
            button.click()
            return True
    return False


async def streams_closed(timeout: float = 10.0) -> None:
    """Wait until the async generators a stream left early (httpx's body iterators) are
    closed on the running loop: left for later, pytest-qt would step their closing between
    tests, outside the loop, where it fails."""
    import gc

    from headhunter_desktop.ui.shell.generator_closer import async_generators_closing

    loop = asyncio.get_running_loop()
    gc.collect()  # those in reference cycles reach the hook only when collected
    await wait_for(lambda: async_generators_closing(loop) == 0, timeout)
