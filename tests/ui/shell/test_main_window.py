"""The main window on real services: six tabs, the client selector, settings, Companies CRUD."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from headhunter_desktop.ui.settings.settings_dialog import SettingsDialog
from headhunter_desktop.ui.shell.client_selector import NO_CLIENT_LABEL
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.ui.conftest import wait_for, wait_for_widget

TAB_TITLES = ["CVs", "Jobs", "Departments", "Companies", "Interviews", "Usage"]


def tab_titles(window: MainWindow) -> list[str]:
    return [window.tab_widget.tabText(i) for i in range(window.tab_widget.count())]


async def type_into_input_dialog(text: str) -> None:
    dialog = await wait_for_widget(QInputDialog)
    dialog.setTextValue(text)
    dialog.accept()


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


def test_companies_crud_updates_the_shared_selector(window: MainWindow, qloop) -> None:
    tab = window.companies_tab
    window.tab_widget.setCurrentWidget(tab)

    async def scenario() -> None:
        tab.add_client()
        await type_into_input_dialog("  Acme Ltd ")
        await wait_for(lambda: len(window.directory.clients) == 1)
        assert window.directory.clients[0].name == "Acme Ltd"
        assert not tab.is_showing_empty_state()
        names = [window.client_selector.itemText(i) for i in range(2)]
        assert names == [NO_CLIENT_LABEL, "Acme Ltd"]

        # Work for it: every tab now speaks of Acme.
        tab.table.selectRow(0)
        tab.work_for_selected()
        assert window.client_selector.currentText() == "Acme Ltd"
        assert "Acme Ltd" in window.widget_for("Jobs").empty_state.text()

        tab.rename_selected()
        await type_into_input_dialog("Acme Group")
        await wait_for(lambda: window.directory.clients[0].name == "Acme Group")
        assert window.client_selector.currentText() == "Acme Group"

        tab.table.selectRow(0)
        tab.delete_selected()
        box = await wait_for_widget(QMessageBox)
        assert "Acme Group" in box.text() and "kept for billing" in box.text()
        next(b for b in box.buttons() if b.text() == "Delete").click()
        await wait_for(lambda: not window.directory.clients)
        assert window.client_selector.currentText() == NO_CLIENT_LABEL
        assert tab.is_showing_empty_state()

    qloop.run_until_complete(scenario())


def test_cancelled_delete_keeps_the_client(window: MainWindow, qloop) -> None:
    async def scenario() -> None:
        await window.directory.create("Keep Me")
        window.companies_tab.table.selectRow(0)
        window.companies_tab.delete_selected()
        box = await wait_for_widget(QMessageBox)
        box.reject()
        await wait_for(lambda: not window.tasks.running("companies.delete"))
        assert [c.name for c in window.directory.clients] == ["Keep Me"]

    qloop.run_until_complete(scenario())


def test_duplicate_client_name_is_refused_with_a_message(window: MainWindow, qloop) -> None:
    errors: list[BaseException] = []
    window.tasks._on_error = errors.append

    async def scenario() -> None:
        await window.directory.create("Acme Ltd")
        window.companies_tab.add_client()
        await type_into_input_dialog("acme ltd")
        await wait_for(lambda: bool(errors))

    qloop.run_until_complete(scenario())
    assert "already exists" in str(errors[0])
    assert len(window.directory.clients) == 1


def test_settings_dialog_saves_and_updates_the_status(window: MainWindow) -> None:
    dialog = window.open_settings()
    assert isinstance(dialog, SettingsDialog) and dialog.isVisible()
    dialog.base_url.setEditText("not a url")
    dialog._save()
    assert dialog.isVisible() and "not a valid base URL" in dialog.error_label.text()
    dialog.base_url.setEditText("http://localhost:11434/v1")
    dialog.chat_model.setText("llama3.1:8b")
    dialog.key_edit.setText("sk-test-abcdefghijklmnop")
    dialog._save()
    assert not dialog.isVisible()
    assert window.services.keys.get() == "sk-test-abcdefghijklmnop"
    assert window.services.settings_store.load().chat_model == "llama3.1:8b"
    assert window.llm_status.text() == "LLM: localhost:11434 · llama3.1:8b"
    assert "connect an LLM" not in window.widget_for("CVs").empty_state.text()


def test_test_connection_shows_models_or_a_specific_error(
    window: MainWindow,
    qloop,
    fake_openai,
) -> None:
    dialog = window.open_settings()
    dialog.base_url.setEditText(fake_openai.base_url)

    async def scenario() -> None:
        dialog.key_edit.setText("sk-test-fake")
        dialog.test_connection()
        await wait_for(lambda: dialog.test_result.text().startswith("✓"))
        assert "gpt-4o-mini" in dialog.test_result.text()
        dialog.key_edit.setText("sk-wrong-000000000000")
        dialog.test_connection()
        await wait_for(lambda: "✗" in dialog.test_result.text())

    qloop.run_until_complete(scenario())
    assert "rejected the API key" in dialog.test_result.text()
    assert "sk-wrong-000000000000" not in dialog.test_result.text()
    dialog.reject()


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
    assert not any(
        isinstance(w, QInputDialog) and w.isVisible() for w in QApplication.topLevelWidgets()
    )
