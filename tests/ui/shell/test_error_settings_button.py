"""An error whose fix is in Settings (no key, a key refused, a model or server not found)
offers "Open Settings" in its dialog wherever it came from — search, re-parse, generation —
not only from an import; other errors do not."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QMessageBox

from headhunter_desktop.core.llm.errors import NoApiKeyError, RateLimitedError
from headhunter_desktop.ui.settings.settings_dialog import SettingsDialog
from headhunter_desktop.ui.shell.excepthook import report_exception, set_settings_opener
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.helpers.dialogs import answer_message_box
from tests.helpers.waiting import wait_for_widget


@pytest.fixture
def opener(window: MainWindow) -> Iterator[MainWindow]:
    set_settings_opener(window.open_settings)
    yield window
    set_settings_opener(None)


def test_no_api_key_offers_open_settings(opener: MainWindow, qloop) -> None:
    async def press() -> SettingsDialog:
        report_exception(NoApiKeyError())  # e.g. a search run before any key was set
        shown = await answer_message_box("Open Settings")
        assert "No OpenAI API key is set" in shown
        return await wait_for_widget(SettingsDialog)

    dialog = qloop.run_until_complete(press())
    dialog.reject()


def test_an_error_settings_cannot_fix_has_no_such_button(opener: MainWindow, qloop) -> None:
    async def look() -> list[str]:
        report_exception(RateLimitedError("The server is busy (429). Try again in a minute."))
        box = await wait_for_widget(QMessageBox)
        buttons = [b.text().replace("&", "") for b in box.buttons()]
        box.close()
        return buttons

    assert "Open Settings" not in qloop.run_until_complete(look())
