"""The application icon: the window's, the task bar's and (through it) the dialogs'."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from headhunter_desktop import APP_ID
from headhunter_desktop.resources import resources_dir

# Rendered from resources/icons/headhunter-desktop.svg by make_icons.py beside it.
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def icon_files() -> dict[int, Path]:
    """The PNG of each size, by size."""
    folder = resources_dir() / "icons"
    return {size: folder / f"{APP_ID}-{size}.png" for size in ICON_SIZES}


def application_icon() -> QIcon:
    """Every size of the icon, so each place picks a sharp one; files load when first drawn."""
    icon = QIcon()
    for size, path in icon_files().items():
        icon.addFile(str(path), QSize(size, size))
    return icon
