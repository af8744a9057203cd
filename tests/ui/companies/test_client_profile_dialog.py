"""The client profile dialog of the Companies tab, on real services: load, edit, save,
errors, and how it looks at its default size in a light and a dark palette."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from headhunter_desktop.core.domain.client_profile import ClientProfile, FineTuning
from headhunter_desktop.ui.companies.client_profile_dialog import ClientProfileDialog
from headhunter_desktop.ui.companies.companies_tab import CompaniesTab
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.helpers.screenshots import app_look, dark_palette, save_screenshot, squeezed_widgets
from tests.helpers.waiting import wait_for, wait_for_widget

ACME = ClientProfile(
    name="Acme Ltd",
    website="https://acme.example",
    tagline="Bridges that last",
    description="Acme designs and builds pedestrian bridges for towns across the north.",
    industry="Civil engineering",
    headquarters="Leeds, UK",
    size_band="51–200",
    culture="Quiet, careful, curious.",
    values=["Safety", "Craft", "Plain speaking"],
    fine_tuning=FineTuning(
        tone="warm, direct",
        words_to_use=["engineers", "towns"],
        words_to_avoid=["rockstar", "ninja"],
        instructions="Use British spelling.",
    ),
)


def fill(dialog: ClientProfileDialog) -> None:
    """Type Acme's profile as a recruiter would (values one per line and with commas)."""
    dialog.website.setText("acme.example")
    dialog.tagline.setText("Bridges that last")
    dialog.description.setPlainText(ACME.description)
    dialog.industry.setText("Civil engineering")
    dialog.headquarters.setText("Leeds, UK")
    dialog.size_band.setCurrentText("51–200")
    dialog.culture.setPlainText("Quiet, careful, curious.")
    dialog.values.setPlainText("Safety\nCraft, Plain speaking\n")
    dialog.tone.setText("warm, direct")
    dialog.words_to_use.setText("engineers, towns")
    dialog.words_to_avoid.setText("rockstar,ninja")
    dialog.instructions.setPlainText("Use British spelling.")


def save_button(dialog: ClientProfileDialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Save)


async def save_and_wait_for_close(dialog: ClientProfileDialog) -> None:
    """Press Save and wait until the dialog has closed (it is deleted right after)."""
    closed: list[int] = []
    dialog.finished.connect(closed.append)
    save_button(dialog).click()
    await wait_for(lambda: bool(closed))


async def open_profile(tab: CompaniesTab) -> ClientProfileDialog:
    tab.table.selectRow(0)
    dialog = tab.edit_profile_selected()
    assert dialog is not None
    await wait_for(dialog.is_loaded)
    return dialog


def test_a_profile_is_typed_saved_and_shown_again(window: MainWindow, qloop) -> None:
    tab = window.companies_tab
    window.tab_widget.setCurrentWidget(tab)

    async def scenario() -> ClientProfileDialog:
        client = await window.directory.create("Acme Ltd")
        tab.table.selectRow(0)
        dialog = tab.edit_profile_selected()
        assert dialog is not None and dialog.isVisible()
        # Opened at once, filled when the database thread answers: nothing to edit yet.
        assert not dialog.is_loaded()
        assert not dialog.website.isEnabled() and not save_button(dialog).isEnabled()
        await wait_for(dialog.is_loaded)
        assert dialog.website.isEnabled() and dialog.website.text() == ""
        fill(dialog)
        await save_and_wait_for_close(dialog)
        assert await window.services.clients.profile(client.id) == ACME

        # A double-click on the row opens it again, showing what was saved.
        row = tab.table.visualRect(tab.table.model().index(0, 0)).center()
        # As a user's: a press on the row, then the double-click (the view wants both).
        QTest.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=row)
        QTest.mouseDClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=row)
        again = await wait_for_widget(ClientProfileDialog)
        await wait_for(again.is_loaded)
        return again

    again = qloop.run_until_complete(scenario())
    assert again is not None
    assert again.website.text() == "https://acme.example"
    assert again.values.toPlainText() == "Safety\nCraft\nPlain speaking"
    assert again.words_to_avoid.text() == "rockstar, ninja"
    assert again.size_band.currentText() == "51–200"
    assert again.entered_profile() == ACME
    again.reject()


def test_a_bad_website_is_explained_and_nothing_is_saved(window: MainWindow, qloop) -> None:
    tab = window.companies_tab

    async def scenario() -> None:
        client = await window.directory.create("Acme Ltd")
        dialog = await open_profile(tab)
        fill(dialog)
        dialog.website.setText("ftp://acme.example")
        save_button(dialog).click()
        await wait_for(dialog.error_label.isVisible)
        assert "http:// or https://" in dialog.error_label.text()
        # Still open, editable again, and the database untouched.
        await wait_for(dialog.is_loaded)
        assert dialog.isVisible() and save_button(dialog).isEnabled()
        profile = await window.services.clients.profile(client.id)
        assert profile == ClientProfile(name="Acme Ltd")

        dialog.website.setText("https://acme.example")
        await save_and_wait_for_close(dialog)
        assert await window.services.clients.profile(client.id) == ACME

    qloop.run_until_complete(scenario())


def test_a_client_deleted_elsewhere_says_so_and_cannot_be_saved(window: MainWindow, qloop) -> None:
    tab = window.companies_tab

    async def scenario() -> None:
        client = await window.directory.create("Acme Ltd")
        await window.services.clients.delete(client.id)  # another window deleted it
        tab.table.selectRow(0)
        dialog = tab.edit_profile_selected()
        assert dialog is not None
        await wait_for(dialog.error_label.isVisible)
        assert "no longer exists" in dialog.error_label.text()
        assert not save_button(dialog).isEnabled() and not dialog.is_loaded()
        dialog.reject()

    qloop.run_until_complete(scenario())


@pytest.mark.parametrize("look", ["light", "dark"])
def test_the_dialog_fits_its_default_size(
    window: MainWindow, qloop, tmp_path: Path, look: str
) -> None:
    palette = dark_palette() if look == "dark" else None

    async def scenario() -> ClientProfileDialog:
        client = await window.directory.create("Acme Ltd")
        await window.services.clients.save_profile(client.id, ACME)
        return await open_profile(window.companies_tab)

    with app_look(palette):
        dialog = qloop.run_until_complete(scenario())
        # It fits the smallest window the app supports (1024×640) without scrolling.
        assert dialog.width() <= 1024 and dialog.height() <= 640, dialog.size()
        assert squeezed_widgets(dialog) == []
        text = dialog.tone.palette().color(QPalette.ColorRole.Text)
        base = dialog.tone.palette().color(QPalette.ColorRole.Base)
        assert (text.lightness() > base.lightness()) == (look == "dark")
        save_screenshot(dialog, f"client-profile-dialog-{look}", tmp_path)
        dialog.reject()
