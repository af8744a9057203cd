"""The main window on real services: six tabs, the client selector, shortcuts."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from headhunter_desktop.ui.shell.client_selector import NO_CLIENT_LABEL
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.helpers.dialogs import type_into_input_dialog
from tests.helpers.waiting import shown_dialog, wait_for

TAB_TITLES = ["CVs", "Jobs", "Departments", "Companies", "Interviews", "Usage"]


def tab_titles(window: MainWindow) -> list[str]:
    return [window.tab_widget.tabText(i) for i in range(window.tab_widget.count())]


def test_six_tabs_each_with_guidance(window: MainWindow) -> None:
    assert tab_titles(window) == TAB_TITLES
    for tab in window.tabs:
        assert tab.is_showing_empty_state()
        text = tab.empty_state.text()
        assert len(text) > 60 and "TODO" not in text
    cvs = window.widget_for("CVs")
    assert "connect an LLM in Settings" in cvs.empty_state.text()
    assert "LLM: not set up" in window.llm_status.text()


def test_client_selector_starts_on_the_agency_pool(window: MainWindow) -> None:
    assert window.client_selector.currentText() == NO_CLIENT_LABEL
    assert window.client_selector.count() == 1


def test_keyboard_shortcuts_switch_tabs(window: MainWindow, qtbot) -> None:
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert window.tab_widget.currentWidget() is window.usage_tab


def test_a_tabs_shortcuts_work_wherever_the_focus_is_in_the_window(
    window: MainWindow, qloop, qtbot
) -> None:
    window.activateWindow()
    window.tab_widget.setCurrentWidget(window.companies_tab)
    # Focus outside the tab's content: on the shared client selector in the toolbar.
    window.client_selector.setFocus()
    qtbot.keyClick(window.client_selector, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)

    async def scenario() -> None:
        await type_into_input_dialog("Globex")
        await wait_for(lambda: [c.name for c in window.directory.clients] == ["Globex"])

    qloop.run_until_complete(scenario())


def test_a_hidden_tabs_shortcuts_do_not_fire(window: MainWindow, qloop, qtbot) -> None:
    window.activateWindow()
    window.tab_widget.setCurrentWidget(window.usage_tab)
    qtbot.keyClick(window.tab_widget, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qloop.run_until_complete(asyncio.sleep(0.2))
    assert not window.tasks.running("companies.add")
    assert shown_dialog(QInputDialog) is None
