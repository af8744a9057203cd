"""Answering the app's dialogs as a user would, from a coroutine."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMessageBox

from tests.helpers.waiting import wait_for_widget


async def type_into_input_dialog(text: str) -> None:
    """Type `text` into the input dialog that is open (or about to open) and press OK."""
    dialog = await wait_for_widget(QInputDialog)
    dialog.setTextValue(text)
    dialog.accept()


async def answer_message_box(button_text: str) -> str:
    """Press `button_text` ("Save", "Discard", "Cancel", "Delete"…) in the message box that
    is open (or about to open); returns its title and text as "title: text"."""
    box = await wait_for_widget(QMessageBox)
    shown = f"{box.windowTitle()}: {box.text()}"
    button = next((b for b in box.buttons() if b.text().replace("&", "") == button_text), None)
    assert button is not None, f"no {button_text!r} in {[b.text() for b in box.buttons()]}"
    button.click()
    return shown
