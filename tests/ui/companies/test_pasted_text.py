""" "Paste text instead": the company's own words read by the LLM over a real socket (the
local fake server) into the profile — empty fields fill while the answer streams, a
field the recruiter filled is held back and offered in the merge view, Esc keeps what
arrived — and saved with every value's source."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from headhunter_desktop.core.domain.client_profile import FieldSource
from headhunter_desktop.ui.common.generation_runner import CANCELLED_TEXT
from headhunter_desktop.ui.companies.companies_tab import CompaniesTab
from headhunter_desktop.ui.companies.paste_dialog import PasteTextDialog
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.fakes import ChatReply, FakeOpenAIServer
from tests.helpers.companies_tab import (
    answer_json,
    company_text,
    focused,
    idle,
    source_note,
    stored_profile,
    type_into_field,
)
from tests.helpers.company_sites import ABOUT_TEXT, CAREERS_TEXT, HOME_TEXT
from tests.helpers.jobs_tab import prompt_of
from tests.helpers.waiting import streams_closed, wait_for, wait_for_widget

PASTED = "\n\n".join((HOME_TEXT, ABOUT_TEXT, CAREERS_TEXT))
DESCRIPTION = (
    "Acme designs suspension bridges for regional governments; its engineers inspect and "
    "repair bridges across the north of England. " * 3
).strip()
ANSWER = {
    "description": DESCRIPTION,
    "mission": "Safe crossings for everyone.",
    "values": ["Safety", "Craft"],
    "departments": ["Engineering", "Surveying", "Project Management"],
    "benefits": ["Company pension", "Flexible hours", "Cycle scheme"],
    "industry": "Bridge engineering",
    "founded_year": 1950,
    "headquarters": "Leeds",
}
PASTED_SOURCE = FieldSource(url="", method="pasted-text")


async def paste(tab: CompaniesTab, text: str) -> None:
    """Paste text instead… → the text → Read into the profile."""
    tab.editor.website.paste_button.click()
    dialog = await wait_for_widget(PasteTextDialog)
    dialog.text_edit.setPlainText(text)
    dialog.submit_button.click()
    window = tab.window()
    window.activateWindow()  # as the desktop does when the dialog closes
    await wait_for(lambda: QApplication.activeWindow() is window)


def test_pasted_text_fills_the_empty_fields_and_offers_the_one_filled_by_hand(
    tab: CompaniesTab, online: MainWindow, acme: Any, qloop, fake_openai_env: FakeOpenAIServer
) -> None:
    fake_openai_env.chunk_delay = 0.01
    fake_openai_env.queue(ChatReply(answer_json(ANSWER), chunk_words=1))
    type_into_field(tab, "company", "industry", "Civil engineering")
    tab.editor.forms.client.field("notes").editor.setPlainText("Pays late.")  # type: ignore[attr-defined]
    editor = tab.editor

    async def scenario() -> None:
        await paste(tab, PASTED)
        await wait_for(lambda: "suspension bridges" in company_text(tab, "description"))
        assert tab.reading.runner.running
        assert company_text(tab, "industry") == "Civil engineering"  # held back
        assert not tab.table.isEnabled() and not editor.buttons.save_button.isEnabled()
        await idle(tab)
        await streams_closed()

    qloop.run_until_complete(scenario())
    assert company_text(tab, "description") == DESCRIPTION
    assert company_text(tab, "values") == "- Safety\n- Craft"
    assert source_note(tab, "description") == "from pasted text"
    assert company_text(tab, "industry") == "Civil engineering"  # still, until chosen
    assert editor.is_merging() and editor.merge_view.fields() == ["industry"]
    assert "1 differ from yours" in editor.status.message()
    prompt = prompt_of(fake_openai_env)
    assert "suspension bridges" in prompt and "Pays late" not in prompt  # notes stay ours

    editor.merge_view.set_choice("industry", True)
    editor.merge_view.apply_button.click()
    assert not editor.is_merging() and company_text(tab, "industry") == "Bridge engineering"
    assert source_note(tab, "industry") == "from pasted text"
    QTest.keyClick(editor.website.edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qloop.run_until_complete(idle(tab))
    stored = stored_profile(online, qloop, acme.id)
    assert stored.industry == "Bridge engineering" and stored.founded_year == 1950
    assert stored.sources["industry"] == PASTED_SOURCE
    assert stored.sources["description"] == PASTED_SOURCE
    assert stored.notes == "Pays late." and not editor.is_dirty()


def test_esc_stops_the_extraction_and_keeps_what_arrived(
    tab: CompaniesTab, online: MainWindow, acme: Any, qloop, fake_openai_env: FakeOpenAIServer
) -> None:
    fake_openai_env.chunk_delay = 0.02
    fake_openai_env.queue(ChatReply(answer_json(ANSWER), chunk_words=1))
    editor = tab.editor

    async def scenario() -> str:
        await paste(tab, PASTED)
        await wait_for(lambda: "suspension bridges" in company_text(tab, "description"))
        editor.forms.company.field("tagline").setFocus()
        QTest.keyClick(focused(), Qt.Key.Key_Escape)
        await idle(tab)
        await streams_closed()
        return company_text(tab, "description")

    partial = qloop.run_until_complete(scenario())
    assert DESCRIPTION.startswith(partial) and len(partial) < len(DESCRIPTION)
    assert editor.status.message() == CANCELLED_TEXT
    assert source_note(tab, "description") == "from pasted text"
    assert not editor.is_merging() and editor.is_dirty()
    assert tab.table.isEnabled() and editor.buttons.save_button.isEnabled()
    assert stored_profile(online, qloop, acme.id).description == ""  # nothing saved
