"""The client profile beside the list of clients, typed by hand on real services: saved
with Ctrl+S and shown again with its sources, a bad website explained, unsaved changes
never lost on leaving, and guidance where there is nothing to show or read yet."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from headhunter_desktop.core.domain.client_profile import ClientContact, FieldSource, FineTuning
from headhunter_desktop.ui.companies.companies_tab import NO_SELECTION_TITLE, CompaniesTab
from headhunter_desktop.ui.companies.editor_parts import NO_LLM_GUIDANCE, NO_WEBSITE_GUIDANCE
from headhunter_desktop.ui.companies.profile_editor import SAVED_TEXT, UNSAVED_TEXT
from headhunter_desktop.ui.companies.profile_forms import CLIENT_PAGE
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.helpers.companies_tab import (
    choose_client,
    companies_tab,
    company_text,
    idle,
    source_note,
    stored_profile,
    type_into,
    type_into_field,
    type_website,
)
from tests.helpers.departments_tab import answer_and_wait_closed
from tests.helpers.waiting import wait_for

CTRL = Qt.KeyboardModifier.ControlModifier


def test_a_typed_profile_is_saved_with_ctrl_s_and_shown_again_with_its_sources(
    tab: CompaniesTab, online: MainWindow, acme: Any, qloop
) -> None:
    editor = tab.editor
    type_website(tab, "acme.example")
    type_into_field(tab, "company", "tagline", "Bridges that last")
    type_into_field(tab, "company", "values", "- Safety\n- Craft")
    type_into_field(tab, "company", "founded_year", "1950")
    editor.forms.setCurrentIndex(CLIENT_PAGE)
    type_into_field(tab, "client", "fee_terms", "20% of first-year salary")
    type_into_field(tab, "client", "notes", "Pays in 30 days.")
    contacts = editor.forms.client.field("contacts")
    next(b for b in contacts.findChildren(QPushButton) if b.text() == "Add contact").click()
    type_into(contacts.items[0].fields["name"].editor, "Jane Roe")  # type: ignore[attr-defined]
    type_into_field(tab, "voice", "tone", "warm, direct")
    assert editor.title.state.text() == UNSAVED_TEXT and editor.buttons.save_button.isEnabled()
    assert source_note(tab, "tagline") == "typed"

    QTest.keyClick(editor.website.edit, Qt.Key.Key_S, CTRL)
    qloop.run_until_complete(idle(tab))
    stored = stored_profile(online, qloop, acme.id)
    assert stored.website == "https://acme.example"  # as cleaned, and shown so
    assert editor.website_text() == "https://acme.example"
    assert (stored.tagline, stored.values, stored.founded_year) == (
        "Bridges that last", ["Safety", "Craft"], 1950,
    )  # fmt: skip
    assert stored.fee_terms == "20% of first-year salary" and stored.notes == "Pays in 30 days."
    assert stored.contacts == [ClientContact(name="Jane Roe")]
    assert stored.fine_tuning == FineTuning(tone="warm, direct")
    typed = FieldSource(url="", method="typed")
    assert stored.sources == {"tagline": typed, "values": typed, "founded_year": typed}
    assert editor.title.state.text() == SAVED_TEXT and not editor.is_dirty()

    # Shown again from the database, sources included.
    qloop.run_until_complete(online.directory.create("Other Ltd"))
    qloop.run_until_complete(choose_client(tab, "Other Ltd"))
    assert company_text(tab, "tagline") == ""
    qloop.run_until_complete(choose_client(tab, "Acme Ltd"))
    assert company_text(tab, "tagline") == "Bridges that last"
    assert source_note(tab, "tagline") == "typed" and source_note(tab, "industry") == ""
    assert editor.profile() == stored


def test_a_bad_website_is_explained_and_nothing_is_saved(
    tab: CompaniesTab, online: MainWindow, acme: Any, qloop
) -> None:
    type_website(tab, "ftp://acme.example")
    type_into_field(tab, "company", "tagline", "Bridges")
    tab.workflow.save()
    qloop.run_until_complete(idle(tab))
    assert "http:// or https://" in tab.editor.status.message()
    assert tab.editor.is_dirty() and tab.editor.buttons.save_button.isEnabled()
    assert stored_profile(online, qloop, acme.id).tagline == ""


def test_leaving_unsaved_changes_asks_and_cancel_stays(
    tab: CompaniesTab, online: MainWindow, acme: Any, qloop
) -> None:
    qloop.run_until_complete(online.directory.create("Other Ltd"))
    type_into_field(tab, "company", "industry", "Civil engineering")

    async def scenario() -> None:
        await choose_client_without_waiting(tab, "Other Ltd")
        shown = await answer_and_wait_closed("Cancel")
        assert "Acme Ltd" in shown
        await idle(tab)
        assert tab.editor.client.name == "Acme Ltd"  # type: ignore[union-attr]
        assert tab.panel.selected_client().name == "Acme Ltd"  # type: ignore[union-attr]
        assert company_text(tab, "industry") == "Civil engineering"

        await choose_client_without_waiting(tab, "Other Ltd")
        await answer_and_wait_closed("Save")
        await idle(tab)
        assert tab.editor.client.name == "Other Ltd"  # type: ignore[union-attr]

    qloop.run_until_complete(scenario())
    assert stored_profile(online, qloop, acme.id).industry == "Civil engineering"


async def choose_client_without_waiting(tab: CompaniesTab, name: str) -> None:
    model = tab.panel.model
    row = next(i for i in range(model.rowCount()) if model.client_at(i).name == name)  # type: ignore[union-attr]
    tab.table.selectRow(row)


def test_guidance_when_there_is_nothing_to_show_or_read_yet(window: MainWindow, qloop) -> None:
    tab = companies_tab(window)
    assert tab.is_showing_empty_state()  # no clients at all: add one
    # Added elsewhere (the command line), so not chosen here: the tab asks which client.
    client = qloop.run_until_complete(window.services.clients.create("Acme Ltd"))
    qloop.run_until_complete(window.directory.refresh())
    assert not tab.is_showing_empty_state()
    assert tab.no_selection.isVisible() and tab.no_selection.title() == NO_SELECTION_TITLE

    qloop.run_until_complete(choose_client(tab, "Acme Ltd"))
    editor = tab.editor
    assert editor.isVisible() and editor.client.id == client.id  # type: ignore[union-attr]
    # No LLM here (no key): reading is off, typing is not.
    assert editor.pages.summary() == NO_LLM_GUIDANCE and editor.pages.settings_button.isVisible()
    assert not editor.website.read_button.isEnabled()
    assert not editor.website.paste_button.isEnabled()
    assert editor.forms.company.field("tagline").editor.isEnabled()  # type: ignore[attr-defined]

    tab.set_llm_ready(True)  # as after Settings: now the website is what is missing
    assert editor.pages.summary() == NO_WEBSITE_GUIDANCE
    assert not editor.pages.settings_button.isVisible()
    assert not editor.website.read_button.isEnabled() and editor.website.paste_button.isEnabled()
    assert "website first" in editor.website.read_button.toolTip()
    type_website(tab, "acme.example")
    assert editor.website.read_button.isEnabled()

    # The client deleted: no profile to show, and nothing to save it to.
    qloop.run_until_complete(window.directory.delete(client.id))
    qloop.run_until_complete(wait_for(lambda: tab.editor.client is None))
    assert tab.is_showing_empty_state()


def test_a_deleted_client_on_screen_goes_without_asking(
    tab: CompaniesTab, online: MainWindow, acme: Any, qloop
) -> None:
    qloop.run_until_complete(online.directory.create("Other Ltd"))
    type_into_field(tab, "company", "industry", "Civil engineering")
    qloop.run_until_complete(online.directory.delete(acme.id))
    qloop.run_until_complete(wait_for(lambda: tab.editor.client is None))
    qloop.run_until_complete(idle(tab))
    assert tab.no_selection.isVisible() and not tab.is_showing_empty_state()


def test_a_client_deleted_elsewhere_says_so_and_cannot_be_edited(online: MainWindow, qloop) -> None:
    tab = companies_tab(online)

    async def scenario() -> None:
        client = await online.directory.create("Acme Ltd")
        await online.services.clients.delete(client.id)  # another window deleted it
        await choose_client(tab, "Acme Ltd")

    qloop.run_until_complete(scenario())
    editor = tab.editor
    assert "no longer exists" in editor.status.message()
    assert not editor.is_loaded() and not editor.forms.isEnabled()
    assert not editor.buttons.save_button.isEnabled()
    assert not editor.website.read_button.isEnabled()


def test_enter_in_the_website_reads_only_when_reading_is_possible(
    window: MainWindow, qloop
) -> None:
    tab = companies_tab(window)
    qloop.run_until_complete(window.directory.create("Acme Ltd"))
    qloop.run_until_complete(choose_client(tab, "Acme Ltd"))
    type_website(tab, "acme.example")  # no LLM set up: Enter must not start a read
    QTest.keyClick(tab.editor.website.edit, Qt.Key.Key_Return)
    assert not tab.reading.is_running() and tab.editor.status.message() == ""
