"""Answering the app's dialogs as a user would, from a coroutine."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox

from tests.helpers.waiting import wait_for, wait_for_widget


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


async def answer_save_dialog(path: Path) -> str:
    """Answer the save dialog that is open (or about to open) with `path`, once written;
    returns the file name it proposed."""
    dialog = await wait_for_widget(QFileDialog)
    proposed = Path(dialog.selectedFiles()[0]).name
    # Typed, as a user does (selectFile leaves alone the name box that has the focus).
    dialog.findChild(QLineEdit, "fileNameEdit").setText(str(path))
    dialog.accept()
    await wait_for(path.exists)
    return proposed
