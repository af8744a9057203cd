"""Answering the app's dialogs as a user would, from a coroutine."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog

from tests.helpers.waiting import wait_for_widget


async def type_into_input_dialog(text: str) -> None:
    """Type `text` into the input dialog that is open (or about to open) and press OK."""
    dialog = await wait_for_widget(QInputDialog)
    dialog.setTextValue(text)
    dialog.accept()
