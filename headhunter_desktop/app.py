"""GUI start-up and orderly shutdown on one qasync event loop.

The window shows first, with its tabs saying "Opening…": only Qt is imported by then.
Logging and the imports of the services and the first tab (about a second) begin in a
worker thread as the window is built; the settings are read, the databases opened off the
GUI thread; then the tab on screen fills in, and the other tabs are built after it, while
every page of both databases is checked in a worker (LLM calls wait for that check).
"""

from __future__ import annotations

import asyncio
import gc
import logging
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QMessageBox

from headhunter_desktop import APP_ID, APP_NAME
from headhunter_desktop.core.errors import ConfigurationError, UserFacingError
from headhunter_desktop.resources import read_text_resource
from headhunter_desktop.ui.common.app_icon import application_icon
from headhunter_desktop.ui.shell.async_dialogs import resolve
from headhunter_desktop.ui.shell.event_loop import AppEventLoop
from headhunter_desktop.ui.shell.generator_closer import close_async_generators_on
from headhunter_desktop.ui.shell.main_window import MainWindow, import_window_dependencies
from headhunter_desktop.ui.shell.task_registry import TaskRegistry

if TYPE_CHECKING:
    from headhunter_desktop.core.services.app_services import AppServices
    from headhunter_desktop.core.settings import EffectiveConfig, Settings, SettingsStore

log = logging.getLogger(__name__)


def create_application() -> QApplication:
    """The QApplication with the app's names and style sheet (idempotent)."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_ID)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(application_icon())  # every window's, and the task bar's on X11
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
        _report(exc)
    else:
        loop.default_exception_handler(context)


def _report(exc: BaseException) -> None:
    # The error dialogs' module reaches the services' configuration: imported when needed.
    from headhunter_desktop.ui.shell.excepthook import report_exception

    report_exception(exc)


def run_gui(
    data_dir_flag: str | None = None,
    *,
    on_opening: ShownHook | None = None,
    on_shown: ShownHook | None = None,
) -> int:
    """Open the main window and run until it has shut down; returns the exit code.

    `on_opening` is called as soon as the window shows (its tabs still opening), `on_shown`
    once its services are open and its first data is loaded (the start-up benchmark and
    GUI smoke tests use them to measure and then close the window).
    """
    app = create_application()
    runner = asyncio.Runner(loop_factory=lambda: make_event_loop(app))
    with runner:
        return runner.run(_run(data_dir_flag, on_opening, on_shown))


async def _run(
    data_dir_flag: str | None, on_opening: ShownHook | None, on_shown: ShownHook | None
) -> int:
    loop = asyncio.get_running_loop()
    # Until the warm-up ends (MainWindow.warm_up): the imports and the first loads make
    # objects that live as long as the app, and collections walking them as they grow
    # took a tenth of the start (~150 ms).
    gc.disable()
    try:
        # Logging and the imports begin in a worker while this thread builds and paints
        # the window, which holds the GIL only part of that time: usable ~40 ms sooner,
        # shown no later (bench_startup.py, medians of 15 starts).
        prepared = loop.run_in_executor(None, _log_and_import)
        window = MainWindow(None, TaskRegistry(on_error=_report))
        finished: asyncio.Future[None] = loop.create_future()
        window.shutdown_finished.connect(lambda: resolve(finished, None))
        window.show()
        if on_opening is not None:
            on_opening(window)
        return await _start(window, finished, prepared, data_dir_flag, on_shown)
    finally:
        gc.enable()


async def _start(
    window: MainWindow,
    finished: asyncio.Future[None],
    prepared: asyncio.Future[None],
    data_dir_flag: str | None,
    on_shown: ShownHook | None,
) -> int:
    try:
        services = await _open_services(prepared, data_dir_flag)
    except Exception as exc:  # whatever stops the start is shown, never a silent exit
        code = await _refuse_start(exc)
        window.give_up_opening()
        await finished
        return code
    window.attach(services)
    from headhunter_desktop.ui.shell.excepthook import set_settings_opener

    set_settings_opener(window.open_settings)
    if window.close_requested:  # closed while opening: shut down what just opened
        window.close()
        await finished
        return 0
    try:
        await window.show_data()
    except Exception as exc:
        return await _close_for(exc, window, finished)
    if on_shown is not None:
        on_shown(window)
    window.tasks.start("start.finish", window.finish_start())
    # Every page of the databases is read off the GUI thread while the recruiter already
    # works (a large pool's file takes seconds, more after a reboot): LLM calls wait for
    # it, so nothing is paid for with a damaged file, and a damaged file closes the app.
    checked = asyncio.ensure_future(services.verify_databases())
    await asyncio.wait({checked, finished}, return_when=asyncio.FIRST_COMPLETED)
    if not checked.done():  # closed first: its outcome no longer matters
        checked.cancel()
    else:
        try:
            checked.result()
        except Exception as exc:
            return await _close_for(exc, window, finished)
    await finished
    return 0


async def _close_for(exc: Exception, window: MainWindow, finished: asyncio.Future[None]) -> int:
    """Say why the app cannot go on (a dialog), close the window; returns the exit code."""
    code = await _refuse_start(exc)
    window.close()
    await finished
    return code


async def _open_services(prepared: asyncio.Future[None], data_dir_flag: str | None) -> AppServices:
    """Once logging is set up and the services' and window's modules are imported in a
    worker (`prepared`): the settings, then the services, whose databases open in a worker
    thread too; the settings' warning shows on the GUI."""
    loop = asyncio.get_running_loop()
    await prepared
    from headhunter_desktop.core.settings import SettingsStore, resolve_config
    from headhunter_desktop.ui.shell.excepthook import install_excepthook

    install_excepthook()
    store = SettingsStore()
    settings = await _load_settings(store)
    config = resolve_config(settings, data_dir_flag=data_dir_flag)
    return await loop.run_in_executor(None, _open_blocking, config, store)


def _log_and_import() -> None:
    from headhunter_desktop.core import settings as _settings  # noqa: F401  (imported here)
    from headhunter_desktop.core.logging_setup import configure_logging

    configure_logging()
    # Not the GUI modules themselves: they are imported on the GUI thread (`warm_imports`).
    import_window_dependencies()


def _open_blocking(config: EffectiveConfig, store: SettingsStore) -> AppServices:
    from headhunter_desktop.core.services.app_services import AppServices

    # The keyring is asked later, once the window is usable (`LlmState`).
    services = AppServices.open(config, store)
    services.import_in_own_process()  # imports take no CPU time from the GUI thread
    return services


async def _refuse_start(exc: Exception) -> int:
    """Tell the user why the app cannot start (a dialog, and the log); returns the exit code."""
    from headhunter_desktop.core.secrets import redact

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
    from headhunter_desktop.core.settings import Settings

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
