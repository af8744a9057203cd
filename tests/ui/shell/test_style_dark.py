"""The app's style sheet takes text colours from the palette: under a dark desktop theme
headings, hints and the usage KPIs are light on dark, not the dark grey of a light theme."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from headhunter_desktop.resources import read_text_resource
from tests.helpers.screenshots import dark_palette

TEXT = QPalette.ColorRole.WindowText
WINDOW = QPalette.ColorRole.Window


@pytest.mark.parametrize("name", ["sectionTitle", "kpiTitle", "kpiValue", "kpiDetail", "hint"])
def test_styled_labels_follow_a_dark_palette(qtbot: QtBot, name: str) -> None:
    # The sheet on one small widget, not the whole application: restyling the app
    # re-polishes every widget alive, which is slow and not what is tested here. The
    # palette is the application's: the sheet's palette() roles resolve against it.
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    saved = app.palette()
    try:
        for palette in (app.style().standardPalette(), dark_palette()):
            app.setPalette(palette)
            host = QWidget()
            qtbot.addWidget(host)
            QVBoxLayout(host).addWidget(label := QLabel("Ada Lovelace"))
            label.setObjectName(name)
            host.setStyleSheet(read_text_resource("style.qss"))
            label.ensurePolished()
            lightness = label.palette().color(TEXT).lightness()
            window = palette.color(WINDOW).lightness()
            # Far apart in lightness either way: readable, whichever the theme.
            assert abs(lightness - window) >= 90, (name, lightness, window)
    finally:
        app.setPalette(saved)
