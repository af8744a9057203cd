"""Dialogs awaited from coroutines without nesting event loops.

`QDialog.exec()` inside a coroutine re-enters the loop ("Cannot enter into task"), so
these open the dialog window-modally and await a future set by its signal.
"""

from __future__ import annotations

import asyncio
from typing import TypeVar

from PySide6.QtWidgets import QAbstractButton, QInputDialog, QLineEdit, QMessageBox, QWidget

T = TypeVar("T")


def resolve(future: asyncio.Future[T], value: T) -> None:
    """Set a future's result unless it already has one (a dialog may finish twice)."""
    if not future.done():
        future.set_result(value)


async def confirm(parent: QWidget, title: str, text: str, ok_text: str = "OK") -> bool:
    """Ask yes/no; True when the user pressed `ok_text`."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    ok = box.addButton(ok_text, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    done: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
    box.finished.connect(lambda _r: resolve(done, box.clickedButton() is ok))
    box.open()
    try:
        return await done
    finally:
        box.deleteLater()


async def ask_text(
    parent: QWidget, title: str, label: str, text: str = "", *, secret: bool = False
) -> str | None:
    """A one-line text prompt (masked when `secret`); None when cancelled."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextValue(text)
    mode = QLineEdit.EchoMode.Password if secret else QLineEdit.EchoMode.Normal
    dialog.setTextEchoMode(mode)
    done: asyncio.Future[str | None] = asyncio.get_running_loop().create_future()
    accepted = QInputDialog.DialogCode.Accepted
    dialog.finished.connect(
        lambda result: resolve(done, dialog.textValue() if result == accepted else None)
    )
    dialog.open()
    try:
        return await done
    finally:
        dialog.deleteLater()


async def choose(parent: QWidget, title: str, text: str, options: list[str]) -> str | None:
    """One of `options` (buttons, first is the default), or None when cancelled."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    added = [box.addButton(o, QMessageBox.ButtonRole.AcceptRole) for o in options]
    buttons: dict[QAbstractButton, str] = dict(zip(added, options, strict=True))
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(added[0])
    done: asyncio.Future[str | None] = asyncio.get_running_loop().create_future()
    box.finished.connect(lambda _r: resolve(done, buttons.get(box.clickedButton())))
    box.open()
    try:
        return await done
    finally:
        box.deleteLater()
