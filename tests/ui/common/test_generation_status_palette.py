"""The generation status strip's message follows the palette: text shown in a light
theme stays readable when the desktop switches to dark mid-generation."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from headhunter_desktop.ui.common.generation_status import (
    ERROR_ON_LIGHT,
    ElidedLabel,
    GenerationStatus,
)
from tests.helpers.screenshots import app_look, dark_palette

TEXT = QPalette.ColorRole.WindowText


def message_label(status: GenerationStatus) -> QLabel:
    label = status.findChild(ElidedLabel)
    assert label is not None
    return label


def test_a_running_message_follows_a_switch_to_dark(qtbot: QtBot) -> None:
    status = GenerationStatus()
    qtbot.addWidget(status)
    with app_look():
        status.show_running("the department profile")
        assert message_label(status).palette().color(TEXT) == status.palette().color(TEXT)
        with app_look(dark_palette()):
            assert message_label(status).palette().color(TEXT) == dark_palette().color(TEXT)


def test_an_error_keeps_its_colour_and_the_next_message_drops_it(qtbot: QtBot) -> None:
    status = GenerationStatus()
    qtbot.addWidget(status)
    with app_look():
        status.show_error("The model refused the request.")
        assert message_label(status).palette().color(TEXT) == ERROR_ON_LIGHT
        status.show_idle("Finished writing the department profile")
        assert message_label(status).palette().color(TEXT) == status.palette().color(TEXT)
