"""Unexpected errors: logged (key redacted) to the rotating log and shown in a dialog."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.logging_setup import configure_logging
from headhunter_desktop.ui.shell.excepthook import install_excepthook
from tests.helpers.waiting import shown_dialog


def open_boxes() -> list[QMessageBox]:
    box = shown_dialog(QMessageBox)
    return [] if box is None else [box]


def test_unexpected_error_is_logged_and_shown(qapp, tmp_path: Path) -> None:
    log_path = configure_logging(log_dir=tmp_path)
    old_hook = sys.excepthook
    install_excepthook()
    try:
        try:
            raise RuntimeError("kaboom with sk-secretkey1234567890")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
        [box] = open_boxes()
        assert box.windowTitle() == "Unexpected error"
        assert "kaboom" in box.text() and "log file" in box.text()
        assert "RuntimeError" in box.detailedText()
        assert "sk-secretkey1234567890" not in box.text() + box.detailedText()
        box.close()
    finally:
        sys.excepthook = old_hook
    for handler in logging.getLogger().handlers:
        handler.flush()
    logged = log_path.read_text(encoding="utf-8")
    assert "Unexpected error" in logged and "Traceback" in logged and "kaboom" in logged
    assert "sk-secretkey1234567890" not in logged


def test_user_facing_error_shows_its_message_without_a_traceback(qapp) -> None:
    from headhunter_desktop.ui.shell.excepthook import report_exception

    report_exception(UserFacingError("The data folder /x cannot be used (Permission denied)."))
    [box] = open_boxes()
    assert box.text().startswith("The data folder /x cannot be used")
    assert box.detailedText() == ""
    box.close()
