"""SteadyTabWidget: a label changing on a page repaints the label, not the whole tab widget,
and everything that does change the tab widget's layout still lays it out."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from headhunter_desktop.ui.common.steady_tab_widget import SteadyTabWidget


class PaintCounter(QWidget):
    """A widget beside the changing label: it should not be painted again."""

    def __init__(self) -> None:
        super().__init__()
        self.paints = 0
        self.setMinimumSize(200, 150)

    def paintEvent(self, event: QPaintEvent) -> None:
        self.paints += 1


def page_with_label(tabs: QTabWidget, qtbot: QtBot) -> tuple[QLabel, PaintCounter]:
    page = QWidget()
    layout = QVBoxLayout(page)
    label = QLabel("0 of 200 files")
    label.setWordWrap(True)  # as the import's progress line: its text changes its size hint
    counter = PaintCounter()
    layout.addWidget(label)
    layout.addWidget(counter)
    tabs.addTab(page, "CVs")
    qtbot.addWidget(tabs)
    tabs.resize(500, 400)
    tabs.show()
    qtbot.waitExposed(tabs)
    settle()
    return label, counter


def settle() -> None:
    """Deliver the posted layout requests, then the repaints they cause."""
    for _ in range(5):
        QCoreApplication.processEvents()


def paints_while_the_label_counts(tabs: QTabWidget, qtbot: QtBot) -> int:
    label, counter = page_with_label(tabs, qtbot)
    counter.paints = 0
    for finished in range(1, 21):
        label.setText(f"{finished} of 200 files")
        settle()
    return counter.paints


def test_a_label_changing_on_a_page_does_not_repaint_the_rest_of_it(qtbot: QtBot) -> None:
    assert paints_while_the_label_counts(SteadyTabWidget(), qtbot) == 0
    # What it is for: a plain QTabWidget repaints all of itself at each change.
    assert paints_while_the_label_counts(QTabWidget(), qtbot) >= 20


def geometries_after_layout_changes(tabs: QTabWidget, qtbot: QtBot) -> list[object]:
    """Where the tab bar, the page and a corner widget end up after each change that
    moves something inside the tab widget."""
    page_with_label(tabs, qtbot)
    corner = QPushButton("Filter")
    seen: list[object] = []

    def look() -> None:
        settle()
        seen.append((tabs.tabBar().geometry(), tabs.widget(0).geometry(), corner.geometry()))

    tabs.setTabText(0, "Candidates imported from the drop")  # the tab bar wants more room
    look()
    tabs.setCornerWidget(corner)
    corner.show()  # reparented into a shown widget: shown by hand, as with any QTabWidget
    look()
    corner.setText("Filter by client company")  # the corner wants more room
    look()
    tabs.addTab(QWidget(), "Import queue")
    look()
    tabs.resize(640, 480)
    look()
    return seen


def test_changes_of_the_tab_widgets_own_layout_lay_it_out_as_qtabwidget_does(
    qtbot: QtBot,
) -> None:
    steady = geometries_after_layout_changes(SteadyTabWidget(), qtbot)
    plain = geometries_after_layout_changes(QTabWidget(), qtbot)

    assert steady == plain
    assert len(set(steady)) == len(steady)  # each change did move something


def test_a_pages_larger_minimum_reaches_the_window(qtbot: QtBot) -> None:
    tabs = SteadyTabWidget()
    _, counter = page_with_label(tabs, qtbot)
    before = tabs.minimumSizeHint().height()

    counter.setMinimumHeight(600)
    settle()

    assert tabs.minimumSizeHint().height() >= before + 400


def test_a_tab_bar_that_appears_moves_the_pages_down(qtbot: QtBot) -> None:
    tabs = SteadyTabWidget()
    tabs.setTabBarAutoHide(True)  # one tab: no tab bar
    page_with_label(tabs, qtbot)
    top_alone = tabs.widget(0).mapTo(tabs, tabs.widget(0).rect().topLeft()).y()

    tabs.addTab(QWidget(), "Import queue")
    settle()

    assert tabs.tabBar().isVisible()
    top_with_bar = tabs.widget(0).mapTo(tabs, tabs.widget(0).rect().topLeft()).y()
    assert top_with_bar >= top_alone + tabs.tabBar().height() // 2
