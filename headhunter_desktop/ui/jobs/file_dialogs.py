"""File dialogs awaited from coroutines (opened with `open()`, never `exec()`)."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from headhunter_desktop.ui.shell.async_dialogs import answer_of

DESCRIPTION_FILTER = "Job descriptions (*.docx *.pdf *.txt);;All files (*)"


async def ask_save_path(
    parent: QWidget, title: str, file_name: str, name_filter: str, folder: Path | None = None
) -> Path | None:
    """Where to save: the user's choice, starting at `folder`/`file_name`; None when cancelled."""
    start = folder or documents_folder()
    dialog = QFileDialog(parent, title, str(start / file_name))
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setNameFilter(name_filter)
    return await _chosen(dialog)


async def ask_open_path(parent: QWidget, title: str, name_filter: str) -> Path | None:
    """An existing file the user chose; None when cancelled."""
    dialog = QFileDialog(parent, title, str(documents_folder()))
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setNameFilter(name_filter)
    return await _chosen(dialog)


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


def file_stem(*parts: str) -> str:
    """'acme-robotics-senior-backend-engineer' from ("Acme Robotics", "Senior Backend
    Engineer"): lower case, letters and digits joined by hyphens, not too long."""
    words = re.findall(r"\w+", " ".join(parts).casefold())
    return "-".join(words)[:80].strip("-") or "job"


async def _chosen(dialog: QFileDialog) -> Path | None:
    def chosen(result: int) -> Path | None:
        files = dialog.selectedFiles()
        accepted = result == QDialog.DialogCode.Accepted and files
        return Path(files[0]) if accepted else None

    return await answer_of(dialog, chosen)
