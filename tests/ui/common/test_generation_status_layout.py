"""The status strip's character count changes every frame while a stream runs; it must not
make the window lay itself out again each time (that relayout, and the repaint of the
whole window it caused, was most of a frame's work while streaming)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from headhunter_desktop.ui.common.generation_status import GenerationStatus


class LayoutRequests(QObject):
    """Counts the LayoutRequest events a widget receives."""

    def __init__(self, watched: QWidget):
        super().__init__(watched)
        self.count = 0
        watched.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def window_with_status(qtbot: QtBot) -> tuple[QWidget, GenerationStatus]:
    window = QWidget()
    layout = QVBoxLayout(window)
    layout.addWidget(QLabel("Above the strip"))
    status = GenerationStatus()
    layout.addWidget(status)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, status


def test_counting_characters_never_relays_out_the_window(qtbot: QtBot) -> None:
    window, status = window_with_status(qtbot)
    status.show_running("the job posting")
    for _ in range(3):  # showing the busy bar and Cancel lays out, once, up the chain
        QApplication.processEvents()
    requests = LayoutRequests(window)
    for characters in (9, 98, 987, 9_876, 98_765, 987_654):  # the text gets wider
        status.set_count(characters)
        QApplication.processEvents()
    assert status.count_text() == "987,654 characters"
    assert requests.count == 0


def test_the_widest_count_fits_unclipped(qtbot: QtBot) -> None:
    _window, status = window_with_status(qtbot)
    status.set_count(12_345_678)
    label = next(w for w in status.findChildren(QLabel) if w.text() == status.count_text())
    assert label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width()
