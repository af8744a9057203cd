"""The Departments tab without the LLM writing: empty states, new / save / rename /
delete from the keyboard, and unsaved edits asked about before they could be lost."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot

from headhunter_desktop.core.domain.department import DepartmentProfile
from headhunter_desktop.ui.departments.department_editor import (
    NEW_TEXT,
    SAVED_TEXT,
    UNSAVED_TEXT,
)
from headhunter_desktop.ui.departments.departments_tab import DepartmentsTab
from headhunter_desktop.ui.settings.settings_dialog import SettingsDialog
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.helpers.departments_tab import (
    PLATFORM,
    answer_and_wait_closed,
    departments_tab,
    field_text,
    idle,
    list_names,
    selected_name,
)
from tests.helpers.waiting import wait_for, wait_for_widget

CTRL = Qt.KeyboardModifier.ControlModifier


def add_departments(window: MainWindow, qloop, client_id: int, *names: str) -> None:
    save = window.services.departments.save
    for name in names:
        profile = DepartmentProfile(client_id=client_id, name=name, fields=PLATFORM)
        qloop.run_until_complete(save(profile))


def stored(window: MainWindow, qloop, client_id: int) -> dict[str, DepartmentProfile]:
    departments = qloop.run_until_complete(window.services.departments.list(client_id))
    return {d.name: d for d in departments}


def reloaded(tab: DepartmentsTab, qloop) -> DepartmentsTab:
    tab.workflow.reload()
    qloop.run_until_complete(idle(tab))
    return tab


def type_description(qtbot: QtBot, tab: DepartmentsTab, text: str) -> None:
    editor = tab.editor.form.field("description").editor  # type: ignore[attr-defined]
    editor.setFocus()
    editor.clear()  # a rendered list's last block would keep its bullet
    qtbot.keyClicks(editor, text)


def test_with_no_client_an_empty_state_leads_to_the_companies(window: MainWindow, qloop) -> None:
    tab = departments_tab(window)
    assert tab.is_showing_empty_state()
    assert "client company you work for" in tab.empty_state.text()
    tab.companies_button.click()
    assert window.tab_widget.currentWidget() is window.companies_tab

    async def add_one() -> None:  # no client yet: the Companies tab asks for its name
        dialog = await wait_for_widget(QInputDialog)
        dialog.setTextValue("Acme Rail")
        dialog.accept()
        await wait_for(lambda: [c.name for c in window.directory.clients] == ["Acme Rail"])
        window.directory.select(window.directory.clients[0].id)
        await idle(tab)

    qloop.run_until_complete(add_one())
    assert not tab.is_showing_empty_state() and tab.panel.is_showing_empty_state()


def test_a_client_without_departments_offers_a_new_one(
    tab: DepartmentsTab, online: MainWindow, acme: Any, qloop
) -> None:
    panel, editor = tab.panel, tab.editor
    assert panel.is_showing_empty_state() and "No departments for Acme Rail" in (
        panel.empty_label.text()
    )
    assert editor.state_label.text() == NEW_TEXT and editor.name() == ""
    assert not editor.generate_button.isEnabled() and not editor.save_button.isEnabled()
    assert "Name the department first" in editor.generate_button.toolTip()
    tab.workflow.save()  # Ctrl+S with nothing typed: nothing to save, no complaint
    assert not tab.workflow.is_working() and editor.status.message() == ""
    assert editor.llm_hint.isHidden() and not tab.panel.delete_button.isEnabled()
    editor.name_edit.setText("Platform")
    assert editor.generate_button.isEnabled() and editor.save_button.isEnabled()
    assert editor.form.regenerate_button("description").isEnabled()  # type: ignore[union-attr]
    qloop.run_until_complete(online.directory.rename(acme.id, "Acme Railways"))
    assert "No departments for Acme Railways" in panel.empty_label.text()
    assert editor.name() == "Platform"  # a rename of the client keeps what is typed


def test_without_an_llm_generate_is_off_and_settings_are_one_click_away(
    window: MainWindow, qloop
) -> None:
    created = qloop.run_until_complete(window.directory.create("Acme Rail"))
    window.directory.select(created.id)
    tab = departments_tab(window)
    qloop.run_until_complete(idle(tab))
    editor = tab.editor
    editor.name_edit.setText("Platform")
    assert editor.llm_hint.isVisible() and not editor.generate_button.isEnabled()
    assert "Open Settings" in editor.generate_button.toolTip()
    assert not editor.form.regenerate_button("technologies").isEnabled()  # type: ignore[union-attr]
    assert editor.save_button.isEnabled()  # writing by hand still works
    tab.workflow.generate()  # Ctrl+Enter: nothing to send it to, so nothing happens
    assert not tab.workflow.is_working() and editor.status.message() == ""
    editor.settings_button.click()
    dialog = qloop.run_until_complete(wait_for_widget(SettingsDialog))
    dialog.reject()


def test_new_save_rename_and_delete_from_the_keyboard(
    tab: DepartmentsTab, online: MainWindow, acme: Any, qloop, qtbot: QtBot
) -> None:
    online.activateWindow()
    qtbot.keyClick(tab.panel.view, Qt.Key.Key_N, CTRL)
    qloop.run_until_complete(wait_for(lambda: tab.editor.name_edit.hasFocus()))
    qtbot.keyClicks(tab.editor.name_edit, "Data Platform")
    type_description(qtbot, tab, "Runs the warehouse.")
    assert tab.editor.state_label.text() == UNSAVED_TEXT
    qtbot.keyClick(tab.editor.name_edit, Qt.Key.Key_S, CTRL)
    qloop.run_until_complete(idle(tab))
    saved = stored(online, qloop, acme.id)["Data Platform"]
    assert saved.fields.description == "Runs the warehouse."
    assert saved.edited_fields == ["description"] and not saved.ai_drafted
    assert list_names(tab) == ["Data Platform"] and selected_name(tab) == "Data Platform"
    assert tab.editor.state_label.text() == SAVED_TEXT and not tab.editor.is_dirty()

    tab.editor.name_edit.setText("Data Engineering")
    qtbot.keyClick(tab.editor.name_edit, Qt.Key.Key_S, CTRL)
    qloop.run_until_complete(idle(tab))
    assert list(stored(online, qloop, acme.id)) == ["Data Engineering"]
    assert list_names(tab) == ["Data Engineering"]

    tab.panel.view.setFocus()
    qtbot.keyClick(tab.panel.view, Qt.Key.Key_Delete)
    asked = qloop.run_until_complete(answer_and_wait_closed("Delete"))
    assert "Data Engineering" in asked
    qloop.run_until_complete(wait_for(lambda: not list_names(tab)))
    assert stored(online, qloop, acme.id) == {} and tab.panel.is_showing_empty_state()
    assert tab.editor.state_label.text() == NEW_TEXT and tab.editor.name() == ""


def test_a_name_the_client_has_already_is_refused_and_nothing_typed_is_lost(
    tab: DepartmentsTab, online: MainWindow, acme: Any, qloop, qtbot: QtBot
) -> None:
    add_departments(online, qloop, acme.id, "Platform")
    reloaded(tab, qloop)
    tab.workflow.new()
    qloop.run_until_complete(idle(tab))
    tab.editor.name_edit.setText("  platform ")
    type_description(qtbot, tab, "Another platform team.")
    tab.workflow.save()
    qloop.run_until_complete(idle(tab))
    assert "Platform" in tab.editor.status.message() and tab.editor.is_dirty()
    assert field_text(tab, "description") == "Another platform team."
    tab.workflow.generate()  # refused before anything is sent or paid for
    qloop.run_until_complete(idle(tab))
    assert "already" in tab.editor.status.message()
    assert list(stored(online, qloop, acme.id)) == ["Platform"]


def test_leaving_unsaved_edits_for_another_department_asks_first(
    tab: DepartmentsTab, online: MainWindow, acme: Any, qloop, qtbot: QtBot
) -> None:
    add_departments(online, qloop, acme.id, "Backend", "Platform")
    reloaded(tab, qloop)
    assert selected_name(tab) == "Backend" and tab.editor.name() == "Backend"
    type_description(qtbot, tab, "Edited by hand.")
    platform_row = tab.model.index(1)

    async def click_platform_then(button: str) -> None:
        tab.panel.view.setCurrentIndex(platform_row)
        assert "“Backend”" in await answer_and_wait_closed(button)
        await idle(tab)

    qloop.run_until_complete(click_platform_then("Cancel"))
    assert tab.editor.name() == "Backend" and selected_name(tab) == "Backend"
    assert field_text(tab, "description") == "Edited by hand."

    qloop.run_until_complete(click_platform_then("Discard"))
    assert tab.editor.name() == "Platform" and selected_name(tab) == "Platform"
    assert stored(online, qloop, acme.id)["Backend"].fields == PLATFORM

    type_description(qtbot, tab, "Platform, edited.")
    tab.panel.view.setCurrentIndex(tab.model.index(0))
    qloop.run_until_complete(answer_and_wait_closed("Save"))
    qloop.run_until_complete(idle(tab))
    assert tab.editor.name() == "Backend" and selected_name(tab) == "Backend"
    platform = stored(online, qloop, acme.id)["Platform"]
    assert platform.fields.description == "Platform, edited."
    assert platform.edited_fields == ["description"]


def test_switching_client_with_unsaved_edits_asks_and_cancel_stays(
    tab: DepartmentsTab, online: MainWindow, acme: Any, qloop, qtbot: QtBot
) -> None:
    globex = qloop.run_until_complete(online.directory.create("Globex"))
    add_departments(online, qloop, globex.id, "Research")
    tab.editor.name_edit.setText("Platform")
    type_description(qtbot, tab, "Written before the switch.")

    async def switch_then(button: str) -> None:
        online.directory.select(globex.id)
        assert "“Platform”" in await answer_and_wait_closed(button)
        await idle(tab)

    qloop.run_until_complete(switch_then("Cancel"))
    assert online.directory.current is not None and online.directory.current.id == acme.id
    assert online.client_selector.currentText() == "Acme Rail"
    assert field_text(tab, "description") == "Written before the switch."

    qloop.run_until_complete(switch_then("Save"))
    assert list_names(tab) == ["Research"] and tab.editor.name() == "Research"
    acme_departments = stored(online, qloop, acme.id)
    assert acme_departments["Platform"].fields.description == "Written before the switch."
