"""Tab.prepare_content: the content behind an empty state is laid out ahead, off screen,
so that its first show (a first drop on an empty pool) does not lay out the page then."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from headhunter_desktop.ui.common.empty_state import EmptyState
from headhunter_desktop.ui.shell.tab import Tab


class ResizeCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.resizes = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.resizes += 1
        return False


def shown_tab(qtbot: QtBot) -> tuple[Tab, QPlainTextEdit, ResizeCounter]:
    content = QWidget()
    layout = QVBoxLayout(content)
    layout.addWidget(QLabel("Candidates"))
    editor = QPlainTextEdit()
    layout.addWidget(editor)
    tab = Tab(EmptyState("No candidates yet", "Drop CV files here."), content)
    qtbot.addWidget(tab)
    tab.resize(800, 600)
    tab.show_empty_state(True)
    tab.show()
    qtbot.waitExposed(tab)
    counter = ResizeCounter()
    editor.installEventFilter(counter)
    return tab, editor, counter


def switch_to_content(tab: Tab) -> None:
    tab.show_empty_state(False)
    QCoreApplication.processEvents()


def test_prepared_content_shows_without_being_laid_out_again(qtbot: QtBot) -> None:
    tab, editor, counter = shown_tab(qtbot)

    tab.prepare_content()

    assert tab.is_showing_empty_state()  # nothing on screen changed
    assert counter.resizes >= 1 and editor.width() > 700  # laid out at the tab's size
    counter.resizes = 0
    switch_to_content(tab)
    assert counter.resizes == 0


def test_content_not_prepared_is_laid_out_at_its_first_show(qtbot: QtBot) -> None:
    # What prepare_content saves the first drop.
    tab, editor, counter = shown_tab(qtbot)
    switch_to_content(tab)
    assert counter.resizes >= 1 and editor.width() > 700


def test_prepare_content_leaves_content_on_screen_alone(qtbot: QtBot) -> None:
    tab, _, counter = shown_tab(qtbot)
    switch_to_content(tab)
    counter.resizes = 0
    tab.prepare_content()
    assert counter.resizes == 0 and not tab.is_showing_empty_state()
