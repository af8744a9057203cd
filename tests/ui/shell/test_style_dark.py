"""The app's style sheet takes text colours from the palette: under a dark desktop theme
headings, hints and the usage KPIs are light on dark, not the dark grey of a light theme."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from tests.helpers.screenshots import app_look, dark_palette

TEXT = QPalette.ColorRole.WindowText


@pytest.mark.parametrize("name", ["sectionTitle", "kpiTitle", "kpiValue", "kpiDetail", "hint"])
def test_styled_labels_follow_a_dark_palette(qtbot: QtBot, name: str) -> None:
    host = QWidget()
    QVBoxLayout(host).addWidget(label := QLabel("Ada Lovelace"))
    label.setObjectName(name)
    qtbot.addWidget(host)
    for palette in (None, dark_palette()):
        with app_look(palette):
            QApplication.processEvents()  # the palette change reaches the widgets
            lightness = label.palette().color(TEXT).lightness()
            window = QApplication.palette().color(QPalette.ColorRole.Window).lightness()
            # Far apart in lightness either way: readable, whichever the theme.
            assert abs(lightness - window) >= 90, (name, lightness, window)
