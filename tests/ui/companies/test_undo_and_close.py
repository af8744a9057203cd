"""The recruiter's values are never lost behind their back: a found value accepted in the
merge view is one undo step in its field (Ctrl+Z there brings theirs back), and closing
the window with unsaved profile changes asks Save / Discard / Cancel first."""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from headhunter_desktop.ui.companies.companies_tab import CompaniesTab
from headhunter_desktop.ui.companies.paste_dialog import PasteTextDialog
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.fakes import ChatReply, FakeOpenAIServer
from tests.helpers.companies_tab import answer_json, company_text, idle, type_into_field
from tests.helpers.company_sites import ABOUT_TEXT, HOME_TEXT
from tests.helpers.dialogs import answer_message_box
from tests.helpers.waiting import streams_closed, wait_for, wait_for_widget

FOUND = {
    "industry": "Bridge engineering",
    "description": "Acme designs suspension bridges.",
    "values": ["Safety", "Craft"],
    "founded_year": 1950,
}
MINE = {"industry": "Civil engineering", "description": "We build bridges.", "values": "- Care"}


async def paste(tab: CompaniesTab, text: str) -> None:
    tab.editor.website.paste_button.click()
    dialog = await wait_for_widget(PasteTextDialog)
    dialog.text_edit.setPlainText(text)
    dialog.submit_button.click()
    window = tab.window()
    window.activateWindow()
    await wait_for(lambda: QApplication.activeWindow() is window)


def test_an_accepted_value_is_one_undo_step_in_its_field(
    tab: CompaniesTab, qloop, fake_openai_env: FakeOpenAIServer
) -> None:
    fake_openai_env.queue(ChatReply(answer_json(FOUND)))
    for key, value in MINE.items():
        type_into_field(tab, "company", key, value)
    tab.editor.forms.company.field("founded_year").editor.setText("1949")  # type: ignore[attr-defined]
    editor = tab.editor

    async def scenario() -> None:
        await paste(tab, f"{HOME_TEXT}\n\n{ABOUT_TEXT}")
        await idle(tab)
        await streams_closed()

    qloop.run_until_complete(scenario())
    assert editor.is_merging() and set(editor.merge_view.fields()) >= set(MINE)
    editor.merge_view.accept_all_button.click()
    assert company_text(tab, "industry") == "Bridge engineering"
    assert company_text(tab, "values") == "- Safety\n- Craft"
    for key, mine in {**MINE, "founded_year": "1949"}.items():
        field_editor = editor.forms.company.field(key).editor  # type: ignore[attr-defined]
        field_editor.setFocus()
        QTest.keyClick(field_editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert company_text(tab, key) == mine, key
    assert source_of(tab, "industry") == "typed"  # the recruiter's own again
    assert editor.is_dirty()
    assert qloop.run_until_complete(tab.workflow.save_now())


def source_of(tab: CompaniesTab, key: str) -> str:
    return tab.editor.forms.sources()[key].method


def test_closing_with_unsaved_changes_asks_and_cancel_keeps_the_window(
    tab: CompaniesTab, online: MainWindow, acme: Any, qloop
) -> None:
    type_into_field(tab, "company", "tagline", "Bridges for all")
    assert tab.editor.is_dirty()

    async def close_answering(button: str) -> str:
        answer = asyncio.ensure_future(answer_message_box(button))
        online.close()
        return await answer

    shown = qloop.run_until_complete(close_answering("Cancel"))
    assert shown.startswith("Unsaved changes") and "Acme Ltd" in shown
    qloop.run_until_complete(wait_for(lambda: online._close_question.done()))  # type: ignore[union-attr]
    assert online.isVisible() and online.isEnabled() and not online.is_shut_down()
    assert tab.editor.is_dirty() and company_text(tab, "tagline") == "Bridges for all"

    qloop.run_until_complete(close_answering("Save"))
    qloop.run_until_complete(wait_for(online.is_shut_down))
    assert not tab.editor.is_dirty()
    assert tab.editor.status.message() == "Saved the profile of Acme Ltd"


def test_discard_closes_without_saving(tab: CompaniesTab, online: MainWindow, qloop) -> None:
    type_into_field(tab, "company", "tagline", "Bridges for all")

    async def close_discarding() -> None:
        answer = asyncio.ensure_future(answer_message_box("Discard"))
        online.close()
        await answer
        await wait_for(online.is_shut_down)

    qloop.run_until_complete(close_discarding())
    assert tab.editor.is_dirty() and not online.isVisible()
