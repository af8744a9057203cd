"""GUI start-up and orderly shutdown on one qasync event loop."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtWidgets import QApplication, QMessageBox

from headhunter_desktop import APP_ID, APP_NAME
from headhunter_desktop.core.errors import ConfigurationError, UserFacingError
from headhunter_desktop.core.logging_setup import configure_logging
from headhunter_desktop.core.secrets import redact
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.settings import Settings, SettingsStore, resolve_config
from headhunter_desktop.resources import read_text_resource
from headhunter_desktop.ui.shell.async_dialogs import resolve
from headhunter_desktop.ui.shell.event_loop import AppEventLoop
from headhunter_desktop.ui.shell.excepthook import (
    install_excepthook,
    report_exception,
    set_settings_opener,
)
from headhunter_desktop.ui.shell.generator_closer import close_async_generators_on
from headhunter_desktop.ui.shell.main_window import MainWindow
from headhunter_desktop.ui.shell.task_registry import TaskRegistry

log = logging.getLogger(__name__)


def create_application() -> QApplication:
    """The QApplication with the app's names and style sheet (idempotent)."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_ID)
    app.setDesktopFileName(APP_ID)
    # The window decides when to quit: after the async shutdown, not on the last close.
    app.setQuitOnLastWindowClosed(False)
    app.setStyleSheet(read_text_resource("style.qss"))
    return app


ShownHook = Callable[[MainWindow], object]


def make_event_loop(app: QApplication) -> AppEventLoop:
    """The qasync loop, with a plain thread pool for `run_in_executor(None, ...)`.

    qasync's own default executor runs QThreads that can still be alive when the loop
    closes ("QThread: Destroyed while thread is still running" aborts the process).
    """
    loop = AppEventLoop(app)
    loop.set_default_executor(ThreadPoolExecutor(max_workers=4, thread_name_prefix="worker"))
    loop.set_exception_handler(_report_loop_error)
    close_async_generators_on(loop)
    return loop


def _report_loop_error(loop: asyncio.AbstractEventLoop, context: dict[str, object]) -> None:
    # Errors of callbacks and of tasks nobody awaited: shown and logged like any other.
    exc = context.get("exception")
    if isinstance(exc, BaseException):
        report_exception(exc)
    else:
        loop.default_exception_handler(context)


def run_gui(data_dir_flag: str | None = None, *, on_shown: ShownHook | None = None) -> int:
    """Open the main window and run until it has shut down; returns the exit code.

    `on_shown` is called once the window is shown and its first data is loaded (the
    start-up benchmark and GUI smoke tests use it to measure and then close the window).
    """
    configure_logging()
    app = create_application()
    install_excepthook()
    runner = asyncio.Runner(loop_factory=lambda: make_event_loop(app))
    with runner:
        return runner.run(_run(data_dir_flag, on_shown))


async def _run(data_dir_flag: str | None, on_shown: ShownHook | None) -> int:
    store = SettingsStore()
    loop = asyncio.get_running_loop()
    try:
        settings = await _load_settings(store)
        config = resolve_config(settings, data_dir_flag=data_dir_flag)
        services = await loop.run_in_executor(None, AppServices.open, config, store)
    except Exception as exc:  # whatever stops the start is shown, never a silent exit
        return await _refuse_start(exc)
    tasks = TaskRegistry(on_error=report_exception)
    window = MainWindow(services, tasks)
    set_settings_opener(window.open_settings)
    finished: asyncio.Future[None] = loop.create_future()
    window.shutdown_finished.connect(lambda: resolve(finished, None))
    window.show()
    try:
        await window.load()
        # Every page of the databases, read off the GUI thread while the window is up;
        # a damaged file closes the app before it writes (or pays for) anything more.
        await services.verify_databases()
    except Exception as exc:
        code = await _refuse_start(exc)
        window.close()
        await finished
        return code
    if on_shown is not None:
        on_shown(window)
    await finished
    return 0


async def _refuse_start(exc: Exception) -> int:
    """Tell the user why the app cannot start (a dialog, and the log); returns the exit code."""
    title = "Headhunter Desktop cannot start"
    if isinstance(exc, UserFacingError):
        log.error("start-up failed: %s", exc)
        await _tell(title, str(exc), QMessageBox.Icon.Critical)
        return exc.exit_code
    log.error("start-up failed", exc_info=exc)
    reason = redact(str(exc)) or type(exc).__name__
    text = f"Unexpected error: {reason}.\n\nThe details are in the log file (app.log)."
    await _tell(title, text, QMessageBox.Icon.Critical)
    return 1


async def _load_settings(store: SettingsStore) -> Settings:
    try:
        return store.load()
    except ConfigurationError as exc:
        kept = store.set_aside_damaged() if store.path.exists() else None
        note = f"\n\nThe damaged file was kept as {kept}." if kept else ""
        await _tell(
            "Settings reset", f"{exc} Using default settings.{note}", QMessageBox.Icon.Warning
        )
        return Settings()


async def _tell(title: str, text: str, icon: QMessageBox.Icon) -> None:
    box = QMessageBox(icon, title, text)
    done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    box.finished.connect(lambda _r: resolve(done, None))
    box.open()
    await done
