"""Dialogs awaited from coroutines without nesting event loops.

`QDialog.exec()` inside a coroutine re-enters the loop ("Cannot enter into task"), so
these open the dialog window-modally and await a future set by its signal.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QWidget,
)

T = TypeVar("T")


def resolve(future: asyncio.Future[T], value: T) -> None:
    """Set a future's result unless it already has one (a dialog may finish twice)."""
    if not future.done():
        future.set_result(value)


async def answer_of(dialog: QDialog, answer: Callable[[int], T]) -> T:
    """Open `dialog` window-modally and wait until it closes: `answer(result code)`, read
    from the dialog as it closes (it is deleted after)."""
    done: asyncio.Future[T] = asyncio.get_running_loop().create_future()
    dialog.finished.connect(lambda result: resolve(done, answer(result)))
    dialog.open()
    try:
        return await done
    finally:
        dialog.deleteLater()


async def confirm(parent: QWidget, title: str, text: str, ok_text: str = "OK") -> bool:
    """Ask yes/no; True when the user pressed `ok_text`."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    ok = box.addButton(ok_text, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return await answer_of(box, lambda _result: box.clickedButton() is ok)


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
    accepted = QInputDialog.DialogCode.Accepted
    return await answer_of(
        dialog, lambda result: dialog.textValue() if result == accepted else None
    )


async def choose(parent: QWidget, title: str, text: str, options: list[str]) -> str | None:
    """One of `options` (buttons, first is the default), or None when cancelled."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    added = [box.addButton(o, QMessageBox.ButtonRole.AcceptRole) for o in options]
    buttons: dict[QAbstractButton, str] = dict(zip(added, options, strict=True))
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(added[0])
    return await answer_of(box, lambda _result: buttons.get(box.clickedButton()))
