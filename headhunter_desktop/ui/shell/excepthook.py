"""Unexpected errors: logged in full, shown to the user in one dialog, never a silent exit."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.services.configuration import redact

log = logging.getLogger("headhunter_desktop.crash")
# Errors whose fix is in Settings (no key, a key refused, a model or server not found):
# their dialog offers to open it, wherever they came from (search, re-parse, generation).
SETTINGS_CODES = frozenset({"no_api_key", "auth", "model_not_found", "connection"})
OPEN_SETTINGS = "Open Settings"
_settings_opener: list[Callable[[], object]] = []


def set_settings_opener(opener: Callable[[], object] | None) -> None:
    """What "Open Settings" in an error dialog does (the main window's Settings action)."""
    _settings_opener[:] = [opener] if opener is not None else []


def report_exception(exc: BaseException) -> None:
    """Log `exc` and show it: a UserFacingError as its message, anything else as a bug."""
    if isinstance(exc, UserFacingError):
        log.warning("%s", exc)
        fix = _settings_opener[0] if _settings_opener and exc.code in SETTINGS_CODES else None
        _show("Headhunter Desktop", str(exc), details=None, open_settings=fix)
        return
    log.error("Unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    details = redact("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    _show(
        "Unexpected error",
        f"Something went wrong: {redact(str(exc)) or type(exc).__name__}.\n\n"
        "Your data is safe; the details are in the log file (Help → Open log folder).",
        details=details,
    )


def install_excepthook() -> None:
    """Route uncaught exceptions (including those in qasync slots) to `report_exception`."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        exc.__traceback__ = tb
        report_exception(exc)

    sys.excepthook = hook


# A parentless box is deleted as soon as Python drops it: keep it until it is closed.
_open_boxes: set[QMessageBox] = set()


def _show(
    title: str, text: str, details: str | None, open_settings: Callable[[], object] | None = None
) -> None:
    if QApplication.instance() is None:
        return
    icon = QMessageBox.Icon.Critical if details else QMessageBox.Icon.Warning
    box = QMessageBox(icon, title, text, parent=QApplication.activeWindow())
    if details:
        box.setDetailedText(details)
    if open_settings is not None:
        settings = box.addButton(OPEN_SETTINGS, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.setDefaultButton(settings)
        settings.clicked.connect(lambda: open_settings())
    _open_boxes.add(box)
    box.finished.connect(lambda _result: _open_boxes.discard(box))
    box.open()
