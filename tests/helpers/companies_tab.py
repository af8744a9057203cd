"""Driving the Companies tab as a recruiter would: choosing a client, typing into the
profile's fields, reading what a field and its source note show, and waiting for the
tab's loads, saves, reads and extractions to end."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from headhunter_desktop.core.domain.client_profile import ClientProfile
from headhunter_desktop.ui.companies.companies_tab import CompaniesTab
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.helpers.field_forms import text_of
from tests.helpers.waiting import wait_for


def companies_tab(window: MainWindow) -> CompaniesTab:
    """The window's Companies tab, shown."""
    tab = window.companies_tab
    window.tab_widget.setCurrentWidget(tab)
    return tab


async def idle(tab: CompaniesTab, timeout: float = 20) -> None:
    """Until no load, save, read or extraction of the tab runs."""
    await wait_for(lambda: not tab.workflow.is_working(), timeout)


async def choose_client(tab: CompaniesTab, name: str) -> None:
    """Click the client's row, as a user would, and wait for its profile."""
    model = tab.panel.model
    row = next(
        i for i in range(model.rowCount()) if getattr(model.client_at(i), "name", "") == name
    )
    rect = tab.table.visualRect(tab.table.model().index(row, 0))
    QTest.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    await wait_for(lambda: tab.editor.client is not None and tab.editor.client.name == name)
    await idle(tab)


def company_text(tab: CompaniesTab, key: str) -> str:
    """What the company field `key` shows (line, text and list fields)."""
    return text_of(tab.editor.forms.company, key)


def source_note(tab: CompaniesTab, key: str) -> str:
    return tab.editor.forms.source_note(key)


def focused() -> QWidget:
    """The widget with the keyboard focus (a key sent to it goes where a user's would)."""
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the focus"
    return widget


def type_into(editor: Any, text: str, *, replace: bool = True) -> None:
    """Type `text` into a line or text editor as keystrokes (a person's edit)."""
    editor.setFocus()
    if replace:
        editor.selectAll()
        QTest.keyClick(editor, Qt.Key.Key_Delete)
    for number, line in enumerate(text.split("\n")):
        if number:
            QTest.keyClick(editor, Qt.Key.Key_Return)
        QTest.keyClicks(editor, line)  # ASCII only: QTest maps characters to keys


def type_into_field(tab: CompaniesTab, form: str, key: str, text: str) -> None:
    """Type into field `key` of the form `form` ("company", "client" or "voice")."""
    field = getattr(tab.editor.forms, form).field(key)
    type_into(field.editor, text)


def type_website(tab: CompaniesTab, url: str) -> None:
    edit: QLineEdit = tab.editor.website.edit
    type_into(edit, url)


def stored_profile(window: MainWindow, qloop: Any, client_id: int) -> ClientProfile:
    return qloop.run_until_complete(window.services.clients.profile(client_id))


def answer_json(values: Mapping[str, Any]) -> str:
    """The model's answer for an extraction: `values` as an indented JSON object."""
    return json.dumps(dict(values), indent=1, ensure_ascii=False)
